//! What the reader may have meant by a Latin word: the word a typo stands
//! for, and the words an unfinished last word begins.

use super::{Alternative, Clause, ClauseKind, Query, Via, Vocabulary};
use crate::analysis::is_word_char;
use crate::format::terms::TermInfo;

/// How many terms the last Latin word also matches as a prefix, most
/// frequent first.
pub const MAX_EXPANSIONS: usize = 6;
/// Shortest Latin word that is expanded as a prefix.
pub const MIN_EXPANDED_CHARS: u32 = 2;
/// Shortest Latin word that may be a typo.
pub const MIN_TYPO_CHARS: usize = 4;
/// From this length on, a typo may be two edits away; below, one.
pub const TWO_TYPOS_FROM: usize = 8;
/// A correction replaces a word the index has only when the corrected word
/// is this much more frequent (`freq_code` steps of 1/16 of ln: 37 ≈ ×10).
pub const CORRECT_KNOWN_WORD_RATIO: u8 = 37;

impl Query {
    /// The single Latin word a unit is, if it is one, and whether it was
    /// also expanded as a prefix (its other alternatives).
    fn latin_word(&self, u: usize) -> Option<(&Clause, bool)> {
        let unit = &self.units[u];
        let [alt, rest @ ..] = unit.alternatives.as_slice() else {
            return None;
        };
        let [c] = alt.clauses.as_slice() else {
            return None;
        };
        if rest.iter().any(|a| a.via != Via::Prefix) {
            return None;
        }
        let clause = &self.clauses[*c];
        let word = clause.kind == ClauseKind::Word && clause.text.chars().all(is_word_char);
        word.then_some((clause, !rest.is_empty()))
    }

    /// The Latin words a unit's typed alternatives are (one, or each
    /// word of `a OR b`), as clauses, and whether the unit was expanded as
    /// a prefix; none if it has other alternatives (synonyms, regional
    /// forms).
    fn typed_latin_words(&self, u: usize) -> Vec<(usize, bool)> {
        let alternatives = &self.units[u].alternatives;
        if alternatives
            .iter()
            .any(|a| !matches!(a.via, Via::Typed | Via::Prefix))
        {
            return Vec::new();
        }
        let expanded = alternatives.iter().any(|a| a.via == Via::Prefix);
        (alternatives.iter())
            .filter(|a| a.via == Via::Typed)
            .filter_map(|a| match a.clauses[..] {
                [c] => Some(c),
                _ => None,
            })
            .filter(|&c| {
                let clause = &self.clauses[c];
                clause.kind == ClauseKind::Word && clause.text.chars().all(is_word_char)
            })
            .map(|c| (c, expanded))
            .collect()
    }

    /// Adds the word the reader probably meant to each Latin word the
    /// index lacks, or has only rarely next to a much more frequent one,
    /// alone or as a word of `a OR b`.
    pub(super) fn correct(&mut self, dict: &dyn Vocabulary) {
        let words: Vec<(usize, usize, bool)> = (0..self.units.len())
            .flat_map(|u| (self.typed_latin_words(u).into_iter()).map(move |(c, e)| (u, c, e)))
            .collect();
        for (u, c, expanded) in words {
            let clause = &self.clauses[c];
            let word = clause.text.clone();
            let len = word.chars().count();
            let typo_length = MIN_TYPO_CHARS..=super::fuzzy::MAX_TYPO_BYTES;
            if !typo_length.contains(&len) || !word.chars().all(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            let known = clause.term.and_then(|t| self.terms[t].info);
            if expanded && known.is_none() {
                // A last word the index lacks but that begins known words
                // is being typed (`kube`), not misspelt.
                continue;
            }
            // One it has may be either: a correction must also be more
            // frequent than the most frequent word it begins. `flanel`
            // (the blog wrote it twice) begins only `flanel0` and means
            // `flannel`; `dock` begins `docker`, not a typo of `docs`.
            let completed = self.expansions_freq_code(u);
            let needed = |k: TermInfo| k.freq_code.saturating_add(CORRECT_KNOWN_WORD_RATIO);
            if known.is_some_and(|k| dict.max_freq_code_near(&word) < needed(k)) {
                // No term it could be corrected to: spare the search.
                continue;
            }
            let max = if len >= TWO_TYPOS_FROM { 2 } else { 1 };
            let best = dict
                .near(&word, max)
                .into_iter()
                .filter(|(t, _, _)| *t != word)
                // A word the reader excluded is not what they meant: with
                // it, `kubenetes -kubernetes` would be retyped as a query
                // that contradicts itself.
                .filter(|(t, _, _)| !self.excludes(t))
                // Fewest edits, then the most frequent, then byte order.
                .min_by(|a, b| {
                    a.2.cmp(&b.2)
                        .then(b.1.freq_code.cmp(&a.1.freq_code))
                        .then(a.0.cmp(&b.0))
                });
            let Some((meant, info, _)) = best else {
                continue;
            };
            let much_more_frequent = known.is_none_or(|k| info.freq_code >= needed(k));
            if !much_more_frequent || completed.is_some_and(|c| info.freq_code <= c) {
                continue;
            }
            let c = self.word_clause(dict, &meant);
            self.units[u].alternatives.push(Alternative {
                clauses: vec![c],
                via: Via::Typo,
            });
            self.corrections.push((word, meant));
        }
    }

    /// Whether `word` is a `-word` of the query.
    fn excludes(&self, word: &str) -> bool {
        self.excluded
            .iter()
            .any(|a| matches!(a.clauses[..], [c] if self.clauses[c].text == word))
    }

    /// The highest `freq_code` of the words unit `u` was expanded to as a
    /// prefix, if it was.
    fn expansions_freq_code(&self, u: usize) -> Option<u8> {
        let alternatives = self.units[u].alternatives.iter();
        let prefixes = alternatives.filter(|a| a.via == Via::Prefix);
        let terms = prefixes.filter_map(|a| self.clauses[*a.clauses.first()?].term);
        terms
            .filter_map(|t| self.terms[t].info)
            .map(|i| i.freq_code)
            .max()
    }

    /// Lets the last word also match the most frequent terms it begins.
    pub(super) fn expand(&mut self, dict: &dyn Vocabulary, u: usize) {
        let Some((clause, _)) = self.latin_word(u) else {
            return;
        };
        if clause.chars < MIN_EXPANDED_CHARS {
            return;
        }
        let word = clause.text.clone();
        // The most frequent terms, ties in byte order: kept by insertion,
        // as there are few.
        let mut top: Vec<(String, TermInfo)> = Vec::with_capacity(MAX_EXPANSIONS + 1);
        for (term, info) in dict.with_prefix(&word) {
            if term == word {
                continue;
            }
            let worse = |(t, i): &(String, TermInfo)| {
                i.freq_code < info.freq_code || (i.freq_code == info.freq_code && *t > term)
            };
            let at = top.iter().position(worse).unwrap_or(top.len());
            top.insert(at, (term, info));
            top.truncate(MAX_EXPANSIONS);
        }
        for (term, _) in top {
            let c = self.word_clause(dict, &term);
            self.units[u].alternatives.push(Alternative {
                clauses: vec![c],
                via: Via::Prefix,
            });
        }
    }
}
