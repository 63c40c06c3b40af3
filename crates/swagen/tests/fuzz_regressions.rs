//! Inputs that once broke swagen, found by the property tests (`tests/properties.rs`) and the fuzzer
//! (`cargo xtask fuzz`), each kept as a test that loads, lowers and emits it and checks the result parses as Rust.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

fn client(spec: &str) -> String {
    let doc = swagen_spec::load_bytes("regression.yaml", spec.as_bytes()).unwrap();
    let lowered = swagen_ir::lower(&doc);
    let code = swagen::generate_from(&lowered, "regression.yaml").unwrap_or_else(|f| panic!("{f}")).code;
    syn::parse_file(&code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
    code
}

/// An enum value whose ASCII part is a keyword (`日本self` → `self`) was emitted as the variant `self`.
#[test]
fn non_ascii_prefix_before_a_keyword() {
    let code = client(
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses":
        {"200": {"description": "ok", "schema": {"type": "string", "enum": ["日本self", "日本type"]}}}}}},
        "definitions": {"日本type": {"type": "object"}}}"#,
    );
    assert!(code.contains("SelfValue") && code.contains("pub type Type "), "{code}");
}

/// A header sent by every operation whose name has no letters became the setter `header`, the client's own method.
#[test]
fn client_header_named_like_a_client_method() {
    let code = client(
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/a": {"get": {"parameters": [{"name": "[]", "in": "header", "type": "string"}], "responses": {"200": {"description": "ok"}}}},
        "/b": {"get": {"parameters": [{"name": "[]", "in": "header", "type": "string"}], "responses": {"200": {"description": "ok"}}}}}}"#,
    );
    assert_eq!(code.matches("pub fn header(").count(), 1, "{code}");
}

/// A line starting with a fence marker and more text dropped that text from the docs.
#[test]
fn fence_line_with_text_keeps_the_text() {
    let code = client(
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1", "description": "see ```rust\nfn x() {}\n``` and the rest"},
        "paths": {}}"#,
    );
    assert!(code.contains("and the rest"), "{code}");
}

/// A tab inside an enum value reached a doc comment (`clippy::tabs_in_doc_comments`).
#[test]
fn control_characters_in_values_are_escaped_in_docs() {
    let code = client(
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses":
        {"200": {"description": "ok", "schema": {"type": "string", "enum": ["a\tb", "c\nd"]}}}}}}}"#,
    );
    assert!(code.contains(r"`a\tb`") && code.contains(r"`c\nd`"), "{code}");
}
