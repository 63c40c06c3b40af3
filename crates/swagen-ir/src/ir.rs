//! The IR: what the emitter needs, nothing about YAML, nothing about Rust syntax.
//!
//! Everything here is in a total, deterministic order: operations in document order (path keys, then methods in
//! [`swagen_spec::METHODS`] order), parameters with path parameters first in route order and the rest in document
//! order, responses by status code with `default` last.

/// The API as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// From `schemes`/`host`/`basePath`; `None` when the spec has no `host`.
    pub base_url: Option<String>,
    /// Header parameters carried by every operation, lifted to client-level settings.
    pub client_headers: Vec<ClientHeader>,
    pub operations: Vec<Operation>,
}

/// A header sent on every request, configured once on the client.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientHeader {
    /// snake_case base for the setter name (`X-API-Version` → `api_version`).
    pub name: String,
    /// The header name on the wire.
    pub wire_name: String,
    pub description: Option<String>,
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
}

impl Method {
    pub fn parse(lower: &str) -> Option<Method> {
        Some(match lower {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
        }
    }
}

/// A piece of a route template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoutePart {
    /// Literal text, sent as is (it may contain `/`).
    Literal(String),
    /// The path parameter with this IR name; its value is percent-encoded as one path segment.
    Param(String),
}

/// Renders a route as a template string (`/tags/{tag}`).
pub fn route_template(parts: &[RoutePart]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            RoutePart::Literal(l) => out.push_str(l),
            RoutePart::Param(name) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    out
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// snake_case method name, unique in the API.
    pub name: String,
    pub method: Method,
    /// The path key as written in the spec.
    pub path_key: String,
    /// The normalised route.
    pub route: Vec<RoutePart>,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// The spec's operationId, as written.
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Body,
    /// Fixed query parameters always sent (from query strings baked into path keys).
    pub fixed_query: Vec<(String, String)>,
    pub responses: Vec<Response>,
}

impl Operation {
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    FormData,
}

/// A non-body parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// snake_case name, unique within the operation.
    pub name: String,
    /// The name on the wire (for indexed form fields: `tag[]`).
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: Type,
    pub required: bool,
    pub description: Option<String>,
    /// How a list is put on the wire.
    pub collection_format: CollectionFormat,
    /// For parameters the normaliser introduced: the example value that stood in the path.
    pub example: Option<String>,
}

/// A value type. Thin for now: scalars, lists, and free JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    Array(Box<Type>),
    /// Any JSON value (`serde_json::Value`).
    Json,
}

/// Swagger's `collectionFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum CollectionFormat {
    #[default]
    Csv,
    Ssv,
    Tsv,
    Pipes,
    /// Repeated `name=a&name=b`.
    Multi,
}

impl CollectionFormat {
    pub fn parse(s: &str) -> Option<CollectionFormat> {
        Some(match s {
            "csv" => CollectionFormat::Csv,
            "ssv" => CollectionFormat::Ssv,
            "tsv" => CollectionFormat::Tsv,
            "pipes" => CollectionFormat::Pipes,
            "multi" => CollectionFormat::Multi,
            _ => return None,
        })
    }
}

/// The request body.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    None,
    /// `application/x-www-form-urlencoded` from the operation's formData parameters.
    Form,
    /// A JSON body from a `body` parameter.
    Json {
        name: String,
        ty: Type,
        required: bool,
        description: Option<String>,
    },
}

/// A documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// `None` when the response has no schema.
    pub ty: Option<Type>,
}

/// A response status key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        matches!(self, Status::Code(c) if (200..300).contains(&c))
    }
}

/// One decision the passes took, for `swagen explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// What the decision is about (e.g. the path key).
    pub subject: String,
    /// JSON pointer into the spec.
    pub pointer: String,
    /// The decision and its reason, in a sentence.
    pub text: String,
}
