//! Turns a query into *units* over the index's terms, using only the index
//! itself.
//!
//! A unit is one thing the reader asked for: a word (`pod`, `网络`), a
//! quoted phrase, a synonym group, a regional phrase with its mainland
//! forms (記憶體 or 内存), or words joined by `OR`. Each unit has
//! *alternatives*, any of which meets it, and each alternative is one or
//! more *clauses* that must stand together, in order. The search ranks
//! sections by how many units they meet and how well (see
//! [`crate::search`]); a section need not meet them all.
//!
//! * **Syntax** ([`syntax`]): `"…"` for a phrase that must be there,
//!   `-word` to exclude, `OR` between two words.
//! * **Splitting** ([`route`]): a CJK run is split along the index's own
//!   vocabulary, fewest words first, then most probable, as jieba routes
//!   through its dictionary. Each word is a unit. A single character is
//!   glued to its neighbour (`多集群`, `私有云` of `私有云平台`: the one it
//!   stands beside more often in the site) and must be found verbatim,
//!   unless it is a function word (`的`), which stands alone.
//! * **Verbatim.** The index holds every CJK character at every position,
//!   so a CJK clause is also met where its characters stand side by side,
//!   however the indexer segmented the text. A section containing the
//!   query's text therefore meets every unit: substring recall is 1.
//! * **Compounds** ([`compound`]): a word of three or more characters is
//!   also met, less well, by the rarest word inside it (`网络带宽` by
//!   `带宽`), so that a section that names the thing in fewer words still
//!   ranks. A Latin compound the index knows (`ci/cd`, `gitlab-runner`)
//!   is also met, in score only, by each of its word parts (`ci`,
//!   `runner`).
//! * **Weak words** ([`weak`], and the indexer's statistics): question and
//!   function words, and words found in too many sections, neither filter
//!   nor dominate.
//! * **Synonyms and regional words** ([`synonym`], [`regional`]): where
//!   the query contains a phrase of a synonym group (from the manifest) or
//!   a Taiwan or Hong Kong phrase (from the fold table or a dictionary bucket), that stretch is one
//!   unit whose alternatives are the phrases of its group, or the phrase
//!   and its mainland forms. A regional phrase that lines up with its
//!   forms word by word, or that only composes a shorter one with the
//!   words after it, is searched as the mainland query would be, a unit
//!   per word (see `Query::push_regional` and `regional_at`).
//! * **Typos** ([`typing`], with [`fuzzy`]'s automaton): a Latin word of 4
//!   or more letters that the index lacks, or that is much rarer there
//!   than a word one or two edits away, is also met by that word, and the
//!   correction is reported.
//! * **As you type** ([`typing`]): the query's last Latin word is also met
//!   by the most frequent terms it begins (`kube` → `kubernetes`). Such a
//!   word is corrected only if the index has it and the correction is
//!   more frequent than every term it begins (`flanel` → `flannel`, but
//!   `dock` is `docker` being typed).
//!
//! The parser reads only the dictionary buckets loaded for it
//! ([`vocabulary`] names them from the query's text), so that a query
//! costs the bytes of its own words.
//!
//! Every query has a bounded cost: at most [`MAX_UNITS`] units, and a
//! repeated unit counts once.

pub mod compound;
pub mod fuzzy;
pub mod regional;
pub mod route;
pub mod synonym;
pub mod syntax;
pub mod typing;
pub mod vocabulary;
pub mod weak;

use crate::analysis::{self, SpanKind, sub};
use crate::format::terms::TermInfo;
pub use compound::MIN_COMPOUND_CHARS;
use compound::{compound_head, compound_part};
use regional::{regional_at, regional_inside};
pub use regional::{regional_lead_pairs, regional_phrases};
pub use route::MAX_TERM_CHARS;
use route::{Splitter, glue};
use synonym::synonym_matches;
pub use synonym::synonym_phrases;
pub use typing::{
    CORRECT_KNOWN_WORD_RATIO, MAX_EXPANSIONS, MIN_EXPANDED_CHARS, MIN_TYPO_CHARS, TWO_TYPOS_FROM,
};
use vocabulary::bigrams;
pub use vocabulary::{Vocabulary, lookups};
pub use weak::{MAX_FUNCTION_CHARS, function_words, is_function_word};

/// Most units a query is searched with; the rest of a longer query is
/// ignored. Each unit costs a pass over its postings and a set of excerpt
/// marks, so this bounds the work of any query, whatever its text.
pub const MAX_UNITS: usize = 16;

/// What the parser knows besides the dictionary.
pub struct Context<'a> {
    pub dict: &'a dyn Vocabulary,
    /// Sum of all term frequencies, for the splitter's probabilities.
    pub total_freq: u64,
    /// Groups of equivalent phrases, folded.
    pub synonyms: &'a [Vec<String>],
    /// Regional phrases and their mainland forms, folded, sorted.
    pub regional: &'a [(String, Vec<String>)],
}

/// A token of the query, folded as the index is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// The text as the reader wrote it, before folding: what a hit's
    /// `missing` shows.
    pub typed: String,
    pub kind: syntax::Kind,
    pub or_next: bool,
}

/// The tokens' folded texts, with `sep` between them. By hand rather than
/// `[&str]::join`, whose generic copy loops were 1 KB of the wasm.
pub fn joined(tokens: &[Token], sep: &str) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&t.text);
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
    /// A Latin word, compound or chunk: found by its term.
    Word,
    /// CJK characters: found by its term where it is one, and wherever its
    /// characters stand side by side.
    Cjk,
}

/// The smallest thing that is looked for: one word, or CJK characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// Folded text.
    pub text: String,
    /// Length in characters.
    pub chars: u32,
    /// Its term; `None` for CJK characters glued together, which are
    /// found by their characters only.
    pub term: Option<usize>,
    /// Characters glued together (no word of the index): wanted verbatim,
    /// so that each occurrence counts whole.
    pub glued: bool,
    /// For a CJK clause of three or more characters, the terms of its
    /// pairs of neighbouring characters in order, whose adjacency finds it
    /// verbatim; a pair or a single character is its own term.
    pub verbatim: Vec<usize>,
}

/// How an alternative came to meet a unit; all but `Typed` count a little
/// less than the words the reader typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The reader's own words.
    Typed,
    /// Another phrase of a synonym group.
    Synonym,
    /// The mainland form of a Taiwan or Hong Kong phrase.
    Regional,
    /// A term the last word begins.
    Prefix,
    /// The word the reader probably meant.
    Typo,
    /// The word inside characters glued together (`奇数` of `要奇数`):
    /// found apart, they meet the unit, less well.
    Part,
    /// A word part of a Latin compound the index knows (`ci` of `ci/cd`):
    /// it meets the unit less well still, and only in score (see
    /// [`crate::search`]).
    Piece,
}

/// Clauses that meet a unit when they all stand together, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub clauses: Vec<usize>,
    pub via: Via,
}

/// One thing the reader asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The folded text as the reader typed it.
    pub text: String,
    /// Character offset in [`Query::folded`], and length.
    pub start: u32,
    pub chars: u32,
    pub alternatives: Vec<Alternative>,
    /// A function or question word, or one in too many sections: it need
    /// not be met.
    pub weak: bool,
    /// A function or question word (的, 怎么): it also counts for little,
    /// and does not count as standing next to the words around it.
    pub function: bool,
    /// A quoted phrase: a section without it is no hit at all.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// The folded tokens, joined by spaces: what unit offsets count in.
    pub folded: String,
    /// The tokens as typed, joined the same way, character for character
    /// beside `folded`: a token whose folding changed its length (an NFKC
    /// ligature) is in its folded form here too.
    typed: String,
    /// Every distinct term the clauses use.
    pub terms: Vec<QueryTerm>,
    pub clauses: Vec<Clause>,
    /// In query order.
    pub units: Vec<Unit>,
    /// What a section must not have (`-word`).
    pub excluded: Vec<Alternative>,
    /// Typos corrected: (as typed, as meant).
    pub corrections: Vec<(String, String)>,
    /// Some of the query was left out: it had more than [`MAX_UNITS`]
    /// units.
    pub truncated: bool,
    /// The units left out, as typed, in query order.
    pub left_out: Vec<String>,
}

impl Query {
    /// Parses folded tokens.
    pub fn parse(tokens: &[Token], ctx: &Context) -> Query {
        let splitter = Splitter {
            dict: ctx.dict,
            regional: ctx.regional,
            ln_total: (ctx.total_freq.max(2) as f64).ln(),
        };
        let mut q = Query::default();
        let mut last_word = None;
        let mut i = 0;
        while i < tokens.len() {
            let start = q.folded.chars().count() as u32 + u32::from(!q.folded.is_empty());
            let t = &tokens[i];
            if t.or_next {
                // `a OR b OR c`: one unit of alternatives.
                let mut end = i;
                while tokens[end].or_next && end + 1 < tokens.len() {
                    end += 1;
                }
                let group = &tokens[i..=end];
                q.append(group);
                let alternatives: Vec<Alternative> = group
                    .iter()
                    .map(|t| q.phrase(&splitter, &t.text, Via::Typed))
                    .filter(|a| !a.clauses.is_empty())
                    .collect();
                q.push_unit(joined(group, " OR "), start, alternatives, false);
                i = end + 1;
                continue;
            }
            match t.kind {
                syntax::Kind::Phrase => {
                    q.append(std::slice::from_ref(t));
                    let alternative = q.phrase(&splitter, &t.text, Via::Typed);
                    if !alternative.clauses.is_empty() {
                        q.push_unit(t.text.clone(), start, vec![alternative], true);
                    }
                    i += 1;
                }
                syntax::Kind::Excluded => {
                    let alternative = q.phrase(&splitter, &t.text, Via::Typed);
                    if !alternative.clauses.is_empty() {
                        q.excluded.push(alternative);
                    }
                    i += 1;
                }
                syntax::Kind::Plain => {
                    // Consecutive plain words are read as one text, so that
                    // a synonym like `service mesh` spans them.
                    let mut end = i;
                    while end + 1 < tokens.len()
                        && tokens[end + 1].kind == syntax::Kind::Plain
                        && !tokens[end + 1].or_next
                        && !tokens[end].or_next
                    {
                        end += 1;
                    }
                    let text = joined(&tokens[i..=end], " ");
                    q.append(&tokens[i..=end]);
                    last_word = q.push_plain(&splitter, ctx, &text, start);
                    i = end + 1;
                }
            }
        }
        let last_token_plain = tokens
            .last()
            .is_some_and(|t| t.kind == syntax::Kind::Plain && !t.or_next);
        // As you type first: a last word that begins known words is being
        // typed, not misspelt.
        if let Some(u) = last_word.filter(|_| last_token_plain) {
            q.expand(ctx.dict, u);
        }
        q.correct(ctx.dict);
        q
    }

    /// Parses folded text with no query syntax, as one plain token: for
    /// tools and tests.
    pub fn parse_text(text: &str, ctx: &Context) -> Query {
        let token = Token {
            text: text.to_owned(),
            typed: text.to_owned(),
            kind: syntax::Kind::Plain,
            or_next: false,
        };
        Query::parse(&[token], ctx)
    }

    /// Adds tokens to `folded` and `typed`, each after a space.
    fn append(&mut self, tokens: &[Token]) {
        for t in tokens {
            if !self.folded.is_empty() {
                self.folded.push(' ');
                self.typed.push(' ');
            }
            self.folded.push_str(&t.text);
            let alike = t.typed.chars().count() == t.text.chars().count();
            self.typed.push_str(if alike { &t.typed } else { &t.text });
        }
    }

    /// A unit as the reader typed it (記憶體 for 记忆体), where its place
    /// in the query says so; else as folded.
    pub fn typed(&self, unit: &Unit) -> String {
        self.typed_part(unit, 0, unit.chars as usize)
    }

    /// The characters `from..to` of a unit, as [`Query::typed`] spells it.
    fn typed_part(&self, unit: &Unit, from: usize, to: usize) -> String {
        let (start, end) = (unit.start as usize, (unit.start + unit.chars) as usize);
        let span = |s: &'_ str, from: usize, to: usize| {
            let at = |n| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
            sub(s, at(from), at(to).max(at(from))).to_owned()
        };
        // A unit of several tokens joined by OR is not spelt as placed.
        match span(&self.folded, start, end) == unit.text {
            true => span(&self.typed, start + from, start + to),
            false => char_slice(&unit.text, from, to).to_owned(),
        }
    }

    /// What a hit that lacks a unit says it lacks: the unit as typed; but
    /// of characters glued to a word, what they mean: the words inside that
    /// are no function words (内存 of 吃内存老), else the characters beside
    /// the function words (挂 of 挂怎么办). A reader reads 缺少：内存, not
    /// 缺少：吃内存老.
    pub fn lacking(&self, unit: &Unit) -> Vec<String> {
        let glued = (unit.alternatives.first())
            .filter(|a| a.via == Via::Typed && a.clauses.len() == 1)
            .is_some_and(|a| self.clauses[a.clauses[0]].glued);
        if !glued {
            return vec![self.typed(unit)];
        }
        // Where the words inside stand, in characters of the unit.
        let (mut content, mut function) = (Vec::new(), Vec::new());
        for alt in unit.alternatives.iter().filter(|a| a.via == Via::Part) {
            let [c] = alt.clauses[..] else { continue };
            let word = &self.clauses[c].text;
            if let Some(span) = char_find(&unit.text, word) {
                match is_function_word(word) {
                    true => function.push(span),
                    false => content.push(span),
                }
            }
        }
        if content.is_empty() {
            // The runs of characters outside every function word.
            let chars = unit.chars as usize;
            let mut kept = vec![true; chars];
            for &(from, to) in &function {
                kept[from..to].iter_mut().for_each(|k| *k = false);
            }
            let mut from = 0;
            while from < chars {
                let to = (from..chars).find(|&i| !kept[i]).unwrap_or(chars);
                if to > from {
                    content.push((from, to));
                }
                from = to + 1;
            }
        }
        match content.is_empty() {
            true => vec![self.typed(unit)],
            false => (content.into_iter())
                .map(|(from, to)| self.typed_part(unit, from, to))
                .collect(),
        }
    }

    /// Adds a unit, unless it repeats one or the query has enough.
    fn push_unit(
        &mut self,
        text: String,
        start: u32,
        alternatives: Vec<Alternative>,
        required: bool,
    ) -> Option<usize> {
        if alternatives.is_empty() || self.units.iter().any(|u| u.text == text) {
            return None;
        }
        if self.units.len() >= MAX_UNITS {
            // Named in the response, so a reader knows what went unsearched.
            let unit = Unit {
                chars: text.chars().count() as u32,
                text,
                start,
                alternatives: Vec::new(),
                weak: false,
                function: false,
                required,
            };
            self.left_out.push(self.typed(&unit));
            self.truncated = true;
            return None;
        }
        // A word typed alone, with or without its regional or synonym
        // forms (差别 or 区别): weak if the typed word is.
        let single = (!required
            && alternatives[0].clauses.len() == 1
            && alternatives[1..]
                .iter()
                .all(|a| matches!(a.via, Via::Regional | Via::Synonym)))
        .then(|| &self.clauses[alternatives[0].clauses[0]]);
        let function = single.is_some_and(|c| is_function_word(&c.text));
        let common = single.is_some_and(|c| {
            c.term
                .and_then(|t| self.terms[t].info)
                .is_some_and(|i| i.weak)
        });
        self.units.push(Unit {
            chars: text.chars().count() as u32,
            text,
            start,
            alternatives,
            weak: function || common,
            function,
            required,
        });
        Some(self.units.len() - 1)
    }

    /// Parses plain text into units, the stretches that are synonyms or
    /// regional phrases first. Returns the unit of its last word when the
    /// text ends with a Latin word.
    fn push_plain(
        &mut self,
        splitter: &Splitter,
        ctx: &Context,
        text: &str,
        base: u32,
    ) -> Option<usize> {
        let stretches = synonym_matches(text, ctx.synonyms);
        let mut from = 0;
        for (at, to, group) in stretches {
            self.push_words(
                splitter,
                ctx,
                sub(text, from, at),
                base + char_count(sub(text, 0, from)),
            );
            let typed = sub(text, at, to);
            let start = base + char_count(sub(text, 0, at));
            let own = self.phrase(splitter, typed, Via::Typed);
            let mut others: Vec<Alternative> = (ctx.synonyms[group].iter())
                .filter(|phrase| *phrase != typed)
                .map(|phrase| self.phrase(splitter, phrase, Via::Synonym))
                .filter(|a| !a.clauses.is_empty())
                .collect();
            if own.clauses.len() > 1 {
                // Typed as several words, the phrase is searched as they
                // are without the group, each word a unit that the group's
                // other phrases also meet: the group must not narrow the
                // query (日志采集 would need its words side by side).
                let first = self.units.len();
                self.push_words(splitter, ctx, typed, start);
                for unit in &mut self.units[first..] {
                    unit.alternatives.extend(others.iter().cloned());
                }
            } else {
                let mut alternatives = vec![own];
                alternatives.append(&mut others);
                alternatives.retain(|a| !a.clauses.is_empty());
                self.push_unit(typed.to_owned(), start, alternatives, false);
            }
            from = to;
        }
        // Text that ends with a synonym phrase has no last word.
        self.push_words(
            splitter,
            ctx,
            sub(text, from, text.len()),
            base + char_count(sub(text, 0, from)),
        )
    }

    /// Parses text without synonyms into one unit per word, where a
    /// regional phrase, one or more whole words of a CJK run, is one unit
    /// with its mainland forms. Returns the unit of its last word when the
    /// text ends with a Latin word.
    fn push_words(
        &mut self,
        splitter: &Splitter,
        ctx: &Context,
        text: &str,
        base: u32,
    ) -> Option<usize> {
        let dict = splitter.dict;
        let mut last_word = None;
        // A compound the index knows is searched whole; its parts, which
        // follow it, are then skipped. An unknown one is searched by parts.
        let mut covered_until = 0;
        let spans = analysis::tokenize(text);
        let mut k = 0;
        while k < spans.len() {
            let span = spans[k];
            k += 1;
            if span.start < covered_until {
                continue;
            }
            let start = base + span.start;
            last_word = None;
            match span.kind {
                SpanKind::Compound => {
                    if dict.get(span.text).is_some() {
                        let c = self.word_clause(dict, span.text);
                        let mut alternatives = vec![typed(vec![c])];
                        // The parts follow the compound's span.
                        let end = span.start + span.chars;
                        let parts = spans[k..].iter().take_while(|p| p.start < end);
                        for part in parts.filter(|p| compound_part(dict, p)) {
                            alternatives.push(Alternative {
                                clauses: vec![self.word_clause(dict, part.text)],
                                via: Via::Piece,
                            });
                        }
                        last_word =
                            self.push_unit(span.text.to_owned(), start, alternatives, false);
                        covered_until = span.start + span.chars;
                    }
                }
                SpanKind::Word => {
                    let c = self.word_clause(dict, span.text);
                    last_word =
                        self.push_unit(span.text.to_owned(), start, vec![typed(vec![c])], false);
                }
                SpanKind::Chunk => {
                    // The chunks of one overlong word stand together.
                    let mut clauses = vec![self.word_clause(dict, span.text)];
                    let mut end = span.start + span.chars;
                    while k < spans.len()
                        && spans[k].kind == SpanKind::Chunk
                        && spans[k].start == end
                    {
                        clauses.push(self.word_clause(dict, spans[k].text));
                        end += spans[k].chars;
                        k += 1;
                    }
                    let whole = char_slice(text, span.start as usize, end as usize);
                    self.push_unit(whole.to_owned(), start, vec![typed(clauses)], false);
                }
                SpanKind::Cjk => {
                    let route = splitter.route(span.text);
                    // Regional phrases are whole route words, one or more;
                    // the words between them are glued as usual.
                    let mut plain: Vec<(usize, usize)> = Vec::new();
                    let mut w = 0;
                    while w <= route.len() {
                        let regional = (w < route.len())
                            .then(|| regional_at(span.text, &route[w..], ctx.regional))
                            .flatten();
                        if regional.is_none() && w < route.len() {
                            plain.push(route[w]);
                            w += 1;
                            continue;
                        }
                        // A lone character beside a regional phrase is
                        // glued to its mainland form, as the split glues it
                        // in the mainland query (多 + 叢集: 多集群): one that
                        // starts the run, or ends it.
                        let (lead, trail) = match regional {
                            Some((words, _)) => {
                                let lone = |&(f, t): &(usize, usize)| {
                                    t - f == 1 && !is_function_word(char_slice(span.text, f, t))
                                };
                                let lead = (plain.len() == 1).then(|| plain[0]).filter(lone);
                                let rest = route.get(w + words..).unwrap_or_default();
                                let trail =
                                    (rest.len() == 1).then(|| rest[0]).filter(lone).filter(|_| {
                                        regional_at(span.text, rest, ctx.regional).is_none()
                                    });
                                (lead, trail)
                            }
                            None => (None, None),
                        };
                        if lead.is_some() {
                            plain.pop();
                        }
                        for (from, to, is_word) in glue_unless_function(splitter, span.text, &plain)
                        {
                            let piece = char_slice(span.text, from, to);
                            let c = self.cjk_clause(dict, piece, is_word);
                            let mut alternatives = vec![typed(vec![c])];
                            // The words of glued characters, on their own.
                            let words = plain
                                .iter()
                                .filter(|&&(f, t)| f >= from && t <= to && t - f >= 2);
                            for &(f, t) in words.filter(|_| !is_word) {
                                let word = char_slice(span.text, f, t);
                                alternatives.push(Alternative {
                                    clauses: vec![self.cjk_clause(dict, word, true)],
                                    via: Via::Part,
                                });
                            }
                            if is_word && let Some(head) = compound_head(dict, piece) {
                                alternatives.push(Alternative {
                                    clauses: vec![self.cjk_clause(dict, head, true)],
                                    via: Via::Part,
                                });
                            }
                            self.push_unit(
                                piece.to_owned(),
                                start + from as u32,
                                alternatives,
                                false,
                            );
                        }
                        plain.clear();
                        let Some((words, r)) = regional else { break };
                        let from = lead.map_or(route[w].0, |c| c.0);
                        let to = trail.map_or(route[w + words - 1].1, |c| c.1);
                        let beside = |c: Option<(usize, usize)>| {
                            c.map_or("", |(f, t)| char_slice(span.text, f, t))
                        };
                        let (before, after) = (beside(lead), beside(trail));
                        // A Latin form (儀表板 → dashboard) takes no character.
                        let cjk = |f: &str| f.chars().all(analysis::is_cjk);
                        let forms: Vec<(String, bool)> = (ctx.regional[r].1.iter())
                            .map(|f| match cjk(f) && (lead.is_some() || trail.is_some()) {
                                true => (format!("{before}{f}{after}"), true),
                                false => (f.clone(), false),
                            })
                            .collect();
                        let phrase = char_slice(span.text, from, to);
                        let mut alternatives = vec![self.phrase(splitter, phrase, Via::Typed)];
                        let mut parts = Vec::new();
                        for (form, composed) in &forms {
                            let alternative = match composed {
                                true => {
                                    let is_word = dict.get(form).is_some_and(|i| i.word);
                                    Alternative {
                                        clauses: vec![self.cjk_clause(dict, form, is_word)],
                                        via: Via::Regional,
                                    }
                                }
                                false => self.phrase(splitter, form, Via::Regional),
                            };
                            // A mainland form that is one word is met by the
                            // word inside it too, as the mainland query's is
                            // (its head; or, glued, its words), if the reader
                            // typed that word or a regional form of it
                            // (虛擬機器 → 虚拟机, then 虚拟; 排程器 → 调度器,
                            // then 调度 of 排程; not 資安 → 信息安全, then 信息).
                            let inner: Vec<String> = match (alternative.clauses.len() == 1)
                                .then(|| &self.clauses[alternative.clauses[0]])
                                .filter(|c| c.kind == ClauseKind::Cjk)
                            {
                                Some(c) if c.glued => (splitter.route(&c.text).iter())
                                    .filter(|&&(f, t)| t - f >= 2)
                                    .map(|&(f, t)| char_slice(&c.text, f, t).to_owned())
                                    .collect(),
                                Some(c) => compound_head(dict, &c.text)
                                    .map(str::to_owned)
                                    .into_iter()
                                    .collect(),
                                None => Vec::new(),
                            };
                            let typed = |w: &String| {
                                contains(phrase, w) || regional_inside(phrase, w, ctx.regional)
                            };
                            for word in inner.iter().filter(|w| typed(w)) {
                                parts.push(Alternative {
                                    clauses: vec![self.cjk_clause(dict, word, true)],
                                    via: Via::Part,
                                });
                            }
                            alternatives.push(alternative);
                        }
                        alternatives.retain(|a| !a.clauses.is_empty());
                        self.push_regional(phrase, start + from as u32, alternatives, parts);
                        w += words + usize::from(trail.is_some());
                    }
                }
            }
        }
        last_word
    }

    /// All of `text` as one alternative: its words in order, together.
    fn phrase(&mut self, splitter: &Splitter, text: &str, via: Via) -> Alternative {
        let dict = splitter.dict;
        let mut clauses = Vec::new();
        let mut covered_until = 0;
        for span in analysis::tokenize(text) {
            if span.start < covered_until {
                continue;
            }
            match span.kind {
                SpanKind::Compound => {
                    if dict.get(span.text).is_some() {
                        clauses.push(self.word_clause(dict, span.text));
                        covered_until = span.start + span.chars;
                    }
                }
                SpanKind::Word | SpanKind::Chunk => clauses.push(self.word_clause(dict, span.text)),
                SpanKind::Cjk => {
                    let leans_back = |word, at| splitter.leans_back(span.text, word, at);
                    for (from, to, is_word) in glue(&splitter.route(span.text), &leans_back) {
                        clauses.push(self.cjk_clause(
                            dict,
                            char_slice(span.text, from, to),
                            is_word,
                        ));
                    }
                }
            }
        }
        Alternative { clauses, via }
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

    fn push_clause(&mut self, clause: Clause) -> usize {
        if let Some(i) = self.clauses.iter().position(|c| *c == clause) {
            return i;
        }
        self.clauses.push(clause);
        self.clauses.len() - 1
    }

    fn word_clause(&mut self, dict: &dyn Vocabulary, text: &str) -> usize {
        let term = self.term(dict, text);
        self.push_clause(Clause {
            kind: ClauseKind::Word,
            text: text.to_owned(),
            chars: char_count(text),
            term: Some(term),
            glued: false,
            verbatim: Vec::new(),
        })
    }

    fn cjk_clause(&mut self, dict: &dyn Vocabulary, text: &str, is_word: bool) -> usize {
        let chars = char_count(text) as usize;
        // A function word the site never writes (能不能, 得唔得) is a way
        // through the route but no term: it is met as a phrase, like any
        // run that is no word.
        let is_word = is_word
            && (chars == 1 || dict.get(text).is_some_and(|i| i.word) || !is_function_word(text));
        // Characters and pairs are indexed at every position: they are
        // their own terms, and find themselves verbatim.
        let term = (is_word || chars <= 2).then(|| self.term(dict, text));
        let verbatim = if chars <= 2 {
            Vec::new()
        } else {
            bigrams(text).map(|pair| self.term(dict, pair)).collect()
        };
        self.push_clause(Clause {
            kind: ClauseKind::Cjk,
            text: text.to_owned(),
            chars: chars as u32,
            term,
            glued: !is_word,
            verbatim,
        })
    }

    /// Per term, whether a search needs its postings: every term of an
    /// excluded phrase or of a unit that is not a function word.
    pub fn needed_terms(&self) -> Vec<bool> {
        let mut needed = vec![false; self.terms.len()];
        let mut mark = |alt: &Alternative| {
            for &c in &alt.clauses {
                let clause = &self.clauses[c];
                for &t in clause.term.iter().chain(&clause.verbatim) {
                    needed[t] = true;
                }
            }
        };
        let only_function = self.units.iter().all(|u| u.function);
        for unit in self.units.iter().filter(|u| !u.function || only_function) {
            unit.alternatives.iter().for_each(&mut mark);
        }
        self.excluded.iter().for_each(&mut mark);
        needed
    }

    /// The words of the query for display and highlighting: each unit as
    /// typed, the other phrases of its synonym groups and regional
    /// phrases, and the corrections; not the terms a word begins.
    pub fn words(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for unit in &self.units {
            let shown = unit
                .alternatives
                .iter()
                .filter(|a| !matches!(a.via, Via::Prefix | Via::Part | Via::Piece));
            for alt in shown {
                for &c in &alt.clauses {
                    let w = self.clauses[c].text.as_str();
                    if !w.is_empty() && !out.contains(&w) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }
}

fn typed(clauses: Vec<usize>) -> Alternative {
    Alternative {
        clauses,
        via: Via::Typed,
    }
}

/// [`glue`], except that a function character (的, 了) and a function word
/// the site never writes (点样) stand alone as their own pieces: a lone
/// character beside them joins a word across them neither way (`资源` `唔`
/// `够` `点样`, not `够点样`). A function word the site writes (适合) is a
/// word like any other there, and a lone character may lean on it.
fn glue_unless_function(
    splitter: &Splitter,
    run: &str,
    route: &[(usize, usize)],
) -> Vec<(usize, usize, bool)> {
    let leans_back = |word, at| splitter.leans_back(run, word, at);
    let mut out = Vec::new();
    if route.is_empty() {
        return out;
    }
    let mut part: Vec<(usize, usize)> = Vec::new();
    for &(from, to) in route {
        let piece = char_slice(run, from, to);
        let alone = to - from == 1 || !splitter.dict.get(piece).is_some_and(|i| i.word);
        if alone && is_function_word(piece) && route.len() > 1 {
            if !part.is_empty() {
                out.extend(glue(&part, &leans_back));
                part.clear();
            }
            out.push((from, to, true));
        } else {
            part.push((from, to));
        }
    }
    if !part.is_empty() {
        out.extend(glue(&part, &leans_back));
    }
    out
}

pub(crate) fn char_count(s: &str) -> u32 {
    s.chars().count() as u32
}

/// Where `part` first stands in `text`, in characters. By bytes, as
/// [`contains`]: `str::find` would link a panic of slicing into the wasm.
fn char_find(text: &str, part: &str) -> Option<(usize, usize)> {
    let bytes = part.as_bytes();
    let at = (!bytes.is_empty()).then(|| {
        text.as_bytes()
            .windows(bytes.len())
            .position(|w| w == bytes)
    })??;
    let from = sub(text, 0, at).chars().count();
    Some((from, from + part.chars().count()))
}

/// Whether `text` holds `part`, byte for byte: `str::contains` brings
/// the two-way searcher into the wasm, 5 KB gzip for a query's few words.
fn contains(text: &str, part: &str) -> bool {
    part.is_empty() || (text.as_bytes().windows(part.len())).any(|w| w == part.as_bytes())
}

fn char_slice(s: &str, from: usize, to: usize) -> &str {
    let byte = |i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    sub(s, byte(from), byte(to))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
