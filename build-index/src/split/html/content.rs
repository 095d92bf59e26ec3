//! Which element of a page holds the post, and which elements inside it
//! are furniture to leave out. The lists are documented in `html`'s
//! module doc; keep the two in step.

use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Selector};

use crate::error::BuildError;

/// Never text a reader reads: code, styles, media, form controls.
pub(super) const NOT_TEXT: [&str; 13] = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "button",
    "select", "textarea", "input", "label",
];

/// Hidden from readers, or by the author from the index.
pub(super) const HIDDEN: [&str; 3] = ["[hidden]", "[aria-hidden=true]", "[data-xun-ignore]"];

/// Around the post rather than in it: landmarks, tables of contents,
/// breadcrumbs, post metadata and tag lists, links between posts,
/// sharing, comments, rustdoc's source links and toggles, and text only
/// screen readers get.
pub(super) const FURNITURE: [&str; 41] = [
    "nav",
    "header",
    "footer",
    "aside",
    "[role=navigation]",
    "[role=banner]",
    "[role=contentinfo]",
    "[role=complementary]",
    "[role=search]",
    ".toc",
    "#toc",
    "#TableOfContents",
    ".table-of-contents",
    ".post-toc",
    "#markdown-toc",
    "[aria-label*=breadcrumb i]",
    "[class*=breadcrumb i]",
    "[class*=post-meta]",
    "[class*=article-meta]",
    ".meta",
    ".meta-info",
    ".author",
    "[class*=post-tags]",
    ".tags",
    ".pagination",
    ".pager",
    ".post-nav",
    ".article-nav",
    "[class*=prevnext]",
    "[class*=prev-next]",
    ".share",
    "[class*=copyright]",
    ".license-box",
    "[class*=comments]",
    "#comments",
    "a.src",
    ".rightside",
    "summary.hideme",
    ".sr-only",
    ".visually-hidden",
    ".screen-reader-text",
];

/// Links whose only text is one of these are permalinks to a heading.
const PERMALINK_GLYPHS: [&str; 4] = ["§", "#", "¶", "🔗"];

static BUILT_IN: LazyLock<Selector> = LazyLock::new(|| {
    let all: Vec<&str> = [&NOT_TEXT[..], &HIDDEN, &FURNITURE].concat();
    css(&all.join(", "))
});
static HIDDEN_SEL: LazyLock<Selector> = LazyLock::new(|| css(&HIDDEN.join(", ")));
static MARKED_BODY: LazyLock<Selector> = LazyLock::new(|| css("[data-xun-body]"));
static MAIN: LazyLock<Selector> = LazyLock::new(|| css("main"));
static ROLE_MAIN: LazyLock<Selector> = LazyLock::new(|| css("[role=main]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| css("body"));

/// A selector written in this file.
pub fn css(selector: &str) -> Selector {
    Selector::parse(selector).expect("the selectors in the source are valid")
}

/// How an element inside the content is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// Its text and its headings.
    Whole,
    /// Its text, but an `<h1>` in it may still be the post's title: a
    /// `<header>` of an article or section, which often holds the title
    /// with the byline and breadcrumbs.
    KeepTitle,
}

/// How pages are read: the content element and furniture, as the options
/// change them.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// `--selector`: the content element, instead of the detection order.
    content: Option<Selector>,
    /// `--exclude`: more elements to leave out.
    exclude: Vec<Selector>,
}

impl Rules {
    /// Rules from `--selector` and `--exclude`; an invalid selector is an
    /// error that names its option.
    pub fn new(selector: Option<&str>, exclude: &[String]) -> Result<Rules, BuildError> {
        let parse = |option: &'static str, value: &str| {
            Selector::parse(value).map_err(|e| {
                // Some of the parser's messages ask to report a bug, for
                // what is only a typo here: those are left out.
                let why = e.to_string();
                BuildError::BadOption {
                    option,
                    value: value.to_owned(),
                    message: match why.contains("report") {
                        true => "not a CSS selector".to_owned(),
                        false => format!("not a CSS selector: {why}"),
                    },
                }
            })
        };
        Ok(Rules {
            content: selector.map(|s| parse("--selector", s)).transpose()?,
            exclude: exclude
                .iter()
                .map(|s| parse("--exclude", s))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Whether and how an element inside the content is left out.
    pub fn left_out(&self, el: ElementRef<'_>) -> Option<LeftOut> {
        if self.exclude.iter().any(|s| s.matches(&el)) || is_permalink(el) {
            return Some(LeftOut::Whole);
        }
        if !BUILT_IN.matches(&el) {
            return None;
        }
        let titled_header =
            el.value().name() == "header" && !is_banner(el) && !HIDDEN_SEL.matches(&el);
        Some(if titled_header {
            LeftOut::KeepTitle
        } else {
            LeftOut::Whole
        })
    }

    /// The element holding the post: `--selector`'s first match (`None` if
    /// it matches nothing), else the first `[data-xun-body]`, the page's
    /// only `<article>`, `<main>`, `[role=main]`, `<body>`.
    pub fn content<'a>(&self, doc: &'a Html) -> Option<ElementRef<'a>> {
        if let Some(chosen) = &self.content {
            return doc.select(chosen).next();
        }
        let first = |s: &Selector| doc.select(s).next();
        first(&MARKED_BODY)
            .or_else(|| self.only_article(doc))
            .or_else(|| first(&MAIN))
            .or_else(|| first(&ROLE_MAIN))
            .or_else(|| first(&BODY))
            .or(Some(doc.root_element()))
    }

    /// The page's `<article>` if it has exactly one, not counting those
    /// nested in another or inside furniture (comments, related posts).
    /// One walk, which skips each article and left-out subtree whole, so
    /// that no element is looked at twice.
    fn only_article<'a>(&self, doc: &'a Html) -> Option<ElementRef<'a>> {
        let mut found = None;
        // The subtree being skipped: an article found, or furniture.
        let mut skipping: Option<NodeId> = None;
        for edge in doc.root_element().traverse() {
            match edge {
                Edge::Open(node) if skipping.is_none() => {
                    let Some(el) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if self.left_out(el).is_some() {
                        skipping = Some(el.id());
                    } else if el.value().name() == "article" {
                        if found.is_some() {
                            return None;
                        }
                        found = Some(el);
                        skipping = Some(el.id());
                    }
                }
                Edge::Close(node) if skipping == Some(node.id()) => skipping = None,
                _ => {}
            }
        }
        found
    }
}

/// Whether a `<header>` is the page's banner (the site's header) rather
/// than an article's or section's: as HTML-AAM maps it, when no sectioning
/// element or main landmark is around it.
fn is_banner(header: ElementRef<'_>) -> bool {
    !header.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let e = a.value();
        matches!(e.name(), "article" | "aside" | "main" | "nav" | "section")
            || matches!(
                e.attr("role"),
                Some("article" | "complementary" | "main" | "navigation" | "region")
            )
    })
}

/// A link whose only text is a permalink glyph, as in
/// `<a class="anchor" href="#x">§</a>`.
fn is_permalink(el: ElementRef<'_>) -> bool {
    if el.value().name() != "a" {
        return false;
    }
    let mut text = String::new();
    for piece in el.text() {
        text.push_str(piece.trim());
        if text.len() > 4 {
            return false;
        }
    }
    PERMALINK_GLYPHS.contains(&text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_name(page: &str) -> String {
        let doc = Html::parse_document(page);
        let el = Rules::default().content(&doc).unwrap();
        let class = el.value().attr("class").unwrap_or("");
        format!("{}.{class}", el.value().name())
    }

    #[test]
    fn the_content_element_in_order_of_preference() {
        let marked = "<main><article class=a>x</article><div class=m data-xun-body>y</div></main>";
        assert_eq!(content_name(marked), "div.m");
        let one = "<main class=m><article class=a>x</article></main>";
        assert_eq!(content_name(one), "article.a");
        // Comments and related posts are not a second article.
        let with_comments = "<main><article class=a>x</article><aside><article>r</article></aside>\
            <div id=comments><article>c</article></div><article class=a2>n<article>q</article></article></main>";
        assert_eq!(content_name(with_comments), "main.");
        let one_and_others =
            "<main><article class=a>x</article><aside><article>r</article></aside></main>";
        assert_eq!(content_name(one_and_others), "article.a");
        assert_eq!(content_name("<div role=main class=r>x</div>"), "div.r");
        assert_eq!(content_name("<p>x</p>"), "body.");
    }

    #[test]
    fn options_choose_the_content_and_bad_selectors_name_their_option() {
        let rules = Rules::new(Some(".post"), &["p.ad".to_owned()]).unwrap();
        let doc =
            Html::parse_document("<article>x</article><div class=post><p class=ad>ad</p></div>");
        let content = rules.content(&doc).unwrap();
        assert_eq!(content.value().attr("class"), Some("post"));
        let ad = content.child_elements().next().unwrap();
        assert_eq!(rules.left_out(ad), Some(LeftOut::Whole));
        let missing = Rules::new(Some("#nope"), &[]).unwrap();
        assert!(missing.content(&doc).is_none());
        for (selector, exclude, option) in [
            (Some("div["), vec![], "--selector"),
            (None, vec!["p".to_owned(), "..x".to_owned()], "--exclude"),
        ] {
            let err = Rules::new(selector, &exclude).unwrap_err().to_string();
            assert!(err.starts_with(option), "{err}");
        }
    }

    #[test]
    fn headers_of_articles_keep_their_title_and_banners_do_not() {
        let doc = Html::parse_document(
            "<body><header id=site>s</header><article><header id=post>p</header></article>\
             <div><header id=deep>d</header></div><section><header hidden id=gone>g</header></section></body>",
        );
        let left_out = |id: &str| {
            let el = doc.select(&css(&format!("#{id}"))).next().unwrap();
            Rules::default().left_out(el)
        };
        assert_eq!(left_out("site"), Some(LeftOut::Whole));
        assert_eq!(left_out("deep"), Some(LeftOut::Whole));
        assert_eq!(left_out("post"), Some(LeftOut::KeepTitle));
        assert_eq!(left_out("gone"), Some(LeftOut::Whole));
    }

    #[test]
    fn permalinks_are_links_of_one_glyph() {
        let doc = Html::parse_document(
            "<a id=a href=#x>§</a><a id=b href=#x> # </a><a id=c href=#x>#1</a><a id=d>¶</a><a id=e>🔗</a>",
        );
        let permalink =
            |id: &str| is_permalink(doc.select(&css(&format!("#{id}"))).next().unwrap());
        assert!(permalink("a") && permalink("b") && permalink("d") && permalink("e"));
        assert!(!permalink("c"));
    }
}
