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
/// Longest regional phrase looked for, in characters.
const MAX_REGIONAL_CHARS: usize = 8;
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
    /// Taiwan and Hong Kong phrases and their mainland forms, sorted by
    /// phrase (the fold table, a dictionary bucket): a phrase the route cuts across is made a way
    /// through.
    pub regional: &'a [(String, Vec<String>)],
    /// ln of the sum of all term frequencies.
    pub ln_total: f64,
}

impl Splitter<'_> {
    /// Splits a CJK run into (from, to) character ranges: fewest words,
    /// then most probable. A regional phrase that the route cuts across
    /// (叢集 folds to 丛集, and where a site never writes 丛 the route is
    /// 丛 + 集是) is then made a way through, and the run routed again, so
    /// that the phrase is met as what it is.
    pub fn route(&self, run: &str) -> Vec<(usize, usize)> {
        let chars: Vec<usize> = run
            .char_indices()
            .map(|(b, _)| b)
            .chain([run.len()])
            .collect();
        let plain = self.route_with(run, &chars, &[]);
        let cut = self.regional_cut(run, &chars, &plain);
        if cut.is_empty() {
            plain
        } else {
            self.route_with(run, &chars, &cut)
        }
    }

    /// The regional phrases of `run` that `route` cuts across, as (from,
    /// to, log probability): those a word of the route starts or ends
    /// inside, where the route leaves a character alone, and that overlap
    /// no phrase the route meets whole.
    fn regional_cut(
        &self,
        run: &str,
        chars: &[usize],
        route: &[(usize, usize)],
    ) -> Vec<(usize, usize, f64)> {
        if self.regional.is_empty() {
            return Vec::new();
        }
        let len = chars.len() - 1;
        let bound = |at: usize| route.iter().any(|&(f, t)| f == at || t == at);
        let lone_in = |from: usize, to: usize| {
            route
                .iter()
                .any(|&(f, t)| t == f + 1 && f >= from && t <= to)
        };
        let mut found = Vec::new();
        for i in 0..len {
            for j in i + 2..=len.min(i + MAX_REGIONAL_CHARS) {
                let piece = crate::analysis::sub(run, chars[i], chars[j]);
                if let Some(logp) = self.regional_logp(piece) {
                    found.push((i, j, logp));
                }
            }
        }
        // A phrase the route already meets whole (负载平衡器) keeps the
        // route, and so does any phrase across it (负载平衡).
        let (aligned, cut): (Vec<_>, Vec<_>) = found
            .into_iter()
            .partition(|&(i, j, _)| bound(i) && bound(j));
        cut.into_iter()
            .filter(|&(i, j, _)| lone_in(i, j) && !aligned.iter().any(|a| a.0 < j && i < a.1))
            .collect()
    }

    /// A regional phrase's log probability as a word of the route: its
    /// commonest mainland form's, as the site writes it.
    fn regional_logp(&self, piece: &str) -> Option<f64> {
        let at = (self.regional)
            .binary_search_by(|(k, _)| k.as_str().cmp(piece))
            .ok()?;
        let best = self.regional[at].1.iter().filter_map(|form| {
            let info = self.dict.get(form).filter(|i| i.word)?;
            Some(info.ln_freq())
        });
        Some(best.fold(0.0, f64::max) - self.ln_total)
    }

    /// The route through the dictionary's words and the `extra` ways
    /// through (from, to, log probability).
    fn route_with(
        &self,
        run: &str,
        chars: &[usize],
        extra: &[(usize, usize, f64)],
    ) -> Vec<(usize, usize)> {
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
                let extra = extra.iter().find(|e| e.0 == i && e.1 == j);
                let logp = match self.dict.get(piece) {
                    _ if j == i + 1 && super::is_function_word(piece) => FUNCTION_LOGP,
                    _ if j == i + 1 => single,
                    Some(info) if info.word => info.ln_freq() - self.ln_total,
                    // A function word the site never writes (Cantonese 边个,
                    // 得唔得) is still one word, not characters that mean
                    // something else alone (边); of the lowest probability,
                    // so that a route of as many words keeps the site's own
                    // (加入 + 面板, not 加 + 入面 + 板).
                    _ if j - i <= super::MAX_FUNCTION_CHARS && super::is_function_word(piece) => {
                        single
                    }
                    _ => match extra {
                        Some(e) => e.2,
                        None => continue,
                    },
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
