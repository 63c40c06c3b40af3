//! heck's case conversions, remembered per thread.
//!
//! A spec repeats the same words thousands of times (Kubernetes has `pretty`, `dryRun`, `metadata` and `apiVersion`
//! on hundreds of operations and models), and heck writes each converted character through a formatter. Each
//! distinct text is converted once per thread; the result is always heck's.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::cell::RefCell;
use std::collections::HashMap;

/// Texts longer than this are converted without being remembered (descriptions used as names, say).
const REMEMBERED_LEN: usize = 64;
/// The most texts remembered per conversion and thread; past it, conversions are no longer remembered.
const REMEMBERED_MAX: usize = 1 << 16;

thread_local! {
    static SNAKE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static CAMEL: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn remembered(
    memo: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
    text: &str,
    convert: fn(&str) -> String,
) -> String {
    if text.len() > REMEMBERED_LEN {
        return convert(text);
    }
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(hit) = m.get(text) {
            return hit.clone();
        }
        let out = convert(text);
        if m.len() < REMEMBERED_MAX {
            m.insert(text.to_owned(), out.clone());
        }
        out
    })
}

/// `text.to_snake_case()`.
pub fn snake(text: &str) -> String {
    remembered(&SNAKE, text, |t| t.to_snake_case())
}

/// `text.to_upper_camel_case()`.
pub fn upper_camel(text: &str) -> String {
    remembered(&CAMEL, text, |t| t.to_upper_camel_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_as_heck_whether_remembered_or_not() {
        let long = "a Description Used As A Name, which is longer than sixty-four characters in all";
        for text in ["dryRun", "dryRun", "HTTPServer", "x-ms-id", "", "日本self", long, long] {
            assert_eq!(snake(text), text.to_snake_case());
            assert_eq!(upper_camel(text), text.to_upper_camel_case());
        }
    }
}
