//! Turns a query string into clauses over index terms, using only the
//! index itself.
//!
//! The browser has no jieba. Each CJK run of the query is split along a
//! route through the index's own vocabulary instead, the way jieba routes
//! through its dictionary DAG: every substring that is a term is an edge,
//! and dynamic programming picks the route with the fewest words and, among
//! those, the highest product of term probabilities (from the frequencies
//! stored in the dictionary). Fewest words first means that a query which
//! is one indexed word is searched as that word, never as its pieces.
//!
//! A route can still differ from how jieba cut the same string inside a
//! sentence. So a CJK clause is also matched *verbatim*: the index holds
//! every CJK character at every position, and a section whose characters
//! stand in the query's order contains the string, however it was
//! segmented. A CJK clause is satisfied by either its route words (in any
//! order or distance) or its verbatim string.

use crate::analysis::{self, SpanKind};
use crate::format::terms::{TermInfo, Terms};

/// Where the splitter looks terms up: the index, or one partition in tests.
pub trait Vocabulary {
    fn get(&self, term: &str) -> Option<TermInfo>;
}

impl Vocabulary for Terms {
    fn get(&self, term: &str) -> Option<TermInfo> {
        Terms::get(self, term)
    }
}

impl Vocabulary for crate::Index {
    fn get(&self, term: &str) -> Option<TermInfo> {
        self.term(term)
    }
}

/// The dictionary lookups a query will make, as (key, is_prefix): every
/// CJK character starts candidate words, and every other token is looked
/// up whole. The caller loads the partitions that hold them first.
pub fn lookups(folded: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for span in analysis::tokenize(folded) {
        match span.kind {
            SpanKind::Cjk => {
                let mut rest = span.text;
                while let Some(c) = rest.chars().next() {
                    out.push((&rest[..c.len_utf8()], true));
                    rest = &rest[c.len_utf8()..];
                }
            }
            _ => out.push((span.text, false)),
        }
    }
    out
}

/// Longest term, in characters, that the splitter looks up.
pub const MAX_TERM_CHARS: usize = 12;

/// A distinct term of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// Folded text, as in the dictionary.
    pub text: String,
    /// `None` if the index has no such term.
    pub info: Option<TermInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// A Latin word, compound part or chunk: one term.
    Word,
    /// A CJK run: route words, or the run verbatim.
    Cjk,
}

/// One unit of the query that a matching section must satisfy.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// Folded text of the clause.
    pub text: String,
    /// Character offset in the folded query, and length.
    pub start: u32,
    pub chars: u32,
    /// Terms (indices into [`Query::terms`]) that satisfy the clause when
    /// all are present: the word, or the CJK route.
    pub words: Vec<usize>,
    /// For a CJK clause, its characters in order (indices into
    /// [`Query::terms`]), whose adjacency confirms the run verbatim.
    pub chars_in_order: Vec<usize>,
    /// Whether the words alone, wherever they stand, satisfy the clause.
    /// Not when a longer CJK run routes through single characters: the
    /// vocabulary has no word for them there, and scattered characters
    /// mean nothing. Such a run must be found verbatim.
    pub words_suffice: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub folded: String,
    /// Every distinct term the clauses use.
    pub terms: Vec<QueryTerm>,
    pub clauses: Vec<Clause>,
}

impl Query {
    /// Parses already folded text.
    pub fn parse(folded: &str, dict: &dyn Vocabulary, total_freq: u64) -> Query {
        let splitter = Splitter {
            dict,
            ln_total: (total_freq.max(2) as f64).ln(),
        };
        let mut q = Query {
            folded: String::new(),
            terms: Vec::new(),
            clauses: Vec::new(),
        };
        let spans = analysis::tokenize(folded);
        // A compound the index knows is searched whole; its parts, which
        // follow it, are then skipped. An unknown one is searched by parts.
        let mut covered_until = 0;
        for span in &spans {
            if span.start < covered_until {
                continue;
            }
            match span.kind {
                SpanKind::Compound => {
                    if dict.get(span.text).is_some() {
                        q.push_word(dict, span.text, span.start, span.chars);
                        covered_until = span.start + span.chars;
                    }
                }
                SpanKind::Word | SpanKind::Chunk => {
                    q.push_word(dict, span.text, span.start, span.chars)
                }
                SpanKind::Cjk => {
                    let words: Vec<usize> = splitter
                        .route(span.text)
                        .into_iter()
                        .map(|(from, to)| q.term(dict, char_slice(span.text, from, to)))
                        .collect();
                    let mut buf = [0u8; 4];
                    let chars_in_order = span
                        .text
                        .chars()
                        .map(|c| q.term(dict, c.encode_utf8(&mut buf)))
                        .collect();
                    let words_suffice = span.chars == 1
                        || words.iter().all(|&w| q.terms[w].text.chars().count() > 1);
                    q.clauses.push(Clause {
                        kind: ClauseKind::Cjk,
                        text: span.text.to_owned(),
                        start: span.start,
                        chars: span.chars,
                        words,
                        chars_in_order,
                        words_suffice,
                    });
                }
            }
        }
        q.folded = folded.to_owned();
        q
    }

    fn term(&mut self, dict: &dyn Vocabulary, text: &str) -> usize {
        if let Some(i) = self.terms.iter().position(|t| t.text == text) {
            return i;
        }
        self.terms.push(QueryTerm {
            text: text.to_owned(),
            info: dict.get(text),
        });
        self.terms.len() - 1
    }

    fn push_word(&mut self, dict: &dyn Vocabulary, text: &str, start: u32, chars: u32) {
        let t = self.term(dict, text);
        if self
            .clauses
            .iter()
            .any(|c| c.kind == ClauseKind::Word && c.words == [t])
        {
            return; // a repeated word adds nothing
        }
        self.clauses.push(Clause {
            kind: ClauseKind::Word,
            text: text.to_owned(),
            start,
            chars,
            words: vec![t],
            chars_in_order: Vec::new(),
            words_suffice: true,
        });
    }

    /// The distinct terms that are words of some clause (not characters
    /// used only for verbatim checks).
    pub fn word_terms(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.terms.len()).filter(|&t| self.clauses.iter().any(|c| c.words.contains(&t)))
    }

    /// The words the query was split into, in query order, for display.
    pub fn words(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.clauses {
            for &w in &c.words {
                let text = self.terms[w].text.as_str();
                if !out.contains(&text) {
                    out.push(text);
                }
            }
        }
        out
    }
}

fn char_slice(s: &str, from: usize, to: usize) -> &str {
    let byte = |i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    &s[byte(from)..byte(to)]
}

struct Splitter<'a> {
    dict: &'a dyn Vocabulary,
    ln_total: f64,
}

impl Splitter<'_> {
    /// Splits a CJK run into (from, to) character ranges: fewest words,
    /// then most probable.
    fn route(&self, run: &str) -> Vec<(usize, usize)> {
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
        // An unknown character is not in the corpus at all; it must be
        // worse than any term.
        let unknown = -2.0 * self.ln_total - 8.0;
        let mut best = vec![f64::NEG_INFINITY; len + 1];
        let mut next = vec![len; len + 1];
        best[len] = 0.0;
        for i in (0..len).rev() {
            for j in i + 1..=len.min(i + MAX_TERM_CHARS) {
                let logp = match self.dict.get(&run[chars[i]..chars[j]]) {
                    Some(info) => info.ln_freq() - self.ln_total,
                    None if j == i + 1 => unknown,
                    None => continue,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::terms::{self, TermInfo};

    fn dict(words: &[(&str, u64)]) -> Terms {
        let mut words = words.to_vec();
        words.sort();
        let entries = words.iter().map(|&(w, f)| {
            (
                w,
                TermInfo {
                    offset: 0,
                    freq_code: terms::freq_code(f),
                },
            )
        });
        Terms::decode(0, &terms::encode(entries).unwrap()).unwrap()
    }

    fn parse(q: &str, d: &Terms, total: u64) -> Query {
        Query::parse(&crate::analysis::fold(q), d, total)
    }

    fn words(q: &str, d: &Terms) -> Vec<String> {
        parse(q, d, 10_000)
            .words()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn fewest_words_then_most_probable() {
        let d = dict(&[
            ("容器", 50),
            ("网络", 60),
            ("性能", 30),
            ("网", 90),
            ("络", 5),
            ("一个", 900),
            ("多", 800),
            ("一个多", 2),
        ]);
        assert_eq!(words("容器网络性能", &d), ["容器", "网络", "性能"]);
        // One indexed word is searched as itself, however rare.
        assert_eq!(words("一个多", &d), ["一个多"]);
    }

    #[test]
    fn cjk_clauses_keep_their_characters_in_order() {
        let d = dict(&[("容器", 50), ("容", 5), ("器", 5)]);
        let q = parse("容器器", &d, 10_000);
        assert_eq!(q.clauses.len(), 1);
        let c = &q.clauses[0];
        let chars: Vec<&str> = c
            .chars_in_order
            .iter()
            .map(|&i| q.terms[i].text.as_str())
            .collect();
        assert_eq!(chars, ["容", "器", "器"]);
        assert_eq!(words("容器器", &d), ["容器", "器"]);
    }

    #[test]
    fn unknown_characters_are_kept_and_marked_unknown() {
        let d = dict(&[("容器", 50)]);
        let q = parse("容器易", &d, 10_000);
        let known: Vec<(&str, bool)> = q
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.info.is_some()))
            .collect();
        assert!(known.contains(&("易", false)));
        assert!(known.contains(&("容器", true)));
    }

    #[test]
    fn lookups_cover_every_character_and_word() {
        assert_eq!(
            lookups("k8s网络"),
            [("k8s", false), ("网", true), ("络", true)]
        );
    }

    #[test]
    fn compounds_are_whole_when_known() {
        let d = dict(&[
            ("kube-proxy", 3),
            ("kube", 9),
            ("proxy", 9),
            ("ci", 4),
            ("cd", 4),
        ]);
        assert_eq!(words("kube-proxy 配置", &d)[0], "kube-proxy");
        assert_eq!(words("CI/CD", &d), ["ci", "cd"]);
        let q = parse("CI/CD", &d, 100);
        assert_eq!((q.clauses[0].start, q.clauses[1].start), (0, 3));
    }
}
