//! Ranks the sections a query reaches.
//!
//! Soft conjunction: a section need not meet every unit. The units that
//! *count* are those that are not weak and that some section meets (a word
//! the index lacks cannot hold the others back). A section that meets them
//! all is *complete*. A word part of a Latin compound ([`Via::Piece`]:
//! `ci` of `ci/cd`) adds to a section's score but meets its unit for
//! neither: `Kube-OVN` in a heading says less about `kube-proxy` than
//! `kube-proxy` in a body. A section whose own heading names a large enough
//! share of the query is *led* by it: it is about the topic even when its
//! text lacks a qualifier (`Flannel中VXLAN Backend的原理和实现` for `flannel
//! vxlan 性能`), which counts for more than a long text that holds every
//! word somewhere. So is a section that meets most of the query
//! ([`NEAR_COVERAGE`]) with a little of it in its heading: `基于容器的日志管理实践`
//! for `容器日志收集方案`, though it never says 方案.
//! Complete, led and near sections rank first, by score. Below them come the
//! others, by score times how much of the query they cover (the idf of
//! the units they meet over the idf of all that count), so that a section
//! with the rare word of a query ranks above one with its common word. A
//! quoted phrase must be met, and a section with an excluded word is
//! dropped.
//!
//! A section's score is the sum over units of the best alternative's
//! BM25F (each unit weighed by the idf of all its alternatives together,
//! so that a rare synonym cannot dominate), times the proximity bonus. In
//! the first section of a page whose title meets every unit that counts,
//! the title weighs as that section's heading: the post titled with the
//! query opens the list. The
//! score every hit reports is the one it is ranked by: a complete or led
//! section's score is raised past the largest any other can have.

use crate::format::meta::{BODY, HEADING, TITLE};
use crate::format::postings::local_of;
use crate::format::terms::too_common;
use crate::index::Index;
use crate::query::{MAX_UNITS, Query, Via};
use crate::sort::{f32_key, sort_u64};

use super::load::Lists;
use super::matching::{self, AltHits, Hits, Occurrence, in_section_after};
use super::score::{
    MAX_FIELDS_FACTOR, MAX_PROXIMITY, WEAK_WEIGHT, bm25f, idf, proximity, via_weight,
};

/// What a partial section's score keeps at the least: it is multiplied by
/// `PARTIAL_FLOOR + (1 - PARTIAL_FLOOR) × coverage`.
const PARTIAL_FLOOR: f32 = 0.5;

/// The share of the query (by the idf of the units that count) that a
/// section's heading must meet for the section to rank with the complete
/// ones. Measured on the reader suite: 0.3 to 0.7 lift topical and mixed
/// queries alike; below 0.2 a heading with one common word of a question
/// is enough, and questions drop.
const HEADING_LEAD: f32 = 0.4;

/// The share of the query (by idf) that a section whose heading meets
/// [`NEAR_HEADING`] of it must meet in all to rank with the complete ones.
/// Measured on the reader suite: 0.7 to 0.8 lift topical, question and
/// Traditional queries alike (at 0.75, 12 queries up, 4 down by at most
/// 0.026).
const NEAR_COVERAGE: f32 = 0.75;
/// See [`NEAR_COVERAGE`]. Any unit at all in the heading lifts 5 queries
/// more but drops 3 more, one by 0.09.
const NEAR_HEADING: f32 = 0.1;

/// A ranked section.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The section's key (see [`crate::format::postings::section_key`]).
    pub section: u64,
    pub score: f32,
    /// It meets every unit that counts.
    pub complete: bool,
    /// It ranks with the complete sections: it is complete, or its
    /// heading meets [`HEADING_LEAD`] of the query, or [`NEAR_HEADING`]
    /// while the section meets [`NEAR_COVERAGE`].
    pub first: bool,
    /// Per unit, the alternative that meets it best here, if any: a piece
    /// of a compound ([`Via::Piece`]) only when nothing more does.
    pub met: Met,
}

/// Per unit of a query, the alternative that meets it best in a section,
/// if any. Inline: a ranking holds one per candidate, and a `Vec` each was
/// a quarter of the ranking's time on a big site (allocating, zeroing,
/// freeing). A query has at most [`MAX_UNITS`] units; a unit past them is
/// never met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Met {
    units: u8,
    /// The alternative's number plus one; 0 for none.
    best: [u32; MAX_UNITS],
}

impl Met {
    pub fn new(units: usize) -> Met {
        debug_assert!(units <= MAX_UNITS);
        Met {
            units: units.min(MAX_UNITS) as u8,
            best: [0; MAX_UNITS],
        }
    }

    pub fn get(&self, u: usize) -> Option<usize> {
        let best = *self.best[..usize::from(self.units)].get(u)?;
        (best > 0).then(|| best as usize - 1)
    }

    fn set(&mut self, u: usize, alternative: usize) {
        if let (Some(best), Ok(a)) = (self.best.get_mut(u), u32::try_from(alternative + 1)) {
            *best = a;
        }
    }

    /// Per unit, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        (0..usize::from(self.units)).map(|u| self.get(u))
    }
}

/// The sections a query reaches, best first, and where its units stand.
pub struct Ranking {
    /// Where each clause stands.
    clauses: Vec<Hits>,
    /// Per unit, per alternative, where it stands.
    alternatives: Vec<Vec<AltHits>>,
    pub ranked: Vec<Ranked>,
}

impl Ranking {
    /// Where each alternative of unit `u` stands.
    pub fn unit_hits(&self, u: usize) -> impl Iterator<Item = &Hits> {
        self.alternatives[u].iter().map(|a| a.get(&self.clauses))
    }
}

pub fn rank(index: &Index, query: &Query, lists: &Lists) -> Ranking {
    let clauses = matching::clause_hits(query, lists);
    let alternatives: Vec<Vec<AltHits>> = query
        .units
        .iter()
        .map(|u| {
            u.alternatives
                .iter()
                .map(|a| matching::alternative_hits(a, &clauses))
                .collect()
        })
        .collect();
    let excluded: Vec<AltHits> = query
        .excluded
        .iter()
        .map(|a| matching::alternative_hits(a, &clauses))
        .collect();
    let n = index.meta.section_count as usize;
    // The sections each unit reaches, by any alternative.
    let reached: Vec<Vec<u64>> = alternatives
        .iter()
        .map(|alts| sections_of(alts.iter().map(|a| a.get(&clauses))))
        .collect();
    let idfs: Vec<f32> = reached.iter().map(|s| idf(n, s.len())).collect();
    // A unit too common to tell sections apart does not count either,
    // whichever of its alternatives makes it so.
    let mut counts: Vec<bool> = query
        .units
        .iter()
        .zip(&reached)
        .map(|(u, r)| !r.is_empty() && (u.required || !(u.weak || too_common(r.len(), n))))
        .collect();
    if !counts.contains(&true) {
        // Only weak words: then they count.
        counts = reached.iter().map(|r| !r.is_empty()).collect();
    }
    let weights: Vec<f32> = query
        .units
        .iter()
        .map(|u| if u.function { WEAK_WEIGHT } else { 1.0 })
        .collect();
    let counted_idf: f32 = (0..idfs.len())
        .filter(|&u| counts[u])
        .map(|u| idfs[u])
        .sum();
    // No section scores this much before the bonus for completeness.
    let bound = MAX_PROXIMITY
        * MAX_FIELDS_FACTOR
        * (0..idfs.len()).map(|u| weights[u] * idfs[u]).sum::<f32>()
        + 1.0;

    let candidates = union(
        reached
            .iter()
            .zip(&counts)
            .filter(|(_, c)| **c)
            .map(|(r, _)| r.iter().copied()),
    );

    let avg_body = index.meta.average_lens()[BODY];
    let mut ranked = Vec::with_capacity(candidates.len());
    // Where the units stand in the section at hand: one buffer for all.
    let mut places: Vec<&[Occurrence]> = Vec::with_capacity(query.units.len());
    // Candidates rise, so each list is walked once: where each
    // alternative's (and each excluded word's) walk stands.
    let mut at: Vec<Vec<usize>> = alternatives.iter().map(|a| vec![0; a.len()]).collect();
    let mut excluded_at = vec![0; excluded.len()];
    for section in candidates {
        let mut walks = excluded.iter().zip(&mut excluded_at);
        if walks.any(|(e, at)| in_section_after(e.get(&clauses), section, at).is_some()) {
            continue;
        }
        let mut total = 0.0;
        let mut covered = 0.0;
        let mut headed = 0.0;
        let mut complete = true;
        let mut met = Met::new(query.units.len());
        // The first section of a page is where its title stands: when the
        // title meets every unit that counts, it weighs there as the
        // section's heading (`total_titled`), so that the post titled
        // 服务网格入门 opens the list for 服务网格, above a long text's
        // heading that has the words among others.
        let opening = local_of(section) == 0;
        let mut titled = opening;
        let mut total_titled = 0.0;
        places.clear();
        for (u, unit) in query.units.iter().enumerate() {
            // The best alternative here scores the unit; the best that is
            // more than a piece of a compound meets it.
            let mut best: Option<(usize, f32, f32, &[Occurrence])> = None;
            let mut best_whole: Option<(usize, f32)> = None;
            let mut whole_in_heading = false;
            let mut whole_in_title = false;
            for (a, alt) in unit.alternatives.iter().enumerate() {
                let hits = alternatives[u][a].get(&clauses);
                let Some(hits) = in_section_after(hits, section, &mut at[u][a]) else {
                    continue;
                };
                let occurrences = hits.occurrences;
                let scored = |title_as_heading| {
                    via_weight(alt.via)
                        * bm25f(hits.norm, avg_body, idfs[u], occurrences, title_as_heading)
                };
                let score = scored(false);
                if best.is_none_or(|b| score > b.1) {
                    let lifted = if opening { scored(true) } else { score };
                    best = Some((a, score, lifted, occurrences));
                }
                if alt.via != Via::Piece {
                    whole_in_heading |= occurrences.iter().any(|o| o.field() == HEADING);
                    whole_in_title |= occurrences.iter().any(|o| o.field() == TITLE);
                    if best_whole.is_none_or(|b| score > b.1) {
                        best_whole = Some((a, score));
                    }
                }
            }
            match best {
                Some((a, score, lifted, occurrences)) => {
                    let whole = best_whole.is_some();
                    met.set(u, best_whole.map_or(a, |b| b.0));
                    total += weights[u] * score;
                    total_titled += weights[u] * lifted;
                    if counts[u] {
                        covered += idfs[u];
                        complete &= whole;
                        titled &= whole_in_title;
                        if whole_in_heading {
                            headed += idfs[u];
                        }
                    }
                    if !unit.function {
                        places.push(occurrences);
                    }
                }
                None if unit.required => {
                    complete = false;
                    total = f32::NAN;
                    break;
                }
                None => {
                    complete &= !counts[u];
                    titled &= !counts[u];
                }
            }
        }
        if total.is_nan() {
            // A quoted phrase it lacks.
            continue;
        }
        let total = if titled && counted_idf > 0.0 {
            total_titled
        } else {
            total
        };
        let total = total * proximity(&places);
        let share = |idf: f32| {
            if counted_idf > 0.0 {
                idf / counted_idf
            } else {
                0.0
            }
        };
        let first = complete
            || share(headed) >= HEADING_LEAD
            || (share(headed) >= NEAR_HEADING && share(covered) >= NEAR_COVERAGE);
        let score = if first {
            total + bound
        } else {
            total * (PARTIAL_FLOOR + (1.0 - PARTIAL_FLOOR) * share(covered))
        };
        ranked.push(Ranked {
            section,
            score,
            complete,
            first,
            met,
        });
    }
    let ranked = best_first(ranked);
    Ranking {
        clauses,
        alternatives,
        ranked,
    }
}

/// Best first; equal scores in document order, so that a search ranks the
/// same every time. `ranked` is in document order (candidates are taken in
/// rising key order), so a key of the falling score then the position
/// orders it: a sort of `u64`s, not of whole hits.
fn best_first(ranked: Vec<Ranked>) -> Vec<Ranked> {
    let mut keys: Vec<u64> = (ranked.iter().enumerate())
        .map(|(i, r)| (u64::from(!f32_key(r.score)) << 32) | i as u64)
        .collect();
    sort_u64(&mut keys);
    let mut slots: Vec<Option<Ranked>> = ranked.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&k| slots[(k & u64::from(u32::MAX)) as usize].take())
        .collect()
}

/// The sections any of the alternatives reaches, in rising key order.
fn sections_of<'a>(alternatives: impl Iterator<Item = &'a Hits>) -> Vec<u64> {
    union(alternatives.map(|h| h.iter().map(|s| s.key)))
}

/// The keys of any of the lists, each in rising order, in rising order
/// once each: merged two at a time, as a query has few.
fn union<I: Iterator<Item = u64>>(lists: impl Iterator<Item = I>) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    let mut merged = Vec::new();
    for list in lists {
        merged.clear();
        let mut a = out.iter().copied().peekable();
        let mut b = list.peekable();
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&x), Some(&y)) if x < y => a.next(),
                (Some(&x), Some(&y)) if y < x => b.next(),
                (Some(_), Some(_)) => {
                    b.next();
                    a.next()
                }
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            };
            match next {
                // A list's own keys may repeat.
                Some(k) if merged.last() != Some(&k) => merged.push(k),
                Some(_) => {}
                None => break,
            }
        }
        std::mem::swap(&mut out, &mut merged);
    }
    out
}
