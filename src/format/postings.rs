//! Postings: for each term, the sections it occurs in and where.
//!
//! ```text
//! varint df << 1 | flagged, then per section, in (page, section) order:
//!   varint page step (the first is absolute)
//!   varint section within the page: absolute when the page changed,
//!          else its step from the previous one (at least 1)
//!   byte   the section body's length, quantised (see norm_code)
//!   varint n_body << 2 | has_title << 1 | has_heading,
//!          then varint n_title if has_title, varint n_heading if has_heading
//!   per field (title, heading, body), its positions: each a varint step
//!          from the previous (the first from the field's start),
//!          shifted left by one with the whole-word bit when flagged
//! ```
//!
//! Positions count characters of the displayed text from the start of
//! their field, so a body position is an offset into the section's stored
//! text: excerpts are cut and highlighted from the postings alone. The
//! length byte and the counts per field are what BM25F needs, so ranking
//! needs no table of sections.

pub use super::codec::DecodeError;
use super::codec::{Decoder, Encoder, Truncated};
use super::meta::{BODY, FIELDS, HEADING, TITLE};

/// One section's occurrences of a term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posting {
    pub page: u32,
    /// The section's number within its page.
    pub local: u32,
    /// The section body's length in words, quantised by [`norm_code`].
    pub body_norm: u8,
    /// How many of `positions` are in each field, in field order.
    pub fields: [u32; FIELDS],
    /// Field-relative positions: the title's, then the heading's, then
    /// the body's, each strictly rising.
    pub positions: Vec<u32>,
    /// For terms that mark it (CJK characters and pairs): whether the
    /// occurrence at the same index stands as a whole word. Empty means
    /// every occurrence is whole.
    pub whole: Vec<bool>,
}

impl Posting {
    /// The posting as a view, as a decoded [`List`] gives them.
    pub fn view(&self) -> PostingRef<'_> {
        PostingRef {
            page: self.page,
            local: self.local,
            body_norm: self.body_norm,
            fields: self.fields,
            positions: &self.positions,
            whole: &self.whole,
        }
    }

    pub fn is_whole(&self, i: usize) -> bool {
        self.view().is_whole(i)
    }

    /// The section's key: page in the high half, section in the low.
    pub fn key(&self) -> u64 {
        section_key(self.page, self.local)
    }

    /// The field of occurrence `i`.
    pub fn field_of(&self, i: usize) -> usize {
        self.view().field_of(i)
    }
}

/// One section's occurrences of a term, borrowed from a [`List`] (or a
/// [`Posting`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingRef<'a> {
    pub page: u32,
    pub local: u32,
    pub body_norm: u8,
    pub fields: [u32; FIELDS],
    pub positions: &'a [u32],
    /// Empty when every occurrence is whole.
    pub whole: &'a [bool],
}

impl PostingRef<'_> {
    pub fn is_whole(&self, i: usize) -> bool {
        self.whole.get(i).copied().unwrap_or(true)
    }

    /// The section's key: page in the high half, section in the low.
    pub fn key(&self) -> u64 {
        section_key(self.page, self.local)
    }

    /// The positions in field `f`, rising. (Empty if a damaged list's
    /// counts overrun its positions: the decoder checks them, this does
    /// not rely on it.)
    pub fn in_field(&self, f: usize) -> &[u32] {
        let start = (self.fields[..f].iter()).fold(0u32, |a, &n| a.saturating_add(n));
        let end = start.saturating_add(self.fields[f]);
        self.positions
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }

    /// The field of occurrence `i`.
    pub fn field_of(&self, i: usize) -> usize {
        let i = i as u32;
        if i < self.fields[TITLE] {
            TITLE
        } else if i < self.fields[TITLE] + self.fields[HEADING] {
            HEADING
        } else {
            BODY
        }
    }
}

/// A term's decoded postings, in section order. The positions (and
/// whole-word flags) of all its sections share one array each: a query
/// decodes thousands of postings, and two allocations for each were a
/// fifth of its time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    entries: Vec<Entry>,
    positions: Vec<u32>,
    /// One per position when the list is flagged, else empty.
    whole: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    page: u32,
    local: u32,
    body_norm: u8,
    fields: [u32; FIELDS],
    /// Where its positions start in the list's array.
    start: u32,
}

impl List {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Its postings and positions together: what it holds in memory, in
    /// words of about four bytes (an entry is seven of them).
    pub fn weight(&self) -> usize {
        self.entries.len() * 7 + self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th posting.
    pub fn get(&self, i: usize) -> PostingRef<'_> {
        let e = &self.entries[i];
        let start = e.start as usize;
        // The decoder checked that the counts add up to the positions.
        let end = self
            .entries
            .get(i + 1)
            .map_or(self.positions.len(), |n| n.start as usize);
        PostingRef {
            page: e.page,
            local: e.local,
            body_norm: e.body_norm,
            fields: e.fields,
            positions: &self.positions[start..end],
            whole: self.whole.get(start..end).unwrap_or(&[]),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = PostingRef<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The posting of the section with key `key`, if any.
    pub fn find(&self, key: u64) -> Option<PostingRef<'_>> {
        self.entries
            .binary_search_by_key(&key, |e| section_key(e.page, e.local))
            .ok()
            .map(|i| self.get(i))
    }

    /// The postings as owned values.
    pub fn to_vec(&self) -> Vec<Posting> {
        self.iter()
            .map(|p| Posting {
                page: p.page,
                local: p.local,
                body_norm: p.body_norm,
                fields: p.fields,
                positions: p.positions.to_vec(),
                whole: p.whole.to_vec(),
            })
            .collect()
    }
}

/// Positions are below this: a field of a section (at most 32 MiB of
/// text) has fewer characters, and search packs a field and a position
/// into one `u32` with the field above bit 30. The decoder refuses more.
pub const POSITION_LIMIT: u32 = 1 << 30;

/// A section's key: page in the high half, section within the page in the
/// low half, so that keys sort in document order.
pub fn section_key(page: u32, local: u32) -> u64 {
    (u64::from(page) << 32) | u64::from(local)
}

/// The page of a section key.
pub fn page_of(key: u64) -> u32 {
    (key >> 32) as u32
}

/// The section within its page of a section key: 0 for the first.
pub fn local_of(key: u64) -> u32 {
    key as u32
}

/// A length in words as one byte: `round(16 · log2(1 + words))`, capped.
pub fn norm_code(words: u32) -> u8 {
    ((f64::from(words) + 1.0).log2() * 16.0).round().min(255.0) as u8
}

/// The length in words a [`norm_code`] stands for, to within 5%.
pub fn norm_words(code: u8) -> f32 {
    (f32::from(code) / 16.0).exp2() - 1.0
}

/// Appends one term's postings; `list` must be sorted by section key. With
/// `flagged`, each position carries its whole-word flag.
pub fn encode(e: &mut Encoder, list: &[Posting], flagged: bool) {
    encode_header(e, list.len(), flagged);
    let mut previous = None;
    for p in list {
        encode_entry(e, previous, p, flagged);
        previous = Some((p.page, p.local));
    }
}

/// The start of a list of `df` postings.
pub fn encode_header(e: &mut Encoder, df: usize, flagged: bool) {
    e.varint(((df as u64) << 1) | u64::from(flagged));
}

/// Appends one posting, after the one of section `previous` (page,
/// section), if any: the indexer builds lists this way, a section at a
/// time.
pub fn encode_entry(e: &mut Encoder, previous: Option<(u32, u32)>, p: &Posting, flagged: bool) {
    debug_assert!(previous.is_none_or(|(page, local)| p.key() > section_key(page, local)));
    debug_assert_eq!(p.fields.iter().sum::<u32>() as usize, p.positions.len());
    match previous {
        Some((page, local)) if page == p.page => {
            e.varint(0);
            e.varint(u64::from(p.local - local));
        }
        Some((page, _)) => {
            e.varint(u64::from(p.page - page));
            e.varint(p.local.into());
        }
        None => {
            e.varint(p.page.into());
            e.varint(p.local.into());
        }
    }
    e.buf.push(p.body_norm);
    let [title, heading, body] = p.fields;
    e.varint((u64::from(body) << 2) | (u64::from(title > 0) << 1) | u64::from(heading > 0));
    if title > 0 {
        e.varint(title.into());
    }
    if heading > 0 {
        e.varint(heading.into());
    }
    let mut at = 0;
    for &n in &p.fields {
        let mut last = 0;
        for k in 0..n as usize {
            let pos = p.positions[at + k];
            debug_assert!(k == 0 || pos > last);
            let step = u64::from(pos - if k == 0 { 0 } else { last });
            if flagged {
                e.varint((step << 1) | u64::from(p.is_whole(at + k)));
            } else {
                e.varint(step);
            }
            last = pos;
        }
        at += n as usize;
    }
}

/// Reads the postings of the term that starts at `offset` in `bytes`.
/// `page_count` bounds the pages, so a corrupt list cannot name one the
/// index lacks.
pub fn decode(bytes: &[u8], offset: usize, page_count: u32) -> Result<List, DecodeError> {
    let mut d = Decoder::new(bytes.get(offset..).ok_or(DecodeError::Truncated)?);
    let header = d.varint()?;
    let flagged = header & 1 == 1;
    // Each posting takes at least four bytes: page, section, length, counts.
    let df = usize::try_from(header >> 1).map_err(|_| Truncated)?;
    if df.saturating_mul(4) > d.remaining() {
        return Err(DecodeError::Truncated);
    }
    let mut entries = Vec::with_capacity(df);
    let mut positions: Vec<u32> = Vec::with_capacity(df);
    let mut whole: Vec<bool> = Vec::new();
    let (mut page, mut local) = (0u32, 0u32);
    for i in 0..df {
        let page_step = d.varint_u32()?;
        let section = d.varint_u32()?;
        if i > 0 && page_step == 0 && section == 0 {
            return Err(DecodeError::Corrupt("postings not in section order"));
        }
        page = page
            .checked_add(page_step)
            .filter(|&p| p < page_count)
            .ok_or(DecodeError::Corrupt("posting names a page past the last"))?;
        local = if i == 0 || page_step > 0 {
            section
        } else {
            local
                .checked_add(section)
                .ok_or(DecodeError::Corrupt("section number overflow"))?
        };
        let body_norm = *d.bytes(1)?.first().ok_or(Truncated)?;
        let counts = d.varint()?;
        let body = u32::try_from(counts >> 2).map_err(|_| Truncated)?;
        let title = if counts & 2 != 0 { d.varint_u32()? } else { 0 };
        let heading = if counts & 1 != 0 { d.varint_u32()? } else { 0 };
        let fields = [title, heading, body];
        let tf = fields
            .iter()
            .try_fold(0u32, |a, &n| a.checked_add(n))
            .ok_or(Truncated)?;
        if tf == 0 {
            return Err(DecodeError::Corrupt("posting without positions"));
        }
        if (tf as usize) > d.remaining() {
            return Err(DecodeError::Truncated);
        }
        let start = u32::try_from(positions.len()).map_err(|_| Truncated)?;
        for n in fields {
            let mut pos = 0u32;
            for k in 0..n {
                let mut step = d.varint()?;
                if flagged {
                    whole.push(step & 1 == 1);
                    step >>= 1;
                }
                if k > 0 && step == 0 {
                    return Err(DecodeError::Corrupt("positions not rising"));
                }
                pos = u32::try_from(step)
                    .ok()
                    .and_then(|s| pos.checked_add(s))
                    .filter(|&p| p < POSITION_LIMIT)
                    .ok_or(DecodeError::Corrupt("position overflow"))?;
                positions.push(pos);
            }
        }
        entries.push(Entry {
            page,
            local,
            body_norm,
            fields,
            start,
        });
    }
    Ok(List {
        entries,
        positions,
        whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Posting> {
        vec![
            Posting {
                page: 0,
                local: 2,
                body_norm: 40,
                fields: [1, 0, 2],
                positions: vec![0, 5, 300],
                whole: vec![],
            },
            Posting {
                page: 0,
                local: 9,
                body_norm: 0,
                fields: [0, 1, 0],
                positions: vec![3],
                whole: vec![],
            },
            Posting {
                page: 4,
                local: 0,
                body_norm: 255,
                fields: [0, 0, 1],
                positions: vec![70_000],
                whole: vec![],
            },
        ]
    }

    #[test]
    fn round_trip_at_an_offset() {
        let mut e = Encoder::new();
        e.buf.extend_from_slice(b"junk");
        encode(&mut e, &sample(), false);
        assert_eq!(decode(&e.buf, 4, 10).map(|l| l.to_vec()), Ok(sample()));
        let back = decode(&e.buf, 4, 10).unwrap();
        assert_eq!(back.get(0).field_of(0), TITLE);
        assert_eq!(back.get(0).field_of(2), BODY);
        assert_eq!(back.get(1).field_of(0), HEADING);
        assert_eq!(back.get(0).in_field(BODY), &[5, 300]);
        assert!(back.get(1).key() < back.get(2).key());
        assert_eq!(back.find(back.get(2).key()), Some(back.get(2)));
        assert_eq!(back.find(section_key(0, 3)), None);
    }

    #[test]
    fn whole_word_flags_round_trip() {
        let mut list = sample();
        list[0].whole = vec![true, false, true];
        list[1].whole = vec![false];
        list[2].whole = vec![true];
        let mut e = Encoder::new();
        encode(&mut e, &list, true);
        let back = decode(&e.buf, 0, 10).unwrap();
        assert_eq!(back.to_vec(), list);
        assert!(!back.get(0).is_whole(1) && back.get(0).is_whole(2));
    }

    #[test]
    fn positions_past_the_limit_are_corrupt() {
        let mut list = sample();
        list[2].positions = vec![POSITION_LIMIT - 1];
        let mut e = Encoder::new();
        encode(&mut e, &list, false);
        assert!(decode(&e.buf, 0, 10).is_ok());
        list[2].positions = vec![POSITION_LIMIT];
        let mut e = Encoder::new();
        encode(&mut e, &list, false);
        assert!(matches!(
            decode(&e.buf, 0, 10),
            Err(DecodeError::Corrupt(_))
        ));
    }

    #[test]
    fn pages_past_the_last_are_corrupt() {
        let mut e = Encoder::new();
        encode(&mut e, &sample(), false);
        assert!(matches!(decode(&e.buf, 0, 4), Err(DecodeError::Corrupt(_))));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut e = Encoder::new();
        encode(&mut e, &sample(), true);
        for cut in 0..e.buf.len() {
            assert!(decode(&e.buf[..cut], 0, 10).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn norm_codes_round_trip_closely() {
        for words in [0u32, 1, 10, 250, 4000, 60_000] {
            let back = norm_words(norm_code(words));
            assert!(
                (back - words as f32).abs() <= 0.05 * words as f32 + 0.5,
                "{words} → {back}"
            );
        }
    }
}
