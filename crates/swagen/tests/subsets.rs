//! Subsets (`--tags`, `--operations`): only the chosen operations and the types they reach; a name that matches
//! nothing is an error. And `--string-formats`: times, days and ids kept as text. (The petstore `store` subset is
//! also compiled and clippy-checked in `tests/clients`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use swagen::Generator;

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/specs").join(format!("{name}.yaml"))
}

fn has(code: &str, item: &str) -> bool {
    code.contains(item)
}

#[test]
fn a_tag_keeps_its_operations_and_the_types_they_reach() {
    let code = Generator::new(spec("petstore")).tags(["STORE"]).generate().unwrap().code;
    for kept in ["pub fn place_order", "pub fn get_inventory", "pub struct Order", "pub enum OrderStatus"] {
        assert!(has(&code, kept), "{kept} missing");
    }
    for dropped in ["pub fn add_pet", "pub fn create_user", "pub struct Pet ", "pub struct User "] {
        assert!(!has(&code, dropped), "{dropped} kept");
    }
}

#[test]
fn operations_by_id_method_name_or_route_and_their_types_transitively() {
    let code = Generator::new(spec("petstore"))
        .operations(["getPetById", "get_user_by_name", "DELETE /store/order/{orderId}"])
        .generate()
        .unwrap()
        .code;
    for kept in ["pub fn get_pet_by_id", "pub fn get_user_by_name", "pub fn delete_order"] {
        assert!(has(&code, kept), "{kept} missing");
    }
    // Pet reaches Category, Tag and its status enum through its fields.
    for kept in ["pub struct Pet ", "pub struct Category", "pub struct Tag", "pub enum PetStatus", "pub struct User "] {
        assert!(has(&code, kept), "{kept} missing");
    }
    assert!(!has(&code, "pub fn place_order") && !has(&code, "pub struct Order "));
    // Tags and operations together: both.
    let both = Generator::new(spec("petstore")).tags(["user"]).operations(["getInventory"]).generate().unwrap().code;
    assert!(has(&both, "pub fn create_user") && has(&both, "pub fn get_inventory"));
    assert!(!has(&both, "pub fn add_pet"));
}

#[test]
fn a_name_that_matches_nothing_is_an_error_naming_the_tags() {
    let failure = Generator::new(spec("petstore")).tags(["stores"]).operations(["nope"]).generate().unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("no operation matches tag `stores`, operation `nope`"), "{text}");
    assert!(text.contains("the spec's tags: pet, store, user"), "{text}");
}

#[test]
fn string_formats_keep_times_days_and_ids_as_text() {
    let typed = Generator::new(spec("features")).generate().unwrap().code;
    let plain = Generator::new(spec("features")).string_formats(true).generate().unwrap().code;
    assert!(typed.contains("pub created: Option<swagen_runtime::DateTime>"));
    assert!(typed.contains("pub owner: Option<swagen_runtime::Uuid>"));
    assert!(plain.contains("pub created: Option<String>"));
    assert!(plain.contains("pub owner: Option<String>"));
    assert!(plain.contains("pub born: Option<String>"));
    assert!(!plain.contains("DateTime") && !plain.contains("Uuid"));
}
