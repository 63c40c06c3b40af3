//! `discriminator` → a tagged enum: a definition with a `discriminator` whose subtypes (the definitions whose
//! `allOf` refers to it) are known becomes an enum over them, chosen by the discriminator's value; its own fields
//! move to `<Name>Fields`. A value no subtype names decodes into the fallback variant, keeping its JSON, so a new
//! subtype on the server never breaks decoding. A discriminator without subtypes stays a struct (documented).

use crate::ctx::Ctx;
use crate::ir::*;
use crate::naming::unique_with;
use serde_json::Value;
use std::collections::BTreeSet;
use swagen_spec::diag::pointer;

/// Turns every definition with a discriminator and subtypes into a [`ModelKind::Tagged`].
pub(super) fn tag_polymorphic_definitions(cx: &mut Ctx<'_>) {
    let parents: Vec<(usize, String, String)> = cx
        .schemas
        .models
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match (&m.kind, &m.definition) {
            (ModelKind::Struct { discriminator: Some(d), .. }, Some(key)) => Some((i, key.clone(), d.clone())),
            _ => None,
        })
        .collect();
    for (slot, parent_key, property) in parents {
        let variants = subtypes(cx, &parent_key);
        if variants.is_empty() {
            continue;
        }
        let mut fields_model = cx.schemas.models[slot].clone();
        let (name, at) = (fields_model.name.clone(), pointer(["definitions", parent_key.as_str()]));
        let fields_name = cx.schemas.inline_name(&format!("{at}/discriminator"), &format!("{name}Fields"));
        fields_model.name = fields_name.clone();
        fields_model.definition = None;
        fields_model.description = Some(format!("The fields every `{name}` has, whatever its subtype."));
        cx.schemas.models[slot].kind = ModelKind::Tagged { property, variants, fields: fields_name };
        cx.schemas.models.push(fields_model);
    }
}

/// The definitions whose `allOf` refers to `parent_key`, in document order.
fn subtypes(cx: &Ctx<'_>, parent_key: &str) -> Vec<TaggedVariant> {
    let target = format!("#/definitions/{}", parent_key.replace('~', "~0").replace('/', "~1"));
    let mut used = BTreeSet::from(["Other".to_owned()]);
    let mut out = Vec::new();
    for (key, schema) in &cx.doc.spec.definitions {
        let refers = schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|p| p.get("$ref").and_then(Value::as_str) == Some(target.as_str())));
        let Some(model) = cx.schemas.definition_name(key).filter(|_| refers && key != parent_key) else { continue };
        let tag = schema.get("x-discriminator-value").and_then(Value::as_str).unwrap_or(key).to_owned();
        out.push(TaggedVariant { name: unique_with(model, &mut used, ""), tag, model: model.to_owned() });
    }
    out
}
