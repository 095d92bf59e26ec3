//! Turns a query string into units of clauses over index terms, using
//! only the index itself.
//!
//! **Splitting.** The browser has no jieba. Each CJK run of the query is
//! split along a route through the index's own vocabulary instead, the way
//! jieba routes through its dictionary DAG: every substring that is a term
//! is an edge, and dynamic programming picks the route with the fewest
//! words and, among those, the highest product of term probabilities (from
//! the frequencies stored in the dictionary). Fewest words first means that
//! a query which is one indexed word is searched as that word, never as its
//! pieces.
//!
//! **Verbatim.** A route can still differ from how jieba cut the same
//! string inside a sentence. So a CJK clause is also matched verbatim: the
//! index holds every CJK character at every position, and a section whose
//! characters stand in the query's order contains the string, however it
//! was segmented. A CJK clause is met by its string verbatim, or by its
//! *pieces* anywhere in the section: each route word, except that a single
//! character is glued to its neighbour word (`多` + `集群` → `多集群`) and
//! that piece must be found verbatim, since a lone character far from its
//! neighbour means nothing.
//!
//! **Synonyms.** Where the query contains a phrase of a synonym group
//! (stored in the manifest, folded), that stretch becomes one unit whose
//! alternatives are the group's phrases, each parsed on its own; the unit
//! is met when all clauses of any alternative are. Every other clause is a
//! unit of one.
//!
//! **Expansions.** A Latin word may also be met by the terms it is a prefix
//! of (`promethe` → `prometheus`); the search tries these only when the
//! words themselves find nothing.

use crate::analysis::{self, SpanKind, is_word_char};
use crate::format::terms::{TermInfo, Terms};

/// Longest term, in characters, that the splitter looks up.
pub const MAX_TERM_CHARS: usize = 12;
/// How many terms a Latin word expands to, most frequent first.
pub const MAX_EXPANSIONS: usize = 12;
/// Shortest Latin word that is expanded.
pub const MIN_EXPANDED_CHARS: u32 = 2;
/// Most units a query is searched with; the rest of a longer query is
/// ignored. Each unit costs a pass over the candidates and a set of
/// excerpt marks, so this bounds the work of any query, whatever its text.
pub const MAX_UNITS: usize = 16;

/// Where the splitter looks terms up: the index, or one partition in tests.
pub trait Vocabulary {
    fn get(&self, term: &str) -> Option<TermInfo>;
    /// Terms that start with `prefix`, from what is loaded.
    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)>;
}

impl Vocabulary for Terms {
    fn get(&self, term: &str) -> Option<TermInfo> {
        Terms::get(self, term)
    }

    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        let mut out = Vec::new();
        Terms::with_prefix(self, prefix, &mut out);
        out
    }
}

impl Vocabulary for crate::Index {
    fn get(&self, term: &str) -> Option<TermInfo> {
        self.term(term)
    }

    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        self.terms_with_prefix(prefix)
    }
}

/// The prefixes whose dictionary partitions a query needs: every CJK
/// character starts candidate words, and every other token is looked up
/// whole and as a prefix. The caller loads them before parsing.
pub fn lookups(folded: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for span in analysis::tokenize(folded) {
        match span.kind {
            SpanKind::Cjk => {
                let mut rest = span.text;
                while let Some(c) = rest.chars().next() {
                    out.push(&rest[..c.len_utf8()]);
                    rest = &rest[c.len_utf8()..];
                }
            }
            _ => out.push(span.text),
        }
    }
    out
}

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
    /// A Latin word, compound or chunk: one term.
    Word,
    /// A CJK run: route words, or the run verbatim.
    Cjk,
}

/// A stretch of a clause that must be found for the clause to be met by
/// its pieces: one word, or characters glued to a word, found verbatim.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Folded text of the piece.
    pub text: String,
    /// Character offset in its clause, and length.
    pub start: u32,
    pub chars: u32,
    /// The piece's term when it is one word; `None` when it is characters
    /// glued to a word, found by the adjacency of `Clause::chars_in_order`.
    pub term: Option<usize>,
}

/// One unit of the query that a matching section must contain.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// Folded text of the clause.
    pub text: String,
    /// Character offset in the folded query (for a synonym alternative, in
    /// the phrase, plus its unit's start), and length.
    pub start: u32,
    pub chars: u32,
    /// What meets the clause when all are found, anywhere: the word, or the
    /// CJK route with single characters glued to their neighbours.
    pub pieces: Vec<Piece>,
    /// For a CJK clause, its characters in order (indices into
    /// [`Query::terms`]), whose adjacency confirms a run verbatim.
    pub chars_in_order: Vec<usize>,
    /// Terms this word is a prefix of (see [`Query::expand`]).
    pub expansions: Vec<usize>,
}

/// A stretch of the query that a section must meet, by all clauses of one
/// of its alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Character offset in the folded query, and length.
    pub start: u32,
    pub chars: u32,
    /// Clause indices; plain text has one alternative of one clause.
    pub alternatives: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub folded: String,
    /// Every distinct term the clauses use.
    pub terms: Vec<QueryTerm>,
    pub clauses: Vec<Clause>,
    /// In query order.
    pub units: Vec<Unit>,
}

impl Query {
    /// Parses already folded text. `synonyms` are groups of folded phrases.
    pub fn parse(
        folded: &str,
        dict: &dyn Vocabulary,
        total_freq: u64,
        synonyms: &[Vec<String>],
    ) -> Query {
        let splitter = Splitter {
            dict,
            ln_total: (total_freq.max(2) as f64).ln(),
        };
        let mut q = Query {
            folded: folded.to_owned(),
            terms: Vec::new(),
            clauses: Vec::new(),
            units: Vec::new(),
        };
        let mut plain_from = 0;
        for (from, to, group) in synonym_matches(folded, synonyms) {
            q.push_plain(
                &splitter,
                &folded[plain_from..from],
                char_count(&folded[..plain_from]),
            );
            if q.units.len() >= MAX_UNITS {
                break;
            }
            let start = char_count(&folded[..from]);
            let alternatives = synonyms[group]
                .iter()
                .map(|phrase| {
                    let first = q.clauses.len();
                    q.parse_span(&splitter, phrase, start);
                    (first..q.clauses.len()).collect::<Vec<_>>()
                })
                .filter(|alt: &Vec<usize>| !alt.is_empty())
                .collect();
            q.units.push(Unit {
                start,
                chars: char_count(&folded[from..to]),
                alternatives,
            });
            plain_from = to;
        }
        q.push_plain(
            &splitter,
            &folded[plain_from..],
            char_count(&folded[..plain_from]),
        );
        q
    }

    /// Parses plain text into clauses, one unit each. A clause that
    /// repeats an earlier one adds nothing to what a section must contain,
    /// so it is dropped (`的 的 的 …` is one unit, not sixty-four).
    fn push_plain(&mut self, splitter: &Splitter, text: &str, base: u32) {
        let first = self.clauses.len();
        self.parse_span(splitter, text, base);
        let mut kept = first;
        for c in first..self.clauses.len() {
            let clause = &self.clauses[c];
            let repeat = self.clauses[..kept]
                .iter()
                .any(|k| k.kind == clause.kind && k.text == clause.text);
            if repeat || self.units.len() >= MAX_UNITS {
                continue;
            }
            self.clauses.swap(kept, c);
            self.units.push(Unit {
                start: self.clauses[kept].start,
                chars: self.clauses[kept].chars,
                alternatives: vec![vec![kept]],
            });
            kept += 1;
        }
        self.clauses.truncate(kept);
    }

    /// Appends the clauses of `text`, whose first character is at `base`.
    fn parse_span(&mut self, splitter: &Splitter, text: &str, base: u32) {
        let dict = splitter.dict;
        // A compound the index knows is searched whole; its parts, which
        // follow it, are then skipped. An unknown one is searched by parts.
        let mut covered_until = 0;
        for span in analysis::tokenize(text) {
            if span.start < covered_until {
                continue;
            }
            let start = base + span.start;
            match span.kind {
                SpanKind::Compound => {
                    if dict.get(span.text).is_some() {
                        self.push_word(dict, span.text, start, span.chars);
                        covered_until = span.start + span.chars;
                    }
                }
                SpanKind::Word | SpanKind::Chunk => {
                    self.push_word(dict, span.text, start, span.chars)
                }
                SpanKind::Cjk => {
                    let mut buf = [0u8; 4];
                    let chars_in_order = span
                        .text
                        .chars()
                        .map(|c| self.term(dict, c.encode_utf8(&mut buf)))
                        .collect();
                    let pieces = glue(&splitter.route(span.text))
                        .into_iter()
                        .map(|(from, to, is_word)| {
                            let text = char_slice(span.text, from, to);
                            Piece {
                                text: text.to_owned(),
                                start: from as u32,
                                chars: (to - from) as u32,
                                term: is_word.then(|| self.term(dict, text)),
                            }
                        })
                        .collect();
                    self.clauses.push(Clause {
                        kind: ClauseKind::Cjk,
                        text: span.text.to_owned(),
                        start,
                        chars: span.chars,
                        pieces,
                        chars_in_order,
                        expansions: Vec::new(),
                    });
                }
            }
        }
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
        let piece = Piece {
            text: text.to_owned(),
            start: 0,
            chars,
            term: Some(t),
        };
        self.clauses.push(Clause {
            kind: ClauseKind::Word,
            text: text.to_owned(),
            start,
            chars,
            pieces: vec![piece],
            chars_in_order: Vec::new(),
            expansions: Vec::new(),
        });
    }

    /// Gives each Latin word the terms it is a prefix of, most frequent
    /// first. Returns whether any word got one.
    pub fn expand(&mut self, dict: &dyn Vocabulary) -> bool {
        let mut any = false;
        for c in 0..self.clauses.len() {
            let clause = &self.clauses[c];
            if clause.kind != ClauseKind::Word || clause.chars < MIN_EXPANDED_CHARS {
                continue;
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
            let expansions: Vec<usize> =
                top.iter().map(|(term, _)| self.term(dict, term)).collect();
            any |= !expansions.is_empty();
            self.clauses[c].expansions = expansions;
        }
        any
    }

    /// The pieces the query was split into, in query order, for display.
    pub fn words(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for piece in self.clauses.iter().flat_map(|c| &c.pieces) {
            if !out.contains(&piece.text.as_str()) {
                out.push(&piece.text);
            }
        }
        out
    }
}

/// Groups a route into pieces (from, to, is one word): a single character
/// joins the word after it, or before it at the end of the run. A run of
/// nothing but single characters is one piece.
fn glue(route: &[(usize, usize)]) -> Vec<(usize, usize, bool)> {
    if route.len() == 1 {
        return vec![(route[0].0, route[0].1, true)];
    }
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    // Where the single characters waiting for a word start.
    let mut pending: Option<usize> = None;
    for &(from, to) in route {
        match (to - from == 1, pending) {
            (true, None) => pending = Some(from),
            (true, Some(_)) => {}
            (false, Some(start)) => {
                out.push((start, to, false));
                pending = None;
            }
            (false, None) => out.push((from, to, true)),
        }
    }
    if let Some(start) = pending {
        let end = route[route.len() - 1].1;
        let glued = match out.pop() {
            Some((before, _, _)) => (before, end, false),
            None => (start, end, false),
        };
        out.push(glued);
    }
    out
}

fn char_count(s: &str) -> u32 {
    s.chars().count() as u32
}

fn char_slice(s: &str, from: usize, to: usize) -> &str {
    let byte = |i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    &s[byte(from)..byte(to)]
}

/// Where phrases of synonym groups occur in the query, as (byte from, byte
/// to, group), left to right, the longest first where two overlap. A
/// phrase that starts or ends with a Latin letter must stand on word
/// boundaries there (`k8s` does not match inside `ak8s`).
pub(crate) fn synonym_matches(
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
    while let Some(c) = folded[at..].chars().next() {
        let before = folded[..at].chars().next_back();
        let mut best: Option<(usize, usize)> = None;
        for &(g, phrase) in &phrases {
            let end = at + phrase.len();
            let fits = folded[at..].starts_with(phrase)
                && edge_ok(phrase.chars().next(), before)
                && edge_ok(phrase.chars().next_back(), folded[end..].chars().next());
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::format::terms::{self, TermInfo};

    fn dict(words: &[(&str, u64)]) -> Terms {
        let mut words = words.to_vec();
        words.sort();
        let entries = words.iter().map(|&(w, f)| {
            let info = TermInfo {
                offset: 0,
                freq_code: terms::freq_code(f),
            };
            (w, info)
        });
        Terms::decode(0, &terms::encode(entries).unwrap()).unwrap()
    }

    fn parse(q: &str, d: &Terms) -> Query {
        Query::parse(&crate::analysis::fold_simplified(q), d, 10_000, &[])
    }

    fn words(q: &str, d: &Terms) -> Vec<String> {
        parse(q, d).words().into_iter().map(str::to_owned).collect()
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
    fn traditional_queries_are_folded_first() {
        let d = dict(&[("网络", 60), ("监控", 30), ("新干线", 2), ("新", 100)]);
        assert_eq!(words("網絡監控", &d), ["网络", "监控"]);
        assert_eq!(words("新幹線", &d), ["新干线"]);
    }

    #[test]
    fn cjk_clauses_keep_their_characters_in_order() {
        let d = dict(&[("容器", 50), ("容", 5), ("器", 5)]);
        let q = parse("容器器", &d);
        assert_eq!(q.clauses.len(), 1);
        let chars: Vec<&str> = q.clauses[0]
            .chars_in_order
            .iter()
            .map(|&i| q.terms[i].text.as_str())
            .collect();
        assert_eq!(chars, ["容", "器", "器"]);
        // The lone character glues to its neighbour.
        assert_eq!(words("容器器", &d), ["容器器"]);
    }

    #[test]
    fn unknown_characters_are_kept_and_marked_unknown() {
        let d = dict(&[("容器", 50)]);
        let q = parse("容器易", &d);
        let known: Vec<(&str, bool)> = q
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.info.is_some()))
            .collect();
        assert!(known.contains(&("易", false)));
        assert_eq!(q.words(), ["容器易"]);
    }

    #[test]
    fn single_characters_glue_to_their_neighbours() {
        let d = dict(&[
            ("集群", 50),
            ("管理", 60),
            ("一段", 9),
            ("状态", 9),
            ("应用", 9),
        ]);
        assert_eq!(words("多集群管理", &d), ["多集群", "管理"]);
        assert_eq!(words("是一段", &d), ["是一段"]);
        assert_eq!(words("状态应用的", &d), ["状态", "应用的"]);
        assert_eq!(words("段简", &d), ["段简"]);
        let q = parse("多集群管理", &d);
        let pieces: Vec<(u32, u32, bool)> = q.clauses[0]
            .pieces
            .iter()
            .map(|p| (p.start, p.chars, p.term.is_some()))
            .collect();
        assert_eq!(pieces, [(0, 3, false), (3, 2, true)]);
    }

    #[test]
    fn repeats_are_one_unit_and_units_are_capped() {
        let d = dict(&[("的", 900), ("容器", 50), ("kube", 9)]);
        let q = parse(&"的 ".repeat(64), &d);
        assert_eq!((q.units.len(), q.clauses.len()), (1, 1));
        let q = parse("kube 容器 kube 的 容器", &d);
        let texts: Vec<&str> = q.clauses.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["kube", "容器", "的"]);
        let many: String = (0..40).map(|i| format!("w{i} ")).collect();
        let q = parse(&many, &d);
        assert_eq!(q.units.len(), MAX_UNITS);
        assert_eq!(q.clauses.len(), MAX_UNITS);
    }

    #[test]
    fn lookups_cover_every_character_and_word() {
        assert_eq!(lookups("k8s网络"), ["k8s", "网", "络"]);
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
        let q = parse("CI/CD", &d);
        assert_eq!((q.clauses[0].start, q.clauses[1].start), (0, 3));
        assert_eq!(q.units.len(), 2);
    }

    #[test]
    fn synonym_phrases_become_units_of_alternatives() {
        let d = dict(&[
            ("k8s", 5),
            ("kubernetes", 50),
            ("网络", 60),
            ("服务", 70),
            ("网格", 9),
            ("落地", 8),
        ]);
        let synonyms = vec![
            vec!["k8s".to_owned(), "kubernetes".to_owned()],
            vec!["服务网格".to_owned(), "service mesh".to_owned()],
        ];
        let q = Query::parse("k8s网络", &d, 10_000, &synonyms);
        assert_eq!(q.units.len(), 2);
        let alts: Vec<Vec<&str>> = q.units[0]
            .alternatives
            .iter()
            .map(|alt| alt.iter().map(|&c| q.clauses[c].text.as_str()).collect())
            .collect();
        assert_eq!(alts, [vec!["k8s"], vec!["kubernetes"]]);
        assert_eq!(q.units[1].alternatives, [vec![2]]);
        assert_eq!(q.clauses[2].text, "网络");

        let q = Query::parse("服务网格落地", &d, 10_000, &synonyms);
        assert_eq!(
            (q.units.len(), q.units[0].chars, q.units[1].start),
            (2, 4, 4)
        );
        let mesh: Vec<&str> = q.units[0].alternatives[1]
            .iter()
            .map(|&c| q.clauses[c].text.as_str())
            .collect();
        assert_eq!(mesh, ["service", "mesh"]);

        // Latin phrases only match whole words.
        let q = Query::parse("ak8s", &d, 10_000, &synonyms);
        assert_eq!(q.units[0].alternatives.len(), 1);
    }

    #[test]
    fn words_expand_to_the_terms_they_begin() {
        let d = dict(&[("prometheus", 40), ("promql", 3), ("prom", 1), ("kube", 9)]);
        let mut q = parse("prom kube", &d);
        assert!(q.expand(&d));
        let names = |c: &Clause| {
            c.expansions
                .iter()
                .map(|&t| q.terms[t].text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&q.clauses[0]), ["prometheus", "promql"]);
        assert!(names(&q.clauses[1]).is_empty());
    }
}
