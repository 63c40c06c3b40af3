//! The public Rust API of a generated module, read back from its code with `syn`: every public struct, enum and
//! type alias with its public fields, variants, trait implementations and public functions. This is what callers
//! compile against, so `compare` judges changes on it, not on the IR or the text.

use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// The public API of one generated module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Surface {
    /// Path from the module root (`Client`, `AddTagParams`, `types::Tag`) → the item.
    pub items: BTreeMap<String, Item>,
    /// The private `use` declarations of the module root and of its `types` module, as written (a caller naming
    /// types the way the module does needs them).
    pub root_uses: Vec<String>,
    pub types_uses: Vec<String>,
}

/// A public item.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: Kind,
    /// `#[non_exhaustive]`: callers cannot build it with a literal (a struct) or match it exhaustively (an enum).
    pub non_exhaustive: bool,
    /// Traits it implements (derived or written out): `Clone`, `Default`, `Display`…
    pub traits: BTreeSet<String>,
    /// Public functions of its inherent `impl` blocks, by name.
    pub fns: BTreeMap<String, FnSig>,
}

/// What an item is.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A struct with named public fields (name → type).
    Struct(BTreeMap<String, String>),
    /// A tuple struct (the public fields' types, in order; a private field is `_`).
    Tuple(Vec<String>),
    /// An enum (variant → its fields: `""` for a unit variant, `(String)` for a tuple variant).
    Enum(BTreeMap<String, String>),
    /// `pub type X = T;`
    Alias(String),
}

impl Kind {
    pub fn word(&self) -> &'static str {
        match self {
            Kind::Struct(_) | Kind::Tuple(_) => "struct",
            Kind::Enum(_) => "enum",
            Kind::Alias(_) => "type alias",
        }
    }
}

/// A function's signature, as callers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FnSig {
    pub is_async: bool,
    pub receiver: Receiver,
    /// `(name, type)` of each argument after the receiver.
    pub args: Vec<(String, String)>,
    /// The return type (`()` when none).
    pub ret: String,
}

/// How a function takes `self`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// An associated function (`new`).
    None,
    /// `&self` or `&mut self`.
    Ref,
    /// `self` or `mut self`.
    Value,
}

impl FnSig {
    /// `name(a: A, b: B) -> R`, for a report.
    pub fn show(&self, name: &str) -> String {
        let args: Vec<String> = self.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        let ret = if self.ret == "()" { String::new() } else { format!(" -> {}", self.ret) };
        format!("{name}({}){ret}", args.join(", "))
    }
}

/// Reads the public API of a generated module.
pub fn read(code: &str) -> Result<Surface, String> {
    let file = syn::parse_file(code).map_err(|e| format!("not Rust code: {e}"))?;
    let mut surface = Surface::default();
    let mut impls = Vec::new();
    collect(&file.items, "", &mut surface, &mut impls);
    for (prefix, imp) in impls {
        attach_impl(&mut surface, &prefix, imp);
    }
    resolve_local_aliases(&mut surface);
    Ok(surface)
}

/// An alias of a struct or enum of the same module (`pub type ListCoreV1PodParams = ListCoreV1ConfigMapParams;`,
/// how operations taking the same parameters share one struct) is read as that item: callers name it, build it, read
/// its fields and call its functions just the same, so whether a name is the struct or an alias of an equal one is
/// not a change to them. Aliases of anything else (`Vec<Tag>`, another module's type) stay aliases.
fn resolve_local_aliases(surface: &mut Surface) {
    let resolved: Vec<(String, Item)> = surface
        .items
        .iter()
        .filter_map(|(path, item)| {
            let Kind::Alias(target) = &item.kind else { return None };
            if !target.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            let prefix = path.rsplit_once("::").map(|(m, _)| format!("{m}::")).unwrap_or_default();
            let found = surface.items.get(&format!("{prefix}{target}"))?;
            (!matches!(found.kind, Kind::Alias(_))).then(|| (path.clone(), found.clone()))
        })
        .collect();
    surface.items.extend(resolved);
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// A type or expression as one line of Rust, the way a person writes it (`Option<Vec<String>>`).
pub fn show_tokens(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            // Keep the spaces Rust needs (`impl Into`, `dyn Fn`, `&'a T`, `mut x`) and after commas.
            let keep = (prev.is_alphanumeric() || prev == '_' || prev == '\'')
                && (next.is_alphanumeric() || next == '_')
                || prev == ','
                || prev == '+'
                || next == '+'
                || (next == '-' && chars.get(i + 2) == Some(&'>'))
                || (prev == '>' && out.ends_with("->"));
            if !keep {
                continue;
            }
        }
        // A trailing comma the printer left in a long list (`Result<A, B, >`) is not part of the type.
        if matches!(c, '>' | ')' | ']') && out.trim_end().ends_with(',') {
            let keep = out.trim_end().len() - 1;
            out.truncate(keep);
        }
        out.push(c);
    }
    out
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// The traits a `#[derive(...)]` names.
fn derived(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let text = show_tokens(&a.meta);
        let inner = text.trim_start_matches("derive").trim_start_matches('(').trim_end_matches(')');
        out.extend(inner.split(',').map(|t| t.trim().rsplit("::").next().unwrap_or_default().to_owned()));
    }
    out.retain(|t| !t.is_empty());
    out
}

fn collect<'a>(
    items: &'a [syn::Item],
    prefix: &str,
    surface: &mut Surface,
    impls: &mut Vec<(String, &'a syn::ItemImpl)>,
) {
    for item in items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let kind = match &s.fields {
                    syn::Fields::Named(named) => Kind::Struct(
                        named
                            .named
                            .iter()
                            .filter(|f| is_pub(&f.vis))
                            .filter_map(|f| Some((f.ident.as_ref()?.to_string(), show_tokens(&f.ty))))
                            .collect(),
                    ),
                    syn::Fields::Unnamed(unnamed) => Kind::Tuple(
                        unnamed
                            .unnamed
                            .iter()
                            .map(|f| if is_pub(&f.vis) { show_tokens(&f.ty) } else { "_".into() })
                            .collect(),
                    ),
                    syn::Fields::Unit => Kind::Struct(BTreeMap::new()),
                };
                insert(surface, prefix, &s.ident, kind, &s.attrs);
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let variants = e
                    .variants
                    .iter()
                    .map(|v| {
                        let fields = match &v.fields {
                            syn::Fields::Unit => String::new(),
                            other => show_tokens(other),
                        };
                        (v.ident.to_string(), fields)
                    })
                    .collect();
                insert(surface, prefix, &e.ident, Kind::Enum(variants), &e.attrs);
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                insert(surface, prefix, &t.ident, Kind::Alias(show_tokens(&t.ty)), &t.attrs);
            }
            syn::Item::Mod(m) if is_pub(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    let inner_prefix = format!("{prefix}{}::", m.ident);
                    if m.ident == "types" && prefix.is_empty() {
                        surface.types_uses = inner
                            .iter()
                            .filter_map(|i| match i {
                                syn::Item::Use(u) => Some(show_tokens(u)),
                                _ => None,
                            })
                            .collect();
                    }
                    collect(inner, &inner_prefix, surface, impls);
                }
            }
            syn::Item::Impl(imp) => impls.push((prefix.to_owned(), imp)),
            syn::Item::Use(u) if prefix.is_empty() && !is_pub(&u.vis) => surface.root_uses.push(show_tokens(u)),
            _ => {}
        }
    }
}

fn insert(surface: &mut Surface, prefix: &str, ident: &syn::Ident, kind: Kind, attrs: &[syn::Attribute]) {
    let item =
        Item { kind, non_exhaustive: has_attr(attrs, "non_exhaustive"), traits: derived(attrs), fns: BTreeMap::new() };
    surface.items.insert(format!("{prefix}{ident}"), item);
}

/// An `impl` block: a trait's name joins the item's traits; an inherent block's public functions join its fns.
fn attach_impl(surface: &mut Surface, prefix: &str, imp: &syn::ItemImpl) {
    let self_ty = show_tokens(&imp.self_ty);
    let Some(item) = surface.items.get_mut(&format!("{prefix}{self_ty}")) else { return };
    if let Some((path, _)) = &imp.trait_ {
        if let Some(last) = path.segments.last() {
            item.traits.insert(last.ident.to_string());
        }
        return;
    }
    for f in &imp.items {
        let syn::ImplItem::Fn(f) = f else { continue };
        if is_pub(&f.vis) {
            item.fns.insert(f.sig.ident.to_string(), signature(&f.sig));
        }
    }
}

fn signature(sig: &syn::Signature) -> FnSig {
    let mut receiver = Receiver::None;
    let mut args = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => {
                receiver =
                    if matches!(r.kind, syn::ReceiverKind::Reference(..)) { Receiver::Ref } else { Receiver::Value };
            }
            syn::FnArg::Typed(t) => args.push((show_tokens(&t.pat), show_tokens(&t.ty))),
        }
    }
    let ret = match &sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => show_tokens(ty),
    };
    FnSig { is_async: sig.asyncness.is_some(), receiver, args, ret }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn reads_structs_enums_aliases_and_impls() {
        let code = r#"
            pub struct Client { config: Config }
            impl Client {
                pub async fn list(&self, id: &str, params: &ListParams) -> Result<ResponseValue<Vec<types::Tag>>, Error> { todo!() }
                pub fn header(mut self, name: impl Into<String>) -> Self { self }
                fn private(&self) {}
            }
            #[derive(Clone, Debug, Default)]
            #[non_exhaustive]
            pub struct ListParams { pub group: Option<i64>, hidden: u8 }
            pub mod types {
                use std::collections::BTreeMap;
                #[non_exhaustive]
                pub enum Kind { A, Other(String) }
                impl std::fmt::Display for Kind { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }
                pub type Tags = Vec<BTreeMap<String, Tag>>;
                pub struct Wrap(pub Vec<Wrap>);
            }
        "#;
        let s = read(code).unwrap();
        let client = &s.items["Client"];
        assert_eq!(
            client.fns["list"].show("list"),
            "list(id: &str, params: &ListParams) -> Result<ResponseValue<Vec<types::Tag>>, Error>"
        );
        assert_eq!(client.fns["header"].show("header"), "header(name: impl Into<String>) -> Self");
        assert!(client.fns["list"].is_async && !client.fns.contains_key("private"));
        let params = &s.items["ListParams"];
        assert!(params.non_exhaustive && params.traits.contains("Default"));
        assert_eq!(params.kind, Kind::Struct(BTreeMap::from([("group".into(), "Option<i64>".into())])));
        let kind = &s.items["types::Kind"];
        assert!(kind.traits.contains("Display") && kind.non_exhaustive);
        assert_eq!(
            kind.kind,
            Kind::Enum(BTreeMap::from([("A".into(), String::new()), ("Other".into(), "(String)".into())]))
        );
        assert_eq!(s.items["types::Tags"].kind, Kind::Alias("Vec<BTreeMap<String, Tag>>".into()));
        assert_eq!(s.items["types::Wrap"].kind, Kind::Tuple(vec!["Vec<Wrap>".into()]));
        assert_eq!(s.types_uses, vec!["use std::collections::BTreeMap;".to_owned()]);
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn an_alias_of_a_struct_of_the_module_reads_as_that_struct() {
        let own = r#"
            #[non_exhaustive]
            #[derive(Clone, Default)]
            pub struct ListPodsParams { pub limit: Option<i64> }
            impl ListPodsParams { pub fn limit(mut self, value: i64) -> Self { self } }
            #[non_exhaustive]
            #[derive(Clone, Default)]
            pub struct ListNodesParams { pub limit: Option<i64> }
            impl ListNodesParams { pub fn limit(mut self, value: i64) -> Self { self } }
            pub mod types { pub type Tags = Vec<Tag>; pub type Other = super::ListPodsParams; }
        "#;
        let shared = r#"
            #[non_exhaustive]
            #[derive(Clone, Default)]
            pub struct ListPodsParams { pub limit: Option<i64> }
            impl ListPodsParams { pub fn limit(mut self, value: i64) -> Self { self } }
            pub type ListNodesParams = ListPodsParams;
            pub mod types { pub type Tags = Vec<Tag>; pub type Other = super::ListPodsParams; }
        "#;
        let (own, shared) = (read(own).unwrap(), read(shared).unwrap());
        assert_eq!(own.items, shared.items);
        assert_eq!(shared.items["types::Tags"].kind, Kind::Alias("Vec<Tag>".into()));
        assert_eq!(shared.items["types::Other"].kind, Kind::Alias("super::ListPodsParams".into()));
    }
}
