//! Turns a section's fields into tokens: the shared analysis for Latin
//! text, jieba's search mode for CJK runs, and every CJK character and
//! every pair of neighbouring CJK characters on its own, so that the
//! runtime can confirm any string verbatim.

use jieba_rs::Jieba;
use xun::analysis::{self, SpanKind};

pub struct Segmenter {
    jieba: Jieba,
    /// Index every CJK character and pair too, not only the words.
    chars: bool,
}

/// One occurrence of a term in a field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Token {
    pub term: String,
    /// Which field (title, heading, body).
    pub field: u8,
    /// Characters from the start of the field, of the text as displayed.
    pub position: u32,
    /// False for a CJK character or pair that stands inside a longer word
    /// there, or across two words.
    pub whole: bool,
}

/// What one field contributed.
pub struct FieldStats {
    /// Length of the field in characters (of the text as given).
    pub chars: u32,
    /// Number of words (not counting characters inside longer words).
    pub words: u32,
}

impl Segmenter {
    /// With `chars`, every CJK character is indexed, not only words.
    pub fn new(chars: bool) -> Segmenter {
        Segmenter {
            jieba: Jieba::new(),
            chars,
        }
    }

    /// Folds and segments field `field` of a section, pushing each token
    /// with its position: the offset, in characters of `text`, where it
    /// starts. With `regional` (a post in Traditional script), each Taiwan
    /// or Hong Kong phrase is also indexed under its mainland forms.
    pub fn field(&self, text: &str, field: u8, regional: bool, out: &mut Vec<Token>) -> FieldStats {
        let (folded, back) = analysis::fold_mapped(text);
        // Folded character index → character of the text as given.
        let at = |folded_index: usize| back.get(folded_index).copied().unwrap_or(0);
        if regional {
            for (at_char, _, mainland) in crate::regional::phrases_in(&folded) {
                for form in mainland {
                    out.push(Token {
                        term: form.clone(),
                        field,
                        position: at(at_char),
                        whole: true,
                    });
                }
            }
        }
        let mut words = 0;
        let mut push = |term: &str, position: u32, whole: bool| {
            words += u32::from(whole);
            out.push(Token {
                term: term.to_owned(),
                field,
                position,
                whole,
            });
        };
        for span in analysis::tokenize(&folded) {
            let start = span.start as usize;
            match span.kind {
                SpanKind::Cjk => {
                    // Search mode adds the dictionary words inside long
                    // words, so `容器网络` also yields `容器` and `网络`.
                    let tokens = self.jieba.cut_for_search(span.text, true);
                    let mut single = vec![false; span.chars as usize];
                    for t in &tokens {
                        if t.end - t.start == 1 {
                            single[t.start] = true;
                        } else {
                            push(t.word, at(start + t.start), true);
                        }
                    }
                    let mut buf = [0u8; 4];
                    for (i, c) in span.text.chars().enumerate() {
                        if self.chars || single[i] {
                            push(c.encode_utf8(&mut buf), at(start + i), single[i]);
                        }
                    }
                    // Every pair, as a word where jieba made it one (that
                    // token, at the same place, marks it whole).
                    if self.chars {
                        let starts: Vec<usize> = span
                            .text
                            .char_indices()
                            .map(|(b, _)| b)
                            .chain([span.text.len()])
                            .collect();
                        for i in 0..starts.len().saturating_sub(2) {
                            push(&span.text[starts[i]..starts[i + 2]], at(start + i), false);
                        }
                    }
                }
                SpanKind::Word | SpanKind::Chunk | SpanKind::Compound => {
                    push(span.text, at(start), true)
                }
            }
        }
        FieldStats {
            chars: text.chars().count() as u32,
            words,
        }
    }
}
