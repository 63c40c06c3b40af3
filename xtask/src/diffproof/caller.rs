//! Callers of a sample of a generated API: for each sampled item, a module of code that uses it the way the old
//! API allows (every function called with arguments of the old types and its result taken as the old type; every
//! field read as its old type; a struct without `Default` built with a literal naming every field; an enum matched
//! on every variant, exhaustively when it is closed; every trait it implemented required). Compiled against the new
//! client, the items whose module fails to compile are the ones whose change breaks callers.

use swagen::diff::surface::{FnSig, Item, Kind, Receiver, Surface};

/// The caller's code and, per sampled item, the lines its module spans (1-based, inclusive).
pub struct Caller {
    pub code: String,
    pub spans: Vec<(String, usize, usize)>,
}

/// Writes a caller of `items` (paths into `old`).
pub fn write(old: &Surface, items: &[String]) -> Caller {
    let mut code = String::from("#![allow(warnings, clippy::all)]\n//! Written by `cargo xtask diff-proof`.\n\n");
    let mut spans = Vec::new();
    for (i, path) in items.iter().enumerate() {
        let owner = if path.starts_with("Client::") { "Client" } else { path.as_str() };
        let Some(item) = old.items.get(owner) else { continue };
        let in_types = path.starts_with("types::");
        let mut body = String::new();
        body.push_str(&format!("mod item_{i} {{\n"));
        if in_types {
            body.push_str("    use client::types::*;\n");
            for u in &old.types_uses {
                body.push_str(&format!("    {u}\n"));
            }
        } else {
            body.push_str("    use client::*;\n");
            for u in &old.root_uses {
                body.push_str(&format!("    {u}\n"));
            }
        }
        body.push_str(&uses_of(path, item, in_types));
        body.push_str("}\n\n");
        let start = code.lines().count() + 1;
        code.push_str(&body);
        let end = code.lines().count();
        spans.push((path.clone(), start, end));
    }
    Caller { code, spans }
}

/// The item's name in the module the caller's code sits in (`Client`, `AddTagParams`, `Tag` for `types::Tag`).
fn local_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn uses_of(path: &str, item: &Item, in_types: bool) -> String {
    // A sampled method of the client: only that function.
    if let Some(method) = path.strip_prefix("Client::") {
        return item.fns.get(method).map(|sig| call("Client", method, sig, 0)).unwrap_or_default();
    }
    let _ = in_types;
    let name = local_name(path);
    let mut out = String::new();
    match &item.kind {
        Kind::Struct(fields) => {
            let reads: Vec<String> = fields.iter().map(|(f, ty)| format!("        let _: {ty} = x.{f};\n")).collect();
            out.push_str(&format!("    fn fields(x: {name}) {{\n{}    }}\n", reads.concat()));
            if !item.non_exhaustive {
                let literal = if item.traits.contains("Default") {
                    format!("{name} {{ ..Default::default() }}")
                } else {
                    let named: Vec<String> = fields.keys().map(|f| format!("{f}: todo!()")).collect();
                    format!("{name} {{ {} }}", named.join(", "))
                };
                out.push_str(&format!("    fn build() -> {name} {{ {literal} }}\n"));
            }
        }
        Kind::Tuple(types) => {
            for (i, ty) in types.iter().enumerate().filter(|(_, t)| *t != "_") {
                out.push_str(&format!("    fn field_{i}(x: {name}) -> {ty} {{ x.{i} }}\n"));
            }
        }
        Kind::Enum(variants) => {
            let arms: Vec<String> = variants.iter().map(|(v, shape)| arm(name, v, shape)).collect();
            let rest = if item.non_exhaustive { "        _ => {}\n" } else { "" };
            out.push_str(&format!(
                "    fn each(x: {name}) {{\n        match x {{\n{}{rest}        }}\n    }}\n",
                arms.concat()
            ));
        }
        Kind::Alias(target) => {
            out.push_str(&format!(
                "    fn to(x: {name}) -> {target} {{ x }}\n    fn from(x: {target}) -> {name} {{ x }}\n"
            ));
        }
    }
    for (n, (f, sig)) in item.fns.iter().enumerate() {
        out.push_str(&call(name, f, sig, n));
    }
    out.push_str(&traits(name, item));
    out
}

/// A match arm on one variant, binding a tuple variant's fields with their types.
fn arm(name: &str, variant: &str, shape: &str) -> String {
    if shape.is_empty() {
        return format!("            {name}::{variant} => {{}}\n");
    }
    if let Some(inner) = shape.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        let types = split_top(inner);
        let binds: Vec<String> = (0..types.len()).map(|i| format!("v{i}")).collect();
        let checks: Vec<String> = types.iter().enumerate().map(|(i, t)| format!("let _: {t} = v{i};")).collect();
        return format!("            {name}::{variant}({}) => {{ {} }}\n", binds.join(", "), checks.join(" "));
    }
    format!("            {name}::{variant} {{ .. }} => {{}}\n")
}

/// Splits `A, B<C, D>, E` at its top-level commas.
fn split_top(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_owned());
    }
    out
}

/// A function calling `owner::f` with arguments of its old types and returning its old result type.
fn call(owner: &str, f: &str, sig: &FnSig, n: usize) -> String {
    let mut ret = replace_self(&sig.ret, owner);
    let mut generics = "";
    let mut params: Vec<String> = Vec::new();
    let args: Vec<String> = (0..sig.args.len()).map(|i| format!("a{i}")).collect();
    let target = match sig.receiver {
        Receiver::None => format!("{owner}::{f}"),
        Receiver::Ref => {
            // A method's answer may borrow the client (`Pending<'_, T, E>`); with other reference arguments the
            // caller must say which borrow that is.
            params.push(format!("c: &'c {owner}"));
            generics = "<'c>";
            ret = ret.replace("'_", "'c");
            format!("c.{f}")
        }
        Receiver::Value => {
            params.push(format!("c: {owner}"));
            format!("c.{f}")
        }
    };
    params.extend(sig.args.iter().enumerate().map(|(i, (_, ty))| format!("a{i}: {}", replace_self(ty, owner))));
    let (asyncness, wait) = if sig.is_async { ("async ", ".await") } else { ("", "") };
    let fn_name = format!("call_{n}_{}", f.trim_start_matches("r#"));
    format!(
        "    {asyncness}fn {fn_name}{generics}({}) -> {ret} {{ {target}({}){wait} }}\n",
        params.join(", "),
        args.join(", ")
    )
}

/// `ty` with the word `Self` (not `SelfLink`) replaced by `owner`.
fn replace_self(ty: &str, owner: &str) -> String {
    let mut out = String::new();
    let mut rest = ty;
    while let Some(at) = rest.find("Self") {
        let before = rest[..at].chars().last();
        let after = rest[at + 4..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) { "Self" } else { owner });
        rest = &rest[at + 4..];
    }
    out.push_str(rest);
    out
}

/// Requires every trait the item implemented.
fn traits(name: &str, item: &Item) -> String {
    let mut out = String::new();
    for t in &item.traits {
        let Some(bound) = trait_bound(t) else { continue };
        out.push_str(&format!(
            "    fn has_{t}() {{ fn bound<T: ?Sized>() where T: {bound} {{}} bound::<{name}>(); }}\n"
        ));
    }
    out
}

/// The bound that says a type implements a trait the generated code derives or implements.
pub fn trait_bound(name: &str) -> Option<&'static str> {
    Some(match name {
        "Clone" => "Clone",
        "Copy" => "Copy",
        "Debug" => "std::fmt::Debug",
        "Default" => "Default",
        "PartialEq" => "PartialEq",
        "Eq" => "Eq",
        "Hash" => "std::hash::Hash",
        "PartialOrd" => "PartialOrd",
        "Ord" => "Ord",
        "Display" => "std::fmt::Display",
        "Serialize" => "swagen_runtime::serde::Serialize",
        "Deserialize" => "for<'de> swagen_runtime::serde::Deserialize<'de>",
        "From" => return None,
        _ => return None,
    })
}
