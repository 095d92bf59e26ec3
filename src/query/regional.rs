//! Taiwan and Hong Kong phrases in a query, met by their mainland forms
//! (from the fold table and the dictionary buckets): where they stand, and the units they make.

use super::{Alternative, Query, char_count, char_slice};
use crate::analysis::sub;
use crate::query::route::MAX_TERM_CHARS;

impl Query {
    /// Adds a regional phrase as one unit whose alternatives are it and its
    /// mainland forms; or, when they all split into as many words and
    /// share one at some place (持续整合 and 持续集成), as one unit per
    /// place, whose alternatives are the words there (持续; 整合 or 集成):
    /// the words then stand on their own, as in the mainland query. `parts`
    /// (words inside a mainland form) are alternatives of the one unit.
    pub(super) fn push_regional(
        &mut self,
        phrase: &str,
        start: u32,
        mut alternatives: Vec<Alternative>,
        parts: Vec<Alternative>,
    ) {
        let words = alternatives[0].clauses.len();
        let aligned = words >= 2
            && alternatives[1..].iter().all(|a| a.clauses.len() == words)
            && (0..words).any(|i| {
                let first = alternatives[0].clauses[i];
                alternatives.iter().all(|a| a.clauses[i] == first)
            });
        if !aligned {
            alternatives.extend(parts);
            self.push_unit(phrase.to_owned(), start, alternatives, false);
            return;
        }
        let mut at = start;
        for i in 0..words {
            let text = self.clauses[alternatives[0].clauses[i]].text.clone();
            let mut here: Vec<Alternative> = Vec::new();
            for a in &alternatives {
                if !here.iter().any(|h| h.clauses[0] == a.clauses[i]) {
                    here.push(Alternative {
                        clauses: vec![a.clauses[i]],
                        via: a.via,
                    });
                }
            }
            let chars = char_count(&text);
            self.push_unit(text, at, here, false);
            at += chars;
        }
    }
}

/// The regional phrase that the first words of `route` make: (how many
/// words, which phrase). The longest one, unless it is a composition: a
/// shorter one that its mainland form begins with, followed by words of
/// two or more characters (記憶體用量 → 内存使用 is 記憶體 → 内存, then
/// 用量). The shorter one is then taken, and the words after it are
/// searched as units of their own, as the mainland query (内存用量) would
/// be: a section that says 内存 but not 内存使用 still meets one of them.
pub(super) fn regional_at(
    run: &str,
    route: &[(usize, usize)],
    regional: &[(String, Vec<String>)],
) -> Option<(usize, usize)> {
    if regional.is_empty() {
        return None;
    }
    let phrase_of = |words: usize| {
        let phrase = char_slice(run, route[0].0, route[words - 1].1);
        regional
            .binary_search_by(|(k, _)| k.as_str().cmp(phrase))
            .ok()
    };
    // However many words the route cut it into (角色 + 型 + 存 + 取 + 控制
    // is one phrase), up to the longest phrase looked for.
    let most = (route.iter())
        .take_while(|&&(_, to)| to - route[0].0 <= MAX_TERM_CHARS)
        .count();
    let (words, r) = (1..=most)
        .rev()
        .find_map(|words| Some((words, phrase_of(words)?)))?;
    let forms = &regional[r].1;
    let composed = (1..words).find_map(|first| {
        let rest_are_words = route[first..words].iter().all(|&(f, t)| t - f >= 2);
        let s = phrase_of(first).filter(|_| rest_are_words)?;
        let begins = |form: &String| regional[s].1.iter().any(|p| form.starts_with(p.as_str()));
        forms.iter().any(begins).then_some((first, s))
    });
    Some(composed.unwrap_or((words, r)))
}

/// Where regional phrases may stand in the text: every substring that is
/// one, for loading the partitions of their mainland forms before parsing
/// (the parser keeps those that fall on word boundaries).
fn regional_candidates<'a>(text: &str, regional: &'a [(String, Vec<String>)]) -> Vec<&'a [String]> {
    let mut out = Vec::new();
    if regional.is_empty() {
        return out;
    }
    for (at, c) in text.char_indices() {
        if !crate::analysis::is_cjk(c) {
            continue;
        }
        let mut end = at;
        for next in sub(text, at, text.len()).chars().take(MAX_TERM_CHARS) {
            end += next.len_utf8();
            if let Ok(i) = regional.binary_search_by(|(p, _)| p.as_str().cmp(sub(text, at, end))) {
                out.push(regional[i].1.as_slice());
            }
        }
    }
    out
}

/// The pairs that a character starting a CJK run just before a regional
/// phrase makes with the first character of each of its mainland forms
/// (多 of 多丛集 and 集 of 集群: 多集): the keys of the dictionary buckets
/// that hold the words they may make together (多集群, which the parser
/// glues, see `Query::parse`). A word a form makes with the character
/// after it starts with the form, in a bucket its own look-ups load.
pub fn regional_lead_pairs(folded: &str, regional: &[(String, Vec<String>)]) -> Vec<String> {
    let mut out = Vec::new();
    if regional.is_empty() {
        return out;
    }
    let cjk = crate::analysis::is_cjk;
    let (mut before, mut starts_run): (Option<char>, bool) = (None, false);
    for (at, c) in folded.char_indices() {
        let lone = before.filter(|&b| {
            starts_run && cjk(b) && cjk(c) && !super::is_function_word(b.encode_utf8(&mut [0; 4]))
        });
        if let Some(b) = lone {
            let mut end = at;
            for next in sub(folded, at, folded.len()).chars().take(MAX_TERM_CHARS) {
                end += next.len_utf8();
                let phrase = sub(folded, at, end);
                if let Ok(i) = regional.binary_search_by(|(p, _)| p.as_str().cmp(phrase)) {
                    let firsts = regional[i].1.iter().filter_map(|f| f.chars().next());
                    out.extend(firsts.map(|f| format!("{b}{f}")));
                }
            }
        }
        starts_run = before.is_none_or(|b| !cjk(b));
        before = Some(c);
    }
    out
}

/// The mainland forms of the regional phrases a folded query may contain.
pub fn regional_phrases<'a>(folded: &str, regional: &'a [(String, Vec<String>)]) -> Vec<&'a str> {
    regional_candidates(folded, regional)
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
}

/// Whether some regional phrase inside `phrase` has `word` as a mainland
/// form: 调度 of 排程 in 排程器, whose mainland form 调度器 is then met by
/// 调度 as the mainland query's is.
pub(super) fn regional_inside(
    phrase: &str,
    word: &str,
    regional: &[(String, Vec<String>)],
) -> bool {
    regional_candidates(phrase, regional)
        .into_iter()
        .flatten()
        .any(|form| form == word)
}
