//! From ranked sections to the hits a page shows: the page of results
//! asked for (by section, or by page with their best sections), each with
//! its title, heading, URL, what it matched and an excerpt around its
//! matches. Names the text chunks and docs files it needs first.

use crate::excerpt::{self, Mark};
use crate::format::meta::Section;
use crate::index::{Index, Missing};
use crate::query::{Query, Via};

use super::matching::in_section;
use super::rank::{Ranked, Ranking};
use super::{Corrections, Group, Hit, MAX_LIMIT, Options, Outcome, Results, Step};

/// A hit chosen for display, before it is rendered: its sections, best
/// first, and with `Group::Page` the page's score.
struct Shown<'r> {
    page_score: Option<f32>,
    sections: Vec<&'r Ranked>,
}

/// Turns ranked sections into hits, or names the files they need.
pub fn present(
    index: &Index,
    text: &str,
    query: &Query,
    ranking: &Ranking,
    options: &Options,
) -> Outcome {
    let shown = select(index, &ranking.ranked, options);
    // Where each shown section's excerpt lies, and the files that hold it
    // and its heading.
    let mut windows = Vec::new();
    let mut missing = Missing::default();
    for r in shown.iter().flat_map(|s| &s.sections) {
        let s = &index.meta.sections[r.section as usize];
        let marks = marks(query, ranking, s, r);
        let (from, to) = excerpt::window(&marks, s.body_chars);
        let files = index
            .text_chunks(r.section, from, to)
            .into_iter()
            .chain([index.docs_file(r.section)]);
        for id in files.filter(|&id| !index.is_loaded(id)) {
            missing.insert(id);
        }
        windows.push((r.section, marks, from, to));
    }
    if !missing.is_empty() {
        return Outcome::Need(missing);
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
    let hit = |r: &Ranked, score: f32| section_hit(index, query, r, score, excerpt_of(r.section));
    let hits = shown
        .iter()
        .map(|shown| match shown.page_score {
            None => hit(shown.sections[0], shown.sections[0].score),
            Some(page_score) => {
                let best = hit(shown.sections[0], page_score);
                let parts = shown.sections.iter().map(|r| hit(r, r.score)).collect();
                Hit {
                    url: best.page_url.clone(),
                    heading: String::new(),
                    sections: Some(parts),
                    ..best
                }
            }
        })
        .collect();
    let ranked = &ranking.ranked;
    let total = match options.group {
        Group::Section => ranked.len(),
        Group::Page => {
            // A bitmap, not a sort: a sort of u32 costs kilobytes of wasm.
            let mut seen = vec![false; index.meta.page_count as usize];
            for r in ranked {
                let page = index.meta.sections[r.section as usize].page;
                if let Some(s) = seen.get_mut(page as usize) {
                    *s = true;
                }
            }
            seen.iter().filter(|&&s| s).count()
        }
    };
    let step = match ranked.first() {
        Some(best) if lacks(query, best) => Step::Partial,
        Some(best) => {
            let by_prefix = best
                .met
                .iter()
                .zip(&query.units)
                .any(|(a, u)| a.is_some_and(|a| u.alternatives[a].via == Via::Prefix));
            if by_prefix {
                Step::Substring
            } else {
                Step::All
            }
        }
        // Nothing has the words asked for, if any were.
        None if query.units.iter().any(|u| !u.weak) => Step::Partial,
        None => Step::All,
    };
    Outcome::Done(Results {
        query: text.to_owned(),
        terms: query.words().into_iter().map(str::to_owned).collect(),
        step,
        partial: step == Step::Partial,
        corrected: Corrections(query.corrections.clone()),
        total,
        hits,
    })
}

/// Whether a ranked section lacks a word of the query that is not weak
/// (one that no section has included: the reader asked for it).
fn lacks(query: &Query, r: &Ranked) -> bool {
    query
        .units
        .iter()
        .zip(&r.met)
        .any(|(u, m)| !u.weak && m.is_none())
}

fn select<'r>(index: &Index, ranked: &'r [Ranked], options: &Options) -> Vec<Shown<'r>> {
    let (offset, limit) = (options.offset, options.limit.clamp(1, MAX_LIMIT));
    match options.group {
        Group::Section => ranked
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| Shown {
                page_score: None,
                sections: vec![r],
            })
            .collect(),
        Group::Page => {
            // Pages in the order of their best section; a page's score is
            // its best section's. `slot` maps a page to its place in
            // `pages`, so grouping stays linear on sites with many pages.
            let mut pages: Vec<Shown> = Vec::new();
            let mut slot = vec![u32::MAX; index.meta.page_count as usize];
            for r in ranked {
                let page = index.meta.sections[r.section as usize].page as usize;
                match pages.get_mut(slot[page] as usize) {
                    Some(shown) => {
                        if shown.sections.len() < options.sections_per_page.max(1) {
                            shown.sections.push(r);
                        }
                    }
                    None => {
                        slot[page] = pages.len() as u32;
                        pages.push(Shown {
                            page_score: Some(r.score),
                            sections: vec![r],
                        });
                    }
                }
            }
            pages.into_iter().skip(offset).take(limit).collect()
        }
    }
}

/// What to highlight in a section's body: where each unit was met, by
/// every alternative that meets it; a function word only next to another
/// mark (or when the query has nothing else), or every 的 would light up.
fn marks(query: &Query, ranking: &Ranking, section: &Section, r: &Ranked) -> Vec<Mark> {
    let body = section.body_start;
    let mut marks = Vec::new();
    // Each unit gets an equal share of the budget, so that one common
    // word cannot crowd out the others.
    let share = excerpt::MAX_MARKS / query.units.len().max(1);
    let only_function = query.units.iter().all(|u| u.function);
    for u in 0..query.units.len() {
        if r.met[u].is_none() || (query.units[u].function && !only_function) {
            continue;
        }
        let before = marks.len();
        for hits in ranking.unit_hits(u) {
            let Some(occurrences) = in_section(hits, r.section) else {
                continue;
            };
            for o in occurrences.iter().filter(|o| o.at >= body) {
                if marks.len() - before >= share {
                    break;
                }
                marks.push(Mark {
                    start: o.at - body,
                    end: (o.at - body).saturating_add(o.len),
                    unit: u,
                });
            }
        }
    }
    marks.sort_unstable();
    // A function word is marked where it stands right next to a marked
    // word, so that `是一段` lights up whole.
    if !only_function {
        let mut joined = Vec::new();
        for u in 0..query.units.len() {
            if r.met[u].is_none() || !query.units[u].function {
                continue;
            }
            let Some(occurrences) = ranking.unit_hits(u).find_map(|h| in_section(h, r.section))
            else {
                continue;
            };
            for o in occurrences.iter().filter(|o| o.at >= body) {
                let (start, end) = (o.at - body, o.at - body + o.len);
                let i = marks.partition_point(|m| m.start < start);
                let touches = marks.get(i).is_some_and(|m| m.start == end)
                    || i.checked_sub(1).is_some_and(|j| marks[j].end == start);
                if touches {
                    joined.push(Mark {
                        start,
                        end,
                        unit: u,
                    });
                }
            }
        }
        marks.extend(joined);
        marks.sort_unstable();
    }
    marks
}

fn section_hit(index: &Index, query: &Query, r: &Ranked, score: f32, excerpt: &str) -> Hit {
    let fallback = (Default::default(), Default::default());
    // Loaded in the same round as the text; a section without one cannot
    // get here, but a missing title must not be a panic.
    let (page, doc) = index
        .section_doc(r.section)
        .unwrap_or((&fallback.0, &fallback.1));
    let url = if doc.anchor.is_empty() {
        page.url.clone()
    } else {
        format!("{}#{}", page.url, doc.anchor)
    };
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for (u, unit) in query.units.iter().enumerate() {
        if r.met[u].is_some() {
            matched.push(unit.text.clone());
        } else if !unit.weak {
            missing.push(unit.text.clone());
        }
    }
    let partial = !missing.is_empty();
    Hit {
        url,
        page_url: page.url.clone(),
        title: page.title.clone(),
        heading: doc.heading.clone(),
        excerpt: excerpt.to_owned(),
        score,
        date: page.date.clone(),
        tags: page.tags.clone(),
        matched,
        missing,
        partial,
        sections: None,
    }
}
