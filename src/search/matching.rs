//! Where each part of a query stands in each section: from the postings
//! of the query's terms to the occurrences of its clauses, alternatives
//! and units, section by section.
//!
//! A clause stands where its term does; a CJK clause of three or more
//! characters also wherever its pairs of characters follow each other,
//! whatever the indexer's segmentation made of it. An alternative of
//! several clauses stands where they all do, in order, each starting where
//! the previous ends (or one character later, for a space the query has
//! and the text lacks).

use crate::format::meta::FIELDS;
use crate::format::postings::{List, PostingRef};
use crate::query::{Alternative, Clause, Query};

use super::load::Lists;

/// Weight of a CJK character found inside a longer word, against 1 for a
/// whole word: a substring match counts, but less.
pub const INNER_CHAR_WEIGHT: f32 = 0.25;
/// Weight of a CJK word found only by its characters standing together
/// inside other words (`网络` across `互联网` and `络`).
pub const VERBATIM_ONLY_WEIGHT: f32 = 0.5;
/// Most characters between two clauses of a phrase.
const PHRASE_GAP: u32 = 1;
/// Where a position's field is kept in an occurrence's `at`: fields are
/// this far apart, so that nothing stands next to anything across them.
/// Positions are below 2^30 (the decoder refuses others), so a field's
/// bits never mix with its positions, and `at + len` stays below 2^32.
const FIELD_SHIFT: u32 = 30;
const _: () = assert!(crate::format::postings::POSITION_LIMIT == 1 << FIELD_SHIFT);

/// One place a clause, alternative or unit stands in a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occurrence {
    /// The field in the top bits, the position in the field below.
    pub at: u32,
    /// Length in characters.
    pub len: u32,
    /// How much it counts as an occurrence of a whole word.
    pub weight: f32,
}

impl Occurrence {
    pub fn field(&self) -> usize {
        (self.at >> FIELD_SHIFT) as usize
    }

    /// The position within its field.
    pub fn offset(&self) -> u32 {
        self.at & ((1 << FIELD_SHIFT) - 1)
    }
}

/// Where something stands in one section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionHits {
    /// The section's key (see [`crate::format::postings::section_key`]).
    pub key: u64,
    /// Its body's length, quantised.
    pub norm: u8,
    pub occurrences: Vec<Occurrence>,
}

/// Per section, in rising key order.
pub type Hits = Vec<SectionHits>;

/// What `hits` has in section `key`, if anything.
pub fn in_section(hits: &Hits, key: u64) -> Option<&SectionHits> {
    hits.binary_search_by_key(&key, |h| h.key)
        .ok()
        .map(|i| &hits[i])
}

/// Where every clause of the query stands.
pub fn clause_hits(query: &Query, lists: &Lists) -> Vec<Hits> {
    query.clauses.iter().map(|c| clause(c, lists)).collect()
}

fn clause(c: &Clause, lists: &Lists) -> Hits {
    let len = c.chars;
    // A character or pair inside another word is a weaker match.
    let inner = if c.chars == 1 {
        INNER_CHAR_WEIGHT
    } else {
        VERBATIM_ONLY_WEIGHT
    };
    // Glued characters are wanted verbatim: every occurrence counts whole.
    let inner = if c.glued { 1.0 } else { inner };
    let by_term = c.term.map(|t| term_hits(&lists[t], len, inner));
    if c.verbatim.is_empty() {
        return by_term.unwrap_or_default();
    }
    let pairs: Vec<&List> = c.verbatim.iter().map(|&t| &lists[t]).collect();
    match by_term {
        // Glued characters: found by their pairs only.
        None => verbatim_hits(&pairs, len, &[]),
        // Where the word is, it is; elsewhere its characters may still
        // stand together inside other words.
        Some(words) => {
            let verbatim = verbatim_hits(&pairs, len, &words);
            merge(words, verbatim, VERBATIM_ONLY_WEIGHT)
        }
    }
}

/// A term's postings as occurrences, each weighing 1, or `inner` where it
/// does not stand as a word of its own.
fn term_hits(list: &List, len: u32, inner: f32) -> Hits {
    list.iter()
        .map(|p| {
            let occurrences = p
                .positions
                .iter()
                .enumerate()
                .map(|(i, &pos)| Occurrence {
                    at: ((p.field_of(i) as u32) << FIELD_SHIFT) | pos,
                    len,
                    weight: if p.is_whole(i) { 1.0 } else { inner },
                })
                .collect();
            SectionHits {
                key: p.key(),
                norm: p.body_norm,
                occurrences,
            }
        })
        .collect()
}

/// Where pairs of characters follow each other, in order, one character
/// apart (the second pair starting on the first's second character), in
/// each section that has them all, except the sections of `skip`.
fn verbatim_hits(pairs: &[&List], len: u32, skip: &[SectionHits]) -> Hits {
    let Some((anchor_pair, anchor)) = pairs.iter().enumerate().min_by_key(|(_, l)| l.len()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in anchor.iter() {
        let key = p.key();
        if skip.binary_search_by_key(&key, |h| h.key).is_ok() {
            continue;
        }
        let postings: Option<Vec<PostingRef>> = pairs.iter().map(|list| list.find(key)).collect();
        let Some(postings) = postings else {
            continue;
        };
        let mut occurrences = Vec::new();
        for f in 0..FIELDS {
            for &at in postings[anchor_pair].in_field(f) {
                let Some(start) = at.checked_sub(anchor_pair as u32) else {
                    continue;
                };
                let all = postings.iter().enumerate().all(|(i, q)| {
                    start
                        .checked_add(i as u32)
                        .is_some_and(|at| q.in_field(f).binary_search(&at).is_ok())
                });
                if all {
                    occurrences.push(Occurrence {
                        at: ((f as u32) << FIELD_SHIFT) | start,
                        len,
                        weight: 1.0,
                    });
                }
            }
        }
        if !occurrences.is_empty() {
            out.push(SectionHits {
                key,
                norm: p.body_norm,
                occurrences,
            });
        }
    }
    out
}

/// `words` plus the sections of `extra` (which it lacks), whose
/// occurrences weigh `weight`.
fn merge(words: Hits, extra: Hits, weight: f32) -> Hits {
    if extra.is_empty() {
        return words;
    }
    let mut out: Hits = words;
    out.extend(extra.into_iter().map(|mut h| {
        for o in &mut h.occurrences {
            o.weight = weight;
        }
        h
    }));
    crate::sort::sort_by(&mut out, |a, b| a.key < b.key);
    out
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
    for start in &clauses[*first] {
        let mut current: Vec<Occurrence> = start.occurrences.clone();
        for &next in rest {
            let Some(following) = in_section(&clauses[next], start.key) else {
                current.clear();
                break;
            };
            let following = &following.occurrences;
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
            out.push(SectionHits {
                key: start.key,
                norm: start.norm,
                occurrences: current,
            });
        }
    }
    AltHits::Phrase(out)
}
