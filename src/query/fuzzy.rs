//! Words a few typing errors away: an [`fst::Automaton`] that accepts the
//! keys within `max` edits of a word, where an edit is an inserted,
//! deleted or replaced byte, or two neighbours swapped (`jenkisn`), so
//! that the dictionary's fst is searched without visiting what cannot
//! match.
//!
//! A state is the last two rows of the edit-distance table of the word
//! against the key read so far, and the key's last byte (for swaps). Rows
//! are short (the word's length plus one) and kept in fixed arrays, so
//! that a step allocates nothing, and a key is abandoned as soon as no
//! cell of its row is within `max`.

use fst::Automaton;

/// Longest word, in bytes, that may be a typo: longer ones match nothing.
pub const MAX_TYPO_BYTES: usize = 32;

/// Keys within `max` edits of `word`.
pub struct Typos<'a> {
    word: &'a [u8],
    max: u8,
}

impl<'a> Typos<'a> {
    pub fn new(word: &'a str, max: u32) -> Typos<'a> {
        Typos {
            word: word.as_bytes(),
            max: max.min(u32::from(u8::MAX)) as u8,
        }
    }

    /// The edit distance of a key fully read to the word.
    pub fn distance(&self, state: &Row) -> Option<u32> {
        let d = state.cur[self.word.len()];
        (d <= self.max).then_some(u32::from(d))
    }

    /// The cells of a row that the word uses.
    fn used<'r>(&self, row: &'r [u8; ROW]) -> &'r [u8] {
        &row[..=self.word.len()]
    }
}

const ROW: usize = MAX_TYPO_BYTES + 1;

/// See [`Typos`]. Only the first `word.len() + 1` cells of a row are used.
#[derive(Clone, Debug)]
pub struct Row {
    prev: [u8; ROW],
    cur: [u8; ROW],
    last: Option<u8>,
}

impl Automaton for Typos<'_> {
    type State = Option<Row>;

    fn start(&self) -> Option<Row> {
        if self.word.len() > MAX_TYPO_BYTES {
            return None;
        }
        let mut cur = [0; ROW];
        for (i, c) in cur.iter_mut().enumerate() {
            *c = i as u8;
        }
        Some(Row {
            prev: [0; ROW],
            cur,
            last: None,
        })
    }

    fn is_match(&self, state: &Option<Row>) -> bool {
        state.as_ref().is_some_and(|r| self.distance(r).is_some())
    }

    fn can_match(&self, state: &Option<Row>) -> bool {
        state
            .as_ref()
            .is_some_and(|r| self.used(&r.cur).iter().any(|&d| d <= self.max))
    }

    fn accept(&self, state: &Option<Row>, byte: u8) -> Option<Row> {
        let row = state.as_ref()?;
        let mut next = [0u8; ROW];
        next[0] = row.cur[0].saturating_add(1);
        for (i, &w) in self.word.iter().enumerate() {
            let replace = row.cur[i].saturating_add(u8::from(w != byte));
            let insert = row.cur[i + 1].saturating_add(1);
            let delete = next[i].saturating_add(1);
            let mut best = replace.min(insert).min(delete);
            // A swap of this byte and the one before it.
            if i > 0 && row.last == Some(w) && self.word[i - 1] == byte {
                best = best.min(row.prev[i - 1].saturating_add(1));
            }
            next[i + 1] = best;
        }
        if self.used(&next).iter().all(|&d| d > self.max) {
            return None;
        }
        Some(Row {
            prev: row.cur,
            cur: next,
            last: Some(byte),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};

    fn near(words: &[&str], word: &str, max: u32) -> Vec<String> {
        let set = fst::Set::from_iter(words.iter().copied()).unwrap();
        let mut out = Vec::new();
        let mut stream = set.search(Typos::new(word, max)).into_stream();
        while let Some(key) = stream.next() {
            out.push(String::from_utf8(key.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn edits_and_swaps_within_the_limit() {
        let words = [
            "calico",
            "docker",
            "jenkins",
            "kubectl",
            "kubelet",
            "kubernetes",
            "prometheus",
        ];
        assert_eq!(near(&words, "kubenetes", 2), ["kubernetes"]);
        assert_eq!(near(&words, "jenkisn", 1), ["jenkins"]);
        assert_eq!(near(&words, "dokcer", 1), ["docker"]);
        assert_eq!(near(&words, "calcio", 1), ["calico"]);
        assert_eq!(near(&words, "promethues", 2), ["prometheus"]);
        assert_eq!(near(&words, "kubelet", 1), ["kubelet"]);
        assert_eq!(near(&words, "kubectll", 1), ["kubectl"]);
        assert!(near(&words, "dockerfile", 2).is_empty());
        assert!(near(&words, "zzzz", 1).is_empty());
        let long = "a".repeat(MAX_TYPO_BYTES + 1);
        assert!(near(&[long.as_str()], &long, 2).is_empty());
        let longest = "a".repeat(MAX_TYPO_BYTES);
        assert_eq!(
            near(&[longest.as_str()], &longest[1..], 1),
            [longest.as_str()]
        );
    }
}
