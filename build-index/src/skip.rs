//! Why a file gives no post, and the count per reason that the summary
//! and the empty-corpus error print.

use std::collections::BTreeMap;
use std::fmt;

/// Why a file was not indexed. The order is the order of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// A Markdown or text post marked `draft`.
    Draft,
    /// A page that lists other pages: home, tag, category, archive,
    /// pagination.
    ListPage,
    /// `<meta name="robots" content="noindex">`.
    Noindex,
    /// `<link rel="canonical">` names another page, which has the text.
    CanonicalElsewhere,
    /// `<meta http-equiv="refresh">` sends the reader to another page.
    Redirect,
    /// `404.html`, the page a static host serves for a missing URL.
    NotFoundPage,
    /// HTML with no `<html>`, `<head>`, `<body>`, `<title>` or `<meta>`:
    /// a piece of a page, not a page.
    Fragment,
    /// `data-xun-skip` on `<html>`, `<body>` or the content element.
    Marked,
    /// `--selector` matched no element of the page.
    SelectorMissed,
    /// The page has text, but all of it is navigation, headers, footers
    /// and the like.
    NoContent,
    /// No text at all.
    Empty,
    /// In a site of HTML pages, a file that is not one (robots.txt, a
    /// Markdown source, an image…).
    NotAPage,
}

impl Skip {
    /// (one, several), as in "1 list page", "3 list pages".
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Skip::Draft => ("draft", "drafts"),
            Skip::ListPage => ("list page", "list pages"),
            Skip::Noindex => ("page marked noindex", "pages marked noindex"),
            Skip::CanonicalElsewhere => (
                "page whose canonical URL is another page",
                "pages whose canonical URL is another page",
            ),
            Skip::Redirect => ("redirect", "redirects"),
            Skip::NotFoundPage => ("not-found page", "not-found pages"),
            Skip::Fragment => ("fragment of a page", "fragments of pages"),
            Skip::Marked => ("page marked data-xun-skip", "pages marked data-xun-skip"),
            Skip::SelectorMissed => (
                "page without an element the --selector matches",
                "pages without an element the --selector matches",
            ),
            Skip::NoContent => (
                "page with no text but navigation and other furniture",
                "pages with no text but navigation and other furniture",
            ),
            Skip::Empty => ("file without text", "files without text"),
            Skip::NotAPage => ("file that is not a page", "files that are not pages"),
        }
    }

    /// The reason as `--verbose` prints it after the file.
    pub fn reason(self) -> &'static str {
        match self {
            Skip::Draft => "draft",
            Skip::ListPage => "list page",
            Skip::Noindex => "noindex",
            Skip::CanonicalElsewhere => "canonical URL is another page",
            Skip::Redirect => "redirect",
            Skip::NotFoundPage => "the host's page for a missing URL (404.html)",
            Skip::Fragment => {
                "a fragment, not a page: no <html>, <head>, <body>, <title> or <meta>"
            }
            Skip::Marked => "marked data-xun-skip",
            Skip::SelectorMissed => "selector matched nothing",
            Skip::NoContent => "no text but navigation and other furniture",
            Skip::Empty => "no text",
            Skip::NotAPage => "not a page (in a site of HTML pages, only .html and .htm are)",
        }
    }
}

/// How many files were skipped for each reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<Skip, usize>,
}

impl Tally {
    pub fn add(&mut self, why: Skip) {
        *self.counts.entry(why).or_default() += 1;
    }

    pub fn count(&self, why: Skip) -> usize {
        self.counts.get(&why).copied().unwrap_or(0)
    }

    /// Posts and pages skipped: every reason but [`Skip::NotAPage`].
    pub fn posts(&self) -> usize {
        self.counts
            .iter()
            .filter(|(why, _)| **why != Skip::NotAPage)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// "3 list pages, 1 page marked noindex; 2 files that are not pages".
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phrase = |(why, n): (&Skip, &usize)| {
            let (one, several) = why.nouns();
            format!("{n} {}", if *n == 1 { one } else { several })
        };
        let posts: Vec<String> = self
            .counts
            .iter()
            .filter(|(why, _)| **why != Skip::NotAPage)
            .map(phrase)
            .collect();
        let others = self.counts.get_key_value(&Skip::NotAPage).map(phrase);
        let parts: Vec<String> = [Some(posts.join(", ")), others]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_reads_as_a_phrase() {
        let mut tally = Tally::default();
        assert_eq!(tally.to_string(), "");
        tally.add(Skip::NotAPage);
        assert_eq!(tally.to_string(), "1 file that is not a page");
        for why in [Skip::Noindex, Skip::ListPage, Skip::ListPage] {
            tally.add(why);
        }
        assert_eq!(
            tally.to_string(),
            "2 list pages, 1 page marked noindex; 1 file that is not a page"
        );
        assert_eq!((tally.posts(), tally.count(Skip::ListPage)), (3, 2));
    }
}
