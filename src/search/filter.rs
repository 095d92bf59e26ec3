//! Filters and the order by date, from the filter table alone
//! ([`crate::format::filters`]). They apply to the ranked sections before
//! any is presented, so a page the filters drop never has its record
//! bucket named: a filtered search costs the table and nothing else more.

use crate::format::FileId;
use crate::format::filters::{Filters, Key};
use crate::format::postings::{page_of, section_key};
use crate::index::{Index, Missing};
use crate::sort::sort;

use super::rank::{Met, Ranked};
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
/// [`Sort::Date`] (or `newest`) orders the rest newest first. The table
/// must be loaded if the index has one (see [`table_to_load`]).
pub fn apply(index: &Index, options: &Options, newest: bool, ranked: &mut Vec<Ranked>) {
    let table = index.filter_table();
    if let Some(url) = &options.page {
        let id = index
            .pieces()
            .find(|(page, _)| &page.url == url)
            .map(|(page, _)| page.id);
        keep(ranked, |page| Some(page) == id);
    }
    if active(options).next().is_some() {
        let chosen = chosen_pages(table, options);
        keep(ranked, |page| {
            chosen
                .iter()
                .all(|lists| lists.iter().any(|l| l.binary_search(&page).is_ok()))
        });
    }
    if newest || options.sort == Sort::Date {
        by_date(table, ranked);
    }
}

/// With nothing typed but a filter chosen, the reader browses it: every
/// page stands by its first section (each page has one), for [`apply`] to
/// drop those that fail and to order the rest newest first. Returns
/// whether it did.
pub fn browse(index: &Index, options: &Options, ranked: &mut Vec<Ranked>) -> bool {
    if active(options).next().is_none() {
        return false;
    }
    ranked.extend((0..index.meta.page_count).map(|page| Ranked {
        section: section_key(page, 0),
        score: 0.0,
        complete: true,
        first: true,
        met: Met::default(),
    }));
    true
}

/// Keeps the sections whose page passes, in order: in place, as `retain`
/// would, without its code for every type.
fn keep(ranked: &mut Vec<Ranked>, passes: impl Fn(u32) -> bool) {
    let mut kept = 0;
    for i in 0..ranked.len() {
        if passes(page_of(ranked[i].section)) {
            ranked.swap(kept, i);
            kept += 1;
        }
    }
    ranked.truncate(kept);
}

/// Orders ranked sections newest first. Sections that meet every word (or
/// are led by their heading) stay above the others, as in the order by
/// relevance: a new post that lacks a word of the query is not what the
/// reader asked for.
/// Within each, newest first (an undated page's code, 0, is the least),
/// then as ranked. Sorted as `(u32, usize)` keys, an instance of the
/// heapsort that grouping by page already has, then permuted in place.
fn by_date(table: Option<&Filters>, ranked: &mut [Ranked]) {
    let mut order: Vec<(u32, usize)> = (ranked.iter().enumerate())
        .map(|(at, r)| {
            let date = table.map_or(0, |t| t.date(page_of(r.section)));
            // A real date's code is below 2^23 (year 9999), so the top
            // bit is free; a crafted one only orders oddly.
            let key = (u32::from(r.first) << 31) | (date & !(1 << 31));
            (!key, at)
        })
        .collect();
    sort(&mut order);
    // Position `i` takes the section at `order[i].1`: each cycle of the
    // permutation is walked once, by swaps, and marked as it goes.
    const PLACED: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at].1 != PLACED {
            let from = std::mem::replace(&mut order[at].1, PLACED);
            if from == start {
                break;
            }
            ranked.swap(at, from);
            at = from;
        }
    }
}

/// Per filter, the page lists of the values it allows: a page passes if
/// it is in one list of every filter (OR within a key, AND across keys).
/// An unknown key gives no lists, so nothing passes; unknown values add
/// none. The lists are the table's own, sorted: nothing is allocated
/// by the manifest's page count, which a damaged manifest could inflate.
fn chosen_pages<'t>(table: Option<&'t Filters>, options: &Options) -> Vec<Vec<&'t [u32]>> {
    let mut chosen = Vec::new();
    for (key, values) in active(options) {
        let mut lists = Vec::new();
        if let Some(key) = table.and_then(|t| t.key(key)) {
            for value in &key.values {
                if values.contains(&value.name) {
                    lists.push(value.pages.as_slice());
                }
            }
        }
        chosen.push(lists);
    }
    chosen
}

/// The filters an index offers: per key, each value with its pages (their
/// number is the count), in the table's order; or the filter table to
/// load first. An index without one offers none, and needs no file.
pub fn counts(index: &Index) -> Outcome<&[Key]> {
    if !index.meta.filters {
        return Outcome::Done(&[]);
    }
    match index.filter_table() {
        Some(table) => Outcome::Done(&table.keys),
        None => {
            let mut missing = Missing::default();
            missing.insert(FileId::Filters);
            Outcome::Need(missing)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::postings::section_key;

    #[test]
    fn by_date_is_a_stable_sort_by_completeness_then_date() {
        // A small linear congruential generator: pages with and without
        // dates, many ties, complete and partial sections.
        let mut seed = 11u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for len in [0, 1, 2, 7, 40, 300] {
            let table = Filters {
                page_count: 20,
                keys: Vec::new(),
                dates: (0..20)
                    .map(|_| [0, 5, 9, 1000][next() as usize % 4])
                    .collect(),
            };
            let mut ranked: Vec<Ranked> = (0..len)
                .map(|i| {
                    let first = next() % 3 > 0;
                    Ranked {
                        section: section_key(next() % 20, i),
                        score: 0.0,
                        complete: first && next() % 2 > 0,
                        first,
                        met: Met::default(),
                    }
                })
                .collect();
            let key = |r: &Ranked| (r.first, table.date(page_of(r.section)));
            let mut want: Vec<u64> = ranked.iter().map(|r| r.section).collect();
            // The standard stable sort, newest and first tier first.
            want.sort_by_key(|&s| {
                let r = ranked.iter().find(|r| r.section == s).unwrap();
                std::cmp::Reverse(key(r))
            });
            by_date(Some(&table), &mut ranked);
            let got: Vec<u64> = ranked.iter().map(|r| r.section).collect();
            assert_eq!(got, want, "{len}");
        }
    }
}
