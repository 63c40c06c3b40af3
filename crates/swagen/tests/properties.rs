//! Property tests: any string used as a name (definition, property, parameter, operationId), an enum value or a
//! description yields a client that parses as Rust, whose names are distinct where Rust needs them distinct, and
//! whose descriptions end up in doc text only.
//!
//! That the output also *compiles* (and passes clippy) for such names is proven by `tests/clients`, whose build
//! script generates a client from a seeded random spec of hostile names (`hostile.rs`) that the workspace compiles.
//! Run more cases with `PROPTEST_CASES=2000 cargo test -p swagen --test properties`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use proptest::prelude::*;
use quote::ToTokens;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Pieces hostile names are made of (`tests/fixtures/hostile-fragments.json`, shared with `tests/clients/build.rs`):
/// keywords, path-like and quoting characters, non-ASCII, control characters, names the generated code itself uses.
fn fragments() -> Vec<String> {
    static FRAGMENTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FRAGMENTS
        .get_or_init(|| {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile-fragments.json");
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
        })
        .clone()
}

/// A name: one to four fragments, not blank (a blank name is an error the spec must fix: `unnamed-parameter`).
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(fragments()), 1..4)
        .prop_map(|v| v.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// Descriptions: hostile text, including what could close a doc comment or open code.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(fragments()), 0..12).prop_map(|v| v.join(" "))
}

#[derive(Debug, Clone)]
struct Case {
    definitions: Vec<(String, Vec<String>)>,
    params: Vec<String>,
    path_param: String,
    enum_values: Vec<String>,
    operation_ids: Vec<String>,
    description: String,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((hostile(), prop::collection::vec(hostile(), 0..5)), 0..5),
        prop::collection::vec(hostile(), 0..6),
        // A path parameter's name sits in the template `{name}`, so it cannot hold `/`, `{` or `}`.
        hostile().prop_filter("template-safe", |s| !s.contains(['/', '{', '}'])),
        prop::collection::vec(hostile(), 1..6),
        prop::collection::vec(hostile(), 1..4),
        text(),
    )
        .prop_map(|(definitions, params, path_param, enum_values, operation_ids, description)| Case {
            definitions,
            params,
            path_param,
            enum_values,
            operation_ids,
            description,
        })
}

fn spec(case: &Case, description: &str) -> Value {
    let mut definitions = Map::new();
    for (name, props) in &case.definitions {
        let properties: Map<String, Value> = props
            .iter()
            .map(|p| (p.clone(), json!({"type": "string", "description": description, "enum": case.enum_values})))
            .collect();
        definitions.insert(
            name.clone(),
            json!({"type": "object", "description": description, "title": description, "properties": properties}),
        );
    }
    let first_def = case.definitions.first().map(|(n, _)| format!("#/definitions/{}", pointer_token(n)));
    let schema = match &first_def {
        Some(r) => json!({"$ref": r}),
        None => json!({"type": "string", "enum": case.enum_values}),
    };
    let mut paths = Map::new();
    for (i, op_id) in case.operation_ids.iter().enumerate() {
        let mut parameters = vec![json!({"name": case.path_param, "in": "path", "required": true, "type": "string",
            "description": description})];
        // Swagger 2.0 forbids two parameters with one name and place; the strategy may draw the same name twice.
        let mut unique = BTreeSet::new();
        for (j, p) in case.params.iter().enumerate().filter(|(j, p)| unique.insert((j % 3 == 1, p.as_str()))) {
            let place = ["query", "header", "query"][j % 3];
            parameters.push(json!({"name": p, "in": place, "type": "string", "enum": case.enum_values,
                "description": description}));
        }
        let op = json!({
            "operationId": op_id,
            "summary": description,
            "description": description,
            "parameters": parameters,
            "responses": {"200": {"description": description, "schema": schema}},
        });
        let key = format!("/op{i}/{{{}}}", case.path_param);
        paths.insert(key, json!({"get": op.clone(), "post": op}));
    }
    json!({
        "swagger": "2.0",
        "info": {"title": description, "description": description, "version": "1"},
        "paths": paths,
        "definitions": definitions,
    })
}

fn pointer_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn generate(spec: &Value) -> String {
    let bytes = serde_json::to_vec(spec).unwrap();
    let doc = swagen_spec::load_bytes("hostile.json", &bytes).unwrap();
    let lowered = swagen_ir::lower(&doc);
    match swagen::generate_from(&lowered, "hostile.json") {
        Ok(g) => g.code,
        Err(failure) => panic!("no client for a spec with hostile names:\n{failure}\n{spec:#}"),
    }
}

/// Checks that names are distinct where Rust needs them distinct: items of a module, fields of a struct, variants
/// of an enum, methods of an impl.
fn assert_distinct(items: &[syn::Item], code: &str) {
    let mut names = BTreeSet::new();
    for item in items {
        let name = match item {
            syn::Item::Struct(s) => {
                let mut fields = BTreeSet::new();
                for f in &s.fields {
                    if let Some(ident) = &f.ident {
                        assert!(fields.insert(ident.to_string()), "field `{ident}` twice in `{}`\n{code}", s.ident);
                    }
                }
                Some(s.ident.to_string())
            }
            syn::Item::Enum(e) => {
                let mut variants = BTreeSet::new();
                for v in &e.variants {
                    assert!(
                        variants.insert(v.ident.to_string()),
                        "variant `{}` twice in `{}`\n{code}",
                        v.ident,
                        e.ident
                    );
                }
                Some(e.ident.to_string())
            }
            syn::Item::Type(t) => Some(t.ident.to_string()),
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    assert_distinct(inner, code);
                }
                Some(m.ident.to_string())
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let mut fns = BTreeSet::new();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        let n = f.sig.ident.to_string();
                        assert!(fns.insert(n.clone()), "method `{n}` twice in one impl\n{code}");
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(n) = name {
            assert!(names.insert(n.clone()), "item `{n}` twice in one module\n{code}");
        }
    }
}

/// The file's tokens without any doc attribute: what the compiler sees besides documentation.
fn code_without_docs(file: &syn::File) -> String {
    let text = file.to_token_stream().to_string();
    let stripped = syn::parse_file(&text).unwrap();
    let mut out = String::new();
    strip_docs(&stripped.to_token_stream(), &mut out);
    out
}

fn strip_docs(tokens: &proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::TokenTree;
    let mut iter = tokens.clone().into_iter().peekable();
    while let Some(tt) = iter.next() {
        if let TokenTree::Punct(p) = &tt {
            if p.as_char() == '#' {
                if let Some(TokenTree::Group(g)) = iter.peek() {
                    let inner = g.stream().to_string();
                    if inner.starts_with("doc =") || inner.starts_with("doc=") {
                        iter.next();
                        continue;
                    }
                }
            }
        }
        match tt {
            TokenTree::Group(g) => {
                out.push_str(&format!("{:?}(", g.delimiter()));
                strip_docs(&g.stream(), out);
                out.push(')');
            }
            other => {
                out.push_str(&other.to_string());
                out.push(' ');
            }
        }
    }
}

/// 96 cases per property (about 4 s), or `PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(cases()) })]

    #[test]
    fn hostile_names_give_valid_distinct_rust(case in case()) {
        let code = generate(&spec(&case, &case.description));
        let file = syn::parse_file(&code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
        assert_distinct(&file.items, &code);
    }

    /// `emit` (two threads, docs spliced in after printing) gives the bytes of the single reference printing,
    /// `format_tokens(emit_tokens_with(..))`, for hostile names and descriptions.
    #[test]
    fn emit_matches_the_reference_printing(case in case()) {
        let bytes = serde_json::to_vec(&spec(&case, &case.description)).unwrap();
        let lowered = swagen_ir::lower(&swagen_spec::load_bytes("hostile.json", &bytes).unwrap());
        let options = swagen_codegen::Options { source: "s".into(), generator_version: "v".into(), blocking: true };
        let reference =
            swagen_codegen::format_tokens(swagen_codegen::emit_tokens_with(&lowered.api, true), &options).unwrap();
        prop_assert_eq!(swagen_codegen::emit(&lowered.api, &options).unwrap(), reference);
    }

    #[test]
    fn descriptions_are_doc_text_only(case in case()) {
        let hostile = syn::parse_file(&generate(&spec(&case, &case.description))).unwrap();
        let plain = syn::parse_file(&generate(&spec(&case, "plain words"))).unwrap();
        prop_assert_eq!(code_without_docs(&hostile), code_without_docs(&plain));
    }
}

/// The doc text reads back as written (once rendered): a description with `*/`, `"#]`, a fence, NUL, newlines, `}` and Rust code is
/// found, whole, in the doc attributes of the parsed client.
#[test]
fn descriptions_read_back_from_the_doc_attributes() {
    let nasty =
        "Ends a comment */ and an attr \"#] then ```rust\nfn evil() { std::process::exit(1) }\n``` and } and \u{0} too";
    let case = Case {
        definitions: vec![("Thing".into(), vec!["name".into()])],
        params: vec!["q".into()],
        path_param: "id".into(),
        enum_values: vec!["a".into()],
        operation_ids: vec!["getThing".into()],
        description: nasty.into(),
    };
    let code = generate(&spec(&case, nasty));
    let file = syn::parse_file(&code).unwrap();
    let mut docs = Vec::new();
    collect_docs(&file.to_token_stream(), &mut docs);
    // As rustdoc renders it: brackets and unbalanced HTML carry a Markdown backslash escape in the source.
    let joined = docs.join("\n").replace("\\[", "[").replace("\\]", "]").replace("\\<", "<");
    for piece in ["Ends a comment */ and an attr \"#] then", "fn evil() { std::process::exit(1) }", "and } and"] {
        assert!(joined.contains(piece), "{piece:?} not in the docs:\n{joined}");
    }
    assert!(!code_without_docs(&file).contains("evil"), "the description became code:\n{code}")
}

fn collect_docs(tokens: &proc_macro2::TokenStream, out: &mut Vec<String>) {
    use proc_macro2::TokenTree;
    for tt in tokens.clone() {
        if let TokenTree::Group(g) = tt {
            let attr: Result<syn::MetaNameValue, _> = syn::parse2(g.stream());
            if let Ok(m) = attr {
                if m.path.is_ident("doc") {
                    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = m.value {
                        out.push(s.value());
                        continue;
                    }
                }
            }
            collect_docs(&g.stream(), out);
        }
    }
}
