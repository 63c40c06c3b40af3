//! Calling every operation of a generated client against [Prism](super) and judging the calls: the harness the
//! Prism tests (`tests/prism.rs`, `tests/prism_livechat.rs`) share.
//!
//! [`calls!`] lists the calls of a client, not started yet; [`run`] makes them one after the other, each after a
//! mark in Prism's log, and judges each answer together with the piece of the log it caused; [`check`] prints
//! the summary and fails on every rejected call not known; [`check_controls`] makes sure the harness does see
//! rejections.
//!
//! [`answer!`] turns what a generated client returned into an [`Answer`]. It is a macro, not a function, because
//! it names `swagen_runtime`'s types, which the crate calling it has (as a dev-dependency) and this library does
//! not: the calling crate must depend on `swagen_runtime`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use super::{judge_answer, judge_log, Findings, Prism};

pub use crate::__prism_answer as answer;
pub use crate::__prism_calls as calls;

/// What one call got, before Prism's log is read.
pub struct Answer {
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// What Prism's answer (its `sl-violations` header, its problem body) says.
    pub findings: Findings,
    /// A 2xx answer the client could not decode.
    pub decode: Option<String>,
    /// The client could not send the request or read the answer.
    pub client_error: Option<String>,
}

impl Answer {
    /// An answer the client read: `status`, its `sl-violations` header (if any) and, for a non-2xx answer, its
    /// body if it is JSON.
    pub fn read(status: u16, sl_violations: Option<&str>, body: Option<&Value>) -> Answer {
        Answer {
            status: Some(status),
            findings: judge_answer(status, sl_violations, body),
            decode: None,
            client_error: None,
        }
    }

    /// A 2xx answer the client could not decode: its `content_type` header (if any), what the decoder said
    /// (`message`) and the body (the first 160 characters are kept).
    pub fn undecodable(
        status: u16,
        sl_violations: Option<&str>,
        content_type: Option<&str>,
        message: &str,
        body: &str,
    ) -> Answer {
        let body: String = body.chars().take(160).collect();
        let content_type = content_type.unwrap_or("no content-type");
        Answer {
            status: Some(status),
            findings: judge_answer(status, sl_violations, None),
            decode: Some(format!("{status} {content_type}: {message} (body: {body})")),
            client_error: None,
        }
    }

    /// The client could not send the request or read the answer (`error`, as it displays).
    pub fn client_error(error: String) -> Answer {
        Answer { status: None, findings: Findings::default(), decode: None, client_error: Some(error) }
    }
}

/// `answer!(result)`: the [`Answer`] of what a call of a generated client returned (a
/// `Result<swagen_runtime::ResponseValue<T>, swagen_runtime::Error<E>>`). The crate using it must depend on
/// `swagen_runtime`.
#[doc(hidden)]
#[macro_export]
macro_rules! __prism_answer {
    ($result:expr) => {{
        let header = |h: &::swagen_runtime::reqwest::header::HeaderMap, name: &str| {
            h.get(name).and_then(|v| v.to_str().ok()).map(::std::borrow::ToOwned::to_owned)
        };
        match $result {
            ::std::result::Result::Ok(response) => $crate::prism::calls::Answer::read(
                response.status().as_u16(),
                header(&response.headers(), "sl-violations").as_deref(),
                ::std::option::Option::None,
            ),
            ::std::result::Result::Err(::swagen_runtime::Error::Api(e)) => $crate::prism::calls::Answer::read(
                e.status.as_u16(),
                header(&e.headers, "sl-violations").as_deref(),
                e.body.json(),
            ),
            ::std::result::Result::Err(::swagen_runtime::Error::Decode(e)) => {
                $crate::prism::calls::Answer::undecodable(
                    e.status.as_u16(),
                    header(&e.headers, "sl-violations").as_deref(),
                    header(&e.headers, "content-type").as_deref(),
                    &e.message,
                    &e.body,
                )
            }
            ::std::result::Result::Err(other) => {
                $crate::prism::calls::Answer::client_error(::std::string::ToString::to_string(&other))
            }
        }
    }};
}

/// One call, not started yet: a future of its [`Answer`].
pub type Call<'a> = Pin<Box<dyn Future<Output = Answer> + 'a>>;

/// `calls!(client; method(args...); ...)` → a list of `("method", future of its Answer)`, not started yet. A label
/// before a call (`"mount" => method(...)`, named `method+mount`) tells apart several calls of one operation.
#[doc(hidden)]
#[macro_export]
macro_rules! __prism_calls {
    ($client:ident; $($($label:literal =>)? $method:ident ( $($arg:expr),* $(,)? );)*) => {
        vec![$(
            (
                concat!(stringify!($method) $(, "+", $label)?),
                ::std::boxed::Box::pin(async { $crate::__prism_answer!($client.$method($($arg),*).await) })
                    as $crate::prism::calls::Call<'_>,
            ),
        )*]
    };
}

/// Calls Prism rejects for a known reason: label → the reason (`BUG: ...` for a generator or runtime bug,
/// `SPEC: ...` for a spec that Prism reads differently). They are still made and reported; the test fails if one
/// of them is accepted again, so that the entry gets removed.
pub type Known = &'static [(&'static str, &'static str)];

/// The result of running a list of calls against Prism.
#[derive(Default)]
pub struct Report {
    /// every call made, in order
    pub labels: Vec<String>,
    /// how many calls Prism accepted
    pub accepted: usize,
    /// label → why Prism (or the client) refused it
    pub rejected: BTreeMap<String, Vec<String>>,
    /// label → why the client could not decode a 2xx answer
    pub decode_errors: BTreeMap<String, String>,
    /// label → Prism's complaints about its own (spec-generated) answer
    pub response_violations: BTreeMap<String, Vec<String>>,
    /// label → errors of Prism's own on an accepted request
    pub prism_errors: BTreeMap<String, Vec<String>>,
    /// label → request violations Prism only warned about
    pub warnings: BTreeMap<String, Vec<String>>,
    /// non-2xx answers Prism gave without a validation problem (operations whose spec has no 2xx answer)
    pub non_2xx: BTreeMap<String, u16>,
}

/// Makes the calls one after the other, each after a mark in Prism's log, then judges each answer together with
/// the piece of the log it caused. `name` names the end mark (unique per Prism).
///
/// Panics when Prism cannot be marked or does not log the end mark.
pub async fn run(prism: &Prism, name: &str, calls: Vec<(&'static str, Call<'_>)>) -> Report {
    let mut answers = Vec::new();
    for (label, call) in calls {
        prism.mark(label).unwrap();
        answers.push((label, call.await));
    }
    prism.flush_log(&format!("__end__{name}")).unwrap();
    let log = prism.log_by_mark();
    let mut report = Report::default();
    for (label, answer) in answers {
        report.labels.push(label.to_owned());
        let logged = judge_log(log.get(label).map_or(&[][..], Vec::as_slice));
        let Findings { mut request_errors, mut request_warnings, response_violations, mut prism_errors } =
            answer.findings;
        // The log is a second witness: its reasons are only added when the answer showed none.
        if request_errors.is_empty() {
            request_errors = logged.request_errors;
        }
        if request_warnings.is_empty() {
            request_warnings = logged.request_warnings;
        }
        if prism_errors.is_empty() {
            prism_errors = logged.prism_errors;
        }
        if let Some(e) = answer.client_error {
            request_errors.insert(0, format!("client error: {e}"));
        }
        if request_errors.is_empty() {
            report.accepted += 1;
            if let Some(status) = answer.status.filter(|s| !(200..300).contains(s)) {
                if prism_errors.is_empty() {
                    report.non_2xx.insert(label.to_owned(), status);
                }
            }
        } else {
            report.rejected.insert(label.to_owned(), request_errors);
        }
        if let Some(decode) = answer.decode {
            report.decode_errors.insert(label.to_owned(), decode);
        }
        if !response_violations.is_empty() {
            report.response_violations.insert(label.to_owned(), response_violations);
        }
        if !prism_errors.is_empty() {
            report.prism_errors.insert(label.to_owned(), prism_errors);
        }
        if !request_warnings.is_empty() {
            report.warnings.insert(label.to_owned(), request_warnings);
        }
    }
    report
}

/// Prints the summary (figures, decode errors, Prism's notes, known rejections) and fails with one message
/// listing every rejected call not in `known` (and every call of `known` that is now accepted).
pub fn check(spec: &str, report: &Report, known: Known) {
    let mut out = String::new();
    let w = &mut out;
    let operations: BTreeSet<&str> = report.labels.iter().map(|l| l.split('+').next().unwrap_or_default()).collect();
    let rejected_operations: BTreeSet<&str> =
        report.rejected.keys().map(|l| l.split('+').next().unwrap_or_default()).collect();
    writeln!(
        w,
        "{spec}: {} operations called ({} calls), {} accepted by Prism ({} of the calls)",
        operations.len(),
        report.labels.len(),
        operations.len() - rejected_operations.len(),
        report.accepted
    )
    .unwrap();
    writeln!(w, "decode errors: {} {:?}", report.decode_errors.len(), report.decode_errors.keys().collect::<Vec<_>>())
        .unwrap();
    for (label, e) in &report.decode_errors {
        writeln!(w, "  decode {label}: {e}").unwrap();
        match report.response_violations.get(label) {
            Some(v) => writeln!(w, "    Prism's answer breaks the spec itself: {}", v.join(" | ")).unwrap(),
            None => writeln!(
                w,
                "    Prism reported no response violation: the client failed on an answer valid per the spec"
            )
            .unwrap(),
        }
    }
    let others: Vec<_> = report.response_violations.keys().filter(|l| !report.decode_errors.contains_key(*l)).collect();
    if !others.is_empty() {
        writeln!(w, "Prism's answer broke the spec (decoded all the same): {others:?}").unwrap();
    }
    for (label, errors) in &report.prism_errors {
        writeln!(w, "  Prism error (request accepted) {label}: {}", errors.join(" | ")).unwrap();
    }
    for (label, warnings) in &report.warnings {
        writeln!(w, "  request warning {label}: {}", warnings.join(" | ")).unwrap();
    }
    for (label, status) in &report.non_2xx {
        writeln!(w, "  accepted, answered {status} (the spec's answer) {label}").unwrap();
    }
    let mut failures = String::new();
    for (label, reasons) in &report.rejected {
        let known_reason = known.iter().find(|(l, _)| l == label).map(|(_, why)| *why);
        let f = &mut failures;
        match known_reason {
            Some(why) => writeln!(w, "  known rejection {label} ({why}): {}", reasons.join(" | ")).unwrap(),
            None => {
                writeln!(f, "  {label}:").unwrap();
                for reason in reasons {
                    writeln!(f, "      {reason}").unwrap();
                }
            }
        }
    }
    let fixed: Vec<&str> = known.iter().map(|(l, _)| *l).filter(|l| !report.rejected.contains_key(*l)).collect();
    eprintln!("{out}");
    assert!(
        failures.is_empty() && fixed.is_empty(),
        "{spec}: Prism rejected these requests:\n{failures}known rejections now accepted (remove them from the \
         known list): {fixed:?}"
    );
}

/// Checks that Prism rejected every one of the `controls` (requests made invalid on purpose): the harness does
/// see rejections.
pub fn check_controls(spec: &str, report: &Report) {
    assert!(
        report.accepted == 0 && !report.labels.is_empty(),
        "{spec}: a control request that breaks the spec was not seen as rejected: called {}, rejected {:?}",
        report.labels.len(),
        report.rejected
    );
}

/// An operationId in snake case, as the generator names the client's method (`getPetById` → `get_pet_by_id`,
/// `ContainerList` → `container_list`).
pub fn snake(id: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_splits_before_an_upper_case_letter_after_a_lower_case_one() {
        assert_eq!(snake("getPetById"), "get_pet_by_id");
        assert_eq!(snake("ContainerList"), "container_list");
        assert_eq!(snake("createUsersWithArrayInput"), "create_users_with_array_input");
        assert_eq!(snake("ID2Name"), "id2_name");
    }

    #[test]
    fn an_undecodable_answer_says_what_and_cuts_the_body() {
        let answer = Answer::undecodable(200, None, None, "bad", &"x".repeat(200));
        assert_eq!(answer.decode, Some(format!("200 no content-type: bad (body: {})", "x".repeat(160))));
        assert_eq!(answer.status, Some(200));
    }
}
