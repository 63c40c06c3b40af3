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
    let overlays = Path::new(env!("CARGO_MANIFEST_DIR")).join("../overlays");
    for name in ["petstore", "docker", "features", "docker-1.41"] {
        let spec = specs.join(format!("{name}.yaml"));
        println!("cargo:rerun-if-changed={}", spec.display());
        let out = PathBuf::from(&out_dir).join(format!("{}.rs", name.replace(['-', '.'], "_")));
        // The features client also gets the blocking client, so it is compiled and tested too.
        let mut generator =
            swagen::Generator::new(&spec).source_label(format!("tests/specs/{name}.yaml")).blocking(name == "features");
        // The Docker 1.41 client (for the real dockerd) gets the overlay that says what the daemon really does.
        let overlay = overlays.join(format!("{name}.overlay.yaml"));
        if overlay.is_file() {
            println!("cargo:rerun-if-changed={}", overlay.display());
            generator = generator.overlay(overlay);
        }
        if let Err(failure) = generator.write_to(&out) {
            for line in failure.to_string().lines() {
                println!("cargo:warning={line}");
            }
            failed = true;
        }
    }
    // A spec of hostile names, enum values and descriptions from a seeded generator: the workspace compiling (and
    // clippy passing on) `hostile.rs` proves such names give valid, distinct identifiers and doc-only text.
    // (crates/swagen/tests/properties.rs checks the same properties on many more random specs, without compiling.)
    let hostile = PathBuf::from(&out_dir).join("hostile.json");
    // Another seed: `SWAGEN_HOSTILE_SEED=N cargo clippy -p swagen-clients -- -D warnings`.
    println!("cargo:rerun-if-env-changed=SWAGEN_HOSTILE_SEED");
    let seed = std::env::var("SWAGEN_HOSTILE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026);
    // The pieces names are made of, shared with crates/swagen/tests/properties.rs.
    let fragments_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hostile-fragments.json");
    println!("cargo:rerun-if-changed={}", fragments_file.display());
    let fragments: Vec<String> = match std::fs::read(&fragments_file).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(f)) => f,
        _ => {
            println!("cargo:warning=cannot read {}", fragments_file.display());
            std::process::exit(1);
        }
    };
    let written = std::fs::write(&hostile, hostile_spec(seed, &fragments));
    let generator = swagen::Generator::new(&hostile).source_label("hostile.json (seeded, tests/clients/build.rs)");
    if let Err(e) = written {
        println!("cargo:warning=cannot write {}: {e}", hostile.display());
        failed = true;
    } else if let Err(failure) = generator.write_to(&PathBuf::from(&out_dir).join("hostile.rs")) {
        for line in failure.to_string().lines() {
            println!("cargo:warning={line}");
        }
        failed = true;
    }
    // The Kubernetes client for the replay of recorded real traffic (tests/tests/kubernetes_replay.rs), with the
    // overlay that says what the server really answers. It lives in tests/replay/, which the snapshot test does not
    // read (a 60,000-line snapshot would review nothing).
    let replay = Path::new(env!("CARGO_MANIFEST_DIR")).join("../replay");
    let spec = replay.join("kubernetes-1.36.json");
    let overlay = replay.join("kubernetes-1.36.overlay.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", overlay.display());
    let generator = swagen::Generator::new(&spec).overlay(overlay).source_label("tests/replay/kubernetes-1.36.json");
    if let Err(failure) = generator.write_to(&PathBuf::from(&out_dir).join("kubernetes.rs")) {
        for line in failure.to_string().lines() {
            println!("cargo:warning={line}");
        }
        failed = true;
    }
    // A subset (the petstore's `store` operations and the types they reach) and the features client with its
    // string formats kept as text: both must compile, documented and clippy-clean, on their own.
    let variants = [
        ("petstore_store.rs", swagen::Generator::new(specs.join("petstore.yaml")).tags(["store"])),
        ("features_strings.rs", swagen::Generator::new(specs.join("features.yaml")).string_formats(true)),
    ];
    for (file, generator) in variants {
        if let Err(failure) = generator.write_to(&PathBuf::from(&out_dir).join(file)) {
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

/// A small xorshift generator over the fragments: deterministic, no dependency.
struct Rng<'a>(u64, &'a [String]);

impl Rng<'_> {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn name(&mut self) -> String {
        loop {
            let n = 1 + self.next(3);
            let s: String = (0..n).map(|_| self.1[self.next(self.1.len())].as_str()).collect();
            if !s.trim().is_empty() {
                return s;
            }
        }
    }

    fn text(&mut self) -> String {
        (0..self.next(12)).map(|_| self.1[self.next(self.1.len())].as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// JSON-quotes a string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// 40 definitions of up to 6 properties, 60 operations with path, query, header and form parameters, enums
/// everywhere, every name and text drawn from the fragments.
fn hostile_spec(seed: u64, fragments: &[String]) -> String {
    let mut r = Rng(seed, fragments);
    let mut defs = Vec::new();
    let mut def_names = Vec::new();
    for _ in 0..40 {
        let name = r.name();
        let enum_values: Vec<String> = (0..1 + r.next(4)).map(|_| q(&r.name())).collect();
        let mut seen = std::collections::BTreeSet::new();
        let count = r.next(7);
        let names: Vec<String> = (0..count).map(|_| r.name()).filter(|p| seen.insert(p.clone())).collect();
        let props: Vec<String> = names
            .into_iter()
            .map(|p| {
                let ty = match r.next(4) {
                    0 => format!(r#"{{"type": "string", "enum": [{}]}}"#, enum_values.join(",")),
                    1 => r#"{"type": "integer", "format": "int64"}"#.to_owned(),
                    2 if !def_names.is_empty() => {
                        let d: &String = &def_names[r.next(def_names.len())];
                        format!(
                            r#"{{"$ref": {}}}"#,
                            q(&format!("#/definitions/{}", d.replace('~', "~0").replace('/', "~1")))
                        )
                    }
                    _ => format!(
                        r#"{{"type": "array", "items": {{"type": "string"}}, "description": {}}}"#,
                        q(&r.text())
                    ),
                };
                format!("{}: {ty}", q(&p))
            })
            .collect();
        if def_names.contains(&name) {
            continue;
        }
        defs.push(format!(
            r#"{}: {{"type": "object", "description": {}, "title": {}, "properties": {{{}}}}}"#,
            q(&name),
            q(&r.text()),
            q(&r.text()),
            props.join(",")
        ));
        def_names.push(name);
    }
    let mut paths = Vec::new();
    for i in 0..30 {
        let path_param = loop {
            let p = r.name();
            if !p.contains(['/', '{', '}']) {
                break p;
            }
        };
        let mut ops = Vec::new();
        for method in ["get", "post"] {
            let mut params = vec![format!(
                r#"{{"name": {}, "in": "path", "required": true, "type": "string", "description": {}}}"#,
                q(&path_param),
                q(&r.text())
            )];
            let mut seen = std::collections::BTreeSet::new();
            let form = method == "post" && r.next(2) == 0;
            for _ in 0..r.next(6) {
                let name = r.name();
                let place = match r.next(3) {
                    0 => "query",
                    1 => "header",
                    _ if form => "formData",
                    _ => "query",
                };
                if !seen.insert((place, name.clone())) {
                    continue;
                }
                let values: Vec<String> = (0..1 + r.next(4)).map(|_| q(&r.name())).collect();
                params.push(format!(
                    r#"{{"name": {}, "in": "{place}", "type": "string", "enum": [{}], "description": {}}}"#,
                    q(&name),
                    values.join(","),
                    q(&r.text())
                ));
            }
            let schema = match def_names.get(r.next(def_names.len() + 1)) {
                Some(d) => format!(
                    r#"{{"$ref": {}}}"#,
                    q(&format!("#/definitions/{}", d.replace('~', "~0").replace('/', "~1")))
                ),
                None => r#"{"type": "string"}"#.to_owned(),
            };
            let consumes = if form { r#""consumes": ["application/x-www-form-urlencoded"],"# } else { "" };
            ops.push(format!(
                r#""{method}": {{"operationId": {}, "summary": {}, "description": {}, {consumes} "parameters": [{}], "responses": {{"200": {{"description": {}, "schema": {schema}}}, "default": {{"description": {}}}}}}}"#,
                q(&r.name()),
                q(&r.text()),
                q(&r.text()),
                params.join(","),
                q(&r.text()),
                q(&r.text())
            ));
        }
        paths.push(format!("{}: {{{}}}", q(&format!("/op{i}/{{{path_param}}}")), ops.join(",")));
    }
    format!(
        r#"{{"swagger": "2.0", "info": {{"title": {}, "description": {}, "version": "1"}}, "paths": {{{}}}, "definitions": {{{}}}}}"#,
        q(&r.text()),
        q(&r.text()),
        paths.join(","),
        defs.join(",")
    )
}
