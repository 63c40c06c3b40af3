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
    /// From `securityDefinitions`, in document order.
    pub security: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    /// Named types: `definitions` first (document order), then inline schemas in the order met.
    pub models: Vec<Model>,
}

/// A way to authenticate, from `securityDefinitions`.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The key in `securityDefinitions`.
    pub key: String,
    /// snake_case base for the client setter.
    pub name: String,
    pub description: Option<String>,
    pub kind: SecurityKind,
}

/// The kinds of `securityDefinitions` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityKind {
    Basic,
    /// An API key sent in a header.
    ApiKeyHeader(String),
    /// An API key sent as a query parameter.
    ApiKeyQuery(String),
    /// OAuth 2.0: the client sends an access token as a bearer token.
    OAuth2,
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// UpperCamelCase, unique among models and free of Rust prelude names.
    pub name: String,
    /// The `definitions` key, for models from definitions.
    pub definition: Option<String>,
    /// JSON pointer of the schema.
    pub pointer: String,
    pub description: Option<String>,
    pub kind: ModelKind,
}

/// What a model is.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelKind {
    /// An object with named fields, and possibly further properties of one type.
    Struct {
        fields: Vec<Field>,
        additional: Option<Type>,
        /// The `discriminator` property, when the schema names one.
        discriminator: Option<String>,
    },
    /// A string `enum`; unknown values decode into a fallback variant.
    StringEnum(Vec<Variant>),
    /// An integer `enum`; unknown values decode into a fallback variant.
    IntEnum(Vec<IntVariant>),
    /// Another name for a type (`pub type X = Vec<Y>;`).
    Alias(Type),
    /// A one-field wrapper (`pub struct X(pub Vec<X>);`), used where an alias would be recursive.
    Newtype(Type),
    /// A schema with a `discriminator` and subtypes (the definitions whose `allOf` names it): an enum over the
    /// subtypes chosen by the `property`'s value, with a fallback variant keeping the JSON of any other value.
    Tagged {
        /// The discriminator property on the wire.
        property: String,
        variants: Vec<TaggedVariant>,
        /// The model holding the schema's own fields (`AnimalFields`).
        fields: String,
    },
}

/// A subtype of a [`ModelKind::Tagged`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedVariant {
    /// UpperCamelCase, unique in the enum (never `Other`).
    pub name: String,
    /// The discriminator's value naming it (`x-discriminator-value`, else the definition's key).
    pub tag: String,
    /// The subtype's model.
    pub model: String,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// snake_case, unique in the struct.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    pub ty: Type,
    pub required: bool,
    /// `x-nullable: true`: `null` is a value.
    pub nullable: bool,
    pub read_only: bool,
    /// The field refers back to its own struct without indirection, so it is boxed.
    pub boxed: bool,
    pub description: Option<String>,
    /// The schema's `default`, as JSON text.
    pub default: Option<String>,
}

/// A string enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// UpperCamelCase, unique in the enum.
    pub name: String,
    pub value: String,
}

/// An integer enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntVariant {
    pub name: String,
    pub value: i64,
}

/// A header sent on every request, configured once on the client.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientHeader {
    /// snake_case base for the setter name (`X-API-Version` → `api_version`).
    pub name: String,
    /// The header name on the wire.
    pub wire_name: String,
    pub description: Option<String>,
    /// The spec's `default`: sent unless the user sets another value.
    pub default: Option<String>,
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
    /// The spec's `tags`, as written (for `--tags`).
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Body,
    /// Fixed query parameters always sent (from query strings baked into path keys).
    pub fixed_query: Vec<(String, String)>,
    pub responses: Vec<Response>,
    /// `false` when the operation says `security: []` (no auth).
    pub auth: bool,
    /// The media type of successful answers, chosen from `produces`.
    pub response_format: Format,
    /// The `Accept` header: the `produces` type matching `response_format` (`None` when `produces` is empty).
    pub accept: Option<String>,
    /// `produces` offers a watch stream (`application/json;stream=watch`): with `watch=true` the server sends one
    /// event per line instead of the list.
    pub watchable: bool,
    /// For a watchable list operation: the second method that delivers the events one by one, and the type of
    /// the listed items (the `items` of the list type).
    pub watch: Option<Watch>,
}

/// The watch variant of a list operation (see [`Operation::watch`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// snake_case method name, unique in the API.
    pub name: String,
    /// The type of one listed item (`Pod` for a `PodList`).
    pub item: Type,
}

/// How a body is encoded on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    /// `text/plain` and other text types, as a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, XML), as bytes.
    Bytes,
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
    /// The values `enum` allows (of the items, for a list), as written.
    pub allowed: Vec<String>,
    /// The spec's `default` (what the server assumes when the parameter is absent), as JSON text.
    pub default: Option<String>,
}

/// A value type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    String,
    /// `integer` with `format: int32`.
    I32,
    /// `integer` (int64 or no format).
    I64,
    /// `number` with `format: float`.
    F32,
    /// `number` (double or no format).
    F64,
    Boolean,
    /// Raw bytes (`type: file`, `format: binary`).
    Bytes,
    Array(Box<Type>),
    /// An object whose property names are data (`additionalProperties`).
    Map(Box<Type>),
    /// A [`Model`], by name.
    Named(String),
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// No value (an answer without a body, such as 204).
    Unit,
    /// A list item or map value that may be `null` (`x-nullable: true`).
    Nullable(Box<Type>),
    /// An integer or a string (`format: int-or-string`, Kubernetes' `IntOrString`).
    IntOrString,
    /// `format: date-time`: an RFC 3339 instant.
    DateTime,
    /// `format: date-time-micro` (swagen's own; Kubernetes' `MicroTime`): an instant written with six fraction digits.
    MicroTime,
    /// `format: date`: a calendar day.
    Date,
    /// `format: uuid`.
    Uuid,
}

impl Type {
    /// Whether a value of this type has an obvious empty value (`Default`).
    pub fn has_default(&self) -> bool {
        !matches!(self, Type::Named(_))
    }
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
    /// `multipart/form-data` from the operation's formData parameters (files among them).
    Multipart,
    /// A body from a `body` parameter, encoded as `format` (`consumes`).
    Json {
        name: String,
        ty: Type,
        required: bool,
        description: Option<String>,
        format: Format,
        /// The content type sent (e.g. `application/json`, `text/plain`).
        content_type: String,
        /// Every content type `consumes` offers for this body, `content_type` first; when there are several the
        /// caller chooses per call (Kubernetes' patch kinds).
        content_types: Vec<String>,
        /// When there are several: the name of the enum the caller chooses from (one per distinct list; the names
        /// file keeps it).
        choice: Option<String>,
    },
}

/// A documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// `None` when the response has no schema.
    pub ty: Option<Type>,
    /// The body is newline-delimited JSON, one `ty` per line (`x-swagen-stream: json-lines` on the response).
    pub json_lines: bool,
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
