//! Matching and ranking: from a parsed query to ranked, excerpted hits.
//!
//! Every clause of the query is required (see [`crate::query`]: a word,
//! or a CJK run met by its route words or verbatim). When no section meets
//! them all, the search says so (`partial`) and returns the sections that
//! meet the most instead.
//!
//! Sections are scored with BM25F over three fields (page title, section
//! heading, body). A CJK run found verbatim scores as one more term, and
//! clauses that stand together as they do in the query multiply the
//! score.

use serde::Serialize;

use crate::Error;
use crate::excerpt::{self, Mark};
use crate::format::FileId;
use crate::format::meta::{BODY, FIELDS, HEADING, Section, TITLE};
use crate::format::postings::Posting;
use crate::index::{Index, Missing};
use crate::query::{self, Clause, ClauseKind, Query};

/// Field weights: a heading match says more than a body match. The page
/// title counts for every section of the page, so it weighs less than the
/// section's own heading.
const WEIGHTS: [f32; FIELDS] = {
    let mut w = [0.0; FIELDS];
    w[TITLE] = 2.0;
    w[HEADING] = 4.0;
    w[BODY] = 1.0;
    w
};
/// Length normalisation per field (BM25's b).
const B: [f32; FIELDS] = [0.5, 0.5, 0.75];
const K1: f32 = 1.2;
/// Weight of a CJK character found inside a longer word, against 1 for a
/// whole word: a substring match counts, but less.
const INNER_CHAR_WEIGHT: f32 = 0.25;
/// Weight of a CJK clause's verbatim occurrences, scored as one more term.
const VERBATIM_WEIGHT: f32 = 1.5;
/// Score multiplier per pair of clauses adjacent as in the query.
const ADJACENT_BONUS: f32 = 0.5;
/// Score multiplier when all clauses stand together.
const VERBATIM_BONUS: f32 = 0.5;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Section,
    Page,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub limit: usize,
    pub group: Group,
    /// With `Group::Page`, how many sections to list per page.
    pub sections_per_page: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: DEFAULT_LIMIT,
            group: Group::Section,
            sections_per_page: 3,
        }
    }
}

/// One result: a section, or with `Group::Page` a page with its best
/// sections. `title` and `heading` are plain text; `excerpt` is HTML.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Where to go: the page URL, plus `#anchor` for a section.
    pub url: String,
    pub page_url: String,
    pub title: String,
    pub heading: String,
    pub excerpt: String,
    pub score: f32,
    pub date: String,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<Hit>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub query: String,
    /// The terms the query was split into.
    pub terms: Vec<String>,
    /// No section has every term; these are the best partial matches.
    pub partial: bool,
    /// Number of matching sections (or pages, grouped by page).
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Either the answer, or the files to fetch before asking again.
#[derive(Debug)]
pub enum Outcome {
    Done(Results),
    Need(Missing),
}

/// A section with at least one query term, and how it meets the query.
struct Candidate<'p> {
    section: u32,
    /// Per query term (by index), its posting in this section.
    postings: Vec<Option<&'p Posting>>,
    /// Per clause.
    matches: Vec<ClauseMatch>,
    /// Clauses satisfied, then route words present: how much of the query
    /// the section covers, for ranking partial matches.
    covered: (usize, usize),
    score: f32,
}

/// A query with the postings of its terms, ready to match.
struct Prepared {
    query: Query,
    lists: Vec<Vec<Posting>>,
}

/// Splits the query and reads its postings, or names the dictionary
/// partitions or postings shards that must be loaded first.
fn prepare(index: &Index, text: &str) -> Result<Result<Prepared, Missing>, Error> {
    let folded = crate::analysis::fold(text);
    let mut missing = Missing::default();
    if !index.meta.term_parts.is_empty() {
        for (key, is_prefix) in query::lookups(&folded) {
            let parts = if is_prefix {
                index.term_parts_with_prefix(key)
            } else {
                let FileId::Terms(i) = index.term_part(key) else {
                    unreachable!("term_part names a partition")
                };
                i..=i
            };
            for id in parts.map(FileId::Terms) {
                if !index.is_loaded(id) {
                    missing.insert(id);
                }
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let query = Query::parse(&folded, index, index.meta.total_freq);
    for term in &query.terms {
        if let Some(info) = term.info {
            let shard = index.shard_of(info)?;
            if !index.is_loaded(shard) {
                missing.insert(shard);
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let lists = query
        .terms
        .iter()
        .map(|t| match t.info {
            Some(info) => index.postings(info).map(Option::unwrap_or_default),
            None => Ok(Vec::new()),
        })
        .collect::<Result<_, _>>()?;
    Ok(Ok(Prepared { query, lists }))
}

/// The matching sections, best first, and whether they meet every clause
/// (when none does, the best partial matches).
fn rank<'p>(index: &Index, query: &Query, lists: &'p [Vec<Posting>]) -> (Vec<Candidate<'p>>, bool) {
    let mut candidates = collect(query, lists, index.meta.sections.len());
    let required = query.clauses.len();
    let scorer = Scorer::new(index, query, lists, &candidates);
    for c in &mut candidates {
        let words_present = query
            .word_terms()
            .filter(|&w| c.postings[w].is_some())
            .count();
        c.covered = (
            c.matches.iter().filter(|m| m.satisfied).count(),
            words_present,
        );
        c.score = scorer.score(&index.meta.sections[c.section as usize], query, c);
    }
    let complete = candidates.iter().any(|c| c.covered.0 == required);
    if complete {
        candidates.retain(|c| c.covered.0 == required);
    }
    // More of the query covered first (only differs when partial), then
    // score, then document order so that equal scores rank the same every
    // time.
    candidates.sort_unstable_by(|a, b| {
        b.covered
            .cmp(&a.covered)
            .then(b.score.total_cmp(&a.score))
            .then(a.section.cmp(&b.section))
    });
    (candidates, complete && required > 0)
}

/// Every section a query matches, best first, and whether they meet the
/// whole query (`false`: partial matches). For native tools and tests,
/// with every file loaded.
pub fn ranked_sections(index: &Index, text: &str) -> Result<(Vec<u32>, bool), Error> {
    let prepared = prepare(index, text)?.map_err(|missing| Error::NotLoaded {
        files: missing.names().join(", "),
    })?;
    let (candidates, complete) = rank(index, &prepared.query, &prepared.lists);
    Ok((candidates.iter().map(|c| c.section).collect(), complete))
}

/// Runs a search, or names the files it needs first. Files come in three
/// rounds at most: dictionary partitions, postings shards, then the text
/// and docs of the hits shown.
pub fn search(index: &Index, text: &str, options: &Options) -> Result<Outcome, Error> {
    let Prepared { query, lists } = match prepare(index, text)? {
        Ok(prepared) => prepared,
        Err(missing) => return Ok(Outcome::Need(missing)),
    };
    let (candidates, complete) = rank(index, &query, &lists);
    let shown = select(index, &candidates, options);
    // Excerpts: where each shown section's window is, and the text chunks
    // that hold it.
    let by_section = |section: u32| {
        let i = candidates.iter().position(|c| c.section == section);
        &candidates[i.expect("shown sections are candidates")]
    };
    let mut windows = Vec::new();
    let mut missing = Missing::default();
    for &(section, _) in shown.iter().flat_map(|s| &s.sections) {
        let c = by_section(section);
        let s = &index.meta.sections[section as usize];
        let marks = marks(&query, s, c);
        let (from, to) = excerpt::window(&marks, s.body_chars);
        let files = index
            .text_chunks(section, from, to)
            .into_iter()
            .chain([index.docs_file(section)]);
        for id in files {
            if !index.is_loaded(id) {
                missing.insert(id);
            }
        }
        windows.push((section, marks, from, to));
    }
    if !missing.is_empty() {
        return Ok(Outcome::Need(missing));
    }
    let excerpts: Vec<(u32, String)> = windows
        .into_iter()
        .map(|(section, marks, from, to)| {
            let text = index.text(section, from, to).unwrap_or_default();
            let len = index.meta.sections[section as usize].body_chars;
            (section, excerpt::render(&text, from, len, &marks))
        })
        .collect();
    let excerpt_of = |section: u32| {
        let found = excerpts.iter().find(|e| e.0 == section);
        found.map_or("", |e| e.1.as_str())
    };
    let hit = |section: u32, score: f32| section_hit(index, section, score, excerpt_of(section));
    let hits = shown
        .iter()
        .map(|shown| match shown.page_score {
            None => hit(shown.sections[0].0, shown.sections[0].1),
            Some(page_score) => {
                let best = hit(shown.sections[0].0, page_score);
                let parts = shown
                    .sections
                    .iter()
                    .map(|&(s, score)| hit(s, score))
                    .collect();
                Hit {
                    url: best.page_url.clone(),
                    heading: String::new(),
                    sections: Some(parts),
                    ..best
                }
            }
        })
        .collect();
    let total = match options.group {
        Group::Section => candidates.len(),
        Group::Page => {
            let mut seen = vec![false; index.meta.page_count as usize];
            for c in &candidates {
                seen[index.meta.sections[c.section as usize].page as usize] = true;
            }
            seen.iter().filter(|&&s| s).count()
        }
    };
    Ok(Outcome::Done(Results {
        query: text.to_owned(),
        terms: query.words().into_iter().map(str::to_owned).collect(),
        partial: !complete && !query.clauses.is_empty(),
        total,
        hits,
    }))
}

/// What to highlight in a section's body: each word clause, each CJK
/// clause found verbatim, and the route words of CJK clauses (single
/// characters only when they are the whole clause, or every 的 would light
/// up).
fn marks(query: &Query, section: &Section, c: &Candidate) -> Vec<Mark> {
    let body = section.body_start;
    let mut marks = Vec::new();
    let mut add = |positions: &[u32], chars: u32, clause: usize| {
        for &p in positions.iter().filter(|&&p| p >= body) {
            marks.push(Mark {
                start: p - body,
                end: p - body + chars,
                clause,
            });
        }
    };
    for (i, (clause, m)) in query.clauses.iter().zip(&c.matches).enumerate() {
        add(&m.verbatim, clause.chars, i);
        for &w in &clause.words {
            let chars = query.terms[w].text.chars().count() as u32;
            if let Some(p) = c.postings[w]
                && (chars > 1 || clause.chars == 1)
            {
                add(&p.positions, chars, i);
            }
        }
    }
    marks.sort_unstable();
    marks
}

/// Every section that has at least one term, in section order, with how
/// it meets each clause.
fn collect<'p>(
    query: &Query,
    lists: &'p [Vec<Posting>],
    section_count: usize,
) -> Vec<Candidate<'p>> {
    let mut slots: Vec<Option<Candidate>> = Vec::new();
    slots.resize_with(section_count, || None);
    for (t, list) in lists.iter().enumerate() {
        for p in list {
            let slot = slots[p.section as usize].get_or_insert_with(|| Candidate {
                section: p.section,
                postings: vec![None; lists.len()],
                matches: Vec::new(),
                covered: (0, 0),
                score: 0.0,
            });
            slot.postings[t] = Some(p);
        }
    }
    let mut candidates: Vec<Candidate> = slots.into_iter().flatten().collect();
    for c in &mut candidates {
        c.matches = query
            .clauses
            .iter()
            .map(|clause| ClauseMatch::of(clause, &c.postings))
            .collect();
    }
    candidates
}

/// How one section meets one clause.
struct ClauseMatch {
    /// Every route word (or the word) is present, or the run verbatim.
    satisfied: bool,
    /// Start positions of the clause's text verbatim (CJK clauses).
    verbatim: Vec<u32>,
}

impl ClauseMatch {
    fn of(clause: &Clause, postings: &[Option<&Posting>]) -> ClauseMatch {
        let words = clause.words_suffice && clause.words.iter().all(|&w| postings[w].is_some());
        let verbatim = match clause.kind {
            ClauseKind::Word => Vec::new(),
            ClauseKind::Cjk => verbatim_starts(&clause.chars_in_order, postings),
        };
        ClauseMatch {
            satisfied: words || !verbatim.is_empty(),
            verbatim,
        }
    }
}

/// Where the characters stand one after another, in order.
fn verbatim_starts(chars: &[usize], postings: &[Option<&Posting>]) -> Vec<u32> {
    let Some(lists) = chars
        .iter()
        .map(|&c| postings[c])
        .collect::<Option<Vec<&Posting>>>()
    else {
        return Vec::new();
    };
    // Anchor on the character with the fewest occurrences.
    let Some((k, anchor)) = lists
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| p.positions.len())
    else {
        return Vec::new();
    };
    anchor
        .positions
        .iter()
        .filter_map(|&p| p.checked_sub(k as u32))
        .filter(|&start| {
            lists
                .iter()
                .enumerate()
                .all(|(i, p)| p.positions.binary_search(&(start + i as u32)).is_ok())
        })
        .collect()
}

/// A hit chosen for display, before it is rendered: its sections with
/// their scores, best first, and with `Group::Page` the page's score.
struct Shown {
    page_score: Option<f32>,
    sections: Vec<(u32, f32)>,
}

fn select(index: &Index, ranked: &[Candidate], options: &Options) -> Vec<Shown> {
    let limit = options.limit.clamp(1, MAX_LIMIT);
    match options.group {
        Group::Section => ranked
            .iter()
            .take(limit)
            .map(|c| Shown {
                page_score: None,
                sections: vec![(c.section, c.score)],
            })
            .collect(),
        Group::Page => {
            // Pages in the order of their best section; a page's score is
            // its best section's.
            let mut pages: Vec<(u32, Shown)> = Vec::new();
            for c in ranked {
                let page = index.meta.sections[c.section as usize].page;
                match pages.iter_mut().find(|p| p.0 == page) {
                    Some((_, shown)) => {
                        if shown.sections.len() < options.sections_per_page.max(1) {
                            shown.sections.push((c.section, c.score));
                        }
                    }
                    None => pages.push((
                        page,
                        Shown {
                            page_score: Some(c.score),
                            sections: vec![(c.section, c.score)],
                        },
                    )),
                }
            }
            pages.into_iter().take(limit).map(|p| p.1).collect()
        }
    }
}

fn section_hit(index: &Index, section: u32, score: f32, excerpt: &str) -> Hit {
    let fallback = (Default::default(), Default::default());
    // Loaded in the same round as the text; a section without one cannot
    // get here, but a missing title must not be a panic.
    let (page, doc) = index
        .section_doc(section)
        .unwrap_or((&fallback.0, &fallback.1));
    let url = if doc.anchor.is_empty() {
        page.url.clone()
    } else {
        format!("{}#{}", page.url, doc.anchor)
    };
    Hit {
        url,
        page_url: page.url.clone(),
        title: page.title.clone(),
        heading: doc.heading.clone(),
        excerpt: excerpt.to_owned(),
        score,
        date: page.date.clone(),
        tags: page.tags.clone(),
        sections: None,
    }
}

/// BM25F over the section's fields, per clause, with a proximity bonus.
struct Scorer {
    /// Per query term.
    idf: Vec<f32>,
    /// Per clause, for its verbatim occurrences taken as one term.
    verbatim_idf: Vec<f32>,
    avg_len: [f32; FIELDS],
}

impl Scorer {
    fn new(
        index: &Index,
        query: &Query,
        lists: &[Vec<Posting>],
        candidates: &[Candidate],
    ) -> Scorer {
        let n = index.meta.sections.len() as f32;
        let idf = |df: usize| (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        Scorer {
            idf: lists.iter().map(|l| idf(l.len())).collect(),
            verbatim_idf: (0..query.clauses.len())
                .map(|i| {
                    idf(candidates
                        .iter()
                        .filter(|c| !c.matches[i].verbatim.is_empty())
                        .count())
                })
                .collect(),
            avg_len: index.meta.average_lens(),
        }
    }

    /// BM25F of one term given its (weighted) frequency in each field.
    fn bm25f(&self, section: &Section, idf: f32, tf: [f32; FIELDS]) -> f32 {
        let mut weighted = 0.0;
        for f in 0..FIELDS {
            let norm = 1.0 - B[f] + B[f] * section.lens[f] as f32 / self.avg_len[f];
            weighted += WEIGHTS[f] * tf[f] / norm.max(0.1);
        }
        idf * weighted / (K1 + weighted)
    }

    fn term_score(&self, section: &Section, idf: f32, posting: &Posting) -> f32 {
        let mut tf = [0.0; FIELDS];
        for (i, &pos) in posting.positions.iter().enumerate() {
            // A character inside a longer word is a weak match.
            tf[section.field_of(pos)] += if posting.is_whole(i) {
                1.0
            } else {
                INNER_CHAR_WEIGHT
            };
        }
        self.bm25f(section, idf, tf)
    }

    fn score(&self, section: &Section, query: &Query, candidate: &Candidate) -> f32 {
        let (postings, matches) = (&candidate.postings[..], &candidate.matches[..]);
        let mut score = 0.0;
        for (c, (clause, m)) in query.clauses.iter().zip(matches).enumerate() {
            for &w in &clause.words {
                if let Some(p) = postings[w] {
                    score += self.term_score(section, self.idf[w], p);
                }
            }
            if !m.verbatim.is_empty() && clause.words.len() + clause.chars_in_order.len() > 2 {
                let mut tf = [0.0; FIELDS];
                for &start in &m.verbatim {
                    tf[section.field_of(start)] += 1.0;
                }
                score += VERBATIM_WEIGHT * self.bm25f(section, self.verbatim_idf[c], tf);
            }
        }
        score * (1.0 + proximity(query, postings, matches))
    }
}

/// The bonus for clauses that stand together in the order of the query:
/// a share for each adjacent pair, and more when all are adjacent.
fn proximity(query: &Query, postings: &[Option<&Posting>], matches: &[ClauseMatch]) -> f32 {
    if query.clauses.len() < 2 {
        return 0.0;
    }
    // Where each clause occurs: verbatim starts, else its first word's.
    let at: Vec<&[u32]> = query
        .clauses
        .iter()
        .zip(matches)
        .map(|(clause, m)| {
            if !m.verbatim.is_empty() {
                &m.verbatim[..]
            } else {
                clause
                    .words
                    .first()
                    .and_then(|&w| postings[w])
                    .map_or(&[][..], |p| &p.positions[..])
            }
        })
        .collect();
    // Clauses are in query order.
    let order: Vec<usize> = (0..query.clauses.len()).collect();
    let adjacent = order
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0], w[1]);
            let len = query.clauses[a].chars;
            // Allow one character between, for a space the query lacks.
            at[a].iter().any(|&p| {
                let end = p + len;
                let from = at[b].partition_point(|&q| q < end);
                at[b].get(from).is_some_and(|&q| q - end <= 1)
            })
        })
        .count();
    let pairs = order.len() - 1;
    ADJACENT_BONUS * adjacent as f32 / pairs as f32
        + if adjacent == pairs {
            VERBATIM_BONUS
        } else {
            0.0
        }
}
