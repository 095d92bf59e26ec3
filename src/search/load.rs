//! What a query needs before it can be ranked, in the order it can be
//! known: its tokens folded as the index is (which may need `fold.xun`),
//! the dictionary partitions of its words, then the postings of its terms.
//! Each step names the files it lacks ([`Missing`]) and the caller fetches
//! them.

use crate::Error;
use crate::analysis::{self, is_cjk};
use crate::format::FileId;
use crate::format::postings::Posting;
use crate::index::{Index, Missing};
use crate::query::{self, Query, Token, syntax};

/// Longest query, in characters, that is searched: a pasted paragraph
/// would otherwise fetch a large share of the index.
pub const MAX_QUERY_CHARS: usize = 128;
/// Most dictionary partitions fetched to correct a word whose first
/// letters may be wrong: on a big site, a letter's partitions are many.
const MAX_TYPO_PARTS: usize = 6;

/// A value, or the files to load before it can be had.
pub type Loaded<T> = Result<T, Missing>;

/// Per query term, its postings (empty for a term the index lacks).
pub type Lists = Vec<Vec<Posting>>;

/// A parsed query with the postings of its terms.
pub struct Prepared {
    pub query: Query,
    pub lists: Lists,
}

/// Parses the query and reads its postings, or names the files to load
/// first.
pub fn prepare(index: &Index, text: &str) -> Result<Loaded<Prepared>, Error> {
    let tokens = match fold_tokens(index, text) {
        Ok(tokens) => tokens,
        Err(missing) => return Ok(Err(missing)),
    };
    if let Err(missing) = dictionary(index, &tokens) {
        return Ok(Err(missing));
    }
    let query = Query::parse(&tokens, &index.query_context());
    if let Err(missing) = typo_partitions(index, &query) {
        return Ok(Err(missing));
    }
    Ok(read_postings(index, &query)?.map(|lists| Prepared { query, lists }))
}

/// The query's tokens folded as the index is, or the files to load first:
/// the fold table, which changes which characters are looked up, with the
/// dictionary partitions of the text as typed (most queries are already
/// simplified, so they need no other round).
fn fold_tokens(index: &Index, text: &str) -> Loaded<Vec<Token>> {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let mut tokens: Vec<Token> = syntax::parse(&text)
        .into_iter()
        .map(|t| Token {
            text: analysis::fold(&t.text),
            kind: t.kind,
            or_next: t.or_next,
        })
        .collect();
    let cjk = tokens.iter().any(|t| t.text.chars().any(is_cjk));
    if index.meta.has_fold() && cjk {
        if !index.is_loaded(FileId::Fold) {
            let mut missing = Missing::default();
            missing.insert(FileId::Fold);
            // What the text as typed needs comes in the same round.
            dictionary_into(index, &tokens, &mut missing);
            return Err(missing);
        }
        for t in &mut tokens {
            t.text = index.simplify(&t.text);
        }
    }
    Ok(tokens)
}

/// The dictionary partitions the tokens need, if any is not loaded.
fn dictionary(index: &Index, tokens: &[Token]) -> Loaded<()> {
    let mut missing = Missing::default();
    dictionary_into(index, tokens, &mut missing);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Adds to `missing` the partitions of every character and word of the
/// tokens, of the phrases of the synonym groups and the mainland forms of
/// the regional phrases they contain, and, for a Latin word that may be a
/// typo, of the words sharing its first two letters.
fn dictionary_into(index: &Index, tokens: &[Token], missing: &mut Missing) {
    if index.meta.term_parts.is_empty() {
        return;
    }
    // Joined as the parser reads plain text, so that a synonym may span
    // two words (`service mesh`).
    let text: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let text = text.join(" ");
    let mut prefixes: Vec<&str> = query::lookups(&text);
    let synonyms = query::synonym_phrases(&text, &index.meta.synonyms);
    let regional = query::regional_phrases(&text, index.regional());
    for phrase in synonyms.into_iter().chain(regional) {
        prefixes.extend(query::lookups(phrase));
    }
    let words: Vec<&str> = prefixes
        .iter()
        .filter(|w| {
            w.chars().count() >= query::MIN_TYPO_CHARS && w.chars().all(|c| c.is_ascii_alphabetic())
        })
        .map(|w| &w[..2])
        .collect();
    for prefix in prefixes.into_iter().chain(words) {
        for i in index.term_parts_with_prefix(prefix) {
            if !index.is_loaded(FileId::Terms(i)) {
                missing.insert(FileId::Terms(i));
            }
        }
    }
}

/// A Latin word the index lacks, with no correction among the words that
/// share its first two letters, may have a typo in those letters: the
/// partitions of its first letter, if they are few, may correct it.
fn typo_partitions(index: &Index, query: &Query) -> Loaded<()> {
    let mut missing = Missing::default();
    for unit in &query.units {
        let [alt] = unit.alternatives.as_slice() else {
            continue;
        };
        let [c] = alt.clauses.as_slice() else {
            continue;
        };
        let clause = &query.clauses[*c];
        let unknown = clause.term.is_some_and(|t| query.terms[t].info.is_none());
        let word = clause.text.as_str();
        if !unknown
            || word.chars().count() < query::MIN_TYPO_CHARS
            || !word.chars().all(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        let parts = index.term_parts_with_prefix(&word[..1]);
        if parts.clone().count() > MAX_TYPO_PARTS {
            continue;
        }
        for i in parts {
            if !index.is_loaded(FileId::Terms(i)) {
                missing.insert(FileId::Terms(i));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// The postings of every term of the query, or the shards to load first.
pub fn read_postings(index: &Index, query: &Query) -> Result<Loaded<Lists>, Error> {
    let mut missing = Missing::default();
    for info in query.terms.iter().filter_map(|t| t.info) {
        let shard = index.shard_of(info)?;
        if !index.is_loaded(shard) {
            missing.insert(shard);
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let lists = query.terms.iter().map(|t| match t.info {
        Some(info) => index.postings(info).map(Option::unwrap_or_default),
        None => Ok(Vec::new()),
    });
    Ok(Ok(lists.collect::<Result<_, _>>()?))
}
