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

const FITTED_BIAS: f64 = 0.659608;
/// Fitted on 4914 candidates of 36 specs.
#[rustfmt::skip]
const FITTED: [f64; FEATURES] = [
    0.000000, // shape: a UUID
    0.000000, // shape: an e-mail address
    1.382306, // shape: a number of four or more digits
    1.718694, // shape: a short number
    0.501518, // shape: an upper-case code with digits
    0.000000, // shape: a long hexadecimal string
    0.508859, // shape: letters and digits in no word order
    0.047912, // shape: a dotted id or address
    0.396564, // shape: dotted lower-case labels
    -2.388417, // shape: a version marker
    -1.217146, // shape: a lower-case word
    -0.360060, // shape: lower-case words joined
    1.415334, // shape: an upper-case word
    -0.342720, // shape: a capitalised name
    -0.629536, // shape: a camel-case word
    0.395451, // shape: words with spaces
    -0.412607, // shape: none of the above
    -0.356545, // shape: one lower-case token with digits
    0.686835, // partial: the value after `name:` in its segment
    0.000000, // partial: digits glued after `word_` in its segment
    0.759202, // shape: a run of five consonants
    -0.888542, // shape: a file extension is glued to it
    -0.348317, // shape: twelve or more characters
    0.000000, // declared: a path parameter the operation declares is missing from the key, and goes here
    0.000000, // declared: that missing parameter's name matches the segment before it
    -0.462999, // declared: the key's operations declare path parameters missing from it
    0.000000, // placeholder: it spells the name of the collection before it (`segments/segment-id`)
    -0.265185, // siblings: a key that differs only here has a template here
    -0.752339, // siblings: a key with the same segments before it has a template here
    0.546539, // siblings: a key that differs only here has a value here (template, value shape or declared value)
    -0.870730, // siblings: how many other keys differ only here, in the last segment (log2)
    0.642063, // structure: an item path under a collection path, whose text names one item
    0.317791, // structure: the segment before it is a plural word
    -1.533386, // structure: the segment before it is a template
    -0.220490, // structure: the last segment
    -2.941575, // structure: the first segment
    -1.375004, // structure: the segment before it is a version
    0.255931, // structure: the path before it is a key of the spec
    -1.587892, // text: the operations' text mentions it
    0.131006, // text: the operations' text also mentions the segment before it
    -1.157367, // spec: the share of keys with templates
    -1.220398, // spec: a word-shaped literal in a spec that templates its paths
    0.146150, // spec: a value-shaped literal in a spec that templates its paths
    -0.609605, // spec: the share of keys with a UUID, long number or e-mail address
    -0.759712, // spec: the share of keys that start with the same segments through this one
    0.789544, // structure: keys go on from it in different ways (a fork in the path tree)
    -1.193315, // vocabulary: the literal also stands under other collections (`pages/count.json`, `blogs/count.json`)
    -1.519484, // structure: the segment before it looks like a value (a number, a code, an id)
    -1.510346, // structure: the segment after it looks like a value (a number, a code, an id)
    -0.347770, // structure: the segment after it is a template
    0.616180, // siblings: the share of the other literals after the same segments that are shaped like values
    -0.374712, // siblings: how many other keys differ only here, with the same segments after it (log2)
    -0.285839, // structure: how many keys go on from it (log2)
    1.061585, // structure: a number right after a plural word (`games/2`)
    0.957571, // siblings: how many other literals in this slot, not shaped like words, the segment after it also follows (log2)
    1.741881, // text: names one item of the collection before it (`stages/alpha`: "a named stage"), not the literal itself
];
