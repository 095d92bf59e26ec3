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

/// Where something stands in one section: a view into [`Hits`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SectionHits<'a> {
    /// The section's key (see [`crate::format::postings::section_key`]).
    pub key: u64,
    /// Its body's length, quantised.
    pub norm: u8,
    pub occurrences: &'a [Occurrence],
}

/// Where something stands, per section, in rising key order. The
/// occurrences of all sections share one array: a query meets thousands
/// of sections, and an array for each was a tenth of its time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    sections: Vec<Section>,
    occurrences: Vec<Occurrence>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Section {
    key: u64,
    norm: u8,
    /// Where its occurrences start in the shared array.
    start: u32,
}

impl Hits {
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    fn get(&self, i: usize) -> SectionHits<'_> {
        let s = self.sections[i];
        let end = (self.sections.get(i + 1)).map_or(self.occurrences.len(), |n| n.start as usize);
        SectionHits {
            key: s.key,
            norm: s.norm,
            occurrences: &self.occurrences[s.start as usize..end],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = SectionHits<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Adds a section after the last, with the occurrences pushed onto
    /// `self.occurrences` since `start`; none, and it is not added.
    fn close(&mut self, key: u64, norm: u8, start: usize) {
        debug_assert!(self.sections.last().is_none_or(|s| s.key < key));
        if self.occurrences.len() > start {
            self.sections.push(Section {
                key,
                norm,
                start: start as u32,
            });
        }
    }

    /// Adds a section after the last, with `occurrences`, if any.
    fn push(&mut self, key: u64, norm: u8, occurrences: &[Occurrence]) {
        let start = self.occurrences.len();
        self.occurrences.extend_from_slice(occurrences);
        self.close(key, norm, start);
    }
}

/// What `hits` has in section `key`, if anything.
pub fn in_section(hits: &Hits, key: u64) -> Option<SectionHits<'_>> {
    (hits.sections)
        .binary_search_by_key(&key, |h| h.key)
        .ok()
        .map(|i| hits.get(i))
}

/// [`in_section`] for keys asked for in rising order, `at` being where
/// the search for the last one stopped (0 at first). The next section is
/// usually a few steps on: they are walked, and only a longer way is
/// searched, so that a ranking that visits a long list's sections in order
/// reads it about once.
pub fn in_section_after<'a>(hits: &'a Hits, key: u64, at: &mut usize) -> Option<SectionHits<'a>> {
    const WALK: usize = 8;
    let sections = &hits.sections;
    let walked = sections[*at..].iter().take(WALK);
    let step = walked.take_while(|s| s.key < key).count();
    *at += step;
    if step == WALK {
        *at += sections[*at..].partition_point(|s| s.key < key);
    }
    (sections.get(*at)?.key == key).then(|| hits.get(*at))
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
    let pairs: Vec<&List> = c.verbatim.iter().map(|&t| &*lists[t]).collect();
    match by_term {
        // Glued characters: found by their pairs only.
        None => verbatim_hits(&pairs, len, &Hits::default()),
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
    let mut out = Hits::default();
    out.sections.reserve(list.len());
    for p in list.iter() {
        let start = out.occurrences.len();
        out.occurrences
            .extend(p.positions.iter().enumerate().map(|(i, &pos)| Occurrence {
                at: ((p.field_of(i) as u32) << FIELD_SHIFT) | pos,
                len,
                weight: if p.is_whole(i) { 1.0 } else { inner },
            }));
        out.close(p.key(), p.body_norm, start);
    }
    out
}

/// Where pairs of characters follow each other, in order, one character
/// apart (the second pair starting on the first's second character), in
/// each section that has them all, except the sections of `skip`.
fn verbatim_hits(pairs: &[&List], len: u32, skip: &Hits) -> Hits {
    let mut out = Hits::default();
    let Some((anchor_pair, anchor)) = pairs.iter().enumerate().min_by_key(|(_, l)| l.len()) else {
        return out;
    };
    let mut postings: Vec<PostingRef> = Vec::with_capacity(pairs.len());
    for p in anchor.iter() {
        let key = p.key();
        if in_section(skip, key).is_some() {
            continue;
        }
        postings.clear();
        for list in pairs {
            match list.find(key) {
                Some(posting) => postings.push(posting),
                None => break,
            }
        }
        if postings.len() < pairs.len() {
            continue;
        }
        let start = out.occurrences.len();
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
                    out.occurrences.push(Occurrence {
                        at: ((f as u32) << FIELD_SHIFT) | start,
                        len,
                        weight: 1.0,
                    });
                }
            }
        }
        out.close(key, p.body_norm, start);
    }
    out
}

/// `words` plus the sections of `extra` (which it lacks), whose
/// occurrences weigh `weight`.
fn merge(words: Hits, extra: Hits, weight: f32) -> Hits {
    if extra.is_empty() {
        return words;
    }
    let mut out = Hits::default();
    out.sections.reserve(words.len() + extra.len());
    out.occurrences
        .reserve(words.occurrences.len() + extra.occurrences.len());
    let (mut a, mut b) = (words.iter().peekable(), extra.iter().peekable());
    loop {
        let (next, weigh) = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.key < x.key => (b.next(), true),
            (Some(_), _) => (a.next(), false),
            (None, Some(_)) => (b.next(), true),
            (None, None) => break,
        };
        let Some(h) = next else { break };
        let start = out.occurrences.len();
        out.occurrences
            .extend(h.occurrences.iter().map(|&o| Occurrence {
                weight: if weigh { weight } else { o.weight },
                ..o
            }));
        out.close(h.key, h.norm, start);
    }
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
        return AltHits::Phrase(Hits::default());
    };
    if rest.is_empty() {
        return AltHits::Clause(*first);
    }
    let mut out = Hits::default();
    let mut current: Vec<Occurrence> = Vec::new();
    for start in clauses[*first].iter() {
        current.clear();
        current.extend_from_slice(start.occurrences);
        for &next in rest {
            let Some(following) = in_section(&clauses[next], start.key) else {
                current.clear();
                break;
            };
            let following = following.occurrences;
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
        out.push(start.key, start.norm, &current);
    }
    AltHits::Phrase(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_over_rising_keys_finds_what_a_search_finds() {
        let mut hits = Hits::default();
        let occurrence = Occurrence {
            at: 0,
            len: 1,
            weight: 1.0,
        };
        // Keys 0, 3, 6, …: runs longer than the walk's short steps.
        for key in (0..300).step_by(3) {
            hits.push(key, 0, &[occurrence]);
        }
        for stride in [1, 2, 7, 40] {
            let mut at = 0;
            for key in (0..320).step_by(stride) {
                let walked = in_section_after(&hits, key, &mut at).map(|h| h.key);
                assert_eq!(walked, in_section(&hits, key).map(|h| h.key), "{key}");
            }
        }
        let mut at = 0;
        assert!(in_section_after(&Hits::default(), 5, &mut at).is_none());
    }
}
