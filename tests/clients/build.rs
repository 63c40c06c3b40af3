//! Generates one client module per spec in `tests/specs/` into `OUT_DIR`.

use std::path::{Path, PathBuf};

fn main() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo:warning=OUT_DIR is not set; run this through cargo");
        std::process::exit(1);
    };
    let mut failed = false;
    for name in ["petstore", "docker", "features"] {
        let spec = specs.join(format!("{name}.yaml"));
        println!("cargo:rerun-if-changed={}", spec.display());
        let out = PathBuf::from(&out_dir).join(format!("{name}.rs"));
        // The features client also gets the blocking client, so it is compiled and tested too.
        let generator =
            swagen::Generator::new(&spec).source_label(format!("tests/specs/{name}.yaml")).blocking(name == "features");
        if let Err(failure) = generator.write_to(&out) {
            for line in failure.to_string().lines() {
                println!("cargo:warning={line}");
            }
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
