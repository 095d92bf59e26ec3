//! The postings stream: for each term, the sections it occurs in and where.

use super::codec::{Decoder, Encoder, Truncated};

/// One section's occurrences of a term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posting {
    pub section: u32,
    /// Field-stream positions, strictly rising.
    pub positions: Vec<u32>,
    /// For terms that mark it (single CJK characters): whether the
    /// occurrence at the same index is a whole word rather than a character
    /// inside a longer word. Empty means every occurrence is whole.
    pub whole: Vec<bool>,
}

impl Posting {
    pub fn is_whole(&self, i: usize) -> bool {
        self.whole.get(i).copied().unwrap_or(true)
    }
}

/// Appends one term's postings; `list` must be sorted by section. With
/// `flagged`, each position carries its whole-word flag.
pub fn encode(e: &mut Encoder, list: &[Posting], flagged: bool) {
    e.varint(((list.len() as u64) << 1) | u64::from(flagged));
    let mut last_section = 0;
    for (i, p) in list.iter().enumerate() {
        debug_assert!(i == 0 || p.section > last_section);
        debug_assert!(!p.positions.is_empty());
        e.varint(u64::from(p.section - if i == 0 { 0 } else { last_section }));
        last_section = p.section;
        e.varint(p.positions.len() as u64);
        let mut last = 0;
        for (k, &pos) in p.positions.iter().enumerate() {
            debug_assert!(k == 0 || pos > last);
            let delta = u64::from(pos - if k == 0 { 0 } else { last });
            if flagged {
                e.varint((delta << 1) | u64::from(p.is_whole(k)));
            } else {
                e.varint(delta);
            }
            last = pos;
        }
    }
}

/// Why a postings list could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Truncated,
    Corrupt(&'static str),
}

impl From<Truncated> for DecodeError {
    fn from(_: Truncated) -> Self {
        DecodeError::Truncated
    }
}

/// Reads the postings of the term that starts at `offset` in `shard`.
/// `section_count` bounds the section ids, so a corrupt list cannot point
/// the caller past its section table.
pub fn decode(
    shard: &[u8],
    offset: usize,
    section_count: u32,
) -> Result<Vec<Posting>, DecodeError> {
    let mut d = Decoder::new(shard.get(offset..).ok_or(DecodeError::Truncated)?);
    let header = d.varint()?;
    let flagged = header & 1 == 1;
    // Each posting takes at least three bytes: delta, tf, one position.
    let df = usize::try_from(header >> 1).map_err(|_| Truncated)?;
    if df.saturating_mul(3) > shard.len() - offset {
        return Err(DecodeError::Truncated);
    }
    let mut list = Vec::with_capacity(df);
    let mut section = 0u32;
    for i in 0..df {
        let delta = d.varint_u32()?;
        if i > 0 && delta == 0 {
            return Err(DecodeError::Corrupt("postings not in section order"));
        }
        section = section
            .checked_add(delta)
            .filter(|&s| s < section_count)
            .ok_or(DecodeError::Corrupt(
                "posting points past the section table",
            ))?;
        let tf = d.count(1)?;
        if tf == 0 {
            return Err(DecodeError::Corrupt("posting without positions"));
        }
        let mut positions = Vec::with_capacity(tf);
        let mut whole = Vec::with_capacity(if flagged { tf } else { 0 });
        let mut pos = 0u32;
        for k in 0..tf {
            let mut delta = d.varint()?;
            if flagged {
                whole.push(delta & 1 == 1);
                delta >>= 1;
            }
            if k > 0 && delta == 0 {
                return Err(DecodeError::Corrupt("positions not rising"));
            }
            pos = u32::try_from(delta)
                .ok()
                .and_then(|d| pos.checked_add(d))
                .ok_or(DecodeError::Corrupt("position overflow"))?;
            positions.push(pos);
        }
        list.push(Posting {
            section,
            positions,
            whole,
        });
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Posting> {
        vec![
            Posting {
                section: 2,
                positions: vec![0, 5, 300],
                whole: vec![],
            },
            Posting {
                section: 9,
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
        assert_eq!(decode(&e.buf, 4, 10), Ok(sample()));
    }

    #[test]
    fn whole_word_flags_round_trip() {
        let mut list = sample();
        list[0].whole = vec![true, false, true];
        list[1].whole = vec![false];
        let mut e = Encoder::new();
        encode(&mut e, &list, true);
        let back = decode(&e.buf, 0, 10).unwrap();
        assert_eq!(back, list);
        assert!(!back[0].is_whole(1) && back[0].is_whole(2));
    }

    #[test]
    fn out_of_range_sections_are_corrupt() {
        let mut e = Encoder::new();
        encode(&mut e, &sample(), false);
        assert!(matches!(decode(&e.buf, 0, 9), Err(DecodeError::Corrupt(_))));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut e = Encoder::new();
        encode(&mut e, &sample(), true);
        for cut in 0..e.buf.len() {
            assert!(decode(&e.buf[..cut], 0, 10).is_err(), "cut at {cut}");
        }
    }
}
