//! The whole pipeline on arbitrary bytes: load (YAML or JSON) → lower (repair, normalise) → emit (tokens, format).
//! Any input must give a client or diagnostics; a panic, an abort or a stack overflow is a bug. Crashes found are
//! kept as regression tests in `crates/swagen/tests/fuzz_regressions.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = swagen_spec::load_bytes("fuzz.yaml", data) else { return };
    let lowered = swagen_ir::lower(&doc);
    let _ = swagen::generate_from(&lowered, "fuzz.yaml");
    let _ = swagen::explain(&lowered);
    let _ = swagen::routes_json(&lowered);
});
