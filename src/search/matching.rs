//! Where each part of a query stands in each section: from the postings
//! of the query's terms to the occurrences of its clauses, alternatives
//! and units, section by section.
//!
//! A clause stands where its term does, and a CJK clause also wherever its
//! characters stand side by side, whatever the indexer's segmentation
//! made of them. An alternative of several clauses stands where they all
//! do, in order, each starting where the previous ends (or one character
//! later, for a space the query has and the text lacks).

use crate::format::postings::Posting;
use crate::query::{Alternative, Clause, ClauseKind, Query};

use super::load::Lists;

/// Weight of a CJK character found inside a longer word, against 1 for a
/// whole word: a substring match counts, but less.
pub const INNER_CHAR_WEIGHT: f32 = 0.25;
/// Weight of a CJK word found only by its characters standing together
/// inside another word (`网络` in a text segmented as `网络化`).
pub const VERBATIM_ONLY_WEIGHT: f32 = 0.5;
/// Most characters between two clauses of a phrase.
const PHRASE_GAP: u32 = 1;

/// One place a clause, alternative or unit stands in a section's field
/// stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occurrence {
    pub at: u32,
    /// Length in characters.
    pub len: u32,
    /// How much it counts as an occurrence of a whole word.
    pub weight: f32,
}

/// Per section, in rising section order, where something stands there.
pub type Hits = Vec<(u32, Vec<Occurrence>)>;

/// The occurrences of `section` in `hits`, if it has any.
pub fn in_section(hits: &Hits, section: u32) -> Option<&[Occurrence]> {
    hits.binary_search_by_key(&section, |h| h.0)
        .ok()
        .map(|i| hits[i].1.as_slice())
}

/// Where every clause of the query stands.
pub fn clause_hits(query: &Query, lists: &Lists) -> Vec<Hits> {
    query.clauses.iter().map(|c| clause(c, lists)).collect()
}

fn clause(c: &Clause, lists: &Lists) -> Hits {
    let len = c.chars;
    let by_term = c.term.map(|t| term_hits(&lists[t], len));
    if c.kind == ClauseKind::Word || c.chars_in_order.len() < 2 {
        return by_term.unwrap_or_default();
    }
    let chars: Vec<&[Posting]> = c
        .chars_in_order
        .iter()
        .map(|&t| lists[t].as_slice())
        .collect();
    match by_term {
        // Glued characters: found by their characters only.
        None => verbatim_hits(&chars, len, &[]),
        // Where the word is, it is; elsewhere its characters may still
        // stand together inside another word.
        Some(words) => {
            let verbatim = verbatim_hits(&chars, len, &words);
            merge(words, verbatim, VERBATIM_ONLY_WEIGHT)
        }
    }
}

/// A term's postings as occurrences, each weighing 1, or less for a
/// character inside a longer word.
fn term_hits(list: &[Posting], len: u32) -> Hits {
    list.iter()
        .map(|p| {
            let occurrences = p
                .positions
                .iter()
                .enumerate()
                .map(|(i, &at)| Occurrence {
                    at,
                    len,
                    weight: if p.is_whole(i) {
                        1.0
                    } else {
                        INNER_CHAR_WEIGHT
                    },
                })
                .collect();
            (p.section, occurrences)
        })
        .collect()
}

/// Where characters stand one after another, in order, in each section
/// that has them all, except the sections of `skip`.
fn verbatim_hits(chars: &[&[Posting]], len: u32, skip: &[(u32, Vec<Occurrence>)]) -> Hits {
    let Some((anchor_char, anchor)) = chars.iter().enumerate().min_by_key(|(_, l)| l.len()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in anchor.iter() {
        if skip.binary_search_by_key(&p.section, |h| h.0).is_ok() {
            continue;
        }
        let postings: Option<Vec<&Posting>> = chars
            .iter()
            .map(|list| {
                list.binary_search_by_key(&p.section, |q| q.section)
                    .ok()
                    .map(|i| &list[i])
            })
            .collect();
        let Some(postings) = postings else {
            continue;
        };
        let starts: Vec<Occurrence> = p
            .positions
            .iter()
            .filter_map(|&at| at.checked_sub(anchor_char as u32))
            .filter(|&start| {
                postings.iter().enumerate().all(|(i, q)| {
                    start
                        .checked_add(i as u32)
                        .is_some_and(|at| q.positions.binary_search(&at).is_ok())
                })
            })
            .map(|at| Occurrence {
                at,
                len,
                weight: 1.0,
            })
            .collect();
        if !starts.is_empty() {
            out.push((p.section, starts));
        }
    }
    out
}

/// `words` plus the occurrences of `extra` (in other sections), which
/// weigh `weight`.
fn merge(words: Hits, extra: Hits, weight: f32) -> Hits {
    let mut out: Hits = Vec::with_capacity(words.len().max(extra.len()));
    let (mut a, mut b) = (words.into_iter().peekable(), extra.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next().map(|(s, o)| (s, reweigh(o, weight))),
            (Some(x), Some(y)) if x.0 < y.0 => a.next(),
            (Some(x), Some(y)) if y.0 < x.0 => b.next().map(|(s, o)| (s, reweigh(o, weight))),
            _ => {
                let (section, mut occurrences) = a.next().expect("peeked");
                let (_, more) = b.next().expect("peeked");
                for m in more {
                    if occurrences.binary_search_by_key(&m.at, |o| o.at).is_err() {
                        occurrences.push(Occurrence { weight, ..m });
                    }
                }
                occurrences.sort_unstable_by_key(|o| o.at);
                Some((section, occurrences))
            }
        };
        out.extend(next);
    }
    out
}

fn reweigh(occurrences: Vec<Occurrence>, weight: f32) -> Vec<Occurrence> {
    occurrences
        .into_iter()
        .map(|o| Occurrence { weight, ..o })
        .collect()
}

/// Where an alternative stands: its one clause, or its clauses in order,
/// together.
pub fn alternative_hits(alt: &Alternative, clauses: &[Hits]) -> AltHits {
    let [first, rest @ ..] = alt.clauses.as_slice() else {
        return AltHits::Phrase(Vec::new());
    };
    if rest.is_empty() {
        return AltHits::Clause(*first);
    }
    let mut out = Vec::new();
    for (section, starts) in &clauses[*first] {
        let mut current: Vec<Occurrence> = starts.clone();
        for &next in rest {
            let Some(following) = in_section(&clauses[next], *section) else {
                current.clear();
                break;
            };
            current.retain_mut(|o| {
                let end = o.at + o.len;
                let from = following.partition_point(|f| f.at < end);
                match following.get(from).filter(|f| f.at <= end + PHRASE_GAP) {
                    Some(f) => {
                        o.len = f.at + f.len - o.at;
                        o.weight = o.weight.min(f.weight);
                        true
                    }
                    None => false,
                }
            });
            if current.is_empty() {
                break;
            }
        }
        if !current.is_empty() {
            out.push((*section, current));
        }
    }
    AltHits::Phrase(out)
}

/// Where an alternative stands: its one clause's hits, shared, or the
/// hits of its phrase.
pub enum AltHits {
    Clause(usize),
    Phrase(Hits),
}

impl AltHits {
    pub fn get<'a>(&'a self, clauses: &'a [Hits]) -> &'a Hits {
        match self {
            AltHits::Clause(c) => &clauses[*c],
            AltHits::Phrase(hits) => hits,
        }
    }
}
