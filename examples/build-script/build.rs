//! Generates the LiveChat client into `OUT_DIR` with swagen's library API.

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/livechat.yaml");
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/livechat.overlay.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", overlay.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo:warning=OUT_DIR is not set; run this through cargo");
        std::process::exit(1);
    };
    let out = PathBuf::from(out_dir).join("livechat.rs");
    // The label names the spec in the `@generated` header; the same label as `cargo xtask codegen` uses makes the
    // output byte-identical to the checked-in client.
    let generator = swagen::Generator::new(&spec)
        .overlay(&overlay)
        .source_label("specs/livechat.yaml with specs/livechat.overlay.yaml");
    if let Err(failure) = generator.write_to(&out) {
        for line in failure.to_string().lines() {
            println!("cargo:warning={line}");
        }
        std::process::exit(1);
    }
}
