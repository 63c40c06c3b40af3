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

const FITTED_BIAS: f64 = 0.895161;
/// Fitted on 4931 candidates of 36 specs.
#[rustfmt::skip]
const FITTED: [f64; FEATURES] = [
    0.000000, // shape: a UUID
    0.000000, // shape: an e-mail address
    1.801065, // shape: a number of four or more digits
    1.732493, // shape: a short number
    0.603618, // shape: an upper-case code with digits
    0.560438, // shape: a long hexadecimal string
    0.536214, // shape: letters and digits in no word order
    0.143381, // shape: a dotted id or address
    0.572981, // shape: dotted lower-case labels
    -2.598485, // shape: a version marker
    -1.500757, // shape: a lower-case word
    -0.300028, // shape: lower-case words joined
    1.430671, // shape: an upper-case word
    -0.427491, // shape: a capitalised name
    -0.416986, // shape: a camel-case word
    0.324339, // shape: words with spaces
    -0.688871, // shape: none of the above
    -0.627420, // shape: one lower-case token with digits
    0.663441, // partial: the value after `name:` in its segment
    0.000000, // partial: digits glued after `word_` in its segment
    0.865061, // shape: a run of five consonants
    -0.967061, // shape: a file extension is glued to it
    -0.527261, // shape: twelve or more characters
    0.000000, // declared: a path parameter the operation declares is missing from the key, and goes here
    0.000000, // declared: that missing parameter's name matches the segment before it
    -0.465748, // declared: the key's operations declare path parameters missing from it
    0.000000, // placeholder: it spells the name of the collection before it (`segments/segment-id`)
    -0.220154, // siblings: a key that differs only here has a template here
    -0.723271, // siblings: a key with the same segments before it has a template here
    0.480572, // siblings: a key that differs only here has a value here (template, value shape or declared value)
    -0.902182, // siblings: how many other keys differ only here, in the last segment (log2)
    1.403398, // structure: an item path under a collection path, whose text names one item
    0.336810, // structure: the segment before it is a plural word
    -1.598190, // structure: the segment before it is a template
    -0.329402, // structure: the last segment
    -3.038288, // structure: the first segment
    -1.417833, // structure: the segment before it is a version
    0.100509, // structure: the path before it is a key of the spec
    -1.656344, // text: the operations' text mentions it
    0.313888, // text: the operations' text also mentions the segment before it
    -1.216928, // spec: the share of keys with templates
    -1.278595, // spec: a word-shaped literal in a spec that templates its paths
    0.170567, // spec: a value-shaped literal in a spec that templates its paths
    -0.197721, // spec: the share of keys with a UUID, long number or e-mail address
    -0.968174, // spec: the share of keys that start with the same segments through this one
    0.485852, // structure: keys go on from it in different ways (a fork in the path tree)
    -1.029022, // vocabulary: the literal also stands under other collections (`pages/count.json`, `blogs/count.json`)
    -0.998949, // structure: the segment before it looks like a value (a number, a code, an id)
    -1.672008, // structure: the segment after it looks like a value (a number, a code, an id)
    -0.427373, // structure: the segment after it is a template
    0.574273, // siblings: the share of the other literals after the same segments that are shaped like values
    -0.436081, // siblings: how many other keys differ only here, with the same segments after it (log2)
    -0.220799, // structure: how many keys go on from it (log2)
    1.180430, // structure: a number right after a plural word (`games/2`)
    0.897273, // siblings: how many other literals in this slot, not shaped like words, the segment after it also follows (log2)
];
