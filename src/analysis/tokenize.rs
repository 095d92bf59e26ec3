//! Splits folded text into CJK runs and word tokens.
//!
//! Word tokens are runs of letters and digits outside CJK. Runs joined by
//! a connector (`-` `_` `.` `/` `+`) with no space form a *compound*: the
//! compound is a token (`kube-proxy`, `v1.14`, `gitlab-ci.yml`) and so is
//! each part (`kube`, `proxy`), all at character offsets of the input.
//!
//! Overlong runs (hashes, digit strings, base64) would each add a term that
//! nobody searches for, so a word longer than [`MAX_WORD_CHARS`] is cut
//! into [`WORD_CHUNK_CHARS`]-character chunks. The query side cuts the same
//! way, and its chunks must then stand side by side, so such a string stays
//! findable without growing the dictionary.

/// Longest word kept whole.
pub const MAX_WORD_CHARS: usize = 16;
/// Length of the chunks an overlong word is cut into.
pub const WORD_CHUNK_CHARS: usize = 8;
/// Longest compound that is also kept as one token.
pub const MAX_COMPOUND_CHARS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// A run of CJK characters, to be segmented into words.
    Cjk,
    /// A word of letters and digits.
    Word,
    /// A piece of an overlong word; its pieces follow each other.
    Chunk,
    /// Words joined by connectors, as one token (its parts follow it).
    Compound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'a> {
    pub text: &'a str,
    /// Character offset of the span in the tokenized text.
    pub start: u32,
    /// Length in characters.
    pub chars: u32,
    pub kind: SpanKind,
}

/// Han ideographs and kana: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Letters and digits of scripts written with spaces: what Latin words
/// are made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '/' | '+')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if is_word_char(c) {
        Class::Word
    } else {
        Class::Other
    }
}

/// Splits `text` (already folded) into spans, in order of their start.
pub fn tokenize(text: &str) -> Vec<Span<'_>> {
    // (byte offset, char offset, char) for every char, plus an end sentinel.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let class_at = |i: usize| chars.get(i).map_or(Class::Other, |&(_, c)| class(c));
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match class_at(i) {
            Class::Other => i += 1,
            Class::Cjk => {
                let start = i;
                while class_at(i) == Class::Cjk {
                    i += 1;
                }
                spans.push(Span {
                    text: super::sub(text, byte_at(start), byte_at(i)),
                    start: start as u32,
                    chars: (i - start) as u32,
                    kind: SpanKind::Cjk,
                });
            }
            Class::Word => {
                // Collect the parts of a compound: word runs separated by
                // single connectors.
                let compound_start = i;
                let mut parts = Vec::new();
                loop {
                    let start = i;
                    while class_at(i) == Class::Word {
                        i += 1;
                    }
                    parts.push((start, i));
                    let joined = chars.get(i).is_some_and(|&(_, c)| is_connector(c))
                        && class_at(i + 1) == Class::Word;
                    if !joined {
                        break;
                    }
                    i += 1;
                }
                let whole_chars = i - compound_start;
                if parts.len() > 1 && whole_chars <= MAX_COMPOUND_CHARS {
                    spans.push(Span {
                        text: super::sub(text, byte_at(compound_start), byte_at(i)),
                        start: compound_start as u32,
                        chars: whole_chars as u32,
                        kind: SpanKind::Compound,
                    });
                }
                for (start, end) in parts {
                    push_word(&mut spans, text, &byte_at, start, end);
                }
            }
        }
    }
    spans
}

fn push_word<'a>(
    spans: &mut Vec<Span<'a>>,
    text: &'a str,
    byte_at: &dyn Fn(usize) -> usize,
    start: usize,
    end: usize,
) {
    let len = end - start;
    if len <= MAX_WORD_CHARS {
        spans.push(Span {
            text: super::sub(text, byte_at(start), byte_at(end)),
            start: start as u32,
            chars: len as u32,
            kind: SpanKind::Word,
        });
        return;
    }
    let mut s = start;
    while s < end {
        let e = (s + WORD_CHUNK_CHARS).min(end);
        spans.push(Span {
            text: super::sub(text, byte_at(s), byte_at(e)),
            start: s as u32,
            chars: (e - s) as u32,
            kind: SpanKind::Chunk,
        });
        s = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(String, u32, SpanKind)> {
        tokenize(text)
            .into_iter()
            .map(|s| (s.text.to_owned(), s.start, s.kind))
            .collect()
    }

    #[test]
    fn splits_scripts_and_compounds() {
        use SpanKind::*;
        assert_eq!(
            show("用kube-proxy跑k8s, v1.14。"),
            vec![
                ("用".into(), 0, Cjk),
                ("kube-proxy".into(), 1, Compound),
                ("kube".into(), 1, Word),
                ("proxy".into(), 6, Word),
                ("跑".into(), 11, Cjk),
                ("k8s".into(), 12, Word),
                ("v1.14".into(), 17, Compound),
                ("v1".into(), 17, Word),
                ("14".into(), 20, Word),
            ]
        );
    }

    #[test]
    fn trailing_connectors_are_not_part_of_a_word() {
        assert_eq!(show("end. c++ -x")[0].0, "end");
        assert_eq!(show("c++").len(), 1);
    }

    #[test]
    fn long_words_are_chunked() {
        let spans = show("24177411244444117期");
        assert_eq!(spans[0], ("24177411".into(), 0, SpanKind::Chunk));
        assert_eq!(spans[1], ("24444411".into(), 8, SpanKind::Chunk));
        assert_eq!(spans[2], ("7".into(), 16, SpanKind::Chunk));
        assert_eq!(spans[3], ("期".into(), 17, SpanKind::Cjk));
    }
}
