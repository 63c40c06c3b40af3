//! Body and response schemas typed after the operations are named, so inline models are named after their
//! operation (`AddPetBody`, `GetPetResponse`).

use crate::ctx::Ctx;
use crate::ir::*;
use crate::models::model_base;
use crate::schema::schema_type;
use serde_json::Value;

/// A schema of an operation, typed once the operation has its name (inline models are named after it).
pub(super) struct PendingSchema {
    pub op: usize,
    pub slot: Slot,
    pub schema: Value,
    pub at: String,
}

/// Where a pending schema's type goes.
pub(super) enum Slot {
    Body,
    Response(usize),
    /// A parameter with listed values, by location and wire name: typed as an enum.
    Param(ParamLocation, String),
}

/// Types body and response schemas, naming inline models after their operation.
pub(super) fn type_operation_schemas(cx: &mut Ctx<'_>, ops: &mut [Operation], pending: Vec<PendingSchema>) {
    for p in pending {
        let Some(op) = ops.get_mut(p.op) else { continue };
        let base = model_base(&op.name);
        match p.slot {
            Slot::Body => {
                let ty = schema_type(cx, &p.schema, &p.at, &format!("{base}Body"));
                if let Body::Json { ty: slot, format, .. } = &mut op.body {
                    *slot = match format {
                        Format::Json => ty,
                        Format::Text => Type::String,
                        Format::Bytes => Type::Bytes,
                    };
                }
            }
            Slot::Param(location, wire) => {
                let Some(param) = op.params.iter_mut().find(|q| q.location == location && q.wire_name == wire) else {
                    continue;
                };
                let hint = format!("{base}{}", crate::case::upper_camel(&param.name));
                // Only an enum changes the type (of the list's items, for a list); anything else keeps what the
                // parameter's own reading gave.
                if let ty @ Type::Named(_) = schema_type(cx, &p.schema, &p.at, &hint) {
                    param.ty = if matches!(param.ty, Type::Array(_)) { Type::Array(Box::new(ty)) } else { ty };
                }
            }
            Slot::Response(i) => {
                let with_schema = op.responses.iter().filter(|r| r.status.is_success() && r.ty.is_some()).count();
                let Some(r) = op.responses.get(i) else { continue };
                let hint = match r.status {
                    Status::Code(c) if r.status.is_success() && with_schema <= 1 => {
                        let _ = c;
                        format!("{base}Response")
                    }
                    Status::Code(c) => format!("{base}Response{c}"),
                    Status::Default => format!("{base}ResponseDefault"),
                };
                let success_like = r.status.is_success()
                    || (r.status == Status::Default && !op.responses.iter().any(|r| r.status.is_success()));
                let ty = schema_type(cx, &p.schema, &p.at, &hint);
                let ty = match (success_like, op.response_format) {
                    (true, Format::Bytes) => Type::Bytes,
                    (true, Format::Text) => Type::String,
                    _ => ty,
                };
                if let Some(r) = op.responses.get_mut(i) {
                    r.ty = Some(ty);
                }
            }
        }
    }
}
