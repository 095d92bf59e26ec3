//! The query language, read off the raw query before it is folded (so
//! that `OR` is still upper case):
//!
//! | written | means |
//! |---|---|
//! | `"灰度 发布"`, `“灰度发布”`, `「灰度发布」` | these words, together and in this order |
//! | `-istio`, `-"service mesh"` | no section that has this |
//! | `flannel OR calico` | either one |
//!
//! Anything else is plain text. A `-` only excludes at the start of a
//! word (`kube-proxy` is a word), and `OR` only joins when it stands alone
//! between two words; a lone `-` or `OR` is not searched at all.

/// What a token asks of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words to match, softly.
    Plain,
    /// A quoted phrase: required, verbatim.
    Phrase,
    /// Excluded with `-`: a section that has it is dropped.
    Excluded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The text, without its quotes or `-`, not yet folded.
    pub text: String,
    pub kind: Kind,
    /// Joined by `OR` to the next token.
    pub or_next: bool,
}

/// Opening quote → closing quote.
const QUOTES: [(char, char); 4] = [('"', '"'), ('“', '”'), ('「', '」'), ('＂', '＂')];

/// Splits a raw query into tokens.
pub fn parse(query: &str) -> Vec<Token> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    // Whether the last word read was a standalone OR waiting for its
    // right-hand side.
    let mut pending_or = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let minus = matches!(chars[i], '-' | '－');
        let at = i + usize::from(minus);
        let quote = chars
            .get(at)
            .and_then(|c| QUOTES.iter().find(|q| q.0 == *c));
        let (text, kind, next) = if let Some(&(_, close)) = quote {
            let end = (at + 1..chars.len())
                .find(|&k| chars[k] == close)
                .unwrap_or(chars.len());
            let text: String = chars[at + 1..end].iter().collect();
            let kind = if minus { Kind::Excluded } else { Kind::Phrase };
            (text, kind, end + 1)
        } else {
            let end = (at..chars.len())
                .find(|&k| chars[k].is_whitespace())
                .unwrap_or(chars.len());
            let text: String = chars[at..end].iter().collect();
            let kind = if minus { Kind::Excluded } else { Kind::Plain };
            (text, kind, end)
        };
        i = next;
        if kind == Kind::Plain && text == "OR" {
            // Joins the previous token to the next one, if both exist.
            pending_or = !tokens.is_empty();
            continue;
        }
        if text.trim().is_empty() {
            // A lone `-`, or empty quotes.
            pending_or = false;
            continue;
        }
        if pending_or && let Some(last) = tokens.last_mut() {
            last.or_next = kind != Kind::Excluded && last.kind != Kind::Excluded;
        }
        pending_or = false;
        tokens.push(Token {
            text,
            kind,
            or_next: false,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(q: &str) -> Vec<(String, Kind, bool)> {
        parse(q)
            .into_iter()
            .map(|t| (t.text, t.kind, t.or_next))
            .collect()
    }

    #[test]
    fn plain_words_phrases_exclusions_and_or() {
        use Kind::*;
        assert_eq!(
            show(r#"灰度发布 "service mesh" -istio flannel OR calico"#),
            vec![
                ("灰度发布".into(), Plain, false),
                ("service mesh".into(), Phrase, false),
                ("istio".into(), Excluded, false),
                ("flannel".into(), Plain, true),
                ("calico".into(), Plain, false),
            ]
        );
        assert_eq!(show("“灰度发布”"), vec![("灰度发布".into(), Phrase, false)]);
        assert_eq!(
            show("-「服务网格」 k8s"),
            vec![
                ("服务网格".into(), Excluded, false),
                ("k8s".into(), Plain, false)
            ]
        );
    }

    #[test]
    fn lone_operators_are_not_words() {
        assert_eq!(show("OR"), vec![]);
        assert_eq!(show("- OR -"), vec![]);
        assert_eq!(show("OR k8s OR"), vec![("k8s".into(), Kind::Plain, false)]);
        assert_eq!(show("k8s -"), vec![("k8s".into(), Kind::Plain, false)]);
        assert_eq!(show(r#"k8s """#), vec![("k8s".into(), Kind::Plain, false)]);
        // Lower-case `or` and a `-` inside a word are words.
        assert_eq!(show("this or that")[1].0, "or");
        assert_eq!(
            show("kube-proxy")[0],
            ("kube-proxy".into(), Kind::Plain, false)
        );
        // An unclosed quote runs to the end.
        assert_eq!(
            show("\"灰度 发布"),
            vec![("灰度 发布".into(), Kind::Phrase, false)]
        );
    }
}
