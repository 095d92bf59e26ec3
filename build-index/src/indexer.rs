//! Accumulates an index as posts stream in, a page at a time, holding no
//! more than what the index itself will hold: each term's postings encoded
//! as they grow, and each section's text cut into the pieces the record
//! buckets store. [`crate::write`] assembles the files from it.
//!
//! Posts are prepared ([`prepare`]: segmented, their tokens grouped into
//! postings) in parallel, then added ([`Indexer::add`]) in order, so that
//! builds are deterministic.

use std::collections::HashSet;

use xun::format::build::{self, PreparedSection, TermTable};
use xun::format::codec::{Decoder, Encoder};
use xun::format::meta::FIELDS;
use xun::format::records::{PIECE_CHARS, piece_span};
use xun::format::text::{FieldNotes, SectionText, TextWriter};

use crate::segment::Segmenter;
use crate::split::Post;

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

/// What a small site's runtime needs, besides a post's text, to segment
/// it again (see [`xun::format::text`]).
#[derive(Debug, Default)]
pub struct PostNotes {
    pub title: FieldNotes,
    /// Each section's heading and body.
    pub sections: Vec<[FieldNotes; 2]>,
    /// Words jieba's search mode found inside longer words.
    pub grams: Vec<String>,
}

/// Segments a post's sections and groups their tokens into postings. Runs
/// on any thread; the postings get their page number when the post is
/// added, in order. With `noting`, also notes what the runtime needs to
/// do the same (see [`PostNotes`]).
pub fn prepare(
    post: &Post,
    segmenter: &Segmenter,
    noting: bool,
) -> (Vec<PreparedSection>, Option<PostNotes>) {
    let traditional = crate::regional::is_traditional(
        &post
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect::<String>(),
    );
    let title = segmenter.fold(&post.title, traditional);
    let mut notes = noting.then(|| PostNotes {
        title: title.notes(),
        ..PostNotes::default()
    });
    let mut sections = Vec::with_capacity(post.sections.len());
    for (local, s) in post.sections.iter().enumerate() {
        let heading = segmenter.fold(&s.heading, traditional);
        let body = segmenter.fold(&s.text, traditional);
        let mut cuts: [Vec<u32>; FIELDS] = Default::default();
        let mut grams = Vec::new();
        let prepared = build::prepare(
            local as u32,
            [title.field(), heading.field(), body.field()],
            segmenter.chars,
            &mut |f, run, out| {
                let noted = notes.is_some().then_some((&mut cuts[f], &mut grams));
                segmenter.cut(run, out, noted);
            },
        );
        sections.push(prepared);
        if let Some(notes) = &mut notes {
            let [title_cuts, heading_cuts, body_cuts] = cuts;
            if local == 0 {
                notes.title.cuts = title_cuts;
            }
            let (mut h, mut b) = (heading.notes(), body.notes());
            (h.cuts, b.cuts) = (heading_cuts, body_cuts);
            notes.sections.push([h, b]);
            notes.grams.append(&mut grams);
        }
    }
    (sections, notes)
}

/// The index as it grows.
pub struct Indexer {
    pub terms: TermTable,
    pub pages: Vec<PageInfo>,
    pub pieces: Pieces,
    /// Every CJK character and pair is a term (see [`Segmenter`]).
    pub chars: bool,
    /// The preloaded text so far, while it stays within `text_limit`.
    pub text: Option<TextWriter>,
    pub text_limit: usize,
    /// Characters whose folding `text` has looked up.
    seen: HashSet<char>,
}

impl Indexer {
    pub fn new(pieces: Pieces, chars: bool, text_limit: usize) -> Indexer {
        Indexer {
            terms: TermTable::default(),
            pages: Vec::new(),
            pieces,
            chars,
            text: (text_limit > 0).then(TextWriter::default),
            text_limit,
            seen: HashSet::new(),
        }
    }

    /// Adds a post, prepared by [`prepare`]; it is page `self.pages.len()`.
    pub fn add(
        &mut self,
        post: &Post,
        prepared: Vec<PreparedSection>,
        notes: Option<PostNotes>,
    ) -> std::io::Result<()> {
        let page = self.pages.len() as u32;
        self.pages.push(PageInfo {
            title: post.title.clone(),
            url: post.url.clone(),
            date: post.date.clone(),
            tags: post.tags.clone(),
            categories: post.categories.clone(),
        });
        self.note(post, notes);
        for (local, (section, prepared)) in post.sections.iter().zip(prepared).enumerate() {
            let local = local as u32;
            self.terms.add(page, prepared);
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

    /// Adds a post to the preloaded text, or gives the text up when the
    /// post came without notes or the text grows past its limit.
    fn note(&mut self, post: &Post, notes: Option<PostNotes>) {
        let (Some(text), Some(notes)) = (&mut self.text, notes) else {
            self.text = None;
            return;
        };
        let fields = std::iter::once(post.title.as_str()).chain(
            post.sections
                .iter()
                .flat_map(|s| [s.heading.as_str(), s.text.as_str()]),
        );
        for c in fields.flat_map(str::chars) {
            if self.seen.insert(c) {
                let folded = xun::analysis::fold_char(c);
                if folded.chars().ne([c]) {
                    text.folds.insert(c, folded);
                }
            }
        }
        text.grams.extend(notes.grams);
        let sections: Vec<SectionText> = post
            .sections
            .iter()
            .zip(&notes.sections)
            .map(|(s, [heading, body])| SectionText {
                anchor: &s.anchor,
                heading: &s.heading,
                heading_notes: heading,
                body: &s.text,
                body_notes: body,
            })
            .collect();
        text.page(&notes.title, &sections);
        if text.len() > self.text_limit {
            self.text = None;
        }
    }
}
