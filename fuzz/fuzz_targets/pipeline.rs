//! The whole pipeline on arbitrary bytes: load (YAML or JSON) → lower (repair, normalise) → emit (tokens, format).
//! Any input must give a client or diagnostics; a panic, an abort or a stack overflow is a bug. Crashes found are
//! kept as regression tests in `crates/swagen/tests/fuzz_regressions.rs`.
//!
//! It also holds `emit` (two threads, doc lines spliced in after printing) to the bytes of the single reference
//! printing, `format_tokens(emit_tokens_with(..))`: a difference is a crash too.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = swagen_spec::load_bytes("fuzz.yaml", data) else { return };
    let lowered = swagen_ir::lower(&doc);
    // What `swagen::generate_from` does, with the blocking client on (it adds code, never removes any), held to
    // the reference printing: two printings per input instead of three.
    if !lowered.has_errors() {
        let options = swagen_codegen::Options { source: "s".into(), generator_version: "v".into(), blocking: true };
        let emitted = swagen_codegen::emit(&lowered.api, &options).ok();
        let reference =
            swagen_codegen::format_tokens(swagen_codegen::emit_tokens_with(&lowered.api, true), &options).ok();
        assert_eq!(emitted, reference, "emit differs from the reference printing");
    }
    let _ = swagen::explain(&lowered);
    let _ = swagen::routes_json(&lowered);
});
