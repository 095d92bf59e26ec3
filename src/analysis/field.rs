//! A field's tokens: the terms the index holds for a title, a heading or a
//! section's body, with their positions.
//!
//! The indexer makes them with jieba. A small site's runtime makes them
//! again from the preloaded text (see [`crate::format::text`]), with the
//! words jieba found replayed from the preload. Both call [`tokens`], so
//! the two cannot drift apart: what differs is only the [`Cut`].

use super::{SpanKind, tokenize};

/// One occurrence of a term in a field: a slice of the field's folded
/// text, or a regional phrase's mainland form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Token<'a> {
    pub term: &'a str,
    /// Which field (title, heading, body).
    pub field: u8,
    /// Characters from the start of the field, of the text as displayed.
    pub position: u32,
    /// False for a CJK character or pair that stands inside a longer word
    /// there, or across two words.
    pub whole: bool,
}

/// How a run of CJK characters becomes words (jieba's search mode on the
/// indexer's side): it pushes the words of the run as (first, end)
/// character offsets in it, the words that tile it and the shorter
/// dictionary words inside the long ones.
pub type Cut<'a> = dyn FnMut(&str, &mut Vec<(u32, u32)>) + 'a;

/// Pushes the tokens of one field of `field` number and returns its
/// length in words (characters inside longer words not counted).
///
/// `folded` is the field's text folded (see [`super::fold`]), and `back`
/// maps each of its characters to the character of the text as displayed
/// that it came from, which is what positions count. With `chars`, every
/// CJK character and pair is a term too, so that any string can be
/// confirmed verbatim. `regional` lists Taiwan and Hong Kong phrases that
/// the field has, as (character of `folded`, mainland form): each is a
/// term where the phrase starts.
pub fn tokens<'a>(
    folded: &'a str,
    back: &[u32],
    field: u8,
    chars: bool,
    regional: &[(u32, &'a str)],
    cut: &mut Cut,
    out: &mut Vec<Token<'a>>,
) -> u32 {
    let at = |i: usize| back.get(i).copied().unwrap_or(0);
    for &(i, form) in regional {
        out.push(Token {
            term: form,
            field,
            position: at(i as usize),
            whole: true,
        });
    }
    let mut words = 0;
    let mut push = |term: &'a str, position: u32, whole: bool| {
        words += u32::from(whole);
        out.push(Token {
            term,
            field,
            position,
            whole,
        });
    };
    let mut cuts = Vec::new();
    for span in tokenize(folded) {
        let start = span.start as usize;
        match span.kind {
            SpanKind::Cjk => {
                // (byte offset, character) of the run, and its end.
                let run: Vec<usize> = span
                    .text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([span.text.len()])
                    .collect();
                let text = |from: usize, to: usize| -> &'a str {
                    super::sub(span.text, run[from], run[to])
                };
                cuts.clear();
                cut(span.text, &mut cuts);
                let mut single = vec![false; span.chars as usize];
                for &(from, to) in &cuts {
                    let (from, to) = (from as usize, (to as usize).min(single.len()));
                    if to == from + 1 {
                        single[from] = true;
                    } else if from < to {
                        push(text(from, to), at(start + from), true);
                    }
                }
                for (i, &single) in single.iter().enumerate() {
                    if chars || single {
                        push(text(i, i + 1), at(start + i), single);
                    }
                }
                // Every pair, as a word where jieba made it one (that
                // token, at the same place, marks it whole).
                if chars {
                    for i in 0..single.len().saturating_sub(1) {
                        push(text(i, i + 2), at(start + i), false);
                    }
                }
            }
            SpanKind::Word | SpanKind::Chunk | SpanKind::Compound => {
                push(span.text, at(start), true)
            }
        }
    }
    words
}
