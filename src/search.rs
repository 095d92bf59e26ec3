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

use std::collections::BTreeSet;

use serde::Serialize;

use crate::Error;
use crate::excerpt::excerpt;
use crate::format::meta::{BODY, FIELDS, HEADING, Section, TITLE};
use crate::format::postings::Posting;
use crate::index::{Index, Missing};
use crate::query::{Clause, ClauseKind, Query};

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
    /// Clauses satisfied, then route words present: how much of the query
    /// the section covers, for ranking partial matches.
    covered: (usize, usize),
    score: f32,
}

pub fn search(index: &Index, text: &str, options: &Options) -> Result<Outcome, Error> {
    let query = Query::parse(text, &index.terms, index.meta.total_freq);
    let mut missing = Missing::default();
    for term in &query.terms {
        if let Some(info) = term.info {
            let shard = index.shard_of(info)?;
            if !index.is_loaded(shard) {
                missing.0.insert(shard);
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Outcome::Need(missing));
    }
    let lists: Vec<Vec<Posting>> = query
        .terms
        .iter()
        .map(|t| match t.info {
            Some(info) => index.postings(info).map(Option::unwrap_or_default),
            None => Ok(Vec::new()),
        })
        .collect::<Result<_, _>>()?;

    let mut candidates = collect(&lists, index.meta.sections.len());
    let matches: Vec<Vec<ClauseMatch>> = candidates
        .iter()
        .map(|c| {
            query
                .clauses
                .iter()
                .map(|clause| ClauseMatch::of(clause, &c.postings))
                .collect()
        })
        .collect();
    let required = query.clauses.len();
    let scorer = Scorer::new(index, &query, &lists, &matches);
    for (c, m) in candidates.iter_mut().zip(&matches) {
        let words_present = query
            .word_terms()
            .filter(|&w| c.postings[w].is_some())
            .count();
        c.covered = (m.iter().filter(|m| m.satisfied).count(), words_present);
        c.score = scorer.score(
            &index.meta.sections[c.section as usize],
            &query,
            &c.postings,
            m,
        );
    }
    let complete = candidates.iter().any(|c| c.covered.0 == required);
    if complete {
        candidates.retain(|c| c.covered.0 == required);
    }
    // Fewer missing clauses first (only differs when partial), then score,
    // then document order so that equal scores rank the same every time.
    candidates.sort_by(|a, b| {
        b.covered
            .cmp(&a.covered)
            .then(b.score.total_cmp(&a.score))
            .then(a.section.cmp(&b.section))
    });

    let shown = select(index, &candidates, options);
    let mut missing = Missing::default();
    for &(section, _) in shown.iter().flat_map(|s| &s.sections) {
        let chunk = index.chunk_of(section);
        if !index.is_loaded(chunk) {
            missing.0.insert(chunk);
        }
    }
    if !missing.is_empty() {
        return Ok(Outcome::Need(missing));
    }
    let marks = marked_strings(&query);
    let marks: Vec<&str> = marks.iter().map(String::as_str).collect();
    let hit = |section: u32, score: f32| section_hit(index, section, score, &marks);
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
        Group::Page => candidates
            .iter()
            .map(|c| index.meta.sections[c.section as usize].page)
            .collect::<BTreeSet<_>>()
            .len(),
    };
    Ok(Outcome::Done(Results {
        query: text.to_owned(),
        terms: query.words().into_iter().map(str::to_owned).collect(),
        partial: !complete && required > 0,
        total,
        hits,
    }))
}

/// What to highlight: each word, and each CJK run whole (a run of one
/// character only when it is the whole clause, or every 的 would light up).
fn marked_strings(query: &Query) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for clause in &query.clauses {
        out.push(clause.text.clone());
        if clause.kind == ClauseKind::Cjk {
            for &w in &clause.words {
                let word = &query.terms[w].text;
                if word.chars().count() > 1 {
                    out.push(word.clone());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every section that has at least one term, in section order.
fn collect(lists: &[Vec<Posting>], section_count: usize) -> Vec<Candidate<'_>> {
    let mut slots: Vec<Option<Candidate>> = Vec::new();
    slots.resize_with(section_count, || None);
    for (t, list) in lists.iter().enumerate() {
        for p in list {
            let slot = slots[p.section as usize].get_or_insert_with(|| Candidate {
                section: p.section,
                postings: vec![None; lists.len()],
                covered: (0, 0),
                score: 0.0,
            });
            slot.postings[t] = Some(p);
        }
    }
    slots.into_iter().flatten().collect()
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

fn section_hit(index: &Index, section: u32, score: f32, terms: &[&str]) -> Hit {
    let s = &index.meta.sections[section as usize];
    let page = &index.meta.pages[s.page as usize];
    let url = if s.anchor.is_empty() {
        page.url.clone()
    } else {
        format!("{}#{}", page.url, s.anchor)
    };
    Hit {
        url,
        page_url: page.url.clone(),
        title: page.title.clone(),
        heading: s.heading.clone(),
        excerpt: excerpt(index.text(section).unwrap_or(""), terms),
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
        matches: &[Vec<ClauseMatch>],
    ) -> Scorer {
        let n = index.meta.sections.len() as f32;
        let idf = |df: usize| (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        Scorer {
            idf: lists.iter().map(|l| idf(l.len())).collect(),
            verbatim_idf: (0..query.clauses.len())
                .map(|c| idf(matches.iter().filter(|m| !m[c].verbatim.is_empty()).count()))
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

    fn score(
        &self,
        section: &Section,
        query: &Query,
        postings: &[Option<&Posting>],
        matches: &[ClauseMatch],
    ) -> f32 {
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
    let mut order: Vec<usize> = (0..query.clauses.len()).collect();
    order.sort_by_key(|&i| query.clauses[i].start);
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
