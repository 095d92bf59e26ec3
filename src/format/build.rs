//! How sections become the dictionary buckets, the postings shards and the
//! record buckets.
//!
//! The indexer runs this over a whole site. A small site's runtime runs it
//! again over the preloaded text (see [`super::text`]) and gets the same
//! files, byte for byte, without fetching them. Both sides share this code
//! so that they cannot lay out a term or a piece differently; the indexer
//! checks the result before it ships the text instead of the files.

use std::collections::HashMap;
use std::hash::Hasher;

use super::FileId;
use super::codec::Encoder;
use super::meta::{BODY, FIELDS, HEADING, MAX_FILES, TITLE};
use super::postings::{self, Posting};
use super::records::{Page, Piece, Records};
use super::terms::{self, Location, TermInfo};
use super::{bucket_key, bucket_of, record_bucket};
use crate::analysis::field::{self, Token};
use crate::sort::{sort_by_fast as sort_by, sort_by_part};

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

/// One field of a section, folded, ready for [`prepare`].
pub struct FieldText<'a> {
    pub folded: &'a str,
    /// Each folded character's character in the text as displayed.
    pub back: &'a [u32],
    /// Taiwan and Hong Kong phrases, as (folded character, mainland form).
    pub regional: &'a [(u32, &'a str)],
}

/// A section, segmented: its postings, one per term, and its fields'
/// lengths in words.
pub struct PreparedSection {
    pub postings: Vec<(String, bool, Posting)>,
    pub lens: [u32; FIELDS],
}

/// Splits a CJK run of field `f` into words: `cut(f, run, out)` (see
/// [`field::Cut`]).
pub type FieldCut<'a> = dyn FnMut(usize, &str, &mut Vec<(u32, u32)>) + 'a;

/// Segments section `local` of page `page` from its title, heading and
/// body, in that order, and calls `each` with the posting of each of its
/// terms, one term at a time; returns the fields' lengths in words.
/// `cut(field, run, out)` splits a CJK run of a field into words (see
/// [`field::Cut`]).
pub fn segment<'a>(
    (page, local): (u32, u32),
    fields: [FieldText<'a>; FIELDS],
    chars: bool,
    cut: &mut FieldCut,
    each: &mut dyn FnMut(&'a str, bool, &Posting),
) -> [u32; FIELDS] {
    let mut tokens: Vec<Token<'a>> = Vec::new();
    let mut lens = [0; FIELDS];
    for (f, text) in fields.into_iter().enumerate() {
        debug_assert!(matches!(f, TITLE | HEADING | BODY));
        let mut cut_field = |run: &str, out: &mut Vec<(u32, u32)>| cut(f, run, out);
        lens[f] = field::tokens(
            text.folded,
            text.back,
            f as u8,
            chars,
            text.regional,
            &mut cut_field,
            &mut tokens,
        );
    }
    let mut posting = Posting {
        page,
        local,
        body_norm: postings::norm_code(lens[BODY]),
        ..Posting::default()
    };
    group(&tokens, &mut posting, each);
    lens
}

/// [`segment`], for a page whose number is not known yet: its postings
/// are kept, as owned terms, until the page is added.
pub fn prepare(
    local: u32,
    fields: [FieldText; FIELDS],
    chars: bool,
    cut: &mut FieldCut,
) -> PreparedSection {
    let mut postings = Vec::new();
    let lens = segment((0, local), fields, chars, cut, &mut |term, flagged, p| {
        postings.push((term.to_owned(), flagged, p.clone()))
    });
    PreparedSection { postings, lens }
}

/// A section's tokens as one posting per term: `posting`, refilled for
/// each term, is handed to `each`.
fn group<'a>(
    tokens: &[Token<'a>],
    posting: &mut Posting,
    each: &mut dyn FnMut(&'a str, bool, &Posting),
) {
    // Terms are numbered in the order they come (comparing them as strings
    // took most of the time of remaking a site's files), and the tokens
    // laid out term by term with a counting sort: sorting them all by
    // (term, place) was a third of that time in the wasm, whose one sort
    // is a heapsort. The map is sized for the terms a section has: most of
    // its tokens are distinct terms, and growing the map step by step
    // rehashed it every time.
    let mut numbers: HashMap<&str, u32, Fx> =
        HashMap::with_capacity_and_hasher(tokens.len() / 2, Fx::default());
    let mut terms: Vec<&'a str> = Vec::new();
    let numbered: Vec<u32> = tokens
        .iter()
        .map(|t| {
            *numbers.entry(t.term).or_insert_with(|| {
                terms.push(t.term);
                terms.len() as u32 - 1
            })
        })
        .collect();
    // `starts[n]..starts[n + 1]`: where term `n`'s places go.
    let mut starts = vec![0usize; terms.len() + 1];
    for &n in &numbered {
        starts[n as usize + 1] += 1;
    }
    for n in 1..starts.len() {
        starts[n] += starts[n - 1];
    }
    let mut next = starts.clone();
    let mut places = vec![(0u8, 0u32, false); tokens.len()];
    for (t, &n) in tokens.iter().zip(&numbered) {
        places[next[n as usize]] = (t.field, t.position, t.whole);
        next[n as usize] += 1;
    }
    for (n, &term) in terms.iter().enumerate() {
        let same = &mut places[starts[n]..starts[n + 1]];
        // A term's places mostly come in order already.
        if !same.is_sorted() {
            sort_by(same, |a, b| a < b);
        }
        posting.fields = [0; FIELDS];
        posting.positions.clear();
        posting.whole.clear();
        let mut last: Option<(u8, u32)> = None;
        for &(field, position, whole) in same.iter() {
            // The same term twice at one place is kept once, as whole if
            // either says so (jieba's pair and the pair of characters).
            if last == Some((field, position)) {
                if let Some(w) = posting.whole.last_mut() {
                    *w |= whole;
                }
                continue;
            }
            last = Some((field, position));
            posting.fields[field as usize] += 1;
            posting.positions.push(position);
            posting.whole.push(whole);
        }
        let flagged = is_flagged(term);
        if !flagged || posting.whole.iter().all(|&w| w) {
            posting.whole.clear();
        }
        each(term, flagged, posting);
    }
}

/// A pair of CJK characters that jieba cut as a word once only, among at
/// least this many times it stands, is no word: its HMM now and then cuts
/// a pair out of longer words (有云 of 私有云 once in 131), and as a word
/// the pair would draw a query's route through it.
const HAPAX_PAIR_FREQ: u32 = 10;

/// Whether a flagged term stands as a word of its own (see
/// [`HAPAX_PAIR_FREQ`]). A single character is a word wherever it stands
/// alone at all.
fn stands_alone(term: &str, acc: &TermAcc) -> bool {
    let single = term.chars().nth(1).is_none();
    acc.whole > 1 || (acc.whole == 1 && (single || acc.freq < HAPAX_PAIR_FREQ))
}

/// Single CJK characters and pairs of them are indexed at every position,
/// with whole-word flags.
fn is_flagged(term: &str) -> bool {
    let mut chars = term.chars();
    let cjk = |c: Option<char>| c.is_some_and(crate::analysis::is_cjk);
    match (chars.next(), chars.next(), chars.next()) {
        (a, None, _) => cjk(a),
        (a, b, None) => cjk(a) && cjk(b),
        _ => false,
    }
}

/// A multiply-and-rotate hash for the term table: its keys are not chosen
/// by an adversary who could gain from collisions, and SipHash, the
/// standard one, took a fifth of the time of remaking a small site's files.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    // A `str` key ends with a 0xff byte: mixed in as it is, rather than
    // through `write`'s word copy.
    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::hash::BuildHasher for Fx {
    type Hasher = Fx;

    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

/// Every term's postings, as sections are added in order, and the totals
/// the manifest keeps for ranking.
#[derive(Default)]
pub struct TermTable {
    /// Each term's number in `accs`. Boxed strings and numbers rather than
    /// strings and accumulators: the table is most of a big build's memory.
    pub ids: HashMap<Box<str>, u32, Fx>,
    pub accs: Vec<TermAcc>,
    pub field_totals: [u64; FIELDS],
    pub sections: u32,
    pub total_freq: u64,
    /// Pages whose sections were added, when the caller counts them.
    pub pages: u32,
}

impl TermTable {
    /// A term's accumulator, if the table has the term.
    pub fn term(&self, term: &str) -> Option<&TermAcc> {
        self.ids.get(term).map(|&id| &self.accs[id as usize])
    }

    /// Adds a section of page `page`, prepared by [`prepare`]; sections
    /// come in (page, section) order.
    pub fn add(&mut self, page: u32, prepared: PreparedSection) {
        for (term, flagged, mut posting) in prepared.postings {
            posting.page = page;
            self.append(&term, flagged, &posting);
        }
        self.end_section(prepared.lens);
    }

    /// Counts a section whose postings were appended.
    pub fn end_section(&mut self, lens: [u32; FIELDS]) {
        for (total, len) in self.field_totals.iter_mut().zip(lens) {
            *total += u64::from(len);
        }
        self.sections += 1;
    }

    /// Appends a term's posting in the section being added.
    pub fn append(&mut self, term: &str, flagged: bool, posting: &Posting) {
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                let id = self.accs.len() as u32;
                self.ids.insert(term.into(), id);
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

/// Where [`write_terms`] cuts the dictionary and the postings into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermLayout {
    /// Target payload of a postings shard.
    pub shard_bytes: usize,
    /// Postings lists up to this size may live in their term's bucket
    /// (see [`inline_lists`]).
    pub inline_bytes: usize,
}

/// The most bytes of terms and inline postings one bucket key holds (see
/// [`inline_lists`]).
pub const KEY_BYTES: usize = 8192;

/// How much longer than `inline_bytes` a CJK pair's own list may be and
/// still go inline (see [`inline_lists`]).
pub const PAIR_INLINE_FACTOR: usize = 4;

fn header(acc: &TermAcc) -> Vec<u8> {
    let mut e = Encoder::new();
    postings::encode_header(&mut e, acc.df as usize, acc.flagged);
    e.buf
}

/// Which terms' postings lists go in their dictionary bucket, by term id.
///
/// A query fetches the buckets of its keys first; a list that came with
/// them saves the round trip to a postings shard, so lists go inline up to
/// `inline_bytes` each. But a key's bucket also brings every other term of
/// the key, so a key's terms and inline lists together stay within
/// [`KEY_BYTES`], shortest lists first. A key with few terms (a CJK
/// character pair: the words that start there; `ku` on a blog:
/// `kubernetes`, `kubelet`) keeps nearly all its lists, while a two-letter
/// key that a site of code shares among thousands of identifiers (`wi`:
/// `with_capacity`, `window`…) is full with its terms alone and keeps
/// none: on the Rust docs, inlining there by list size alone took the
/// buckets of `Vec::with_capacity` from 20 KB to 38 KB (gzip).
///
/// A CJK pair's own list (the pair as a term) is the exception: a query
/// fetches the pair's bucket because it has the pair, and nearly always
/// needs the list too (as the word, or to find a longer word verbatim), so
/// it goes inline up to [`PAIR_INLINE_FACTOR`] × `inline_bytes`, outside
/// the key's budget. On chinese-poetry this takes the postings round off
/// most 7-character lines.
pub fn inline_lists(table: &TermTable, layout: TermLayout, split: &[String]) -> Vec<bool> {
    let mut inline = vec![false; table.accs.len()];
    let by_key: Vec<(&str, usize, &str, u32)> = table
        .ids
        .iter()
        .map(|(term, &id)| {
            let acc = &table.accs[id as usize];
            let list = header(acc).len() + acc.entries.len();
            (bucket_key(term, split), list, &**term, id)
        })
        .collect();
    // Each key's terms together, in (list, term) order: parted by the
    // key's hash, so that only a part's few terms are compared.
    let parts = (by_key.len() / 16).max(1);
    let part = |t: &(&str, usize, &str, u32)| {
        let mut h = Fx::default();
        h.write(t.0.as_bytes());
        (h.finish() % parts as u64) as usize
    };
    let by_key = sort_by_part(by_key, parts, part, |a, b| a < b);
    let mut at = 0;
    while at < by_key.len() {
        let key = by_key[at].0;
        let end = at + by_key[at..].iter().take_while(|t| t.0 == key).count();
        let mut used: usize = by_key[at..end].iter().map(|t| t.2.len() + 6).sum();
        let pair = key.chars().count() == 2 && key.chars().all(crate::analysis::is_cjk);
        for &(_, list, term, id) in &by_key[at..end] {
            if pair && term == key {
                inline[id as usize] = list <= PAIR_INLINE_FACTOR * layout.inline_bytes;
            }
        }
        for &(_, list, term, id) in &by_key[at..end] {
            if pair && term == key {
                continue;
            }
            if list > layout.inline_bytes || used + list > KEY_BYTES {
                break;
            }
            used += list;
            inline[id as usize] = true;
        }
        at = end;
    }
    inline
}

/// How many dictionary buckets the terms take, at `bucket_bytes` each.
pub fn bucket_count(table: &TermTable, inline: &[bool], bucket_bytes: usize) -> u32 {
    let estimate: usize = table
        .ids
        .iter()
        .map(|(term, &id)| {
            let acc = &table.accs[id as usize];
            let list = header(acc).len() + acc.entries.len();
            term.len() + 6 + if inline[id as usize] { list } else { 0 }
        })
        .sum();
    (estimate.div_ceil(bucket_bytes.max(1)) as u32).clamp(1, MAX_FILES)
}

/// What [`write_terms`] lays out, and how.
pub struct TermFiles<'a> {
    pub layout: TermLayout,
    /// From [`inline_lists`].
    pub inline: &'a [bool],
    pub buckets: u32,
    pub split: &'a [String],
    /// The regional phrases that live in buckets (see
    /// [`super::fold::in_bucket`]), sorted.
    pub phrases: super::fold::Phrases,
}

/// A dictionary bucket's parts, before [`terms::encode`] makes its
/// payload. The runtime keeps a bucket it remade this way (see
/// [`terms::Terms::from_bucket`]), so that the wasm needs no code to build
/// an `fst`.
pub struct Bucket {
    /// Its terms, in strictly rising byte order.
    pub terms: Vec<(Box<str>, TermInfo)>,
    pub phrases: super::fold::Phrases,
    pub inline: Vec<u8>,
}

impl Bucket {
    /// The bucket's payload.
    pub fn encode(&self) -> Vec<u8> {
        let terms = self.terms.iter().map(|(t, info)| (&**t, *info));
        // Terms come sorted and unique from the table's keys, so the fst
        // takes them.
        terms::encode(terms, &self.phrases, &self.inline).expect("terms are sorted and unique")
    }

    /// The bucket's listed payload (see [`terms::encode_listed`]).
    pub fn encode_listed(&self) -> Vec<u8> {
        terms::encode_listed(&self.terms, &self.phrases, &self.inline)
    }
}

/// Where [`write_terms`] hands each file as it is made.
pub struct TermSinks<'a, E> {
    pub bucket: &'a mut dyn FnMut(u32, Bucket) -> Result<(), E>,
    pub shard: &'a mut dyn FnMut(u32, Vec<u8>) -> Result<(), E>,
}

/// The dictionary buckets and the postings shards, made bucket by bucket
/// from the terms sorted by (bucket, term), each handed to `sinks` as it
/// is made; returns the number of shards. `progress` counts terms.
pub fn write_terms<E>(
    table: TermTable,
    files: TermFiles,
    sinks: TermSinks<E>,
    progress: &mut dyn FnMut(u64),
) -> Result<u32, E> {
    let TermFiles {
        layout,
        inline,
        buckets,
        split,
        phrases,
    } = files;
    let sections = table.sections as usize;
    let TermTable { ids, mut accs, .. } = table;
    // The function words the site has, by term id: looked up once each,
    // where asking of every term whether it is one scanned the list.
    let mut function = vec![false; accs.len()];
    for word in crate::query::function_words() {
        if let Some(&id) = ids.get(*word) {
            function[id as usize] = true;
        }
    }
    let order: Vec<(u32, Box<str>, u32)> = ids
        .into_iter()
        .map(|(term, id)| (bucket_of(&term, buckets, split), term, id))
        .collect();
    let order = sort_by_part(order, buckets as usize, |t| t.0 as usize, |a, b| a.1 < b.1);
    let mut phrases: Vec<(u32, (String, Vec<String>))> = phrases
        .into_iter()
        .map(|p| (bucket_of(&p.0, buckets, split), p))
        .collect();
    sort_by(&mut phrases, |a, b| a < b);
    let mut phrases_at = 0;

    // Shards hold the lists that are not inline, in bucket order, so that
    // the terms a query looks up together tend to share a shard.
    let mut shard: Vec<u8> = Vec::new();
    let mut shards = 0u32;
    let mut order = order.into_iter().peekable();
    for bucket in 0..buckets {
        let mut blob: Vec<u8> = Vec::new();
        let mut entries: Vec<(Box<str>, TermInfo)> = Vec::new();
        while let Some((_, term, id)) = order.next_if(|t| t.0 == bucket) {
            let acc = &mut accs[id as usize];
            let mut list = header(acc);
            list.extend_from_slice(&std::mem::take(&mut acc.entries));
            let location = if inline[id as usize] {
                let offset = blob.len() as u32;
                blob.extend_from_slice(&list);
                Location::Inline(offset)
            } else {
                // A shard stays within `shard_bytes`, or holds one list
                // that is bigger alone: a query that needs a common term's
                // long list, or a rare term's short one, gets no
                // neighbour's long list with it.
                let full = !shard.is_empty() && shard.len() + list.len() > layout.shard_bytes;
                if full && shards + 1 < MAX_FILES {
                    (sinks.shard)(shards, std::mem::take(&mut shard))?;
                    shards += 1;
                }
                let offset = shard.len() as u32;
                shard.extend_from_slice(&list);
                Location::Shard {
                    shard: shards,
                    offset,
                }
            };
            let word = !acc.flagged || stands_alone(&term, acc);
            // A word's frequency is how often it stands as one (the query
            // splitter's probabilities); a pair that is no word's, how
            // often its characters stand side by side (which way a lone
            // character of a query leans, see `query::route::glue`).
            let frequency = match (acc.flagged, word) {
                (true, true) => acc.whole,
                _ => acc.freq,
            };
            let info = TermInfo {
                postings: location,
                freq_code: terms::freq_code(u64::from(frequency)),
                // A function or question word, or one in too many sections.
                weak: function[id as usize] || terms::too_common(acc.df as usize, sections),
                word,
            };
            entries.push((term, info));
        }
        let mine = phrases[phrases_at..]
            .iter()
            .take_while(|p| p.0 == bucket)
            .map(|p| p.1.clone())
            .collect::<super::fold::Phrases>();
        phrases_at += mine.len();
        progress(entries.len() as u64);
        let made = Bucket {
            terms: entries,
            phrases: mine,
            inline: blob,
        };
        (sinks.bucket)(bucket, made)?;
    }
    if !shard.is_empty() {
        (sinks.shard)(shards, shard)?;
        shards += 1;
    }
    Ok(shards)
}

/// A piece of a section's body, placed: its section's page, the page's
/// number and the piece's, and how to read it (see [`write_records`]).
pub struct PieceAt<R> {
    pub page: u32,
    pub local: u32,
    pub index: u32,
    pub piece: R,
}

/// The record buckets: every piece of every section's text, with its
/// section's heading and anchor and its page (from `pages`, by number), in
/// the bucket its place hashes to. `read` gives a piece's text, heading,
/// anchor and length (its `page` is set here). `progress` counts pieces.
pub fn write_records<R, E>(
    pages: &[Page],
    mut pieces: Vec<PieceAt<R>>,
    (buckets, group): (u32, u32),
    read: &mut dyn FnMut(&PieceAt<R>) -> Result<Piece, E>,
    sink: &mut dyn FnMut(FileId, Vec<u8>) -> Result<(), E>,
    progress: &mut dyn FnMut(u64),
) -> Result<(), E> {
    let place = |p: &PieceAt<R>| {
        let bucket = record_bucket(p.page, p.local, p.index, buckets, group);
        (bucket, p.page, p.local, p.index)
    };
    sort_by(&mut pieces, |a, b| place(a) < place(b));
    let mut at = 0;
    for bucket in 0..buckets {
        let end = at
            + pieces[at..]
                .iter()
                .take_while(|p| place(p).0 == bucket)
                .count();
        let mine = &pieces[at..end];
        let mut page_ids: Vec<u32> = mine.iter().map(|p| p.page).collect();
        page_ids.dedup();
        let mut records = Records {
            pages: page_ids
                .iter()
                .map(|&id| Page {
                    id,
                    ..pages.get(id as usize).cloned().unwrap_or_default()
                })
                .collect(),
            pieces: Vec::with_capacity(mine.len()),
        };
        for p in mine {
            let mut piece = read(p)?;
            piece.page = page_ids.binary_search(&p.page).unwrap_or_default();
            records.pieces.push(piece);
        }
        sink(FileId::Records(bucket), records.encode())?;
        progress(mine.len() as u64);
        at = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_cut_as_a_word_now_and_then_is_no_word() {
        let acc = |freq, whole| TermAcc {
            freq,
            whole,
            flagged: true,
            ..TermAcc::default()
        };
        // 有云: once a word in 131, the rest inside 私有云.
        assert!(!stands_alone("有云", &acc(131, 1)));
        assert!(stands_alone("后端", &acc(65, 4)));
        assert!(stands_alone("平台", &acc(317, 300)));
        assert!(stands_alone("调优", &acc(3, 1)));
        assert!(!stands_alone("云平", &acc(67, 0)));
        // A character standing alone at all is a word.
        assert!(stands_alone("云", &acc(191, 1)));
    }
}
