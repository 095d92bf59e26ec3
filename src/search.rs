//! Matching and ranking: from a parsed query to ranked, excerpted hits.
//!
//! Every unit of the query is required (see [`crate::query`]: a word, a
//! CJK run met by its route words or verbatim, or a synonym group). When
//! no section meets them all, the search falls back in labelled steps
//! ([`Step`]): first Latin words may match the terms they are a prefix of,
//! then the sections that meet the most units are returned as partial.
//!
//! Sections are scored with BM25F over three fields (page title, section
//! heading, body). A CJK character inside a longer word counts less than a
//! whole word, a CJK run found verbatim counts as one more term, and units
//! that stand together as they do in the query multiply the score.

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
/// Weight of a word met only by a term it is a prefix of.
const EXPANSION_WEIGHT: f32 = 0.7;
/// Score multiplier per pair of units adjacent as in the query.
const ADJACENT_BONUS: f32 = 0.5;
/// Score multiplier when all units stand together.
const TOGETHER_BONUS: f32 = 0.5;

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
    /// Hits to skip, for paging.
    pub offset: usize,
    pub group: Group,
    /// With `Group::Page`, how many sections to list per page.
    pub sections_per_page: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: DEFAULT_LIMIT,
            offset: 0,
            group: Group::Section,
            sections_per_page: 3,
        }
    }
}

/// Which step of the search found the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Every unit of the query, as written.
    All,
    /// Every unit, with Latin words matching the terms they begin.
    Substring,
    /// No section has every unit: the ones with the most.
    Partial,
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
    /// The pieces the query was split into, synonym alternatives
    /// included; prefix expansions are not listed.
    pub terms: Vec<String>,
    /// The step that answered.
    #[serde(rename = "match")]
    pub step: Step,
    /// The same as `step == Partial`: no section has every term.
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
    /// Units met, then words present: how much of the query the section
    /// covers, for ranking partial matches.
    covered: (usize, usize),
    score: f32,
}

/// How one section meets one clause.
struct ClauseMatch {
    met: bool,
    /// Where a CJK clause's whole text stands verbatim.
    verbatim: Vec<u32>,
    /// Per piece, where it stands (for glued characters, where they stand
    /// verbatim); empty if it is not in the section.
    pieces: Vec<Vec<u32>>,
}

/// A value, or the files to load before it can be had.
type Loaded<T> = Result<T, Missing>;

/// Per query term, its postings.
type Lists = Vec<Vec<Posting>>;

/// Longest query, in characters, that is searched: a pasted paragraph
/// would otherwise fetch a large share of the index.
pub const MAX_QUERY_CHARS: usize = 128;

/// The query folded as the index is, or the files to load first: the fold
/// table (alone, since it changes which characters are looked up), then
/// the dictionary partitions of the query's characters and words and of
/// every phrase of the synonym groups it contains.
fn fold_query(index: &Index, text: &str) -> Loaded<String> {
    let mut folded: String = crate::analysis::fold(text)
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let mut missing = Missing::default();
    if index.meta.fold_pairs > 0 && folded.chars().any(crate::analysis::is_cjk) {
        if index.is_loaded(FileId::Fold) {
            folded = index.simplify(&folded);
        } else {
            // Most queries are already simplified, so the dictionary parts
            // they name are asked for in the same round as the fold table;
            // a traditional query may need one more round after it.
            missing.insert(FileId::Fold);
        }
    }
    if !index.meta.term_parts.is_empty() {
        let synonyms = &index.meta.synonyms;
        let phrases = query::synonym_matches(&folded, synonyms)
            .into_iter()
            .flat_map(|m| &synonyms[m.2]);
        let texts = std::iter::once(folded.as_str()).chain(phrases.map(String::as_str));
        for prefix in texts.flat_map(query::lookups) {
            for i in index.term_parts_with_prefix(prefix) {
                if !index.is_loaded(FileId::Terms(i)) {
                    missing.insert(FileId::Terms(i));
                }
            }
        }
    }
    if missing.is_empty() {
        Ok(folded)
    } else {
        Err(missing)
    }
}

/// The postings of every term of the query, or the shards to load first.
fn read_postings(index: &Index, query: &Query) -> Result<Loaded<Lists>, Error> {
    let mut missing = Missing::default();
    for info in query.terms.iter().filter_map(|t| t.info) {
        let shard = index.shard_of(info)?;
        if !index.is_loaded(shard) {
            missing.insert(shard);
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let lists = query.terms.iter().map(|t| match t.info {
        Some(info) => index.postings(info).map(Option::unwrap_or_default),
        None => Ok(Vec::new()),
    });
    Ok(Ok(lists.collect::<Result<_, _>>()?))
}

/// Parses the query and reads its postings: the first step's inputs.
fn prepare(index: &Index, text: &str) -> Result<Loaded<(Query, Lists)>, Error> {
    let folded = match fold_query(index, text) {
        Ok(folded) => folded,
        Err(missing) => return Ok(Err(missing)),
    };
    let query = Query::parse(&folded, index, index.meta.total_freq, &index.meta.synonyms);
    Ok(read_postings(index, &query)?.map(|lists| (query, lists)))
}

/// The sections that match, best first, and whether they meet every unit
/// (when none does, the ones that meet the most). With `expand`, Latin
/// words are also met by their expansions.
fn rank<'p>(
    index: &Index,
    query: &Query,
    lists: &'p [Vec<Posting>],
    expand: bool,
) -> (Vec<Candidate<'p>>, bool) {
    let mut candidates = collect(query, lists, index.meta.sections.len(), expand);
    let required = query.units.len();
    let scorer = Scorer::new(index, query, lists, &candidates);
    for c in &mut candidates {
        let units_met = query
            .units
            .iter()
            .filter(|u| {
                u.alternatives
                    .iter()
                    .any(|alt| alt.iter().all(|&k| c.matches[k].met))
            })
            .count();
        let pieces_found = c
            .matches
            .iter()
            .flat_map(|m| &m.pieces)
            .filter(|p| !p.is_empty())
            .count();
        c.covered = (units_met, pieces_found);
        c.score = scorer.score(&index.meta.sections[c.section as usize], query, c, expand);
    }
    let complete = required > 0 && candidates.iter().any(|c| c.covered.0 == required);
    if complete {
        candidates.retain(|c| c.covered.0 == required);
    } else {
        // A partial match must have some piece of the query, not merely a
        // character of one.
        candidates.retain(|c| c.covered != (0, 0));
    }
    // Partial matches: more of the query first. Then score, then document
    // order so that equal scores rank the same every time.
    candidates.sort_unstable_by(|a, b| {
        let coverage = if complete {
            std::cmp::Ordering::Equal
        } else {
            b.covered.cmp(&a.covered)
        };
        coverage
            .then(b.score.total_cmp(&a.score))
            .then(a.section.cmp(&b.section))
    });
    (candidates, complete)
}

/// Every section a query matches, best first, and the step that found
/// them. For native tools and tests, with every file loaded.
pub fn ranked_sections(index: &Index, text: &str) -> Result<(Vec<u32>, Step), Error> {
    let not_loaded = |missing: Missing| Error::NotLoaded {
        files: missing.names().join(", "),
    };
    let (mut query, lists) = prepare(index, text)?.map_err(not_loaded)?;
    let (candidates, complete) = rank(index, &query, &lists, false);
    if complete || query.units.is_empty() {
        return Ok((candidates.iter().map(|c| c.section).collect(), Step::All));
    }
    query.expand(index);
    let lists = read_postings(index, &query)?.map_err(not_loaded)?;
    let (candidates, complete) = rank(index, &query, &lists, true);
    let step = if complete {
        Step::Substring
    } else {
        Step::Partial
    };
    Ok((candidates.iter().map(|c| c.section).collect(), step))
}

/// Runs a search, or names the files it needs first. Files come in rounds:
/// dictionary partitions, postings shards (again for expansions, when the
/// words alone find nothing), then the text and docs of the hits shown.
pub fn search(index: &Index, text: &str, options: &Options) -> Result<Outcome, Error> {
    let (mut query, lists) = match prepare(index, text)? {
        Ok(prepared) => prepared,
        Err(missing) => return Ok(Outcome::Need(missing)),
    };
    let (candidates, complete) = rank(index, &query, &lists, false);
    if complete || query.units.is_empty() {
        return present(index, text, &query, &candidates, Step::All, options);
    }
    drop(candidates);
    let expanded = query.expand(index);
    let lists = match read_postings(index, &query)? {
        Ok(lists) => lists,
        Err(missing) => return Ok(Outcome::Need(missing)),
    };
    let (candidates, complete) = rank(index, &query, &lists, expanded);
    let step = if complete {
        Step::Substring
    } else {
        Step::Partial
    };
    present(index, text, &query, &candidates, step, options)
}

/// Turns ranked candidates into hits, or names the text chunks and docs
/// files the shown hits need.
fn present(
    index: &Index,
    text: &str,
    query: &Query,
    candidates: &[Candidate],
    step: Step,
    options: &Options,
) -> Result<Outcome, Error> {
    let shown = select(index, candidates, options);
    // Where each shown section's excerpt lies, and the files that hold it
    // and its heading.
    let mut windows = Vec::new();
    let mut missing = Missing::default();
    for &(section, _) in shown.iter().flat_map(|s| &s.sections) {
        let c = candidates
            .iter()
            .find(|c| c.section == section)
            .expect("shown sections are candidates");
        let s = &index.meta.sections[section as usize];
        let marks = marks(query, s, c);
        let (from, to) = excerpt::window(&marks, s.body_chars);
        let files = index
            .text_chunks(section, from, to)
            .into_iter()
            .chain([index.docs_file(section)]);
        for id in files.filter(|&id| !index.is_loaded(id)) {
            missing.insert(id);
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
        excerpts
            .iter()
            .find(|e| e.0 == section)
            .map_or("", |e| e.1.as_str())
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
            // A bitmap, not a sort: a sort of u32 costs kilobytes of wasm.
            let mut seen = vec![false; index.meta.page_count as usize];
            for c in candidates {
                let page = index.meta.sections[c.section as usize].page;
                if let Some(s) = seen.get_mut(page as usize) {
                    *s = true;
                }
            }
            seen.iter().filter(|&&s| s).count()
        }
    };
    Ok(Outcome::Done(Results {
        query: text.to_owned(),
        terms: query.words().into_iter().map(str::to_owned).collect(),
        step,
        partial: step == Step::Partial,
        total,
        hits,
    }))
}

/// The unit each clause belongs to.
fn unit_of_clauses(query: &Query) -> Vec<usize> {
    let mut unit = vec![0; query.clauses.len()];
    for (u, units) in query.units.iter().enumerate() {
        for &k in units.alternatives.iter().flatten() {
            unit[k] = u;
        }
    }
    unit
}

/// What to highlight in a section's body: each CJK run found verbatim,
/// each piece (a single character only when it is the whole run, or every
/// 的 would light up), and the terms a word begins.
fn marks(query: &Query, section: &Section, c: &Candidate) -> Vec<Mark> {
    let body = section.body_start;
    let units = unit_of_clauses(query);
    let mut marks = Vec::new();
    // Each clause gets an equal share of the budget, so that one common
    // word cannot crowd out the others.
    let share = excerpt::MAX_MARKS / query.clauses.len().max(1);
    let mut add = |positions: &[u32], chars: u32, unit: usize| {
        let in_body = positions.iter().filter(|&&p| p >= body);
        for &p in in_body.take(share) {
            marks.push(Mark {
                start: p - body,
                end: (p - body).saturating_add(chars),
                unit,
            });
        }
    };
    for (k, (clause, m)) in query.clauses.iter().zip(&c.matches).enumerate() {
        add(&m.verbatim, clause.chars, units[k]);
        for (piece, found) in clause.pieces.iter().zip(&m.pieces) {
            if piece.chars > 1 || clause.chars == 1 {
                add(found, piece.chars, units[k]);
            }
        }
        for &t in &clause.expansions {
            if let Some(p) = c.postings[t] {
                add(
                    &p.positions,
                    query.terms[t].text.chars().count() as u32,
                    units[k],
                );
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
    expand: bool,
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
            .map(|clause| clause_match(clause, &c.postings, expand))
            .collect();
    }
    candidates
}

fn clause_match(clause: &Clause, postings: &[Option<&Posting>], expand: bool) -> ClauseMatch {
    let pieces: Vec<Vec<u32>> = clause
        .pieces
        .iter()
        .map(|piece| match piece.term {
            Some(t) => postings[t].map_or_else(Vec::new, |p| p.positions.clone()),
            None => {
                let (from, to) = (piece.start as usize, (piece.start + piece.chars) as usize);
                verbatim_starts(&clause.chars_in_order[from..to], postings)
            }
        })
        .collect();
    let verbatim = match clause.kind {
        ClauseKind::Word => Vec::new(),
        ClauseKind::Cjk => verbatim_starts(&clause.chars_in_order, postings),
    };
    let expanded = expand && clause.expansions.iter().any(|&t| postings[t].is_some());
    ClauseMatch {
        met: pieces.iter().all(|p| !p.is_empty()) || expanded || !verbatim.is_empty(),
        verbatim,
        pieces,
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
            lists.iter().enumerate().all(|(i, p)| {
                start
                    .checked_add(i as u32)
                    .is_some_and(|at| p.positions.binary_search(&at).is_ok())
            })
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
    let (offset, limit) = (options.offset, options.limit.clamp(1, MAX_LIMIT));
    match options.group {
        Group::Section => ranked
            .iter()
            .skip(offset)
            .take(limit)
            .map(|c| Shown {
                page_score: None,
                sections: vec![(c.section, c.score)],
            })
            .collect(),
        Group::Page => {
            // Pages in the order of their best section; a page's score is
            // its best section's. `slot` maps a page to its place in
            // `pages`, so grouping stays linear on sites with many pages.
            let mut pages: Vec<Shown> = Vec::new();
            let mut slot = vec![u32::MAX; index.meta.page_count as usize];
            for c in ranked {
                let page = index.meta.sections[c.section as usize].page as usize;
                match pages.get_mut(slot[page] as usize) {
                    Some(shown) => {
                        if shown.sections.len() < options.sections_per_page.max(1) {
                            shown.sections.push((c.section, c.score));
                        }
                    }
                    None => {
                        slot[page] = pages.len() as u32;
                        pages.push(Shown {
                            page_score: Some(c.score),
                            sections: vec![(c.section, c.score)],
                        });
                    }
                }
            }
            pages.into_iter().skip(offset).take(limit).collect()
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
    /// Per clause and piece, for glued characters taken as one term.
    piece_idf: Vec<Vec<f32>>,
    /// Per unit and alternative, what its scores are scaled by: the idf of
    /// the whole unit over the alternative's own. A synonym group weighs as
    /// the union of its phrases, so its rarest phrase cannot dominate.
    alternative_scale: Vec<Vec<f32>>,
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
        let df =
            |found: &dyn Fn(&Candidate) -> bool| candidates.iter().filter(|c| found(c)).count();
        let piece_idf = query
            .clauses
            .iter()
            .enumerate()
            .map(|(k, clause)| {
                (0..clause.pieces.len())
                    .map(|i| idf(df(&|c: &Candidate| !c.matches[k].pieces[i].is_empty())))
                    .collect()
            })
            .collect();
        let meets = |c: &Candidate, alt: &[usize]| alt.iter().all(|&k| c.matches[k].met);
        let alternative_scale = query
            .units
            .iter()
            .map(|unit| {
                if unit.alternatives.len() < 2 {
                    return vec![1.0; unit.alternatives.len()];
                }
                let whole = idf(df(&|c: &Candidate| {
                    unit.alternatives.iter().any(|alt| meets(c, alt))
                }));
                let own = |alt: &Vec<usize>| idf(df(&|c: &Candidate| meets(c, alt)));
                unit.alternatives
                    .iter()
                    .map(|alt| whole / own(alt).max(f32::EPSILON))
                    .collect()
            })
            .collect();
        Scorer {
            alternative_scale,
            idf: lists.iter().map(|l| idf(l.len())).collect(),
            verbatim_idf: (0..query.clauses.len())
                .map(|k| idf(df(&|c: &Candidate| !c.matches[k].verbatim.is_empty())))
                .collect(),
            piece_idf,
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
            let weight = if posting.is_whole(i) {
                1.0
            } else {
                INNER_CHAR_WEIGHT
            };
            tf[section.field_of(pos)] += weight;
        }
        self.bm25f(section, idf, tf)
    }

    /// BM25F of occurrences that all count as one (verbatim starts).
    fn starts_score(&self, section: &Section, idf: f32, starts: &[u32]) -> f32 {
        let mut tf = [0.0; FIELDS];
        for &start in starts {
            tf[section.field_of(start)] += 1.0;
        }
        self.bm25f(section, idf, tf)
    }

    fn clause_score(
        &self,
        section: &Section,
        k: usize,
        clause: &Clause,
        c: &Candidate,
        expand: bool,
    ) -> f32 {
        let m = &c.matches[k];
        let mut score = 0.0;
        for (i, piece) in clause.pieces.iter().enumerate() {
            score += match piece.term {
                Some(t) => c.postings[t].map_or(0.0, |p| self.term_score(section, self.idf[t], p)),
                None => self.starts_score(section, self.piece_idf[k][i], &m.pieces[i]),
            };
        }
        if expand && m.pieces.iter().all(Vec::is_empty) {
            let expansions = clause.expansions.iter();
            let scored = expansions
                .filter_map(|&t| c.postings[t].map(|p| self.term_score(section, self.idf[t], p)));
            score += EXPANSION_WEIGHT * scored.fold(0.0, f32::max);
        }
        if clause.chars > 1 {
            score +=
                VERBATIM_WEIGHT * self.starts_score(section, self.verbatim_idf[k], &m.verbatim);
        }
        score
    }

    /// The sum over units of their best alternative's score, times the
    /// proximity bonus.
    fn score(&self, section: &Section, query: &Query, c: &Candidate, expand: bool) -> f32 {
        let clause_scores: Vec<f32> = (0..query.clauses.len())
            .map(|k| self.clause_score(section, k, &query.clauses[k], c, expand))
            .collect();
        let mut total = 0.0;
        let mut best_alternatives = Vec::with_capacity(query.units.len());
        for (u, unit) in query.units.iter().enumerate() {
            // The best alternative the section meets, else the best of all.
            let mut best: (Option<&Vec<usize>>, bool, f32) = (None, false, 0.0);
            for (a, alt) in unit.alternatives.iter().enumerate() {
                let met = alt.iter().all(|&k| c.matches[k].met);
                let score = self.alternative_scale[u][a]
                    * alt.iter().map(|&k| clause_scores[k]).sum::<f32>();
                if best.0.is_none() || (met, score) > (best.1, best.2) {
                    best = (Some(alt), met, score);
                }
            }
            total += best.2;
            best_alternatives.push(best.0);
        }
        total * (1.0 + proximity(query, c, &best_alternatives))
    }
}

/// The bonus for units that stand together in the order of the query: a
/// share for each adjacent pair, and more when all are adjacent. A unit
/// stands where its best alternative's first clause does (verbatim starts,
/// else its first word's positions).
fn proximity(query: &Query, c: &Candidate, best: &[Option<&Vec<usize>>]) -> f32 {
    if query.units.len() < 2 {
        return 0.0;
    }
    let place = |alt: Option<&Vec<usize>>| -> (Vec<u32>, u32) {
        let Some(alt) = alt.filter(|a| !a.is_empty()) else {
            return (Vec::new(), 0);
        };
        let (first, last) = (&query.clauses[alt[0]], &query.clauses[alt[alt.len() - 1]]);
        let span = last.start + last.chars - first.start;
        let m = &c.matches[alt[0]];
        // Where the clause starts: its verbatim starts, else its first
        // found piece's, moved back by the piece's offset.
        let starts = if !m.verbatim.is_empty() {
            m.verbatim.clone()
        } else {
            let found = first
                .pieces
                .iter()
                .zip(&m.pieces)
                .find(|(_, at)| !at.is_empty());
            found.map_or_else(Vec::new, |(piece, at)| {
                at.iter().map(|&p| p.saturating_sub(piece.start)).collect()
            })
        };
        (starts, span)
    };
    let places: Vec<(Vec<u32>, u32)> = best.iter().map(|&alt| place(alt)).collect();
    let adjacent = places
        .windows(2)
        .filter(|w| {
            let ((a, len), (b, _)) = (&w[0], &w[1]);
            // Allow one character between, for a space the query lacks.
            a.iter().any(|&p| {
                let end = p.saturating_add(*len);
                let from = b.partition_point(|&q| q < end);
                b.get(from).is_some_and(|&q| q - end <= 1)
            })
        })
        .count();
    let pairs = places.len() - 1;
    ADJACENT_BONUS * adjacent as f32 / pairs as f32
        + if adjacent == pairs {
            TOGETHER_BONUS
        } else {
            0.0
        }
}
