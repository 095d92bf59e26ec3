//! From ranked sections to the hits a page shows: the page of results
//! asked for (by section, or by page with their best sections), each with
//! its title, heading, URL, what it matched and an excerpt around its
//! matches. Names the record buckets it needs first.

use crate::analysis;
use crate::excerpt::{self, Mark};

use crate::format::meta::{BODY, HEADING, TITLE};
use crate::format::postings::page_of;
use crate::format::records::{Page, Piece, piece_of, piece_span};
use crate::index::{Index, Missing};
use crate::query::{Query, Unit, Via};
use crate::sort::{sort, sort_by};

use super::matching::in_section;
use super::rank::{Ranked, Ranking};
use super::{Corrections, Group, Hit, MAX_LIMIT, Options, Outcome, Results, Step};

/// A hit chosen for display, before it is rendered: its sections, best
/// first, and with `Group::Page` the page's score.
struct Shown<'r> {
    page_score: Option<f32>,
    sections: Vec<&'r Ranked>,
    /// With `Group::Page`, how many of the page's sections are ranked.
    of: usize,
}

/// Turns ranked sections into hits, or names the files they need.
pub fn present(
    index: &Index,
    text: &str,
    query: &Query,
    ranking: &Ranking,
    options: &Options,
) -> Outcome {
    let shown = select(&ranking.ranked, options);
    // Where each shown section's excerpt lies, and the files that hold it
    // and its heading.
    // The window is chosen from the postings alone (body positions are
    // offsets into the text); the piece it starts in holds it whole.
    let mut windows = Vec::new();
    let mut missing = Missing::default();
    for r in shown.iter().flat_map(|s| &s.sections) {
        let marks = marks(query, ranking, r);
        let (from, _) = excerpt::window(&marks, u32::MAX);
        let piece = piece_of(from);
        let (page, local) = (page_of(r.section), r.section as u32);
        if !index.has_record(page, local, piece) {
            missing.insert(index.record_file(page, local, piece));
        }
        windows.push((r.section, marks, from, piece));
    }
    if !missing.is_empty() {
        return Outcome::Need(missing);
    }
    let excerpts: Vec<(u64, u32, String)> = windows
        .into_iter()
        .map(|(key, marks, from, piece)| {
            let record = index.record(page_of(key), key as u32, piece);
            let excerpt = record.map_or_else(String::new, |(_, p)| {
                excerpt_in(
                    p,
                    from,
                    &marks,
                    &join_function_words(index, query, p, &marks),
                )
            });
            (key, piece, excerpt)
        })
        .collect();
    let hit = |r: &Ranked, score: f32| {
        let (piece, excerpt) = excerpts
            .iter()
            .find(|e| e.0 == r.section)
            .map_or((0, ""), |e| (e.1, e.2.as_str()));
        section_hit(index, query, ranking, r, (piece, score), excerpt)
    };
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
                    sections_total: Some(shown.of),
                    ..best
                }
            }
        })
        .collect();
    let ranked = &ranking.ranked;
    let total = match options.group {
        Group::Section => ranked.len(),
        Group::Page => {
            let mut pages: Vec<u32> = ranked.iter().map(|r| page_of(r.section)).collect();
            sort(&mut pages);
            pages.dedup();
            pages.len()
        }
    };
    // The best section with every word says how the query was met: a
    // section led by its heading may rank above it and lack one.
    let step = match ranked.iter().find(|r| !lacks(query, r)) {
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
        None if !ranked.is_empty() || query.units.iter().any(|u| !u.weak) => Step::Partial,
        None => Step::All,
    };
    let mut left_out = query.left_out.clone();
    let past = super::load::searched_part(text).1;
    if !past.trim().is_empty() {
        left_out.push(past.trim().to_owned());
    }
    Outcome::Done(Results {
        query: text.to_owned(),
        terms: query.words().into_iter().map(str::to_owned).collect(),
        step,
        partial: step == Step::Partial,
        corrected: Corrections(query.corrections.clone()),
        truncated: !left_out.is_empty(),
        left_out,
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
        .zip(r.met.iter())
        .any(|(u, m)| !u.weak && !meets(u, m))
}

/// Whether a unit is met by `met`, its best alternative in a section: a
/// piece of a compound (`ci` of `ci/cd`) adds to the score but does not
/// meet it.
fn meets(unit: &Unit, met: Option<usize>) -> bool {
    met.is_some_and(|a| unit.alternatives[a].via != Via::Piece)
}

fn select<'r>(ranked: &'r [Ranked], options: &Options) -> Vec<Shown<'r>> {
    let (offset, limit) = (options.offset, options.limit.clamp(1, MAX_LIMIT));
    match options.group {
        Group::Section => ranked
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| Shown {
                page_score: None,
                sections: vec![r],
                of: 1,
            })
            .collect(),
        Group::Page => {
            // Pages in the order of their best section; a page's score is
            // its best section's. Sorting the ranks by page brings each
            // page's sections together, best first, in O(n log n) and
            // with no map (a B-tree here cost 2.3 KB of wasm).
            let mut by_page: Vec<(u32, usize)> = (ranked.iter().enumerate())
                .map(|(rank, r)| (page_of(r.section), rank))
                .collect();
            sort(&mut by_page);
            let per_page = options.sections_per_page.max(1);
            let mut pages: Vec<(usize, Shown)> = by_page
                .chunk_by(|a, b| a.0 == b.0)
                .map(|sections| {
                    let best = sections[0].1;
                    // Under a lead of the first tier, only sections of that
                    // tier: a long page's loose matches would stand above
                    // the next page's lead. One page asked for alone lists
                    // them all.
                    let listed = |s: &&(u32, usize)| {
                        options.page.is_some() || ranked[s.1].first == ranked[best].first
                    };
                    let shown = Shown {
                        page_score: Some(ranked[best].score),
                        sections: (sections.iter())
                            .take_while(listed)
                            .take(per_page)
                            .map(|s| &ranked[s.1])
                            .collect(),
                        of: sections.len(),
                    };
                    (best, shown)
                })
                .collect();
            sort_by(&mut pages, |a, b| a.0 < b.0);
            (pages.into_iter().map(|(_, shown)| shown))
                .skip(offset)
                .take(limit)
                .collect()
        }
    }
}

/// Whether unit `u` is highlighted in section `r`: met, and no function
/// word unless the query has nothing else (or every 的 would light up).
fn highlighted(query: &Query, r: &Ranked, u: usize) -> bool {
    let only_function = query.units.iter().all(|u| u.function);
    r.met.get(u).is_some() && (!query.units[u].function || only_function)
}

/// The query's words as `title` and `heading` write them, distinct, from
/// where the section's postings place them there (positions count the
/// characters of the text as shown).
fn marked_forms(
    query: &Query,
    ranking: &Ranking,
    r: &Ranked,
    [title, heading]: [&str; 2],
) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for u in (0..query.units.len()).filter(|&u| highlighted(query, r, u)) {
        for hits in ranking.unit_hits(u) {
            let Some(hits) = in_section(hits, r.section) else {
                continue;
            };
            for o in hits.occurrences {
                let text = match o.field() {
                    TITLE => title,
                    HEADING => heading,
                    _ => continue,
                };
                let form: String = (text.chars())
                    .skip(o.offset() as usize)
                    .take(o.len as usize)
                    .collect();
                if !form.is_empty() && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
    }
    forms
}

/// What to highlight in a section's body: where each unit was met, by
/// every alternative that meets it; a function word only when the query
/// has nothing else (see [`join_function_words`]), or every 的 would light
/// up.
fn marks(query: &Query, ranking: &Ranking, r: &Ranked) -> Vec<Mark> {
    let mut marks = Vec::new();
    // Each unit gets an equal share of the budget, so that one common
    // word cannot crowd out the others.
    let share = excerpt::MAX_MARKS / query.units.len().max(1);
    for u in (0..query.units.len()).filter(|&u| highlighted(query, r, u)) {
        let before = marks.len();
        for hits in ranking.unit_hits(u) {
            let Some(hits) = in_section(hits, r.section) else {
                continue;
            };
            for o in hits.occurrences.iter().filter(|o| o.field() == BODY) {
                if marks.len() - before >= share {
                    break;
                }
                marks.push(Mark {
                    start: o.offset(),
                    end: o.offset().saturating_add(o.len),
                    unit: u,
                });
            }
        }
    }
    sort(&mut marks);
    marks
}

/// `marks` and the query's function words (是, 的) where they stand right
/// next to one in the piece's text, so that `是一段` lights up whole. Their
/// postings are never read ([`super::load::read_postings`]), so they are
/// found in the text, folded as the index folds it.
fn join_function_words(index: &Index, query: &Query, piece: &Piece, marks: &[Mark]) -> Vec<Mark> {
    let words: Vec<(usize, Vec<char>)> = (query.units.iter().enumerate())
        .filter(|(_, u)| u.function)
        .map(|(i, u)| (i, u.text.chars().collect()))
        .collect();
    if words.is_empty() || words.len() == query.units.len() {
        return marks.to_vec();
    }
    let (start, _) = piece_span(piece.index, piece.body_chars);
    let text: Vec<char> = piece.text.chars().collect();
    let end = start + text.len() as u32;
    // Each character folded at most once, when first looked at: a piece
    // has hundreds of marks, and folding allocates.
    let mut folded: Vec<Option<Option<char>>> = vec![None; text.len()];
    let mut is_char = |at: usize, want: char| {
        let c = *folded[at].get_or_insert_with(|| {
            let f = index.simplify(&analysis::fold(text[at].encode_utf8(&mut [0; 4])));
            let mut chars = f.chars();
            chars.next().filter(|_| chars.next().is_none())
        });
        c == Some(want)
    };
    let mut word_at = |at: usize, word: &[char]| {
        at + word.len() <= text.len() && word.iter().enumerate().all(|(i, &c)| is_char(at + i, c))
    };
    let mut out = marks.to_vec();
    for m in marks.iter().filter(|m| m.start >= start && m.end <= end) {
        let (from, to) = ((m.start - start) as usize, (m.end - start) as usize);
        for (unit, word) in &words {
            let len = word.len();
            if from >= len && word_at(from - len, word) {
                out.push(Mark {
                    start: m.start - len as u32,
                    end: m.start,
                    unit: *unit,
                });
            }
            if word_at(to, word) {
                out.push(Mark {
                    start: m.end,
                    end: m.end + len as u32,
                    unit: *unit,
                });
            }
        }
    }
    sort(&mut out);
    out.dedup();
    out
}

/// The excerpt of a piece's text around `from`, with `marks`: at most
/// [`excerpt::EXCERPT_CHARS`] characters, moved back within the piece when
/// the body ends sooner, and off the middle of Latin words; and a second
/// stretch of the piece for the words of `matched` (the section's matches,
/// function words aside) that the first misses, after one ellipsis.
fn excerpt_in(piece: &Piece, from: u32, matched: &[Mark], marks: &[Mark]) -> String {
    let (start, end) = piece_span(piece.index, piece.body_chars);
    let to = from.saturating_add(excerpt::EXCERPT_CHARS).min(end);
    let from = to
        .saturating_sub(excerpt::EXCERPT_CHARS)
        .max(start)
        .min(from);
    let mut stretches = vec![(from, to)];
    match excerpt::second_window(matched, (from, to), (start, end), piece.body_chars) {
        Some(joined) if joined.0 <= from && joined.1 >= to => stretches = vec![joined],
        Some(second) if second.1 <= from => stretches.insert(0, second),
        Some(second) => stretches.push(second),
        None => {}
    }
    let mut out = String::new();
    for (i, &(from, to)) in stretches.iter().enumerate() {
        let part = render_stretch(piece, from, to, marks);
        // The ellipsis that ends one stretch opens the next.
        out.push_str(if i > 0 {
            part.strip_prefix('…').unwrap_or(&part)
        } else {
            &part
        });
    }
    out
}

/// Characters `from..to` of a piece's body, off the middle of Latin words,
/// with `marks`.
fn render_stretch(piece: &Piece, from: u32, to: u32, marks: &[Mark]) -> String {
    let (start, _) = piece_span(piece.index, piece.body_chars);
    // Only the stretch and as much around it as snapping may reach: one
    // more character each side, so that the edge of what is read is
    // never mistaken for the edge of a word.
    let margin = excerpt::MAX_SNAP_CHARS + 1;
    let lo = from.saturating_sub(margin).max(start);
    let chars: Vec<char> = (piece.text.chars())
        .skip((lo - start) as usize)
        .take(to.saturating_add(margin).saturating_sub(lo) as usize)
        .collect();
    let (from, to) = excerpt::snap_to_words(&chars, lo, from, to);
    let text = chars
        .get((from - lo) as usize..(to.max(from) - lo) as usize)
        .unwrap_or(&[]);
    excerpt::render_chars(text, from, piece.body_chars, marks)
}

fn section_hit(
    index: &Index,
    query: &Query,
    ranking: &Ranking,
    r: &Ranked,
    (piece, score): (u32, f32),
    excerpt: &str,
) -> Hit {
    let fallback = (Page::default(), Piece::default());
    // Loaded with the excerpt (every piece carries its section's heading
    // and page); a damaged index that lacks it gives an empty hit, not a
    // panic.
    let (page, piece) = index
        .record(page_of(r.section), r.section as u32, piece)
        .unwrap_or((&fallback.0, &fallback.1));
    let url = if piece.anchor.is_empty() {
        page.url.clone()
    } else {
        page.url.clone() + "#" + &piece.anchor
    };
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for (u, unit) in query.units.iter().enumerate() {
        if meets(unit, r.met.get(u)) {
            matched.push(unit.text.clone());
        } else if !unit.weak {
            missing.extend(query.lacking(unit));
        }
    }
    let partial = !missing.is_empty();
    Hit {
        marked: marked_forms(query, ranking, r, [&page.title, &piece.heading]),
        url,
        page_url: page.url.clone(),
        title: page.title.clone(),
        heading: piece.heading.clone(),
        excerpt: excerpt.to_owned(),
        score,
        date: page.date.clone(),
        tags: page.tags.clone(),
        matched,
        missing,
        partial,
        sections: None,
        sections_total: None,
    }
}
