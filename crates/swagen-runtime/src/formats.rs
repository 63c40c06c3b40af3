//! Value types for Swagger's string formats and for fields that may be absent or `null`.
//!
//! - [`DateTime`] (`format: date-time`): an instant with its UTC offset, RFC 3339 on the wire. Decoding is as
//!   lenient as real servers are: fractions of any length or none, `Z` or an offset, `t`/`z` in lower case, a
//!   space for `T`, and a time without an offset (read as UTC).
//! - [`MicroTime`]: the same, always written with six fraction digits (Kubernetes' `MicroTime`, which its API server
//!   parses with exactly six); swagen's own `format: date-time-micro` (the Kubernetes overlay sets it).
//! - [`Date`] (`format: date`): a calendar day, `YYYY-MM-DD`.
//! - [`Uuid`] (`format: uuid`): [`uuid::Uuid`], hyphenated on the wire.
//! - [`Nullable`]: an optional field whose schema allows `null` (`x-nullable`): absent, `null` or a value, so a
//!   PATCH can clear a field by sending `null`.
//!
//! Each is a [`crate::ParamValue`] (its wire text) and `Display`s as it is sent, so it can go in a path, query,
//! header or form.

use crate::encode::ParamValue;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

pub use chrono;
pub use uuid::{self, Uuid};

/// An instant with the UTC offset it was given in (`format: date-time`), RFC 3339 on the wire: `Z` for UTC, as many
/// fraction digits as needed (0, 3, 6 or 9). Build one from any chrono time: `DateTime::from(chrono::Utc::now())`
/// (with chrono's `clock` feature), or parse RFC 3339 text with `str::parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<FixedOffset>);

/// An instant written with exactly six fraction digits (Kubernetes' `MicroTime`); reads what [`DateTime`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MicroTime(pub chrono::DateTime<FixedOffset>);

/// A calendar day (`format: date`), `YYYY-MM-DD` on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// Why a time or date could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    what: &'static str,
    text: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not {}", self.text, self.what)
    }
}

impl std::error::Error for FormatError {}

/// RFC 3339, leniently: see the module documentation.
fn parse_instant(text: &str) -> Result<chrono::DateTime<FixedOffset>, FormatError> {
    let err = || FormatError { what: "an RFC 3339 date-time", text: text.to_owned() };
    let trimmed = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(trimmed) {
        return Ok(t);
    }
    // `2024-05-01 10:00:00+02:00`, `2024-05-01t10:00:00z`: RFC 3339 allows both (section 5.6, NOTE).
    let normal: String = trimmed
        .char_indices()
        .map(|(i, c)| match c {
            ' ' | 't' if i == 10 => 'T',
            'z' => 'Z',
            c => c,
        })
        .collect();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&normal) {
        return Ok(t);
    }
    // No offset at all (some servers write local times without one): read as UTC.
    let naive = NaiveDateTime::parse_from_str(&normal, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| err())?;
    Ok(naive.and_utc().fixed_offset())
}

macro_rules! instant_type {
    ($ty:ident, $format:expr) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0.to_rfc3339_opts($format, true))
            }
        }

        impl FromStr for $ty {
            type Err = FormatError;
            fn from_str(text: &str) -> Result<Self, FormatError> {
                parse_instant(text).map($ty)
            }
        }

        impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for $ty {
            fn from(t: chrono::DateTime<Tz>) -> Self {
                $ty(t.fixed_offset())
            }
        }

        impl From<$ty> for chrono::DateTime<Utc> {
            fn from(t: $ty) -> Self {
                t.0.with_timezone(&Utc)
            }
        }

        impl std::ops::Deref for $ty {
            type Target = chrono::DateTime<FixedOffset>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    };
}

instant_type!(DateTime, SecondsFormat::AutoSi);
instant_type!(MicroTime, SecondsFormat::Micros);

impl From<MicroTime> for DateTime {
    fn from(t: MicroTime) -> Self {
        DateTime(t.0)
    }
}

impl From<DateTime> for MicroTime {
    fn from(t: DateTime) -> Self {
        MicroTime(t.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for Date {
    type Err = FormatError;
    fn from_str(text: &str) -> Result<Self, FormatError> {
        let err = || FormatError { what: "a date (YYYY-MM-DD)", text: text.to_owned() };
        let text = text.trim();
        // A full date-time where a date was promised: its day.
        let day = text.get(..10).filter(|_| text.len() > 10).unwrap_or(text);
        NaiveDate::parse_from_str(day, "%Y-%m-%d").map(Date).map_err(|_| err())
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl std::ops::Deref for Date {
    type Target = NaiveDate;
    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

/// Serialized as its `Display` text, read back with `FromStr`.
macro_rules! text_serde {
    ($($ty:ident),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(de::Error::custom)
            }
        }

        impl ParamValue for $ty {
            fn push_values(&self, push: &mut dyn FnMut(String)) {
                push(self.to_string());
            }
        }
    )*};
}
text_serde!(DateTime, MicroTime, Date);

impl ParamValue for Uuid {
    fn push_values(&self, push: &mut dyn FnMut(String)) {
        push(self.hyphenated().to_string());
    }
}

/// An optional field whose schema allows `null` (`x-nullable: true`): absent (not sent; [`Nullable::Absent`], the
/// default), `null` ([`Nullable::Null`]: sent as `null`, to clear the field) or a value.
///
/// Generated fields carry `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so decoding tells the
/// three apart and encoding sends exactly what was set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// Not sent, or not in the answer.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one (absent and `null` are both `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            // Absent is skipped by the field's attribute; serialized on its own it can only be `null`.
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_read_leniently_and_write_rfc3339() {
        for (text, written) in [
            ("2026-06-15T04:14:44Z", "2026-06-15T04:14:44Z"),
            ("2026-06-15T04:14:44.896725704Z", "2026-06-15T04:14:44.896725704Z"),
            ("2016-06-07T20:31:11.85378191Z", "2016-06-07T20:31:11.853781910Z"),
            ("2016-06-07T20:31:11.853Z", "2016-06-07T20:31:11.853Z"),
            ("2016-06-07T20:31:11.853781916+02:00", "2016-06-07T20:31:11.853781916+02:00"),
            ("2016-06-07 20:31:11z", "2016-06-07T20:31:11Z"),
            ("2016-06-07t20:31:11+00:00", "2016-06-07T20:31:11Z"),
            ("2016-06-07T20:31:11", "2016-06-07T20:31:11Z"),
            ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ] {
            let t: DateTime = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(t.to_string(), written, "{text}");
            assert_eq!(written.parse::<DateTime>().ok(), Some(t), "{text} round trip");
        }
        assert!("yesterday".parse::<DateTime>().is_err());
        assert!("2016-13-07T20:31:11Z".parse::<DateTime>().is_err());
    }

    #[test]
    fn micro_time_always_has_six_digits() {
        for (text, written) in [
            ("2026-06-15T04:14:44Z", "2026-06-15T04:14:44.000000Z"),
            ("2026-06-15T04:14:44.120000Z", "2026-06-15T04:14:44.120000Z"),
            ("2026-06-15T04:14:44.896725Z", "2026-06-15T04:14:44.896725Z"),
        ] {
            assert_eq!(text.parse::<MicroTime>().map(|t| t.to_string()), Ok(written.to_owned()));
        }
    }

    #[test]
    fn dates() {
        assert_eq!("2024-02-29".parse::<Date>().map(|d| d.to_string()), Ok("2024-02-29".to_owned()));
        assert_eq!("2024-02-29T00:00:00Z".parse::<Date>().map(|d| d.to_string()), Ok("2024-02-29".to_owned()));
        assert!("2023-02-29".parse::<Date>().is_err());
    }

    #[test]
    fn nullable_keeps_three_states() -> Result<(), serde_json::Error> {
        #[derive(Serialize, Deserialize, Debug, PartialEq)]
        #[serde(crate = "serde")]
        struct Patch {
            #[serde(default, skip_serializing_if = "Nullable::is_absent")]
            name: Nullable<String>,
        }
        for (json, state) in [
            ("{}", Nullable::Absent),
            (r#"{"name":null}"#, Nullable::Null),
            (r#"{"name":"x"}"#, Nullable::Value("x".to_owned())),
        ] {
            let p: Patch = serde_json::from_str(json)?;
            assert_eq!(p.name, state);
            assert_eq!(serde_json::to_string(&p)?, json);
        }
        Ok(())
    }
}
