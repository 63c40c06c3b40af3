//! Indexed form and query fields (`tag[0]`, `tag[1]`, `tag[]`) merged into one list parameter.

use crate::ctx::Ctx;
use crate::ir::*;
use std::collections::BTreeMap;

/// `tag[0]`, `tag[1]`, `tag[]` → one list parameter `tag`, sent as `tag[]=a&tag[]=b`.
pub(super) fn merge_indexed_fields(cx: &mut Ctx<'_>, params: Vec<(Param, String)>) -> Vec<(Param, String)> {
    fn base(name: &str) -> Option<&str> {
        let inner = name.strip_suffix(']')?;
        let open = inner.rfind('[')?;
        let index = &inner[open + 1..];
        (open > 0 && index.bytes().all(|b| b.is_ascii_digit())).then(|| &inner[..open])
    }
    let mut out: Vec<(Param, String)> = Vec::new();
    let mut merged: BTreeMap<(String, ParamLocation), (usize, Vec<String>)> = BTreeMap::new();
    for (p, at) in params {
        let indexed =
            matches!(p.location, ParamLocation::FormData | ParamLocation::Query).then(|| base(&p.wire_name)).flatten();
        let Some(b) = indexed else {
            out.push((p, at));
            continue;
        };
        let k = (b.to_owned(), p.location);
        if let Some((idx, names)) = merged.get_mut(&k) {
            names.push(p.wire_name.clone());
            let target = &mut out[*idx].0;
            target.required |= p.required;
            if target.description.is_none() {
                target.description = p.description.clone();
            }
            continue;
        }
        let item = match &p.ty {
            Type::Array(inner) => (**inner).clone(),
            t => t.clone(),
        };
        // `tag[]` declared as a `multi` array is already what swagen sends: nothing to repair.
        let proper = p.wire_name == format!("{b}[]")
            && matches!(p.ty, Type::Array(_))
            && p.collection_format == CollectionFormat::Multi;
        let list = Param {
            name: b.to_owned(),
            wire_name: format!("{b}[]"),
            ty: Type::Array(Box::new(item)),
            collection_format: CollectionFormat::Multi,
            ..p.clone()
        };
        let names = if proper { Vec::new() } else { vec![p.wire_name.clone()] };
        merged.insert(k, (out.len(), names));
        out.push((list, at));
    }
    for ((b, _), (idx, names)) in merged {
        if names.is_empty() {
            continue;
        }
        let at = out[idx].1.clone();
        let names = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        cx.warn(
            "indexed-fields",
            &at,
            format!("indexed fields {names} are one list parameter `{b}`, sent as `{b}[]=…&{b}[]=…`"),
            &format!("declare one parameter `{b}[]` with `type: array` and `collectionFormat: multi`"),
        );
    }
    out
}
