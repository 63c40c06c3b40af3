//! Kubernetes-style watch events (`application/json;stream=watch`): one JSON object per line, `{"type": …,
//! "object": …}`, read with [`crate::JsonLines`].

use serde::{Deserialize, Serialize};

/// One watch event. `ADDED`, `MODIFIED` and `DELETED` carry the object; `BOOKMARK` carries only the resource
/// version to resume from (and, after the initial list of a `sendInitialEvents` watch, the
/// `k8s.io/initial-events-end` annotation); `ERROR` carries the server's `Status` object as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "object")]
pub enum WatchEvent<T> {
    #[serde(rename = "ADDED")]
    Added(T),
    #[serde(rename = "MODIFIED")]
    Modified(T),
    #[serde(rename = "DELETED")]
    Deleted(T),
    #[serde(rename = "BOOKMARK")]
    Bookmark(Bookmark),
    #[serde(rename = "ERROR")]
    Error(serde_json::Value),
}

/// A `BOOKMARK` event's object: where the watch is, to resume from there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    #[serde(default, rename = "apiVersion", skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub metadata: BookmarkMetadata,
}

/// The metadata of a [`Bookmark`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookmarkMetadata {
    #[serde(default, rename = "resourceVersion")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub annotations: std::collections::BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_event() {
        let lines = [
            r#"{"type":"ADDED","object":{"name":"a"}}"#,
            r#"{"type":"DELETED","object":{"name":"a"}}"#,
            r#"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12","annotations":{"k8s.io/initial-events-end":"true"}}}}"#,
            r#"{"type":"ERROR","object":{"kind":"Status","code":410}}"#,
        ];
        let events: Vec<WatchEvent<serde_json::Value>> =
            lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert!(matches!(&events[0], WatchEvent::Added(v) if v["name"] == "a"));
        assert!(matches!(&events[1], WatchEvent::Deleted(_)));
        assert!(matches!(&events[2], WatchEvent::Bookmark(b) if b.metadata.resource_version == "12"));
        assert!(matches!(&events[3], WatchEvent::Error(s) if s["code"] == 410));
    }
}
