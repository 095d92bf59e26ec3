//! The preloaded text of a small site (`t/0/N.xun`, inside the preload
//! chunks): every page and section once, with what the runtime needs to
//! segment it as the indexer did, so that it can remake the dictionary
//! buckets, postings shards and record buckets itself (see [`rebuild`])
//! and answer later queries without fetching a file.
//!
//! The dictionary and postings of the demo blog are five times its text:
//! a positional list for every character pair. The text, with the words
//! jieba found, is what they were made from, and compresses like text.
//!
//! One blob, cut into files of at most [`super::bundle::PRELOAD_CHUNK_BYTES`]
//! that are put back together in order:
//!
//! ```text
//! varint chars (1: every CJK character and pair is a term), inline_bytes,
//!        shard_bytes
//! str    the character code's table (see super::charcode)
//! varint n, then n × (varint character, str its folding): the characters
//!        of the text that fold to something else on their own
//! strs   grams: the words jieba's search mode found inside longer words
//! phrases (see super::fold::write_phrases): the regional phrases of the
//!        dictionary buckets
//! varint page count, then per page: str title, url, date; strs tags
//! per page: notes(title), varint section count, then per section:
//!        coded anchor, coded heading, notes(heading), coded body,
//!        notes(body), where coded is a text in the character code
//! notes: varint n, then n varints: the lengths of the words that tile
//!        the field's CJK runs, run after run;
//!        varint m, then m × (varint folded character, str mainland form):
//!        its Taiwan and Hong Kong phrases;
//!        varint 0, or 1 then str folded, varint n, n varints: the folded
//!        text and each character's origin, for a field that does not
//!        fold character by character (a combining mark)
//! ```
//!
//! The runtime splits each run into the words its lengths give, and adds
//! the grams that fall inside a word of three or more characters, as
//! jieba's search mode does (its dictionary decides which do, and the
//! grams list every one it found). The indexer remakes the files from the
//! blob before it ships one, and ships the files themselves when they
//! differ in any byte.

use super::build::{self, Bucket, FieldText, PieceAt, TermFiles, TermLayout, TermSinks, TermTable};
use super::charcode::{CharCode, CharCounts};
use super::codec::{Decoder, Encoder, Truncated};
use super::meta::{FIELDS, Meta};
use super::records::{Page, Piece, piece_span};
use super::{FileId, fold};
use crate::Error;

/// What a field needs besides its text to be segmented again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldNotes {
    /// The lengths of the words that tile its CJK runs, in order.
    pub cuts: Vec<u32>,
    /// Its Taiwan and Hong Kong phrases: (folded character, mainland form).
    pub regional: Vec<(u32, String)>,
    /// Its folded text and each folded character's origin, when it does not
    /// fold character by character.
    pub folded: Option<(String, Vec<u32>)>,
}

impl FieldNotes {
    fn encode(&self, e: &mut Encoder) {
        e.varint(self.cuts.len() as u64);
        for &n in &self.cuts {
            e.varint(n.into());
        }
        e.varint(self.regional.len() as u64);
        for (at, form) in &self.regional {
            e.varint((*at).into());
            e.str(form);
        }
        match &self.folded {
            None => e.varint(0),
            Some((text, back)) => {
                e.varint(1);
                e.str(text);
                e.varint(back.len() as u64);
                for &b in back {
                    e.varint(b.into());
                }
            }
        }
    }

    fn decode(d: &mut Decoder) -> Result<FieldNotes, Truncated> {
        let mut notes = FieldNotes::default();
        for _ in 0..d.count(1)? {
            notes.cuts.push(d.varint_u32()?);
        }
        for _ in 0..d.count(2)? {
            notes.regional.push((d.varint_u32()?, d.str()?.to_owned()));
        }
        if d.varint()? != 0 {
            let text = d.str()?.to_owned();
            let mut back = Vec::new();
            for _ in 0..d.count(1)? {
                back.push(d.varint_u32()?);
            }
            notes.folded = Some((text, back));
        }
        Ok(notes)
    }
}

/// A section as the indexer hands it to [`TextWriter::page`].
pub struct SectionText<'a> {
    pub anchor: &'a str,
    pub heading: &'a str,
    pub heading_notes: &'a FieldNotes,
    pub body: &'a str,
    pub body_notes: &'a FieldNotes,
}

/// Writes the blob as the indexer adds pages.
#[derive(Default)]
pub struct TextWriter {
    stream: Encoder,
    /// Characters that fold to something else on their own.
    pub folds: std::collections::BTreeMap<char, String>,
    pub grams: std::collections::BTreeSet<String>,
    /// The characters of the texts the code will write.
    counts: CharCounts,
    pages: usize,
}

impl TextWriter {
    /// Adds the next page.
    pub fn page(&mut self, title_notes: &FieldNotes, sections: &[SectionText]) {
        let e = &mut self.stream;
        title_notes.encode(e);
        e.varint(sections.len() as u64);
        for s in sections {
            e.str(s.anchor);
            e.str(s.heading);
            s.heading_notes.encode(e);
            e.str(s.body);
            s.body_notes.encode(e);
            for text in [s.anchor, s.heading, s.body] {
                self.counts.add(text);
            }
        }
        self.pages += 1;
    }

    /// Bytes so far, before the character code (which only shortens them).
    pub fn len(&self) -> usize {
        self.stream.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stream.buf.is_empty()
    }

    /// The blob: `pages` are the pages as the record buckets store them.
    pub fn finish(
        self,
        chars: bool,
        layout: TermLayout,
        phrases: &[(String, Vec<String>)],
        pages: &[Page],
    ) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(chars.into());
        e.varint(layout.inline_bytes as u64);
        e.varint(layout.shard_bytes as u64);
        let code = self.counts.code();
        code.write_table(&mut e);
        e.varint(self.folds.len() as u64);
        for (c, folded) in &self.folds {
            e.varint(u64::from(*c));
            e.str(folded);
        }
        let grams: Vec<String> = self.grams.into_iter().collect();
        e.strs(&grams);
        fold::write_phrases(&mut e, phrases);
        e.varint(pages.len() as u64);
        for p in pages {
            e.str(&p.title);
            e.str(&p.url);
            e.str(&p.date);
            e.strs(&p.tags);
        }
        // The pages again, their texts now in the code, which needed them
        // all counted first.
        let ranks = code.ranks();
        let mut d = Decoder::new(&self.stream.buf);
        let recode = |d: &mut Decoder, e: &mut Encoder| -> Result<(), Truncated> {
            code.write(&ranks, e, d.str()?);
            Ok(())
        };
        let whole: Result<(), Truncated> = (0..self.pages).try_for_each(|_| {
            FieldNotes::decode(&mut d)?.encode(&mut e);
            let sections = d.varint()?;
            e.varint(sections);
            for _ in 0..sections {
                recode(&mut d, &mut e)?;
                recode(&mut d, &mut e)?;
                FieldNotes::decode(&mut d)?.encode(&mut e);
                recode(&mut d, &mut e)?;
                FieldNotes::decode(&mut d)?.encode(&mut e);
            }
            Ok(())
        });
        whole.expect("the stream was written above");
        e.buf
    }
}

/// The blob's header, read.
struct Header {
    chars: bool,
    layout: TermLayout,
    code: CharCode,
    folds: Vec<(char, String)>,
    grams: Vec<String>,
    phrases: fold::Phrases,
    pages: Vec<Page>,
}

fn read_header(d: &mut Decoder) -> Result<Header, Truncated> {
    let chars = d.varint()? != 0;
    let inline_bytes = d.varint_u32()? as usize;
    let shard_bytes = d.varint_u32()? as usize;
    let code = CharCode::read_table(d)?;
    let mut folds = Vec::new();
    for _ in 0..d.count(2)? {
        let c = char::from_u32(d.varint_u32()?).ok_or(Truncated)?;
        folds.push((c, d.str()?.to_owned()));
    }
    let grams = d.strs()?;
    let phrases = fold::read_phrases(d)?;
    let mut pages = Vec::new();
    for id in 0..d.count(4)? {
        pages.push(Page {
            id: id as u32,
            title: d.str()?.to_owned(),
            url: d.str()?.to_owned(),
            date: d.str()?.to_owned(),
            tags: d.strs()?,
        });
    }
    Ok(Header {
        chars,
        layout: TermLayout {
            inline_bytes,
            shard_bytes,
        },
        code,
        folds,
        grams,
        phrases,
        pages,
    })
}

/// A field, folded as the indexer folded it: by its notes, or character
/// by character with the blob's table.
fn fold_field(text: &str, notes: &FieldNotes, folds: &[(char, String)]) -> (String, Vec<u32>) {
    if let Some((folded, back)) = &notes.folded {
        return (folded.clone(), back.clone());
    }
    let mut out = String::with_capacity(text.len());
    let mut back = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match folds.binary_search_by_key(&c, |f| f.0) {
            Ok(k) => {
                out.push_str(&folds[k].1);
                back.extend(folds[k].1.chars().map(|_| i as u32));
            }
            Err(_) => {
                out.push(c);
                back.push(i as u32);
            }
        }
    }
    (out, back)
}

/// Replays jieba's search mode on the runs of one field from its notes.
struct Replay<'a> {
    cuts: &'a [u32],
    at: usize,
    grams: &'a [String],
    /// Set when the notes do not fit the text.
    bad: bool,
}

impl Replay<'_> {
    fn cut(&mut self, run: &str, out: &mut Vec<(u32, u32)>) {
        let chars: Vec<usize> = run
            .char_indices()
            .map(|(b, _)| b)
            .chain([run.len()])
            .collect();
        let n = chars.len() - 1;
        let gram = |from: usize, len: usize| {
            let g = crate::analysis::sub(run, chars[from], chars[from + len]);
            self.grams.binary_search_by(|x| x.as_str().cmp(g)).is_ok()
        };
        let mut from = 0;
        while from < n {
            let Some(&len) = self.cuts.get(self.at) else {
                self.bad = true;
                return;
            };
            self.at += 1;
            let len = len as usize;
            if len == 0 || from + len > n {
                self.bad = true;
                return;
            }
            for g in [2, 3] {
                if len > g {
                    for i in from..from + len + 1 - g {
                        if gram(i, g) {
                            out.push((i as u32, (i + g) as u32));
                        }
                    }
                }
            }
            out.push((from as u32, (from + len) as u32));
            from += len;
        }
    }
}

/// A section's stored text, as read.
struct Stored {
    anchor: String,
    heading: String,
    body: String,
}

/// A section, read from the blob.
struct SectionRead {
    stored: Stored,
    heading_notes: FieldNotes,
    body_notes: FieldNotes,
}

fn read_section(d: &mut Decoder, code: &CharCode) -> Result<SectionRead, Truncated> {
    let anchor = code.read(d)?;
    let heading = code.read(d)?;
    let heading_notes = FieldNotes::decode(d)?;
    let body = code.read(d)?;
    let body_notes = FieldNotes::decode(d)?;
    Ok(SectionRead {
        stored: Stored {
            anchor,
            heading,
            body,
        },
        heading_notes,
        body_notes,
    })
}

/// The page whose sections are being read: its title, folded once.
struct OpenPage {
    number: u32,
    title_notes: FieldNotes,
    title: (String, Vec<u32>),
    sections: u32,
    next: u32,
}

/// Remakes the dictionary buckets, postings shards and record buckets of an
/// index from its preloaded text, slice by slice as the slices come, so
/// that no one step holds up a search for long: each section is segmented
/// as soon as its text is in, and the files are laid out when the last
/// slice is ([`Remake::finish`]). On the demo blog, in the wasm, that last
/// step is a fifth of the work.
#[derive(Default)]
pub struct Remake {
    /// Bytes of the blob not read yet: the start of a page (or of the
    /// header) whose end has not come.
    pending: Vec<u8>,
    header: Option<Header>,
    page: Option<OpenPage>,
    table: TermTable,
    /// Every piece of the sections segmented so far, in order of (page,
    /// section, piece), as the record buckets will hold it (but its `page`
    /// is the page's number): a search may read them before the files are
    /// laid out.
    early: Vec<Piece>,
    /// Where each of `early` goes (`piece` is its place in `early`).
    pieces: Vec<PieceAt<usize>>,
    /// Set when word lengths did not fit the text.
    bad: bool,
}

const NAME: &str = "the preloaded text";

fn corrupt(detail: &'static str) -> Error {
    Error::Corrupt {
        file: NAME.to_owned(),
        detail,
    }
}

fn truncated() -> Error {
    Error::Truncated {
        file: NAME.to_owned(),
    }
}

impl Remake {
    /// Takes the next slice of the blob, and segments every page whose
    /// text is now whole.
    pub fn push(&mut self, meta: &Meta, slice: &[u8]) -> Result<(), Error> {
        self.pending.extend_from_slice(slice);
        let mut d = Decoder::new(&self.pending);
        if self.header.is_none() {
            let Ok(header) = read_header(&mut d) else {
                return Ok(());
            };
            if header.pages.len() != meta.page_count as usize {
                return Err(corrupt("not the manifest's pages"));
            }
            self.header = Some(header);
        }
        let header = self.header.as_ref().expect("read above");
        let mut read = self.pending.len() - d.remaining();
        loop {
            let page = match &mut self.page {
                Some(page) => page,
                None if (self.table.pages as usize) < header.pages.len() => {
                    let (Ok(title_notes), Ok(sections)) = (FieldNotes::decode(&mut d), d.count(9))
                    else {
                        break;
                    };
                    read = self.pending.len() - d.remaining();
                    let number = self.table.pages;
                    let title = &header.pages[number as usize].title;
                    self.page.insert(OpenPage {
                        number,
                        title: fold_field(title, &title_notes, &header.folds),
                        title_notes,
                        sections: sections as u32,
                        next: 0,
                    })
                }
                None => break,
            };
            if page.next < page.sections {
                let Ok(section) = read_section(&mut d, &header.code) else {
                    break;
                };
                add_section(
                    header,
                    page,
                    section,
                    &mut self.table,
                    &mut self.early,
                    &mut self.pieces,
                    &mut self.bad,
                );
                page.next += 1;
            }
            read = self.pending.len() - d.remaining();
            if page.next == page.sections {
                self.page = None;
                self.table.pages += 1;
            }
        }
        self.pending.drain(..read);
        Ok(())
    }

    /// A piece of a section whose text has come, with its page, before
    /// the record buckets are laid out.
    pub fn record(&self, page: u32, local: u32, piece: u32) -> Option<(&Page, &Piece)> {
        let page_info = self.header.as_ref()?.pages.get(page as usize)?;
        let at = self
            .early
            .binary_search_by(|p| (p.page as u32, p.local, p.index).cmp(&(page, local, piece)))
            .ok()?;
        Some((page_info, &self.early[at]))
    }

    /// Lays out the files once the whole blob has come, handing each
    /// bucket's parts to `bucket` and each other file's payload to `file`.
    /// They are what the indexer wrote, byte for byte (a bucket once
    /// encoded); a blob that does not agree with the manifest is an error.
    pub fn finish(
        self,
        meta: &Meta,
        bucket: &mut dyn FnMut(u32, Bucket) -> Result<(), Error>,
        file: &mut dyn FnMut(FileId, Vec<u8>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let Remake {
            pending,
            header,
            page: _,
            table,
            mut early,
            pieces,
            bad,
        } = self;
        let header = header.ok_or_else(truncated)?;
        if table.pages as usize != header.pages.len() || !pending.is_empty() {
            return Err(truncated());
        }
        if bad {
            return Err(corrupt("word lengths that do not fit the text"));
        }
        let totals = (table.sections, table.field_totals, table.total_freq);
        if totals != (meta.section_count, meta.field_totals, meta.total_freq)
            || table.accs.len() as u64 != meta.term_count
        {
            return Err(corrupt("not the manifest's sections and terms"));
        }
        let inline = build::inline_lists(&table, header.layout, &meta.split_keys);
        let files = TermFiles {
            layout: header.layout,
            inline: &inline,
            buckets: meta.buckets,
            split: &meta.split_keys,
            phrases: header.phrases,
        };
        let sinks = TermSinks {
            bucket,
            shard: &mut |i, payload| file(FileId::Postings(i), payload),
        };
        let shards = build::write_terms(table, files, sinks, &mut |_| {})?;
        if shards != meta.shards {
            return Err(corrupt("not the manifest's postings shards"));
        }
        // Each piece is written once.
        let mut read = |p: &PieceAt<usize>| Ok(std::mem::take(&mut early[p.piece]));
        let group = (meta.record_buckets, meta.record_group);
        build::write_records(&header.pages, pieces, group, &mut read, file, &mut |_| {})
    }
}

/// Segments the next section of `page` into `table`, and keeps it for
/// the record buckets.
fn add_section(
    header: &Header,
    page: &OpenPage,
    section: SectionRead,
    table: &mut TermTable,
    early: &mut Vec<Piece>,
    pieces: &mut Vec<PieceAt<usize>>,
    bad: &mut bool,
) {
    let SectionRead {
        stored: text,
        heading_notes,
        body_notes,
    } = section;
    let (heading, heading_back) = fold_field(&text.heading, &heading_notes, &header.folds);
    let (body, body_back) = fold_field(&text.body, &body_notes, &header.folds);
    let title_regional = regional(&page.title_notes);
    let heading_regional = regional(&heading_notes);
    let body_regional = regional(&body_notes);
    let mut replays = [&page.title_notes, &heading_notes, &body_notes].map(|n| Replay {
        cuts: &n.cuts,
        at: 0,
        grams: &header.grams,
        bad: false,
    });
    let fields: [FieldText; FIELDS] = [
        FieldText {
            folded: &page.title.0,
            back: &page.title.1,
            regional: &title_regional,
        },
        FieldText {
            folded: &heading,
            back: &heading_back,
            regional: &heading_regional,
        },
        FieldText {
            folded: &body,
            back: &body_back,
            regional: &body_regional,
        },
    ];
    let lens = build::segment(
        (page.number, page.next),
        fields,
        header.chars,
        &mut |f, run, out| replays[f].cut(run, out),
        &mut |term, flagged, posting| table.append(term, flagged, posting),
    );
    *bad |= replays.iter().any(|r| r.bad || r.at != r.cuts.len());
    table.end_section(lens);
    // Each character's byte offset, and the end: a piece is sliced out
    // at once, where skipping to it character by character went over a
    // long body once per piece.
    let offsets: Vec<usize> = (text.body.char_indices().map(|(b, _)| b))
        .chain([text.body.len()])
        .collect();
    let body_chars = offsets.len() as u32 - 1;
    for index in 0..body_chars.div_ceil(super::records::PIECE_CHARS).max(1) {
        let (from, to) = piece_span(index, body_chars);
        pieces.push(PieceAt {
            page: page.number,
            local: page.next,
            index,
            piece: early.len(),
        });
        early.push(Piece {
            page: page.number as usize,
            local: page.next,
            index,
            anchor: text.anchor.clone(),
            heading: text.heading.clone(),
            body_chars,
            text: crate::analysis::sub(&text.body, offsets[from as usize], offsets[to as usize])
                .to_owned(),
        });
    }
}

/// Remakes the files from a whole blob at once (see [`Remake`]): for the
/// indexer, which checks the remade files against the ones it wrote, and
/// for tests.
pub fn rebuild(
    meta: &Meta,
    blob: &[u8],
    bucket: &mut dyn FnMut(u32, Bucket) -> Result<(), Error>,
    file: &mut dyn FnMut(FileId, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut remake = Remake::default();
    remake.push(meta, blob)?;
    remake.finish(meta, bucket, file)
}

fn regional(notes: &FieldNotes) -> Vec<(u32, &str)> {
    notes
        .regional
        .iter()
        .map(|(at, form)| (*at, form.as_str()))
        .collect()
}
