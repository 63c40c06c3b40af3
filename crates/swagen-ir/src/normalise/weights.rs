//! The weights of the route normaliser's signals. Written by `cargo xtask routes-score --fit` (logistic regression
//! over the hand-labelled specs in `../shared/corpus/labels`); do not edit by hand.

use super::evidence::FEATURES;

/// A bias and one weight per signal ([`super::feature_name`]); a candidate whose weighted sum is positive becomes
/// a parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub bias: f64,
    pub weights: [f64; FEATURES],
}

impl Weights {
    /// The weights fitted on every labelled spec.
    pub fn fitted() -> Self {
        Weights { bias: FITTED_BIAS, weights: FITTED }
    }

    /// Reads weights written as `bias w0 w1 …` (whitespace-separated numbers), as the fitting tool writes them.
    pub fn parse(text: &str) -> Result<Self, String> {
        let numbers: Vec<f64> = text
            .split_whitespace()
            .map(|t| t.parse::<f64>().map_err(|e| format!("`{t}` is not a number: {e}")))
            .collect::<Result<_, _>>()?;
        if numbers.len() != FEATURES + 1 {
            return Err(format!(
                "expected {} numbers (a bias and {FEATURES} weights), found {}",
                FEATURES + 1,
                numbers.len()
            ));
        }
        let mut weights = [0.0; FEATURES];
        weights.copy_from_slice(&numbers[1..]);
        Ok(Weights { bias: numbers[0], weights })
    }
}

const FITTED_BIAS: f64 = 0.834439;
/// Fitted on 4931 candidates of 36 specs.
#[rustfmt::skip]
const FITTED: [f64; FEATURES] = [
    0.000000, // shape: a UUID
    0.000000, // shape: an e-mail address
    2.159714, // shape: a number of four or more digits
    2.078997, // shape: a short number
    0.898525, // shape: an upper-case code with digits
    0.776015, // shape: a long hexadecimal string
    0.595268, // shape: letters and digits in no word order
    0.123497, // shape: a dotted id or address
    0.487837, // shape: dotted lower-case labels
    -2.659540, // shape: a version marker
    -1.856125, // shape: a lower-case word
    -0.778369, // shape: lower-case words joined
    1.522098, // shape: an upper-case word
    -0.670642, // shape: a capitalised name
    -0.672122, // shape: a camel-case word
    0.279663, // shape: words with spaces
    -1.200375, // shape: none of the above
    0.716878, // partial: the value after `name:` in its segment
    0.000000, // partial: digits glued after `word_` in its segment
    1.241449, // shape: a run of five consonants
    -0.805020, // shape: a file extension is glued to it
    -0.418132, // shape: twelve or more characters
    0.000000, // declared: a path parameter the operation declares is missing from the key, and goes here
    0.000000, // declared: that missing parameter's name matches the segment before it
    -0.406750, // declared: the key's operations declare path parameters missing from it
    0.000000, // placeholder: it spells the name of the collection before it (`segments/segment-id`)
    -0.004009, // siblings: a key that differs only here has a template here
    -0.602760, // siblings: a key with the same segments before it has a template here
    0.911900, // siblings: a key that differs only here has a value here (template, value shape or declared value)
    -0.700341, // siblings: how many other keys differ only here (log2)
    1.487430, // structure: an item path under a collection path, whose text names one item
    0.502760, // structure: the segment before it is a plural word
    -1.553543, // structure: the segment before it is a template
    -0.173372, // structure: the last segment
    -3.102907, // structure: the first segment
    -1.406941, // structure: the segment before it is a version
    0.176409, // structure: the path before it is a key of the spec
    -1.598710, // text: the operations' text mentions it
    0.273074, // text: the operations' text also mentions the segment before it
    -1.205047, // spec: the share of keys with templates
    -1.264166, // spec: a word-shaped literal in a spec that templates its paths
    0.358383, // spec: a value-shaped literal in a spec that templates its paths
    -0.343701, // spec: the share of keys with a UUID, long number or e-mail address
    -1.042319, // spec: the share of keys that start with the same segments through this one
    0.049805, // structure: keys go on from it in different ways (a fork in the path tree)
    -0.630938, // vocabulary: the literal also stands under other collections (`pages/count.json`, `blogs/count.json`)
    -0.978053, // structure: the segment before it looks like a value (a number, a code, an id)
];
