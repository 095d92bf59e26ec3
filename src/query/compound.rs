//! Compounds, met in part by a word inside them: a CJK word by the word it
//! is mostly about, a Latin compound by its word parts.

use super::Vocabulary;
use crate::analysis::{self, SpanKind, sub};

/// Shortest word that is also met by the word it is mostly about (see
/// `compound_head`).
pub const MIN_COMPOUND_CHARS: usize = 3;

/// The word a compound is mostly about, to be found on its own: the
/// rarest word of two or more characters inside it, unless weak
/// (`网络带宽` → `带宽`, `高可用性` → `可用性`). A section that says only
/// 带宽 then meets 网络带宽 in part ([`Via::Part`](super::Via::Part)), ranked below one that
/// says 网络带宽.
pub(super) fn compound_head<'t>(dict: &dyn Vocabulary, word: &'t str) -> Option<&'t str> {
    let starts: Vec<usize> = word
        .char_indices()
        .map(|(b, _)| b)
        .chain([word.len()])
        .collect();
    let n = starts.len() - 1;
    if n < MIN_COMPOUND_CHARS {
        return None;
    }
    let mut best: Option<(&str, u8)> = None;
    for i in 0..n {
        for j in i + 2..=n {
            if i == 0 && j == n {
                continue;
            }
            let t = sub(word, starts[i], starts[j]);
            if let Some(info) = dict.get(t).filter(|i| i.word && !i.weak)
                && best.is_none_or(|b| info.freq_code < b.1)
            {
                best = Some((t, info.freq_code));
            }
        }
    }
    best.map(|b| b.0)
}

/// Whether a part of a Latin compound the index knows also meets it, less
/// well (`ci` of `ci/cd`, `runner` of `gitlab-runner`): a word of two or
/// more characters with a letter in it, that the index has and that is
/// not weak. Numbers (`14` of `v1.14`) and single letters say too little
/// on their own.
pub(super) fn compound_part(dict: &dyn Vocabulary, part: &analysis::Span) -> bool {
    part.kind == SpanKind::Word
        && part.chars >= 2
        && part.text.chars().any(char::is_alphabetic)
        && dict.get(part.text).is_some_and(|i| !i.weak)
}
