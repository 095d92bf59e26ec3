//! Accumulates an index as posts stream in, a page at a time, holding no
//! more than what the index itself will hold: each term's postings encoded
//! as they grow, and each section's text cut into the pieces the record
//! buckets store. [`crate::write`] assembles the files from it.
//!
//! Posts are prepared ([`prepare`]: segmented, their tokens grouped into
//! postings) in parallel, then added ([`Indexer::add`]) in order, so that
//! builds are deterministic.

use std::collections::HashMap;

use xun::format::codec::{Decoder, Encoder};
use xun::format::meta::{BODY, FIELDS, HEADING, TITLE};
use xun::format::postings::{self, Posting};
use xun::format::records::{PIECE_CHARS, piece_span};

use crate::segment::{Segmenter, Token};
use crate::split::Post;

/// A term's postings so far. Kept small: a big site has millions.
#[derive(Debug, Default)]
pub struct TermAcc {
    /// Encoded entries, without the list's header.
    pub entries: Vec<u8>,
    /// Sections it is in.
    pub df: u32,
    /// Occurrences, and occurrences as a word of its own (saturating).
    pub freq: u32,
    pub whole: u32,
    /// The (page, section) of its last entry; page `u32::MAX` before the
    /// first.
    last: (u32, u32),
    /// Single CJK characters and pairs carry whole-word flags.
    pub flagged: bool,
}

/// A page's fields as the record buckets store them.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
    /// For the filter table only; the record buckets do not store them.
    pub categories: Vec<String>,
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

/// Where a piece's text was put aside, to be read back when its record
/// bucket is written.
#[derive(Debug, Clone, Copy)]
pub struct PieceRef {
    pub page: u32,
    pub local: u32,
    pub index: u32,
    offset: u64,
    len: u32,
}

/// The pieces' text, put aside until the record buckets are written: in
/// a file (a build's staging directory), so that a big site's text is not
/// held in memory, or in memory for small builds and tests.
pub struct Pieces {
    file: Option<std::io::BufWriter<std::fs::File>>,
    memory: Vec<u8>,
    written: u64,
    pub refs: Vec<PieceRef>,
    /// Bytes of text, headings and anchors, to size the record buckets.
    pub bytes: u64,
}

impl Pieces {
    pub fn in_memory() -> Pieces {
        Pieces {
            file: None,
            memory: Vec::new(),
            written: 0,
            refs: Vec::new(),
            bytes: 0,
        }
    }

    /// Puts pieces aside in a new file at `path`, which the caller removes.
    pub fn in_file(path: &std::path::Path) -> std::io::Result<Pieces> {
        let file = std::fs::File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        Ok(Pieces {
            file: Some(std::io::BufWriter::with_capacity(1 << 20, file)),
            ..Pieces::in_memory()
        })
    }

    fn push(&mut self, piece: &PieceText) -> std::io::Result<()> {
        let mut e = Encoder::new();
        e.str(&piece.anchor);
        e.str(&piece.heading);
        e.varint(u64::from(piece.body_chars));
        e.str(&piece.text);
        match &mut self.file {
            Some(file) => std::io::Write::write_all(file, &e.buf)?,
            None => self.memory.extend_from_slice(&e.buf),
        }
        self.refs.push(PieceRef {
            page: piece.page,
            local: piece.local,
            index: piece.index,
            offset: self.written,
            len: e.buf.len() as u32,
        });
        self.written += e.buf.len() as u64;
        self.bytes += (piece.text.len() + piece.heading.len() + piece.anchor.len() + 8) as u64;
        Ok(())
    }

    /// Makes what was put aside readable.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(file) = &mut self.file {
            std::io::Write::flush(file)?;
        }
        Ok(())
    }

    /// Reads a piece back.
    pub fn read(&self, r: &PieceRef) -> std::io::Result<PieceText> {
        let mut buf = vec![0; r.len as usize];
        match &self.file {
            Some(file) => read_at(file.get_ref(), &mut buf, r.offset)?,
            None => buf.copy_from_slice(&self.memory[r.offset as usize..][..r.len as usize]),
        }
        let bad = |_| std::io::Error::other("a piece put aside does not read back");
        let mut d = Decoder::new(&buf);
        let anchor = d.str().map_err(bad)?.to_owned();
        let heading = d.str().map_err(bad)?.to_owned();
        let body_chars = d.varint_u32().map_err(bad)?;
        let text = d.str().map_err(bad)?.to_owned();
        Ok(PieceText {
            page: r.page,
            local: r.local,
            index: r.index,
            anchor,
            heading,
            body_chars,
            text,
        })
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
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
pub struct Indexer {
    /// Each term's number in `accs`. Boxed strings and numbers rather than
    /// strings and accumulators: the table is most of a big build's memory.
    pub ids: HashMap<Box<str>, u32>,
    pub accs: Vec<TermAcc>,
    pub pages: Vec<PageInfo>,
    pub pieces: Pieces,
    pub field_totals: [u64; FIELDS],
    pub sections: u32,
    pub total_freq: u64,
}

impl Indexer {
    pub fn new(pieces: Pieces) -> Indexer {
        Indexer {
            ids: HashMap::new(),
            accs: Vec::new(),
            pages: Vec::new(),
            pieces,
            field_totals: [0; FIELDS],
            sections: 0,
            total_freq: 0,
        }
    }

    /// A term's accumulator, if the index has the term.
    pub fn term(&self, term: &str) -> Option<&TermAcc> {
        self.ids.get(term).map(|&id| &self.accs[id as usize])
    }

    /// Adds a post, prepared by [`prepare`]; it is page `self.pages.len()`.
    pub fn add(&mut self, post: &Post, prepared: Vec<PreparedSection>) -> std::io::Result<()> {
        let page = self.pages.len() as u32;
        self.pages.push(PageInfo {
            title: post.title.clone(),
            url: post.url.clone(),
            date: post.date.clone(),
            tags: post.tags.clone(),
            categories: post.categories.clone(),
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
                self.pieces.push(&PieceText {
                    page,
                    local,
                    index,
                    anchor: section.anchor.clone(),
                    heading: section.heading.clone(),
                    body_chars,
                    text: chars[from as usize..to as usize].iter().collect(),
                })?;
            }
        }
        Ok(())
    }

    fn append(&mut self, term: String, flagged: bool, posting: &Posting) {
        let id = match self.ids.get(term.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.accs.len() as u32;
                self.ids.insert(term.into_boxed_str(), id);
                self.accs.push(TermAcc {
                    last: (u32::MAX, 0),
                    ..TermAcc::default()
                });
                id
            }
        };
        let acc = &mut self.accs[id as usize];
        let mut e = Encoder {
            buf: std::mem::take(&mut acc.entries),
        };
        let last = (acc.last.0 != u32::MAX).then_some(acc.last);
        postings::encode_entry(&mut e, last, posting, flagged);
        acc.entries = e.buf;
        acc.last = (posting.page, posting.local);
        acc.df += 1;
        let tf = posting.positions.len() as u32;
        acc.freq = acc.freq.saturating_add(tf);
        let whole = (0..posting.positions.len())
            .filter(|&i| posting.is_whole(i))
            .count() as u32;
        acc.whole = acc.whole.saturating_add(whole);
        acc.flagged = flagged;
        self.total_freq += u64::from(tf);
    }
}
