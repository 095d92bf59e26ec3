//! The filter table ([`xun::format::filters`]) from the pages' tags,
//! categories and dates.
//!
//! Values are trimmed, their inner whitespace collapsed, and values that
//! fold alike (`Kubernetes`, `kubernetes`) are one value, shown in the
//! spelling most pages use (the first seen, on a tie): a reader filters by
//! a topic, not by how each post capitalised it.

use std::collections::{HashMap, HashSet};

use xun::format::filters::{CATEGORIES, Filters, Key, TAGS, Value, date_code};

use crate::indexer::PageInfo;

/// The table of `pages`, in page order; [`Filters::is_empty`] when no
/// page has a tag, a category or a date.
pub fn build(pages: &[PageInfo]) -> Filters {
    let by_key: [(&str, ValuesOf); 2] = [(CATEGORIES, |p| &p.categories), (TAGS, |p| &p.tags)];
    let keys = by_key
        .into_iter()
        .map(|(name, values_of)| Key {
            name: name.to_owned(),
            values: values(pages, values_of),
        })
        .filter(|k| !k.values.is_empty())
        .collect();
    let mut dates: Vec<u32> = pages
        .iter()
        .map(|p| date_code(&p.date).unwrap_or(0))
        .collect();
    if dates.iter().all(|&d| d == 0) {
        dates.clear();
    }
    Filters {
        page_count: pages.len() as u32,
        keys,
        dates,
    }
}

/// Where a page keeps the values of a key.
type ValuesOf = fn(&PageInfo) -> &[String];

/// Spells each page's tags as the table does (`kubernetes` →
/// `Kubernetes`), once each, so that the tags a hit shows are the filter
/// table's values: a tag a reader picks from a hit filters by it.
pub fn respell_tags(table: &Filters, pages: &mut [PageInfo]) {
    let Some(tags) = table.key(TAGS) else {
        return;
    };
    let spelling: HashMap<String, &str> = (tags.values.iter())
        .map(|v| (xun::analysis::fold(&v.name), v.name.as_str()))
        .collect();
    for page in pages {
        let mut respelled: Vec<String> = Vec::with_capacity(page.tags.len());
        // A set, so that a post with many tags costs no more than linear time.
        let mut kept: HashSet<&str> = HashSet::new();
        for raw in &page.tags {
            let spelled = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            let Some(&name) = spelling.get(&xun::analysis::fold(&spelled)) else {
                continue;
            };
            if kept.insert(name) {
                respelled.push(name.to_owned());
            }
        }
        page.tags = respelled;
    }
}

/// One value as the pages spell it.
#[derive(Default)]
struct Spellings {
    /// (spelling, pages that use it), in the order first seen.
    seen: Vec<(String, u32)>,
    /// Rising, since pages are visited in order.
    pages: Vec<u32>,
}

/// A key's values, in rising byte order, each with its pages.
fn values(pages: &[PageInfo], values_of: ValuesOf) -> Vec<Value> {
    let mut by_folded: HashMap<String, Spellings> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        let id = id as u32;
        for raw in values_of(page) {
            let spelling = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if spelling.is_empty() {
                continue;
            }
            let value = by_folded.entry(xun::analysis::fold(&spelling)).or_default();
            // A page that gives a value twice counts once.
            if value.pages.last() == Some(&id) {
                continue;
            }
            value.pages.push(id);
            match value.seen.iter_mut().find(|(s, _)| *s == spelling) {
                Some((_, n)) => *n += 1,
                None => value.seen.push((spelling, 1)),
            }
        }
    }
    let mut values: Vec<Value> = by_folded
        .into_values()
        .map(|v| {
            let most = v.seen.iter().map(|s| s.1).max().unwrap_or(0);
            let name = v.seen.into_iter().find(|s| s.1 == most).unwrap_or_default();
            Value {
                name: name.0,
                pages: v.pages,
            }
        })
        .collect();
    values.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(date: &str, tags: &[&str], categories: &[&str]) -> PageInfo {
        let strings = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        PageInfo {
            title: String::new(),
            url: String::new(),
            date: date.to_owned(),
            tags: strings(tags),
            categories: strings(categories),
        }
    }

    #[test]
    fn values_fold_together_in_the_most_used_spelling() {
        let table = build(&[
            page("2019-11-26", &["Kubernetes", "云原生"], &["kubernetes"]),
            page("", &["kubernetes", " QA "], &[]),
            page("2020-02-20", &["Kubernetes", "阿里云", "阿里云"], &[]),
        ]);
        let names = |key: &str| -> Vec<(String, Vec<u32>)> {
            let key = table.key(key).unwrap();
            key.values
                .iter()
                .map(|v| (v.name.clone(), v.pages.clone()))
                .collect()
        };
        let want = |list: &[(&str, &[u32])]| -> Vec<(String, Vec<u32>)> {
            list.iter()
                .map(|(n, p)| ((*n).to_owned(), p.to_vec()))
                .collect()
        };
        assert_eq!(
            names(TAGS),
            want(&[
                ("Kubernetes", &[0, 1, 2]),
                ("QA", &[1]),
                ("云原生", &[0]),
                ("阿里云", &[2])
            ])
        );
        assert_eq!(names(CATEGORIES), want(&[("kubernetes", &[0])]));
        assert_eq!(table.date(1), 0);
        assert!(table.date(2) > table.date(0));
        // What the runtime reads back is what was built.
        assert_eq!(Filters::decode(&table.encode(), 3), Ok(table.clone()));
        // Pages show the table's spelling, each tag once.
        let mut pages = vec![page("", &["kubernetes", " QA ", "KUBERNETES", " "], &[])];
        respell_tags(&table, &mut pages);
        assert_eq!(pages[0].tags, ["Kubernetes", "QA"]);
    }

    #[test]
    fn pages_without_any_give_an_empty_table() {
        let table = build(&[page("", &[], &[]), page("not a date", &[" "], &[])]);
        assert!(table.is_empty());
        let table = build(&[page("2020-01-01", &[], &[])]);
        assert!(!table.is_empty() && table.keys.is_empty());
    }
}
