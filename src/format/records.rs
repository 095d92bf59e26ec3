//! Record buckets (`r/N/M.xun`): what shown hits display. A section's
//! body text is cut into pieces of [`PIECE_CHARS`] characters; piece `k`
//! holds characters `k · PIECE_CHARS ..` plus [`OVERLAP_CHARS`] more, so
//! that an excerpt starting in it ends in it. Each piece carries its
//! section's anchor, heading and length, and the bucket lists the pages
//! of its pieces, so that one bucket is all a hit needs. A section with no
//! body has one empty piece.
//!
//! ```text
//! varint page count, then per page, in rising order:
//!     varint page step (the first absolute), str title, str url, str date, strs tags
//! varint piece count, then per piece, in (page, section, piece) order:
//!     varint index into this bucket's pages, varint section within the page,
//!     varint piece number, str anchor, str heading, varint body length in
//!     characters, str text
//! ```

use super::codec::{Decoder, Encoder, Truncated};
use super::{FileId, truncated};
use crate::Error;

/// Characters of body per piece.
pub const PIECE_CHARS: u32 = 400;
/// Characters a piece holds past its end: at least an excerpt's length.
pub const OVERLAP_CHARS: u32 = 128;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub id: u32,
    pub title: String,
    /// Site-relative or absolute URL of the page, as links should use it.
    pub url: String,
    /// `YYYY-MM-DD` or empty.
    pub date: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Piece {
    /// Index into the bucket's pages.
    pub page: usize,
    /// The section's number within its page.
    pub local: u32,
    /// Which piece of the section's body this is.
    pub index: u32,
    /// Fragment id without `#`; empty for the text before a page's first
    /// heading.
    pub anchor: String,
    /// Empty for the text before a page's first heading.
    pub heading: String,
    /// Length of the section's whole body, in characters.
    pub body_chars: u32,
    pub text: String,
}

/// The characters piece `index` of a body of `body_chars` holds.
pub fn piece_span(index: u32, body_chars: u32) -> (u32, u32) {
    let from = index.saturating_mul(PIECE_CHARS).min(body_chars);
    let to = from
        .saturating_add(PIECE_CHARS + OVERLAP_CHARS)
        .min(body_chars);
    (from, to)
}

/// The piece a body character falls in.
pub fn piece_of(char_at: u32) -> u32 {
    char_at / PIECE_CHARS
}

/// One bucket.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Records {
    pub pages: Vec<Page>,
    /// Sorted by (page id, section, piece).
    pub pieces: Vec<Piece>,
}

impl Records {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.pages.len() as u64);
        let mut last = 0;
        for p in &self.pages {
            e.varint(u64::from(p.id - last));
            last = p.id;
            e.str(&p.title);
            e.str(&p.url);
            e.str(&p.date);
            e.strs(&p.tags);
        }
        e.varint(self.pieces.len() as u64);
        for p in &self.pieces {
            e.varint(p.page as u64);
            e.varint(p.local.into());
            e.varint(p.index.into());
            e.str(&p.anchor);
            e.str(&p.heading);
            e.varint(p.body_chars.into());
            e.str(&p.text);
        }
        e.buf
    }

    /// Reads the payload of record bucket `id`, checking that its pieces
    /// are in order, that their text has the length their place says, and
    /// that every page URL is one an index may hold.
    pub fn decode(id: u32, payload: &[u8]) -> Result<Records, Error> {
        let name = FileId::Records(id).name();
        let mut d = Decoder::new(payload);
        let records = read(&mut d).map_err(truncated(&name))?;
        let detail = if !d.is_empty() {
            Some("bytes after the pieces")
        } else {
            records.check()
        };
        match detail {
            Some(detail) => Err(Error::Corrupt { file: name, detail }),
            None => Ok(records),
        }
    }

    fn check(&self) -> Option<&'static str> {
        if self.pages.windows(2).any(|w| w[0].id >= w[1].id) {
            return Some("pages out of order");
        }
        if let Some(why) = self
            .pages
            .iter()
            .find_map(|p| super::url::check(&p.url).err())
        {
            return Some(why);
        }
        let key = |p: &Piece| (p.page, p.local, p.index);
        if self.pieces.windows(2).any(|w| key(&w[0]) >= key(&w[1])) {
            return Some("pieces out of order");
        }
        for p in &self.pieces {
            if p.page >= self.pages.len() {
                return Some("piece of a page the bucket lacks");
            }
            let (from, to) = piece_span(p.index, p.body_chars);
            let empty_body = p.index == 0 && p.body_chars == 0;
            if (from >= to && !empty_body) || p.text.chars().count() as u32 != to - from {
                return Some("piece text does not match its place");
            }
        }
        None
    }

    /// Piece `index` of section `local` of page `page`, with its page.
    pub fn find(&self, page: u32, local: u32, index: u32) -> Option<(&Page, &Piece)> {
        let p = self.pages.binary_search_by_key(&page, |p| p.id).ok()?;
        let i = self
            .pieces
            .binary_search_by_key(&(p, local, index), |x| (x.page, x.local, x.index))
            .ok()?;
        Some((&self.pages[p], &self.pieces[i]))
    }
}

fn read(d: &mut Decoder) -> Result<Records, Truncated> {
    let n = d.count(5)?;
    let mut pages = Vec::with_capacity(n);
    let mut id = 0u32;
    for i in 0..n {
        let step = d.varint_u32()?;
        id = if i == 0 {
            step
        } else {
            id.checked_add(step).ok_or(Truncated)?
        };
        pages.push(Page {
            id,
            title: d.str()?.to_owned(),
            url: d.str()?.to_owned(),
            date: d.str()?.to_owned(),
            tags: d.strs()?,
        });
    }
    let n = d.count(7)?;
    let mut pieces = Vec::with_capacity(n);
    for _ in 0..n {
        pieces.push(Piece {
            page: usize::try_from(d.varint()?).map_err(|_| Truncated)?,
            local: d.varint_u32()?,
            index: d.varint_u32()?,
            anchor: d.str()?.to_owned(),
            heading: d.str()?.to_owned(),
            body_chars: d.varint_u32()?,
            text: d.str()?.to_owned(),
        });
    }
    Ok(Records { pages, pieces })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Records {
        let body: String = "容".repeat(450);
        Records {
            pages: vec![
                Page {
                    id: 3,
                    title: "标题".into(),
                    url: "/posts/a/".into(),
                    date: "2020-01-01".into(),
                    tags: vec!["k8s".into()],
                },
                Page {
                    id: 9,
                    url: "/b/".into(),
                    ..Page::default()
                },
            ],
            pieces: vec![
                Piece {
                    page: 0,
                    local: 1,
                    index: 1,
                    anchor: "x".into(),
                    heading: "X".into(),
                    body_chars: 450,
                    text: body.chars().skip(400).collect(),
                },
                Piece {
                    page: 1,
                    local: 0,
                    index: 0,
                    body_chars: 0,
                    ..Piece::default()
                },
            ],
        }
    }

    #[test]
    fn round_trip_and_lookup() {
        let bytes = sample().encode();
        let back = Records::decode(0, &bytes).unwrap();
        assert_eq!(back, sample());
        let (page, piece) = back.find(3, 1, 1).unwrap();
        assert_eq!((page.title.as_str(), piece.anchor.as_str()), ("标题", "x"));
        assert!(back.find(3, 1, 0).is_none());
        for cut in 0..bytes.len() {
            assert!(Records::decode(0, &bytes[..cut]).is_err());
        }
    }

    #[test]
    fn pieces_must_fit_their_place() {
        let mut bad = sample();
        bad.pieces[0].text.push('多');
        assert!(Records::decode(0, &bad.encode()).is_err());
        let mut bad = sample();
        bad.pages[1].url = "javascript:alert(1)".into();
        assert!(Records::decode(0, &bad.encode()).is_err());
    }

    #[test]
    fn spans() {
        assert_eq!(piece_span(0, 1000), (0, 528));
        assert_eq!(piece_span(2, 1000), (800, 1000));
        assert_eq!(piece_span(0, 0), (0, 0));
        assert_eq!(piece_of(399), 0);
        assert_eq!(piece_of(400), 1);
    }
}
