//! Splits a CJK run along the index's own vocabulary.
//!
//! The browser has no jieba. Each CJK run of the query is split along a
//! route through the index's dictionary instead, the way jieba routes
//! through its dictionary DAG: every substring that is a term is an edge,
//! and dynamic programming picks the route with the fewest words and,
//! among those, the highest product of term probabilities (from the
//! frequencies stored in the dictionary). Fewest words first means that a
//! query which is one indexed word is searched as that word, never as its
//! pieces.

use super::Vocabulary;

/// Longest term, in characters, that the splitter looks up.
pub const MAX_TERM_CHARS: usize = 12;
/// Log probability of a function character (的, 和): one of the commonest
/// words of any text, so that a route keeps it alone (`虚拟机`, `和`)
/// rather than pairing it with a neighbour (`虚拟`, `机和`).
const FUNCTION_LOGP: f64 = -5.0;

pub struct Splitter<'a> {
    pub dict: &'a dyn Vocabulary,
    /// ln of the sum of all term frequencies.
    pub ln_total: f64,
}

impl Splitter<'_> {
    /// Splits a CJK run into (from, to) character ranges: fewest words,
    /// then most probable.
    pub fn route(&self, run: &str) -> Vec<(usize, usize)> {
        let chars: Vec<usize> = run
            .char_indices()
            .map(|(b, _)| b)
            .chain([run.len()])
            .collect();
        let len = chars.len() - 1;
        // Each word costs `ln_total` on top of its log probability. No
        // term's log probability is below -ln_total, so one word always
        // beats two: the route has the fewest words.
        let per_word = self.ln_total;
        let single = -self.ln_total;
        let mut best = vec![f64::NEG_INFINITY; len + 1];
        let mut next = vec![len; len + 1];
        best[len] = 0.0;
        for i in (0..len).rev() {
            for j in i + 1..=len.min(i + MAX_TERM_CHARS) {
                // A character is always a way through, its bucket not
                // looked up: a function character as a common word, any
                // other of the lowest probability a word has.
                let piece = crate::analysis::sub(run, chars[i], chars[j]);
                let logp = match self.dict.get(piece) {
                    _ if j == i + 1 && super::is_function_word(piece) => FUNCTION_LOGP,
                    _ if j == i + 1 => single,
                    Some(info) if info.word => info.ln_freq() - self.ln_total,
                    _ => continue,
                };
                let score = logp - per_word + best[j];
                if score > best[i] {
                    best[i] = score;
                    next[i] = j;
                }
            }
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < len {
            out.push((i, next[i]));
            i = next[i];
        }
        out
    }
}

/// Groups a route into pieces (from, to, is one word). A lone character
/// joins the word after it, or before it at the end of the run, since a
/// character far from its neighbour means nothing (`多` + `集群`); two or
/// more characters in a row that are no word stand together as one piece
/// (`控管` in `权限控管`), so that the words around them are still found
/// on their own. A run of nothing but single characters is one piece.
pub fn glue(route: &[(usize, usize)]) -> Vec<(usize, usize, bool)> {
    if route.len() == 1 {
        return vec![(route[0].0, route[0].1, true)];
    }
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    // Where the single characters waiting for a word start, and how many.
    let mut pending: Option<(usize, usize)> = None;
    for &(from, to) in route {
        match (to - from == 1, pending) {
            (true, None) => pending = Some((from, 1)),
            (true, Some((start, n))) => pending = Some((start, n + 1)),
            (false, Some((start, 1))) => {
                out.push((start, to, false));
                pending = None;
            }
            (false, Some((start, _))) => {
                out.push((start, from, false));
                out.push((from, to, true));
                pending = None;
            }
            (false, None) => out.push((from, to, true)),
        }
    }
    if let Some((start, n)) = pending {
        let end = route[route.len() - 1].1;
        let glued = match out.pop() {
            Some((before, _, _)) if n == 1 => (before, end, false),
            Some(word) => {
                out.push(word);
                (start, end, false)
            }
            None => (start, end, false),
        };
        out.push(glued);
    }
    out
}
