//! Why a page is not a post: what its head says (noindex, a canonical
//! elsewhere, a redirect), what its author marked, and whether it is a
//! list of other pages. The rules are explained in `html`'s module doc.

use std::path::{Component, Path};
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use super::content::css;
use super::url::same_page;
use super::walk::Shape;
use crate::skip::Skip;

static REFRESH: LazyLock<Selector> = LazyLock::new(|| css("meta[http-equiv=refresh i][content]"));
static ROBOTS: LazyLock<Selector> = LazyLock::new(|| css("meta[name=robots i][content]"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| css("link[rel~=canonical i][href]"));
static OG_TYPE: LazyLock<Selector> =
    LazyLock::new(|| css("meta[property='og:type' i][content], meta[name='og:type' i][content]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| css("body"));

/// A list page has at least this many links to other pages…
const LIST_MIN_LINKS: usize = 5;
/// …holding more than this share of its text, in tenths.
const LIST_LINK_TENTHS: usize = 6;
/// A page that declares itself no article (`og:type` `website`) is a list
/// from this many links on (a small blog's section of two to four posts).
const WEBSITE_LIST_MIN_LINKS: usize = 2;

/// Words of a class on `<html>` or `<body>` that generators and themes
/// use to mark list pages (Hugo's page kinds `home`, `section`,
/// `taxonomy`, `term`; PaperMod's `list`; WordPress's `archive`,
/// `category`, `tag`, `home`; Ghost's `tag-template`…).
const LIST_CLASS_WORDS: [&str; 12] = [
    "list",
    "home",
    "taxonomy",
    "term",
    "terms",
    "archive",
    "archives",
    "tag",
    "tags",
    "category",
    "categories",
    "paged",
];
/// Words that may join a list word in one class, as in `list-page` or
/// `home-template`.
const CLASS_FILLERS: [&str; 5] = ["page", "template", "layout", "kind", "type"];
/// Directories under which generators write list pages.
const LIST_DIRS: [&str; 6] = [
    "tags",
    "tag",
    "categories",
    "category",
    "archives",
    "archive",
];

/// A fragment of a page rather than a page: its source has no `<html>`,
/// `<head>`, `<body>`, `<title>` or `<meta>` tag. Generators write them
/// around a post (a redirect stub may be a lone `<meta>`); a fragment is
/// a file they copied or rendered bare, such as the README of Volantis's
/// stylesheets, which Hexo renders to `css/README.html`.
pub fn is_fragment(text: &str) -> bool {
    const PAGE_TAGS: [&str; 5] = ["html", "head", "body", "title", "meta"];
    let bytes = text.as_bytes();
    !bytes.iter().enumerate().any(|(at, &b)| {
        b == b'<'
            && PAGE_TAGS.iter().any(|tag| {
                let name = at + 1..at + 1 + tag.len();
                bytes
                    .get(name.clone())
                    .is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
                    && bytes
                        .get(name.end)
                        .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
            })
    })
}

/// Whether the page is the one static hosts (GitHub Pages, Netlify,
/// Cloudflare Pages…) serve for a missing URL: `404.html`, or
/// `404/index.html`.
pub fn is_not_found_page(rel: &Path) -> bool {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
    };
    match name(rel).as_deref() {
        Some("404.html" | "404.htm") => true,
        Some("index.html" | "index.htm") => rel.parent().and_then(name).as_deref() == Some("404"),
        _ => false,
    }
}

/// What the page's `<head>`, `<html>` and `<body>` say before the content
/// is read: a redirect, noindex, a canonical elsewhere, `data-xun-skip`.
pub fn page_skip(doc: &Html, rel: &Path) -> Option<Skip> {
    let first_attr = |selector: &Selector, attr: &str| {
        doc.select(selector)
            .find_map(|e| e.value().attr(attr).map(str::to_owned))
    };
    if first_attr(&REFRESH, "content").is_some_and(|c| names_url(&c)) {
        return Some(Skip::Redirect);
    }
    if doc
        .select(&ROBOTS)
        .filter_map(|e| e.value().attr("content"))
        .any(says_noindex)
    {
        return Some(Skip::Noindex);
    }
    if first_attr(&CANONICAL, "href").is_some_and(|href| !same_page(&href, rel)) {
        return Some(Skip::CanonicalElsewhere);
    }
    let root = doc.root_element();
    let body = doc.select(&BODY).next();
    if [Some(root), body].into_iter().flatten().any(marked_skip) {
        return Some(Skip::Marked);
    }
    None
}

/// `data-xun-skip` on an element.
pub fn marked_skip(el: ElementRef<'_>) -> bool {
    el.value().attr("data-xun-skip").is_some()
}

/// `0; url=/new/`, as opposed to a page that reloads itself every so often.
fn names_url(refresh: &str) -> bool {
    refresh.to_ascii_lowercase().contains("url=")
        || refresh
            .split([';', ','])
            .nth(1)
            .is_some_and(|rest| !rest.trim().is_empty())
}

/// `noindex` or `none` among a robots meta's comma-separated directives.
fn says_noindex(content: &str) -> bool {
    content
        .split([',', ' '])
        .map(str::trim)
        .any(|d| d.eq_ignore_ascii_case("noindex") || d.eq_ignore_ascii_case("none"))
}

/// Whether a page lists other pages rather than being one.
///
/// A page that declares itself an article (`og:type` `article`, which
/// Hugo, Hexo, Jekyll's SEO tag and WordPress give posts only) is never
/// one. Otherwise, a page is a list when its content
/// - holds several `<article>`s (entries of a list, each its own article);
/// - or is mostly links: at least [`LIST_MIN_LINKS`] links to other pages
///   ([`WEBSITE_LIST_MIN_LINKS`] on a page whose `og:type` is `website`,
///   which Hugo gives its home, section and taxonomy pages), holding more
///   than [`LIST_LINK_TENTHS`] tenths of its characters;
/// - or links to another page at all while the generator marks the page
///   as a list, by a class of `<html>` or `<body>` or by where it is
///   written (see [`marked_list`]);
/// - or is a page of a paginated list (`…/page/2/`), links or not: with
///   one entry shown in full, as Hexo's landscape does, every link of the
///   entry may be in its header, byline and footer, which are not counted.
pub fn is_list(doc: &Html, rel: &Path, shape: &Shape) -> bool {
    if declares(doc, "article") {
        return false;
    }
    let min_links = if declares(doc, "website") {
        WEBSITE_LIST_MIN_LINKS
    } else {
        LIST_MIN_LINKS
    };
    let link_dense =
        shape.links >= min_links && shape.link_chars * 10 > shape.chars * LIST_LINK_TENTHS;
    shape.articles >= 2
        || link_dense
        || is_paged(rel)
        || (shape.links >= 1 && marked_list(doc, rel))
}

/// Whether the page's `og:type` is `kind`.
fn declares(doc: &Html, kind: &str) -> bool {
    doc.select(&OG_TYPE)
        .filter_map(|e| e.value().attr("content"))
        .any(|t| t.trim().eq_ignore_ascii_case(kind))
}

/// The generator's own marks of a list page: a class of `<html>` or
/// `<body>` made of a list word and fillers (`list`, `taxonomy`,
/// `home-template`, but not Ghost's `tag-kubernetes` on a post), or a
/// path under `tags/`, `categories/`, `archives/` (singular too),
/// `page/<n>/` or the site's home page, `index.html` at the root.
fn marked_list(doc: &Html, rel: &Path) -> bool {
    let root = doc.root_element();
    let body = doc.select(&BODY).next();
    let mut classes = [Some(root), body]
        .into_iter()
        .flatten()
        .flat_map(|e| e.value().classes());
    classes.any(is_list_class) || is_list_path(rel)
}

fn is_list_class(class: &str) -> bool {
    let words: Vec<String> = class
        .split(['-', '_'])
        .map(str::to_ascii_lowercase)
        .collect();
    let listed = |w: &String| LIST_CLASS_WORDS.contains(&w.as_str());
    words.iter().any(listed)
        && words
            .iter()
            .all(|w| listed(w) || CLASS_FILLERS.contains(&w.as_str()))
}

/// The lower-cased names of `rel`'s parts: its directories, then its file.
fn path_parts(rel: &Path) -> Vec<String> {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

fn is_list_path(rel: &Path) -> bool {
    let parts = path_parts(rel);
    let Some((file, dirs)) = parts.split_last() else {
        return false;
    };
    let home = dirs.is_empty() && (file == "index.html" || file == "index.htm");
    home || is_paged(rel) || dirs.iter().any(|d| LIST_DIRS.contains(&d.as_str()))
}

/// Whether the page is under `page/N/`, where generators write the pages
/// of a paginated list.
fn is_paged(rel: &Path) -> bool {
    let parts = path_parts(rel);
    let dirs = parts.split_last().map_or(&[][..], |(_, dirs)| dirs);
    dirs.windows(2)
        .any(|w| w[0] == "page" && !w[1].is_empty() && w[1].bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the page shows any text at all, furniture included: what
/// tells a page of navigation only from an empty one.
pub fn shows_text(doc: &Html) -> bool {
    let Some(body) = doc.select(&BODY).next() else {
        return false;
    };
    let mut unseen: Option<ego_tree::NodeId> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(node) if unseen.is_none() => match node.value() {
                Node::Text(t) if !t.trim().is_empty() => return true,
                Node::Element(e)
                    if matches!(e.name(), "script" | "style" | "template" | "noscript") =>
                {
                    unseen = Some(node.id());
                }
                _ => {}
            },
            Edge::Close(node) if unseen == Some(node.id()) => unseen = None,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(head: &str, rel: &str) -> Option<Skip> {
        let doc = Html::parse_document(&format!("<html><head>{head}</head><body>x</body></html>"));
        page_skip(&doc, Path::new(rel))
    }

    #[test]
    fn heads_that_say_the_page_is_not_to_be_indexed() {
        let refresh = "<meta http-equiv=Refresh content='0; url=../new/'>";
        assert_eq!(skip(refresh, "old/index.html"), Some(Skip::Redirect));
        let reload = "<meta http-equiv=refresh content=300>";
        assert_eq!(skip(reload, "live.html"), None);
        for robots in [
            "noindex",
            "NOINDEX",
            "noindex,follow",
            "follow, noindex",
            "none",
        ] {
            let meta = format!("<meta name=ROBOTS content='{robots}'>");
            assert_eq!(skip(&meta, "print.html"), Some(Skip::Noindex), "{robots}");
        }
        assert_eq!(
            skip("<meta name=robots content='index, follow'>", "a.html"),
            None
        );
        let canonical = "<link rel=canonical href='https://example.org/book/index.html'>";
        assert_eq!(
            skip(canonical, "print.html"),
            Some(Skip::CanonicalElsewhere)
        );
        assert_eq!(skip(canonical, "index.html"), None);
        let marked = Html::parse_document("<html><body data-xun-skip><p>x</p></body></html>");
        assert_eq!(page_skip(&marked, Path::new("a.html")), Some(Skip::Marked));
    }

    fn shape(chars: usize, link_chars: usize, links: usize, articles: usize) -> Shape {
        Shape {
            chars,
            link_chars,
            links,
            articles,
        }
    }

    #[test]
    fn list_pages_by_shape_and_by_mark() {
        let plain = Html::parse_document("<p>x</p>");
        let list = |doc: &Html, rel: &str, s: Shape| is_list(doc, Path::new(rel), &s);
        assert!(list(&plain, "a.html", shape(100, 0, 0, 2)));
        assert!(list(&plain, "a.html", shape(100, 70, 5, 0)));
        // A post that ends with its references: links, but not mostly.
        assert!(!list(&plain, "a.html", shape(1000, 400, 12, 0)));
        // A short post of a few links.
        assert!(!list(&plain, "a.html", shape(100, 90, 3, 1)));
        // The generator's marks need a link to another page.
        assert!(list(&plain, "tags/rust/index.html", shape(100, 0, 1, 1)));
        assert!(list(&plain, "index.html", shape(100, 10, 1, 0)));
        assert!(list(
            &plain,
            "posts/page/2/index.html",
            shape(100, 10, 1, 0)
        ));
        assert!(!list(&plain, "index.html", shape(100, 0, 0, 0)));
        // A page of a paginated list showing one entry in full, whose
        // links are all in its header and byline.
        assert!(list(&plain, "page/2/index.html", shape(1000, 0, 0, 1)));
        assert!(!list(
            &plain,
            "posts/page-2/index.html",
            shape(1000, 0, 0, 1)
        ));
        assert!(!list(
            &plain,
            "posts/tagging/index.html",
            shape(100, 10, 1, 0)
        ));
        let term = Html::parse_document("<body class='list dark'><p>x</p></body>");
        assert!(list(&term, "hugo/index.html", shape(100, 0, 1, 1)));
        let ghost_post = Html::parse_document("<body class='post-template tag-rust'>x</body>");
        assert!(!list(&ghost_post, "rust/index.html", shape(100, 0, 1, 1)));
        // A post says it is one.
        let post = Html::parse_document("<meta property=og:type content=article><p>x</p>");
        assert!(!list(&post, "index.html", shape(100, 90, 9, 3)));
        // A page that says it is no article lists from two links on: a
        // small blog's section page (Hugo) of a few posts' titles.
        let website = Html::parse_document("<meta property=og:type content=website><p>x</p>");
        assert!(list(&website, "posts/index.html", shape(60, 50, 4, 0)));
        assert!(list(&website, "posts/index.html", shape(30, 25, 2, 0)));
        assert!(!list(&plain, "posts/index.html", shape(60, 50, 4, 0)));
        // Its about page (Hexo gives pages `website` too) is prose.
        assert!(!list(&website, "about/index.html", shape(600, 50, 4, 0)));
        assert!(!list(&website, "about/index.html", shape(30, 25, 1, 0)));
    }

    #[test]
    fn list_classes_are_list_words_and_fillers() {
        for class in [
            "list",
            "home",
            "taxonomy",
            "home-template",
            "page-archive",
            "tag_template",
        ] {
            assert!(is_list_class(class), "{class}");
        }
        for class in [
            "tag-rust",
            "post-template",
            "page",
            "playlist",
            "homepage-hero",
        ] {
            assert!(!is_list_class(class), "{class}");
        }
    }

    #[test]
    fn not_found_pages_by_their_conventional_names() {
        for rel in ["404.html", "zh/404.htm", "404/index.html"] {
            assert!(is_not_found_page(Path::new(rel)), "{rel}");
        }
        for rel in ["posts/404-errors.html", "404/other.html", "index.html"] {
            assert!(!is_not_found_page(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn text_anywhere_tells_furniture_from_nothing() {
        assert!(shows_text(&Html::parse_document("<nav>菜单</nav>")));
        let blank = "<body> <script>x()</script><img src=a.png> </body>";
        assert!(!shows_text(&Html::parse_document(blank)));
    }
}
