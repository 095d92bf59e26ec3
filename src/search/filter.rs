//! Filters and the order by date, from the filter table alone
//! ([`crate::format::filters`]). They apply to the ranked sections before
//! any is presented, so a page the filters drop never has its record
//! bucket named: a filtered search costs the table and nothing else more.

use crate::format::FileId;
use crate::format::filters::Filters;
use crate::format::postings::page_of;
use crate::index::{Index, Missing};
use crate::sort::{sort, sort_by};

use super::rank::Ranked;
use super::{Options, Outcome, Sort};

/// The filter table, when the options need it and the index has one that
/// is not loaded yet.
pub fn table_to_load(index: &Index, options: &Options) -> Option<FileId> {
    let needed = options.sort == Sort::Date || active(options).next().is_some();
    (needed && index.meta.filters && !index.is_loaded(FileId::Filters)).then_some(FileId::Filters)
}

/// The filters that constrain: a key given with no values constrains
/// nothing, as if it were not given.
fn active(options: &Options) -> impl Iterator<Item = &(String, Vec<String>)> {
    options
        .filters
        .iter()
        .filter(|(_, values)| !values.is_empty())
}

/// Drops the sections of pages that fail the filters, and with
/// [`Sort::Date`] orders the rest newest first. The table must be loaded
/// if the index has one (see [`table_to_load`]).
pub fn apply(index: &Index, options: &Options, ranked: &mut Vec<Ranked>) {
    let table = index.filter_table();
    if active(options).next().is_some() {
        let passing = passing_pages(table, options);
        ranked.retain(|r| passing.binary_search(&page_of(r.section)).is_ok());
    }
    if options.sort == Sort::Date {
        let date = |r: &Ranked| table.map_or(0, |t| t.date(page_of(r.section)));
        // Sections that meet every word stay above those that do not, as
        // in the order by relevance: a new post that lacks a word of the
        // query is not what the reader asked for. Within each, newest
        // first (an undated page's code, 0, is the least), then by score,
        // then in index order: a total order, as the heapsort needs.
        sort_by(ranked, |a, b| {
            let key = |r: &Ranked| (r.complete, date(r));
            match key(a).cmp(&key(b)) {
                std::cmp::Ordering::Equal => {
                    b.score.total_cmp(&a.score).then(a.section.cmp(&b.section))
                        == std::cmp::Ordering::Less
                }
                order => order == std::cmp::Ordering::Greater,
            }
        });
    }
}

/// The pages that pass every filter, in rising order: for each key, the
/// pages that have any of its values; across keys, the pages in all.
/// Unknown keys and values match nothing. Built from the table's lists,
/// not a bitmap over the manifest's page count, so that a damaged
/// manifest cannot make it allocate more than the table holds.
fn passing_pages(table: Option<&Filters>, options: &Options) -> Vec<u32> {
    let mut passing: Option<Vec<u32>> = None;
    for (key, values) in active(options) {
        let Some(key) = table.and_then(|t| t.key(key)) else {
            return Vec::new();
        };
        let mut pages: Vec<u32> = key
            .values
            .iter()
            .filter(|v| values.contains(&v.name))
            .flat_map(|v| v.pages.iter().copied())
            .collect();
        sort(&mut pages);
        pages.dedup();
        passing = Some(match passing {
            None => pages,
            Some(before) => {
                let mut both = before;
                both.retain(|p| pages.binary_search(p).is_ok());
                both
            }
        });
    }
    passing.unwrap_or_default()
}

/// Per key, each value with its number of pages: what filters can be
/// offered. Keys and values in the table's order (rising byte order).
pub type Counts = Vec<(String, Vec<(String, usize)>)>;

/// The filters an index offers, or the filter table to load first. An
/// index without one offers none, and needs no file.
pub fn counts(index: &Index) -> Outcome<Counts> {
    if !index.meta.filters {
        return Outcome::Done(Vec::new());
    }
    let Some(table) = index.filter_table() else {
        let mut missing = Missing::default();
        missing.insert(FileId::Filters);
        return Outcome::Need(missing);
    };
    Outcome::Done(
        table
            .keys
            .iter()
            .map(|k| {
                let values = k.values.iter().map(|v| (v.name.clone(), v.pages.len()));
                (k.name.clone(), values.collect())
            })
            .collect(),
    )
}
