//! Models → the `types` module: structs, enums, aliases, with serde attributes.

use crate::doc::{self, doc_attrs};
use crate::names::value_ident;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use swagen_ir::{Field, IntVariant, Model, ModelKind, TaggedVariant, Type, Variant};

/// Where a type is written: in the client module (models are `types::X`) or inside `types`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client,
    Types,
}

/// What a module needs imported.
#[derive(Default)]
pub struct Needs {
    pub value: bool,
    pub btree_map: bool,
    /// A model's field type is as complex as clippy's `type_complexity` measures; serde's derived code repeats the
    /// type outside the struct, so the `types` module gets the `allow`.
    pub complex: bool,
    /// Runtime value types used (`DateTime`, `Uuid`, `Nullable`…): the client module re-exports them.
    pub runtime: std::collections::BTreeSet<&'static str>,
}

impl Needs {
    /// Adds what `other` needs.
    pub fn merge(&mut self, other: &Needs) {
        self.value |= other.value;
        self.btree_map |= other.btree_map;
        self.complex |= other.complex;
        self.runtime.extend(other.runtime.iter().copied());
    }
}

/// The Rust type for an IR type.
pub fn rust_type(ty: &Type, scope: Scope, needs: &mut Needs) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::Bytes => quote!(Vec<u8>),
        Type::Array(inner) => {
            let inner = rust_type(inner, scope, needs);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, scope, needs);
            needs.btree_map = true;
            quote!(BTreeMap<String, #inner>)
        }
        Type::Named(name) => {
            let ident = model_ident(name);
            match scope {
                Scope::Client => quote!(types::#ident),
                Scope::Types => quote!(#ident),
            }
        }
        Type::Unit => quote!(()),
        Type::Nullable(inner) => {
            let inner = rust_type(inner, scope, needs);
            quote!(Option<#inner>)
        }
        Type::Json => {
            needs.value = true;
            quote!(Value)
        }
        Type::IntOrString => runtime_type("IntOrString", scope, needs),
        Type::DateTime => runtime_type("DateTime", scope, needs),
        Type::MicroTime => runtime_type("MicroTime", scope, needs),
        Type::Date => runtime_type("Date", scope, needs),
        Type::Uuid => runtime_type("Uuid", scope, needs),
    }
}

/// A runtime value type: by its path inside `types` (whose names are the spec's), by the re-exported name in the
/// client module.
pub fn runtime_type(name: &'static str, scope: Scope, needs: &mut Needs) -> TokenStream {
    needs.runtime.insert(name);
    let ident = Ident::new(name, Span::call_site());
    match scope {
        Scope::Client => quote!(#ident),
        Scope::Types => quote!(swagen_runtime::#ident),
    }
}

/// Model names are valid UpperCamelCase identifiers by construction (see `swagen_ir::schema`).
pub fn model_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The `types` module, or nothing when the API has no models.
/// What the models use is added to `needs`.
pub fn emit_types(models: &[Model], needs: &mut Needs) -> TokenStream {
    if models.is_empty() {
        return TokenStream::new();
    }
    let items: Vec<TokenStream> = models.iter().map(|m| emit_model(m, needs)).collect();
    types_module(models, needs, quote!(#(#items)*))
}

/// One batch of models as the items of a `mod batch`, whose inside is printed into the `types` module (see
/// [`types_head`]); what they use is added to `needs`.
pub fn model_batch(models: &[Model], needs: &mut Needs) -> TokenStream {
    let items: Vec<TokenStream> = models.iter().map(|m| emit_model(m, needs)).collect();
    quote!(mod batch { #(#items)* })
}

/// The `types` module without items, for the printed batches to go in (its doc and imports depend on what every
/// batch used); `None` when there are no models.
pub fn types_head(models: &[Model], needs: &Needs) -> Option<TokenStream> {
    if models.is_empty() {
        return None;
    }
    Some(types_module(models, needs, TokenStream::new()))
}

/// `pub mod types { imports… items }`.
fn types_module(models: &[Model], needs: &Needs, items: TokenStream) -> TokenStream {
    let value = if needs.value {
        quote!(
            use swagen_runtime::serde_json::Value;
        )
    } else {
        TokenStream::new()
    };
    let map = if needs.btree_map {
        quote!(
            use std::collections::BTreeMap;
        )
    } else {
        TokenStream::new()
    };
    let derives = models.iter().any(|m| !matches!(m.kind, ModelKind::Alias(_)));
    let serde = if derives {
        quote!(
            use swagen_runtime::serde::{Deserialize, Serialize};
        )
    } else {
        TokenStream::new()
    };
    let allow = if needs.complex { quote!(#[allow(clippy::type_complexity)]) } else { TokenStream::new() };
    quote! {
        /// The types the API's schemas describe (`definitions`, and inline schemas named after where they appear).
        #allow
        pub mod types {
            #map
            #serde
            #value

            #items
        }
    }
}

fn model_docs(m: &Model) -> TokenStream {
    let origin = match &m.definition {
        Some(d) => format!("The {} schema of the spec.", doc::code(d)),
        None => format!("An inline schema of the spec ({}).", doc::code(&m.pointer)),
    };
    match &m.description {
        Some(d) => doc_attrs([d.as_str(), origin.as_str()]),
        None => doc_attrs([origin.as_str()]),
    }
}

fn emit_model(m: &Model, needs: &mut Needs) -> TokenStream {
    let ident = model_ident(&m.name);
    let docs = model_docs(m);
    match &m.kind {
        ModelKind::Struct { fields, additional, discriminator } => {
            emit_struct(&ident, &docs, fields, additional.as_ref(), discriminator.as_deref(), needs)
        }
        ModelKind::Tagged { property, variants, fields } => {
            emit_tagged(&ident, &docs, property, variants, fields, needs)
        }
        ModelKind::StringEnum(variants) => emit_string_enum(&ident, &docs, variants),
        ModelKind::IntEnum(variants) => emit_int_enum(&ident, &docs, variants),
        ModelKind::Alias(ty) => {
            let ty = rust_type(ty, Scope::Types, needs);
            quote! { #docs pub type #ident = #ty; }
        }
        ModelKind::Newtype(ty) => {
            let ty = rust_type(ty, Scope::Types, needs);
            quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
                #[serde(crate = "swagen_runtime::serde", transparent)]
                pub struct #ident(pub #ty);
            }
        }
    }
}

/// Whether a field is a [`swagen_runtime::Nullable`]: optional, and `null` is a value.
fn tri_state(f: &Field) -> bool {
    !f.required && f.nullable
}

/// Whether a field is an `Option` in Rust (or a `Nullable`).
fn optional(f: &Field) -> bool {
    !f.required || f.nullable || f.read_only
}

fn emit_struct(
    ident: &Ident,
    docs: &TokenStream,
    fields: &[Field],
    additional: Option<&Type>,
    discriminator: Option<&str>,
    needs: &mut Needs,
) -> TokenStream {
    let mut out = Vec::with_capacity(fields.len() + 1);
    let mut reads = Vec::with_capacity(fields.len());
    let mut writes = Vec::with_capacity(fields.len());
    // A struct whose properties are all named gets a lean hand-written `Serialize` and `Deserialize` (see
    // `lean_serialize`, `lean_deserialize`); one with further properties (`flatten`) keeps serde's derives, and only
    // then do fields carry serde's attributes.
    let lean = additional.is_none() && !fields.is_empty();
    for f in fields {
        let name = value_ident(&f.name);
        let mut ty = rust_type(&f.ty, Scope::Types, needs);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        // Optional and nullable: absent, `null` and a value are three states (a PATCH clears a field with `null`).
        let tri = tri_state(f);
        let opt = optional(f) && !tri;
        if tri {
            let nullable = runtime_type("Nullable", Scope::Types, needs);
            ty = quote!(#nullable<#ty>);
        } else if opt {
            ty = quote!(Option<#ty>);
        }
        let mut serde = Vec::new();
        // serde names a field after its identifier, `r#` stripped (`self_` is not `self`).
        if name.to_string().trim_start_matches("r#") != f.wire_name {
            let wire = &f.wire_name;
            serde.push(quote!(rename = #wire));
        }
        if tri {
            serde.push(quote!(default));
            serde.push(quote!(skip_serializing_if = "swagen_runtime::Nullable::is_absent"));
        }
        if opt {
            serde.push(quote!(default));
            if !(f.required && f.nullable) {
                serde.push(quote!(skip_serializing_if = "Option::is_none"));
            }
        }
        // Go servers send `null` for an empty list or map, even where the spec says required and not nullable.
        let null_empty = !opt && !tri && !f.boxed && matches!(f.ty, Type::Array(_) | Type::Map(_));
        let read = match (tri, opt, null_empty) {
            (true, _, _) => Read::Nullable,
            (false, true, _) => Read::Optional,
            (false, false, true) => Read::NullAsEmpty,
            (false, false, false) => Read::Required,
        };
        reads.push((name.clone(), f.wire_name.clone(), ty.clone(), read));
        let write = match (tri, opt && !(f.required && f.nullable)) {
            (true, _) => Write::UnlessAbsent,
            (false, true) => Write::UnlessNone,
            (false, false) => Write::Always,
        };
        writes.push((name.clone(), f.wire_name.clone(), write));
        if null_empty {
            serde.push(quote!(default, deserialize_with = "swagen_runtime::null_as_default"));
        }
        let attr = if lean || serde.is_empty() { TokenStream::new() } else { quote!(#[serde(#(#serde),*)]) };
        let mut facts = vec![format!("The {} property", doc::code(&f.wire_name))];
        if f.required && !f.read_only {
            facts.push("required".to_owned());
        }
        if f.read_only {
            facts.push("read-only (set by the server)".to_owned());
        }
        if f.nullable {
            facts.push("may be `null`".to_owned());
        }
        if null_empty {
            facts.push("`null` or absent is read as empty".to_owned());
        }
        if discriminator == Some(f.wire_name.as_str()) {
            facts.push("names the concrete type (discriminator)".to_owned());
        }
        let mut facts = facts.join("; ");
        if let Some(d) = &f.default {
            facts.push_str(&format!("; default {}", doc::code(d)));
        }
        facts.push('.');
        let docs = doc_attrs([f.description.as_deref().unwrap_or_default(), facts.as_str()]);
        out.push(quote! { #docs #attr pub #name: #ty, });
    }
    if let Some(ap) = additional {
        let ty = rust_type(ap, Scope::Types, needs);
        needs.btree_map = true;
        out.push(quote! {
            /// Properties not named in the schema.
            #[serde(flatten)]
            pub additional_properties: BTreeMap<String, #ty>,
        });
    }
    let default = if fields.iter().all(optional) { quote!(Default,) } else { TokenStream::new() };
    // Deeply nested field types (`Option<BTreeMap<String, Vec<Vec<…>>>>`) mirror the schema; no alias would help.
    let field_types = fields.iter().map(|f| (&f.ty, optional(f)));
    let map_of = additional.map(|ap| Type::Map(Box::new(ap.clone())));
    let allow = complexity_allow(field_types.chain(map_of.as_ref().map(|t| (t, false))));
    needs.complex |= !allow.is_empty();
    // The impl's locals wrap every field type in an `Option`, which clippy measures too.
    let lean_allow = complexity_allow(fields.iter().map(|f| (&f.ty, true)));
    let lean_allow = if lean_allow.is_empty() { allow.clone() } else { lean_allow };
    if lean {
        let ser = lean_serialize(ident, &writes);
        let de = lean_deserialize(ident, &reads, &lean_allow);
        return quote! {
            #docs
            #[derive(Clone, Debug, #default PartialEq)]
            #allow
            pub struct #ident {
                #(#out)*
            }

            #ser
            #de
        };
    }
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        #allow
        #[serde(crate = "swagen_runtime::serde")]
        pub struct #ident {
            #(#out)*
        }
    }
}

/// How the hand-written `Serialize` writes a field.
enum Write {
    Always,
    /// An `Option`: `None` sends nothing.
    UnlessNone,
    /// A `Nullable`: absent sends nothing, `null` sends `null`.
    UnlessAbsent,
}

/// `Serialize` for a struct of named fields: one chain of calls on the runtime's `Fields`, each field by its wire
/// name, unset optional ones left out. serde's derive writes a length count, an `if` and a `?` per field; on the
/// Kubernetes client that was about 11 of the 25 seconds the `types` module took to build (BENCHMARKS.md §7).
fn lean_serialize(ident: &Ident, writes: &[(Ident, String, Write)]) -> TokenStream {
    let calls = writes.iter().map(|(name, wire, write)| match write {
        Write::Always => quote!(.field(#wire, &self.#name)),
        Write::UnlessNone => quote!(.opt(#wire, &self.#name)),
        Write::UnlessAbsent => quote!(.nullable(#wire, &self.#name)),
    });
    quote! {
        impl Serialize for #ident {
            fn serialize<__S: swagen_runtime::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                swagen_runtime::Fields::new(serializer) #(#calls)* .end()
            }
        }
    }
}

/// How the hand-written `Deserialize` reads a field.
enum Read {
    /// Must be present (`missing field` otherwise); `null` is an error unless the type allows it.
    Required,
    /// A required list or map: absent or `null` is empty (Go servers send `null`).
    NullAsEmpty,
    /// An `Option`: absent or `null` is `None`.
    Optional,
    /// A `Nullable`: absent is its default (`Absent`), `null` is `Null`.
    Nullable,
}

/// `Deserialize` for a struct of named fields, as k8s-openapi's generator writes it: one `visit_map`, keys matched
/// as text (borrowed from the input when it allows), unknown keys skipped; each value is read into its slot by one
/// call on the runtime's `Object`, which keeps the first error (so the body has one `?` for it and one per required
/// field, not one per field). serde's derive also writes `visit_seq`
/// and a field visitor for integers and bytes, which JSON never uses; on the Kubernetes client that derive was
/// about 24 of the 61 seconds of a debug build (BENCHMARKS.md §7).
fn lean_deserialize(ident: &Ident, reads: &[(Ident, String, TokenStream, Read)], allow: &TokenStream) -> TokenStream {
    let local = |i: usize| Ident::new(&format!("field_{i}"), Span::call_site());
    let locals = reads.iter().enumerate().map(|(i, (_, _, ty, read))| {
        let v = local(i);
        match read {
            Read::Optional => quote!(let mut #v: #ty = None;),
            Read::Nullable => quote!(let mut #v: #ty = Default::default();),
            Read::Required | Read::NullAsEmpty => quote!(let mut #v: Option<#ty> = None;),
        }
    });
    let arms = reads.iter().enumerate().map(|(i, (_, wire, _, read))| {
        let v = local(i);
        match read {
            Read::Required => quote!(#wire => o.required(&mut #v),),
            Read::NullAsEmpty => quote!(#wire => o.or_empty(&mut #v),),
            Read::Optional | Read::Nullable => quote!(#wire => o.value(&mut #v),),
        }
    });
    let build = reads.iter().enumerate().map(|(i, (name, wire, _, read))| {
        let v = local(i);
        match read {
            Read::Required => quote!(#name: o.present(#v, #wire)?,),
            Read::NullAsEmpty => quote!(#name: #v.unwrap_or_default(),),
            // A property itself named like the local (`field_2`) is written in short form (clippy asks for it).
            Read::Optional | Read::Nullable if *name == v => quote!(#v,),
            Read::Optional | Read::Nullable => quote!(#name: #v,),
        }
    });
    let expecting = format!("a `{ident}` object");
    quote! {
        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<__D: swagen_runtime::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                swagen_runtime::read_object(deserializer)
            }
        }

        #allow
        impl<'de> swagen_runtime::ReadObject<'de> for #ident {
            const EXPECTING: &'static str = #expecting;

            fn read<__A: swagen_runtime::serde::de::MapAccess<'de>>(mut o: swagen_runtime::Object<'de, __A>) -> Result<Self, __A::Error> {
                #(#locals)*
                while let Some(key) = o.next_key() {
                    match key.as_str() {
                        #(#arms)*
                        _ => o.skip(),
                    }
                }
                o.finish()?;
                Ok(#ident { #(#build)* })
            }
        }
    }
}

/// `#[allow(clippy::type_complexity)]` for a struct when one of its field types (`optional`: wrapped in `Option`)
/// is as complex as clippy's `type_complexity` measures it: every type path weighs ten times how deep in generic
/// arguments it stands, and 250 is too much. Nested containers mirror the schema; no alias would make them clearer.
pub(crate) fn complexity_allow<'a>(fields: impl IntoIterator<Item = (&'a Type, bool)>) -> TokenStream {
    let too_complex = fields.into_iter().any(|(ty, optional)| {
        let score = if optional { 10 + complexity(ty, 2) } else { complexity(ty, 1) };
        score >= COMPLEXITY_LIMIT
    });
    if too_complex {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    }
}

/// A little below clippy's default threshold (250), so a rounding of how it counts never leaves a warning.
pub(crate) const COMPLEXITY_LIMIT: u32 = 200;

/// Clippy's `type_complexity` score of `ty` at generic depth `nest`.
fn complexity(ty: &Type, nest: u32) -> u32 {
    match ty {
        Type::Array(inner) | Type::Nullable(inner) => 10 * nest + complexity(inner, nest + 1),
        Type::Bytes => 10 * nest + 10 * (nest + 1),
        Type::Map(inner) => 10 * nest + 10 * (nest + 1) + complexity(inner, nest + 1),
        _ => 10 * nest,
    }
}

/// Clippy's `enum_variant_names` fires when every variant shares a first or last word, or a variant repeats the
/// enum's name; such enums get an `allow` rather than renamed variants (the names mirror the spec's values).
fn variant_names_allow(enum_name: &str, names: &[&str]) -> TokenStream {
    let words = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in s.chars() {
            if c.is_ascii_uppercase() || out.is_empty() {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        }
        out
    };
    let repeats_name = names.iter().any(|n| n.starts_with(enum_name) || n.ends_with(enum_name));
    let shared = names.len() >= 3 && {
        let w: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
        let first = w.iter().all(|x| x.len() > 1 && x.first() == w[0].first());
        let last = w.iter().all(|x| x.len() > 1 && x.last() == w[0].last());
        first || last
    };
    if repeats_name || shared {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        TokenStream::new()
    }
}

/// A `discriminator` with subtypes: an enum over them, (de)serialized by hand: the property's value picks the
/// subtype; any other value is kept as JSON in `Other`.
fn emit_tagged(
    ident: &Ident,
    docs: &TokenStream,
    property: &str,
    variants: &[TaggedVariant],
    fields: &str,
    needs: &mut Needs,
) -> TokenStream {
    needs.value = true;
    let fields = model_ident(fields);
    let items = variants.iter().map(|v| {
        let (name, model) = (model_ident(&v.name), model_ident(&v.model));
        let doc = format!(" {} is {}.", doc::code(property), doc::code(&v.tag));
        quote! { #[doc = #doc] #name(Box<#model>), }
    });
    let ser = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        quote!(#ident::#name(v) => v.serialize(serializer),)
    });
    let de = variants.iter().map(|v| {
        let (name, tag) = (model_ident(&v.name), &v.tag);
        quote!(Some(#tag) => swagen_runtime::serde_json::from_value(value).map(|v| #ident::#name(Box::new(v))),)
    });
    let tags = variants.iter().map(|v| {
        let (name, tag) = (model_ident(&v.name), &v.tag);
        quote!(#ident::#name(_) => Some(#tag),)
    });
    let other_doc = format!(" Another {} (a subtype the spec does not list): the object as sent.", doc::code(property));
    let tag_doc = format!(" The {} property: which subtype this is.", doc::code(property));
    let fields_doc = format!(" The fields every subtype has ([`{fields}`]), read from this value.");
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#items)*
            #[doc = #other_doc]
            Other(Value),
        }

        impl #ident {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tags)*
                    #ident::Other(v) => v.get(#property).and_then(Value::as_str),
                }
            }

            #[doc = #fields_doc]
            pub fn fields(&self) -> Result<#fields, swagen_runtime::serde_json::Error> {
                swagen_runtime::serde_json::to_value(self).and_then(swagen_runtime::serde_json::from_value)
            }
        }

        impl Serialize for #ident {
            fn serialize<S: swagen_runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    #ident::Other(v) => v.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<__D: swagen_runtime::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = Value::deserialize(deserializer)?;
                let chosen = match value.get(#property).and_then(Value::as_str) {
                    #(#de)*
                    _ => return Ok(#ident::Other(value)),
                };
                chosen.map_err(swagen_runtime::serde::de::Error::custom)
            }
        }
    }
}

fn emit_string_enum(ident: &Ident, docs: &TokenStream, variants: &[Variant]) -> TokenStream {
    let mut names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    names.push("Other");
    let allow = variant_names_allow(&ident.to_string(), &names);
    let items = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        let value = &v.value;
        let doc = if value.is_empty() { " The empty string.".to_owned() } else { format!(" {}", doc::code(value)) };
        quote! {
            #[doc = #doc]
            #[serde(rename = #value)]
            #name,
        }
    });
    let arms = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        let value = &v.value;
        quote!(#ident::#name => #value,)
    });
    let from_arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let name = model_ident(&v.name);
            let value = &v.value;
            quote!(#value => #ident::#name,)
        })
        .collect();
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(crate = "swagen_runtime::serde")]
        #[non_exhaustive]
        #allow
        pub enum #ident {
            #(#items)*
            /// A value the spec does not list (the API may have added it).
            #[serde(untagged)]
            Other(String),
        }

        impl #ident {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #ident::Other(other) => other,
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #ident {
            /// The variant of a value on the wire (`Other` for one the spec does not list).
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => #ident::Other(other.to_owned()),
                }
            }
        }

        impl swagen_runtime::ParamValue for #ident {
            fn push_values(&self, push: &mut dyn FnMut(String)) {
                push(self.as_str().to_owned());
            }
        }
    }
}

fn emit_int_enum(ident: &Ident, docs: &TokenStream, variants: &[IntVariant]) -> TokenStream {
    let mut names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    names.push("Other");
    let allow = variant_names_allow(&ident.to_string(), &names);
    let items = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        let doc = format!(" {}", doc::code(&v.value.to_string()));
        quote! { #[doc = #doc] #name, }
    });
    let from_arms = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        let value = int_literal(v.value);
        quote!(#value => #ident::#name,)
    });
    let into_arms = variants.iter().map(|v| {
        let name = model_ident(&v.name);
        let value = int_literal(v.value);
        quote!(#ident::#name => #value,)
    });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(crate = "swagen_runtime::serde", from = "i64", into = "i64")]
        #[non_exhaustive]
        #allow
        pub enum #ident {
            #(#items)*
            /// A value the spec does not list (the API may have added it).
            Other(i64),
        }

        impl From<i64> for #ident {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_arms)*
                    other => #ident::Other(other),
                }
            }
        }

        impl From<#ident> for i64 {
            fn from(value: #ident) -> Self {
                match value {
                    #(#into_arms)*
                    #ident::Other(other) => other,
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", i64::from(*self))
            }
        }

        impl swagen_runtime::ParamValue for #ident {
            fn push_values(&self, push: &mut dyn FnMut(String)) {
                push(i64::from(*self).to_string());
            }
        }
    }
}

/// An integer literal; a negative one is a minus sign and an unsigned literal, as Rust writes it.
fn int_literal(v: i64) -> TokenStream {
    let abs = proc_macro2::Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}
