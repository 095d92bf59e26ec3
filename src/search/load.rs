//! What a query needs before it can be ranked, in the order it can be
//! known: its tokens folded as the index is (by the manifest's table),
//! the dictionary buckets of its words, then the postings of its terms.
//! Each step names the files it lacks ([`Missing`]) and the caller fetches
//! them.

use std::sync::Arc;

use crate::Error;
use crate::analysis::{self, is_cjk, is_word_char};
use crate::format::postings::List;
use crate::index::{Index, Missing};
use crate::query::{self, Query, Token, syntax};

/// Longest query, in characters, that is searched: a pasted paragraph
/// would otherwise fetch a large share of the index.
pub const MAX_QUERY_CHARS: usize = 128;

/// The query cut where a search stops: the part searched, and the rest.
/// At most [`MAX_QUERY_CHARS`] characters are searched, and a Latin word
/// or number is never cut in two: one that runs past the limit is left
/// out whole (`kustomize`, not a search for `kusto`), unless it is all
/// there is.
pub fn searched_part(text: &str) -> (&str, &str) {
    // Where the run of word characters at hand starts.
    let mut run = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        if n == MAX_QUERY_CHARS {
            // Back to the start of a word the limit falls inside.
            let at = if is_word_char(c) && run > 0 { run } else { at };
            return (
                analysis::sub(text, 0, at),
                analysis::sub(text, at, text.len()),
            );
        }
        if !is_word_char(c) {
            run = at + c.len_utf8();
        }
    }
    (text, "")
}

/// A value, or the files to load before it can be had.
pub type Loaded<T> = Result<T, Missing>;

/// Per query term, its postings (empty for a term the index lacks).
pub type Lists = Vec<Arc<List>>;

/// A parsed query with the postings of its terms.
pub struct Prepared {
    pub query: Query,
    pub lists: Lists,
}

/// Parses the query and reads its postings, or names the files to load
/// first.
pub fn prepare(index: &Index, text: &str) -> Result<Loaded<Prepared>, Error> {
    let tokens = fold_tokens(index, text);
    if let Err(missing) = dictionary(index, &tokens) {
        return Ok(Err(missing));
    }
    let query = Query::parse(&tokens, &index.query_context());
    if let Err(missing) = unlooked_terms(index, &query) {
        return Ok(Err(missing));
    }
    Ok(read_postings(index, &query)?.map(|lists| Prepared { query, lists }))
}

/// The buckets of the query's terms that were not looked up: a character
/// the split left on its own (`中` of `在k8s中的应用`) is in its own
/// bucket, which the character pairs do not name. The split does not
/// depend on single characters, so parsing again once they are loaded
/// gives the same units, now with their entries.
fn unlooked_terms(index: &Index, query: &Query) -> Loaded<()> {
    let mut missing = Missing::default();
    let needed = query.needed_terms();
    let unlooked = query
        .terms
        .iter()
        .enumerate()
        .filter(|(t, term)| needed[*t] && term.info.is_none());
    for (_, term) in unlooked {
        let bucket = index.bucket(&term.text);
        if !index.is_loaded(bucket) {
            missing.insert(bucket);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// The query's tokens folded as the index is: traditional characters
/// made simplified by the index's table, which the manifest carries.
fn fold_tokens(index: &Index, text: &str) -> Vec<Token> {
    syntax::parse(searched_part(text).0)
        .into_iter()
        .map(|t| Token {
            text: index.simplify(&analysis::fold(&t.text)),
            typed: t.text,
            kind: t.kind,
            or_next: t.or_next,
        })
        .collect()
}

/// The dictionary buckets the tokens need, if any is not loaded.
fn dictionary(index: &Index, tokens: &[Token]) -> Loaded<()> {
    let mut missing = Missing::default();
    dictionary_into(index, tokens, &mut missing);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Adds to `missing` the buckets of every character pair and word of the
/// tokens, and of the phrases of the synonym groups and the mainland forms
/// of the regional phrases they contain. A Latin word's bucket also holds
/// the terms it begins and its typos after its first two letters.
fn dictionary_into(index: &Index, tokens: &[Token], missing: &mut Missing) {
    if index.meta.buckets == 0 {
        return;
    }
    // Joined as the parser reads plain text, so that a synonym may span
    // two words (`service mesh`).
    let text = query::joined(tokens, " ");
    let mut terms: Vec<&str> = query::lookups(&text);
    let synonyms = query::synonym_phrases(&text, &index.meta.synonyms);
    let regional = query::regional_phrases(&text, index.regional());
    for phrase in synonyms.into_iter().chain(regional) {
        terms.extend(query::lookups(phrase));
    }
    let lead_pairs = query::regional_lead_pairs(&text, index.regional());
    terms.extend(lead_pairs.iter().map(String::as_str));
    // A function character stands alone in the split (的, 在), and its
    // postings are read only when the query has nothing else (see
    // `Query::needed_terms`): only then is its bucket needed. Other
    // characters that end up alone are found after the split (see
    // `unlooked_terms`).
    let chars: Vec<&str> = text
        .char_indices()
        .filter(|&(_, c)| is_cjk(c))
        .map(|(at, c)| analysis::sub(&text, at, at + c.len_utf8()))
        .collect();
    let only_function = chars.iter().all(|c| query::is_function_word(c));
    let alone = chars.into_iter().filter(|_| only_function);
    for term in terms.into_iter().chain(alone) {
        let bucket = index.bucket(term);
        if !index.is_loaded(bucket) {
            missing.insert(bucket);
        }
    }
}

/// The postings of every term the query ranks by, or the shards to load
/// first. A function word's postings (的) are not read: they would cost
/// the most bytes and count for the least.
pub fn read_postings(index: &Index, query: &Query) -> Result<Loaded<Lists>, Error> {
    let needed = query.needed_terms();
    let mut missing = Missing::default();
    for (t, term) in query.terms.iter().enumerate() {
        if let (Some(info), true) = (term.info, needed[t]) {
            let file = index.postings_file(&term.text, info)?;
            if !index.is_loaded(file) {
                missing.insert(file);
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let lists = query
        .terms
        .iter()
        .enumerate()
        .map(|(t, term)| match term.info {
            Some(info) if needed[t] => index
                .postings(&term.text, info)
                .map(Option::unwrap_or_default),
            _ => Ok(Arc::default()),
        });
    Ok(Ok(lists.collect::<Result<_, _>>()?))
}
