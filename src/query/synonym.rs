//! Phrases of the manifest's synonym groups in a query.

use crate::analysis::{is_word_char, sub};

/// Where phrases of synonym groups occur in the query, as (byte from, byte
/// to, group), left to right, the longest first where two overlap. A
/// phrase that starts or ends with a Latin letter must stand on word
/// boundaries there (`k8s` does not match inside `ak8s`).
pub(super) fn synonym_matches(
    folded: &str,
    synonyms: &[Vec<String>],
) -> Vec<(usize, usize, usize)> {
    let phrases: Vec<(usize, &str)> = synonyms
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.iter().map(move |p| (g, p.as_str())))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let edge_ok = |edge: Option<char>, outside: Option<char>| {
        !edge.is_some_and(is_word_char) || !outside.is_some_and(is_word_char)
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = sub(folded, at, folded.len()).chars().next() {
        let before = sub(folded, 0, at).chars().next_back();
        let mut best: Option<(usize, usize)> = None;
        for &(g, phrase) in &phrases {
            let end = at + phrase.len();
            let fits = sub(folded, at, folded.len()).starts_with(phrase)
                && edge_ok(phrase.chars().next(), before)
                && edge_ok(
                    phrase.chars().next_back(),
                    sub(folded, end, folded.len()).chars().next(),
                );
            if fits && best.is_none_or(|(_, len)| phrase.len() > len) {
                best = Some((g, phrase.len()));
            }
        }
        match best {
            Some((g, len)) => {
                out.push((at, at + len, g));
                at += len;
            }
            None => at += c.len_utf8(),
        }
    }
    out
}

/// The synonym phrases a folded query contains, for loading their
/// dictionary partitions before parsing.
pub fn synonym_phrases<'a>(folded: &str, synonyms: &'a [Vec<String>]) -> Vec<&'a str> {
    synonym_matches(folded, synonyms)
        .into_iter()
        .flat_map(|(_, _, g)| synonyms[g].iter().map(String::as_str))
        .collect()
}
