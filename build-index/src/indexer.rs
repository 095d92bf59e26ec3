//! Accumulates an index as posts stream in, a page at a time, holding no
//! more than what the index itself will hold: each term's postings encoded
//! as they grow, and each section's text cut into the pieces the record
//! buckets store. [`crate::write`] assembles the files from it.
//!
//! Posts are prepared ([`prepare`]: segmented, their tokens grouped into
//! postings) in parallel, then added ([`Indexer::add`]) in order, so that
//! builds are deterministic.

use std::collections::HashMap;

use xun::format::codec::Encoder;
use xun::format::meta::{BODY, FIELDS, HEADING, TITLE};
use xun::format::postings::{self, Posting};
use xun::format::records::{PIECE_CHARS, piece_span};

use crate::segment::{Segmenter, Token};
use crate::split::Post;

/// A term's postings so far.
#[derive(Debug, Default)]
pub struct TermAcc {
    /// Encoded entries, without the list's header.
    pub entries: Vec<u8>,
    /// Sections it is in.
    pub df: u32,
    /// Occurrences, and occurrences as a word of its own.
    pub freq: u64,
    pub whole: u64,
    /// Single CJK characters and pairs carry whole-word flags.
    pub flagged: bool,
    /// The (page, section) of its last entry.
    last: Option<(u32, u32)>,
}

/// A page's fields as the record buckets store them.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
}

/// A piece of a section's body (see [`xun::format::records`]).
#[derive(Debug, Clone)]
pub struct PieceText {
    pub page: u32,
    pub local: u32,
    pub index: u32,
    pub anchor: String,
    pub heading: String,
    pub body_chars: u32,
    pub text: String,
}

/// A section, segmented: its postings, one per term, and its fields'
/// lengths in words.
pub struct PreparedSection {
    pub postings: Vec<(String, bool, Posting)>,
    pub lens: [u32; FIELDS],
}

/// Segments a post's sections and groups their tokens into postings. Runs
/// on any thread; the postings get their page number when the post is
/// added, in order.
pub fn prepare(post: &Post, segmenter: &Segmenter) -> Vec<PreparedSection> {
    let traditional = crate::regional::is_traditional(
        &post
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect::<String>(),
    );
    let mut tokens: Vec<Token> = Vec::new();
    post.sections
        .iter()
        .enumerate()
        .map(|(local, s)| {
            tokens.clear();
            let mut lens = [0; FIELDS];
            lens[TITLE] = segmenter
                .field(&post.title, TITLE as u8, traditional, &mut tokens)
                .words;
            lens[HEADING] = segmenter
                .field(&s.heading, HEADING as u8, traditional, &mut tokens)
                .words;
            let body = segmenter.field(&s.text, BODY as u8, traditional, &mut tokens);
            lens[BODY] = body.words;
            let norm = postings::norm_code(body.words);
            PreparedSection {
                postings: group(&mut tokens, local as u32, norm),
                lens,
            }
        })
        .collect()
}

/// A section's tokens as one posting per term.
fn group(tokens: &mut [Token], local: u32, body_norm: u8) -> Vec<(String, bool, Posting)> {
    tokens.sort_unstable();
    let mut out = Vec::new();
    for same in tokens.chunk_by(|a, b| a.term == b.term) {
        let mut posting = Posting {
            local,
            body_norm,
            ..Posting::default()
        };
        let mut last: Option<(u8, u32)> = None;
        for t in same {
            // The same term twice at one place is kept once, as whole if
            // either says so (jieba's pair and the pair of characters).
            if last == Some((t.field, t.position)) {
                if let Some(w) = posting.whole.last_mut() {
                    *w |= t.whole;
                }
                continue;
            }
            last = Some((t.field, t.position));
            posting.fields[t.field as usize] += 1;
            posting.positions.push(t.position);
            posting.whole.push(t.whole);
        }
        let flagged = is_flagged(&same[0].term);
        if !flagged || posting.whole.iter().all(|&w| w) {
            posting.whole.clear();
        }
        out.push((same[0].term.clone(), flagged, posting));
    }
    out
}

/// Single CJK characters and pairs of them are indexed at every position,
/// with whole-word flags.
fn is_flagged(term: &str) -> bool {
    let mut chars = term.chars();
    let cjk = |c: Option<char>| c.is_some_and(xun::analysis::is_cjk);
    match (chars.next(), chars.next(), chars.next()) {
        (a, None, _) => cjk(a),
        (a, b, None) => cjk(a) && cjk(b),
        _ => false,
    }
}

/// The index as it grows.
#[derive(Default)]
pub struct Indexer {
    pub terms: HashMap<String, TermAcc>,
    pub pages: Vec<PageInfo>,
    pub pieces: Vec<PieceText>,
    pub field_totals: [u64; FIELDS],
    pub sections: u32,
    pub total_freq: u64,
}

impl Indexer {
    /// Adds a post, prepared by [`prepare`]; it is page `self.pages.len()`.
    pub fn add(&mut self, post: &Post, prepared: Vec<PreparedSection>) {
        let page = self.pages.len() as u32;
        self.pages.push(PageInfo {
            title: post.title.clone(),
            url: post.url.clone(),
            date: post.date.clone(),
            tags: post.tags.clone(),
        });
        for (local, (section, prepared)) in post.sections.iter().zip(prepared).enumerate() {
            let local = local as u32;
            for (total, len) in self.field_totals.iter_mut().zip(prepared.lens) {
                *total += u64::from(len);
            }
            for (term, flagged, mut posting) in prepared.postings {
                posting.page = page;
                self.append(term, flagged, &posting);
            }
            self.sections += 1;
            let chars: Vec<char> = section.text.chars().collect();
            let body_chars = chars.len() as u32;
            let pieces = body_chars.div_ceil(PIECE_CHARS).max(1);
            for index in 0..pieces {
                let (from, to) = piece_span(index, body_chars);
                self.pieces.push(PieceText {
                    page,
                    local,
                    index,
                    anchor: section.anchor.clone(),
                    heading: section.heading.clone(),
                    body_chars,
                    text: chars[from as usize..to as usize].iter().collect(),
                });
            }
        }
    }

    fn append(&mut self, term: String, flagged: bool, posting: &Posting) {
        let acc = self.terms.entry(term).or_default();
        let mut e = Encoder {
            buf: std::mem::take(&mut acc.entries),
        };
        postings::encode_entry(&mut e, acc.last, posting, flagged);
        acc.entries = e.buf;
        acc.last = Some((posting.page, posting.local));
        acc.df += 1;
        let tf = posting.positions.len() as u64;
        acc.freq += tf;
        acc.whole += (0..posting.positions.len())
            .filter(|&i| posting.is_whole(i))
            .count() as u64;
        acc.flagged = flagged;
        self.total_freq += tf;
    }
}
