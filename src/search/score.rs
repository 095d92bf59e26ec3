//! How well a section meets a query: BM25F over its three fields (page
//! title, section heading, body) per unit, and a bonus for units that
//! stand together as they do in the query.

use crate::format::meta::{BODY, FIELDS, HEADING, TITLE};
use crate::format::postings::norm_words;
use crate::query::Via;

use super::matching::Occurrence;

/// Field weights: a heading match says more than a body match. The page
/// title counts for every section of the page, so it weighs less than the
/// section's own heading.
const WEIGHTS: [f32; FIELDS] = {
    let mut w = [0.0; FIELDS];
    w[TITLE] = 1.0;
    w[HEADING] = 3.0;
    w[BODY] = 1.0;
    w
};
/// Length normalisation of the body (BM25's b): how much a long body's
/// matches are discounted.
const B: f32 = 0.75;
/// BM25's k1: how quickly more occurrences stop adding to a score. Lower
/// saturates sooner, so that one word repeated cannot outweigh two words.
const K1: f32 = 1.2;
/// Share of a weak unit's score that counts (function and question words,
/// and words in too many sections).
pub const WEAK_WEIGHT: f32 = 0.2;
/// Score multiplier share for the units that stand next to each other as
/// in the query, over the pairs of units.
const ADJACENT_BONUS: f32 = 0.5;
/// Score multiplier when all of them do.
const TOGETHER_BONUS: f32 = 0.5;
/// Most characters between two units that stand "together": a space, or a
/// function word (`容器的网络`).
const PROXIMITY_GAP: u32 = 2;
/// Score multiplier share for all units standing close together, in one
/// stretch of text (a question and its answer), decaying with the
/// characters between them.
const WINDOW_BONUS: f32 = 0.5;
/// Characters between the units at which the window bonus is halved.
const WINDOW_HALF: f32 = 20.0;
/// Most occurrences per unit looked at for the window.
const WINDOW_OCCURRENCES: usize = 256;
/// The largest proximity multiplier.
pub const MAX_PROXIMITY: f32 = 1.0 + ADJACENT_BONUS + TOGETHER_BONUS + WINDOW_BONUS;

/// The inverse document frequency of something found in `df` of `n`
/// sections, as BM25 takes it: positive, and larger for rarer things.
pub fn idf(n: usize, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// What an alternative's score is multiplied by: the reader's own words
/// and their equivalents fully, guesses less, so that exact words rank
/// first.
pub fn via_weight(via: Via) -> f32 {
    match via {
        Via::Typed | Via::Synonym | Via::Regional => 1.0,
        Via::Typo => 0.8,
        Via::Prefix => 0.7,
        Via::Part | Via::Piece => 0.6,
    }
}

/// BM25 of occurrences in one section, field by field, each field
/// saturating on its own and weighted by [`WEIGHTS`]: a match in a
/// heading adds its own share however often the body repeats the word.
/// Only the body's length is known (`norm`, quantised): titles and
/// headings are short, and are not normalised. With `title_as_heading`,
/// the page title weighs as the section's own heading (see
/// `rank::rank`). The result is below `idf` × [`MAX_FIELDS_FACTOR`].
pub fn bm25f(
    norm: u8,
    avg_body: f32,
    idf: f32,
    occurrences: &[Occurrence],
    title_as_heading: bool,
) -> f32 {
    let mut tf = [0.0; FIELDS];
    for o in occurrences {
        let field = match o.field().min(FIELDS - 1) {
            TITLE if title_as_heading => HEADING,
            f => f,
        };
        tf[field] += o.weight;
    }
    let body = norm_words(norm);
    let mut score = 0.0;
    for f in 0..FIELDS {
        if tf[f] == 0.0 {
            continue;
        }
        let norm = if f == BODY {
            1.0 - B + B * body / avg_body
        } else {
            1.0
        };
        score += WEIGHTS[f] * tf[f] * (K1 + 1.0) / (tf[f] + K1 * norm.max(0.1));
    }
    idf * score
}

/// The most a unit's [`bm25f`] is, over its idf.
pub const MAX_FIELDS_FACTOR: f32 = (K1 + 1.0) * (WEIGHTS[TITLE] + WEIGHTS[HEADING] + WEIGHTS[BODY]);

/// The proximity multiplier, from 1 to [`MAX_PROXIMITY`], for units in
/// query order where they stand in a section: a share for each pair of
/// neighbours that stand together, and more when all do.
pub fn proximity(places: &[&[Occurrence]]) -> f32 {
    if places.len() < 2 {
        return 1.0;
    }
    let together = places
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0], w[1]);
            a.iter().any(|o| {
                let end = o.at.saturating_add(o.len);
                let from = b.partition_point(|q| q.at < end);
                b.get(from).is_some_and(|q| q.at - end <= PROXIMITY_GAP)
            })
        })
        .count();
    let pairs = places.len() - 1;
    let all = if together == pairs {
        TOGETHER_BONUS
    } else {
        0.0
    };
    let window = match gap(places) {
        Some(gap) => WINDOW_BONUS * WINDOW_HALF / (WINDOW_HALF + gap as f32),
        None => 0.0,
    };
    1.0 + ADJACENT_BONUS * together as f32 / pairs as f32 + all + window
}

/// The fewest characters between the units in any stretch of text that
/// holds one occurrence of each: the shortest window over the merged
/// occurrences, in one pass.
fn gap(places: &[&[Occurrence]]) -> Option<u32> {
    let all = merged(places);
    let mut count = vec![0u32; places.len()];
    let mut have = 0;
    let mut best: Option<u32> = None;
    let mut from = 0;
    for to in 0..all.len() {
        let u = all[to].2;
        count[u] += 1;
        if count[u] == 1 {
            have += 1;
        }
        while have == places.len() {
            // From the end of the first to the start of the last: what
            // stands between them, near enough for a bonus.
            let gap = all[to].0.saturating_sub(all[from].1);
            best = Some(best.map_or(gap, |b| b.min(gap)));
            let v = all[from].2;
            count[v] -= 1;
            if count[v] == 0 {
                have -= 1;
            }
            from += 1;
        }
    }
    best
}

/// The first [`WINDOW_OCCURRENCES`] occurrences of each unit as `(start,
/// end, unit)`, in order. Each unit's list is in order already: merging
/// them is linear in the units, where sorting was the costliest step of
/// ranking a common query.
fn merged(places: &[&[Occurrence]]) -> Vec<(u32, u32, usize)> {
    let lists: Vec<&[Occurrence]> = places
        .iter()
        .map(|o| &o[..o.len().min(WINDOW_OCCURRENCES)])
        .collect();
    let mut next = vec![0usize; lists.len()];
    let mut all = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    loop {
        let head = (lists.iter().zip(&next).enumerate())
            .filter_map(|(u, (l, &i))| l.get(i).map(|o| (o.at, o.at + o.len, u)))
            .min();
        let Some(head) = head else {
            return all;
        };
        next[head.2] += 1;
        all.push(head);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_the_units_orders_as_sorting_them_does() {
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for units in 1..6 {
            let lists: Vec<Vec<Occurrence>> = (0..units)
                .map(|_| {
                    let mut at = 0;
                    (0..next() % 300)
                        .map(|_| {
                            at += 1 + next() % 40;
                            Occurrence {
                                at,
                                len: 1 + next() % 4,
                                weight: 1.0,
                            }
                        })
                        .collect()
                })
                .collect();
            let places: Vec<&[Occurrence]> = lists.iter().map(Vec::as_slice).collect();
            let mut want: Vec<(u32, u32, usize)> = (places.iter().enumerate())
                .flat_map(|(u, o)| {
                    (o.iter().take(WINDOW_OCCURRENCES)).map(move |o| (o.at, o.at + o.len, u))
                })
                .collect();
            want.sort();
            assert_eq!(merged(&places), want, "{units} units");
        }
    }
}
