//! From a query to ranked, excerpted hits, one module per stage:
//!
//! ```text
//! load      syntax, folding, dictionary buckets, postings (or the files to fetch)
//! matching  postings → where each clause, alternative and unit stands, per section
//! score     BM25F over title, heading and body; proximity
//! rank      soft conjunction: complete sections first, then by coverage
//! filter    drops the pages the filters exclude; the order by date
//! present   the page of hits asked for, with excerpts (or the files to fetch)
//! ```
//!
//! See [`crate::query`] for what a unit is, and `rank` for how sections
//! that meet only some units are ranked.

mod filter;
mod load;
mod matching;
mod present;
mod rank;
mod score;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::Error;
use crate::index::{Index, Missing};

pub use filter::counts as filters;
pub use load::MAX_QUERY_CHARS;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Section,
    Page,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best first.
    #[default]
    Relevance,
    /// Newest page first, pages without a date last, ties by relevance;
    /// hits that meet every word of the query stay above those that do
    /// not.
    Date,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub limit: usize,
    /// Hits to skip, for paging.
    pub offset: usize,
    pub group: Group,
    /// With `Group::Page`, how many sections to list per page.
    pub sections_per_page: usize,
    /// Key (`tags`, `categories`) → the values allowed. A page passes if
    /// it has one of the values of every key given (OR within a key, AND
    /// across keys); a key given with no values constrains nothing, and
    /// unknown keys and values match nothing. With nothing typed, a
    /// filter is browsed: every page that passes, newest first, each by
    /// its first section.
    pub filters: Vec<(String, Vec<String>)>,
    pub sort: Sort,
    /// Only the sections of the page with this URL (a hit's `page_url`):
    /// the widget's "more in this page". A page is known by the record
    /// buckets loaded, so it must be one a search has shown; another
    /// gives no hits.
    pub page: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: DEFAULT_LIMIT,
            offset: 0,
            group: Group::Section,
            sections_per_page: 3,
            filters: Vec::new(),
            sort: Sort::Relevance,
            page: None,
        }
    }
}

/// How the best hit meets the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every unit that counts, as written (or corrected).
    All,
    /// Every unit that counts, the last word as the start of a longer one.
    Substring,
    /// No section meets every unit; the best meet the most.
    Partial,
}

impl Step {
    /// Its name in results (`"match": "all"`).
    pub fn name(self) -> &'static str {
        match self {
            Step::All => "all",
            Step::Substring => "substring",
            Step::Partial => "partial",
        }
    }
}

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
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
    /// What it is ranked by: higher is better, across every step.
    pub score: f32,
    /// The page's date, `YYYY-MM-DD` when the indexer could read one as a
    /// date (then it also sorts by it), else as written, or empty.
    pub date: String,
    /// The page's tags as the post spells them (the filter table may
    /// spell a value as most posts do: `Kubernetes` for `kubernetes`).
    pub tags: Vec<String>,
    /// The query's units it meets, as typed (folded).
    pub matched: Vec<String>,
    /// The units that count that it lacks (`缺少: 落地`).
    pub missing: Vec<String>,
    /// The query's words as its title and heading write them, once each:
    /// `臺北` where the term is `台北`. Title and heading are plain text,
    /// and a page marks them with these and the terms (it has no table to
    /// fold Traditional script); the excerpt has its own `<mark>`s.
    pub marked: Vec<String>,
    /// It lacks some unit that counts.
    pub partial: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<Hit>>,
    /// With `Group::Page`, how many of the page's sections match: more
    /// than `sections` lists when the page has more to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections_total: Option<usize>,
}

/// Typos and what the search took them for, as a JSON object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Corrections(pub Vec<(String, String)>);

impl Serialize for Corrections {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (typed, meant) in &self.0 {
            map.serialize_entry(typed, meant)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub query: String,
    /// The words the query was split into, with the other phrases of its
    /// synonym groups and regional phrases, and its corrections; not the
    /// terms its last word was expanded to.
    pub terms: Vec<String>,
    /// How the best hit meets the query.
    #[serde(rename = "match")]
    pub step: Step,
    /// The same as `step == Partial`: no hit meets every unit.
    pub partial: bool,
    /// Typos corrected: `{"kubenetes": "kubernetes"}`.
    pub corrected: Corrections,
    /// The query was longer than a search takes ([`MAX_QUERY_CHARS`]
    /// characters, [`crate::query::MAX_UNITS`] words): the rest was left
    /// out.
    pub truncated: bool,
    /// What was left out, as typed: the words past the last one a search
    /// takes, then the text past [`MAX_QUERY_CHARS`].
    pub left_out: Vec<String>,
    /// Number of matching sections (or pages, grouped by page).
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Either the answer, or the files to fetch before asking again.
#[derive(Debug)]
pub enum Outcome<T = Results> {
    Done(T),
    Need(Missing),
}

/// Runs a search, or names the files it needs first. Files come in rounds:
/// dictionary buckets (with the filter table, when the options filter or
/// sort by date), postings shards, then the record buckets of the hits
/// shown, which are named only once the filters have dropped what they
/// drop.
pub fn search(index: &Index, text: &str, options: &Options) -> Result<Outcome, Error> {
    let table = filter::table_to_load(index, options);
    let prepared = match load::prepare(index, text)? {
        Ok(prepared) => prepared,
        Err(mut missing) => {
            // In the first round, so that filtering costs no round.
            missing.extend(table);
            return Ok(Outcome::Need(missing));
        }
    };
    if let Some(table) = table {
        let mut missing = Missing::default();
        missing.insert(table);
        return Ok(Outcome::Need(missing));
    }
    let mut ranking = rank::rank(index, &prepared.query, &prepared.lists);
    let query = &prepared.query;
    let nothing_typed = query.units.is_empty() && query.excluded.is_empty();
    // Browsing has no relevance to go by: the newest pages first.
    let browsing = nothing_typed && filter::browse(index, options, &mut ranking.ranked);
    filter::apply(index, options, browsing, &mut ranking.ranked);
    Ok(present::present(index, text, query, &ranking, options))
}

/// Every section a query reaches, best first, each with whether it meets
/// every unit that counts. For native tools and tests, with every file
/// loaded.
pub fn ranked_sections(index: &Index, text: &str) -> Result<Vec<(u64, bool)>, Error> {
    let prepared = load::prepare(index, text)?.map_err(|missing| Error::NotLoaded {
        files: missing.names().join(", "),
    })?;
    let ranking = rank::rank(index, &prepared.query, &prepared.lists);
    Ok(ranking
        .ranked
        .iter()
        .map(|r| (r.section, r.complete))
        .collect())
}
