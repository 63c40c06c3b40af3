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

const FITTED_BIAS: f64 = 0.978950;
/// Fitted on 4931 candidates of 36 specs.
#[rustfmt::skip]
const FITTED: [f64; FEATURES] = [
    0.000000, // shape: a UUID
    0.000000, // shape: an e-mail address
    1.748903, // shape: a number of four or more digits
    1.690829, // shape: a short number
    0.731255, // shape: an upper-case code with digits
    0.499353, // shape: a long hexadecimal string
    0.527790, // shape: letters and digits in no word order
    0.130758, // shape: a dotted id or address
    0.542544, // shape: dotted lower-case labels
    -2.650426, // shape: a version marker
    -1.578412, // shape: a lower-case word
    -0.537871, // shape: lower-case words joined
    1.500128, // shape: an upper-case word
    -0.463946, // shape: a capitalised name
    -0.488748, // shape: a camel-case word
    0.298432, // shape: words with spaces
    -0.721641, // shape: none of the above
    0.662462, // partial: the value after `name:` in its segment
    0.000000, // partial: digits glued after `word_` in its segment
    1.026840, // shape: a run of five consonants
    -1.013263, // shape: a file extension is glued to it
    -0.469305, // shape: twelve or more characters
    0.000000, // declared: a path parameter the operation declares is missing from the key, and goes here
    0.000000, // declared: that missing parameter's name matches the segment before it
    -0.437141, // declared: the key's operations declare path parameters missing from it
    0.000000, // placeholder: it spells the name of the collection before it (`segments/segment-id`)
    -0.064284, // siblings: a key that differs only here has a template here
    -0.629181, // siblings: a key with the same segments before it has a template here
    0.534548, // siblings: a key that differs only here has a value here (template, value shape or declared value)
    -0.919465, // siblings: how many other keys differ only here, in the last segment (log2)
    1.370915, // structure: an item path under a collection path, whose text names one item
    0.313718, // structure: the segment before it is a plural word
    -1.601567, // structure: the segment before it is a template
    -0.339675, // structure: the last segment
    -3.051535, // structure: the first segment
    -1.398493, // structure: the segment before it is a version
    0.121730, // structure: the path before it is a key of the spec
    -1.664996, // text: the operations' text mentions it
    0.350599, // text: the operations' text also mentions the segment before it
    -1.190320, // spec: the share of keys with templates
    -1.312081, // spec: a word-shaped literal in a spec that templates its paths
    0.240270, // spec: a value-shaped literal in a spec that templates its paths
    -0.224810, // spec: the share of keys with a UUID, long number or e-mail address
    -0.983767, // spec: the share of keys that start with the same segments through this one
    0.468432, // structure: keys go on from it in different ways (a fork in the path tree)
    -1.030411, // vocabulary: the literal also stands under other collections (`pages/count.json`, `blogs/count.json`)
    -1.043989, // structure: the segment before it looks like a value (a number, a code, an id)
    -1.702583, // structure: the segment after it looks like a value (a number, a code, an id)
    -0.479793, // structure: the segment after it is a template
    0.784561, // siblings: the share of the other literals after the same segments that are shaped like values
    -0.279507, // siblings: how many other keys differ only here, with the same segments after it (log2)
    -0.211792, // structure: how many keys go on from it (log2)
    1.162594, // structure: a number right after a plural word (`games/2`)
];
