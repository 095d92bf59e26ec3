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
/// The fewest times (as a [`freq_code`](crate::format::terms::freq_code):
/// 5) a lone character of a query must stand after the word before it in
/// the site's text to lean back to it: two or three times say nothing
/// (`还是` + `写` + `文件`).
const MIN_LEAN_FREQ_CODE: u8 = 26;
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

    /// Whether the lone character at `at` (a character index of `run`,
    /// after the word from `word` and before another) belongs with the
    /// word before it rather than the one after: whether it stands beside
    /// the one's end more often in the site's text than beside the
    /// other's start. A suffix leans back (`私有` + `云` + `平台` is 私有云 /
    /// 平台, `持久` + `化` + `存储` is 持久化 / 存储), a prefix forward
    /// (`服务器` + `高` + `可用` is 服务器 / 高可用). Never onto a function
    /// word, whose neighbours are seldom its own.
    pub fn leans_back(&self, run: &str, word: usize, at: usize) -> bool {
        let chars: Vec<char> = run.chars().skip(word).take(at + 2 - word).collect();
        let [.., before, lone, after] = chars[..] else {
            return false;
        };
        if word >= at || chars.len() != at + 2 - word {
            return false;
        }
        let before_word: String = chars[..chars.len() - 2].iter().collect();
        let freq = |a: char, b: char| {
            let pair: String = [a, b].into_iter().collect();
            self.dict.get(&pair).map_or(0, |info| info.freq_code)
        };
        let back = freq(before, lone);
        back >= MIN_LEAN_FREQ_CODE
            && back > freq(lone, after)
            && !super::is_function_word(&before_word)
    }
}

/// Groups a route into pieces (from, to, is one word). A lone character
/// joins a neighbouring word, since a character far from its neighbour
/// means nothing (`多` + `集群`): the word after it, unless it `leans
/// back` to the word before (see [`Splitter::leans_back`]), or at the end
/// of the run. Two or more characters in a row that are no word stand
/// together as one piece (`控管` in `权限控管`), so that the words around
/// them are still found on their own. A run of nothing but single
/// characters is one piece.
pub fn glue(
    route: &[(usize, usize)],
    leans_back: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, bool)> {
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
                match out.pop() {
                    Some((before, _, true)) if leans_back(before, start) => {
                        out.push((before, from, false));
                        out.push((from, to, true));
                    }
                    last => {
                        out.extend(last);
                        out.push((start, to, false));
                    }
                }
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
