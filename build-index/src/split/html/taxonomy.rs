//! A built page's tags and categories, which become the widget's filter
//! chips.
//!
//! From its metas first: one `article:tag` per tag (Hexo's
//! `open_graph()`, Hugo themes that add them) and `article:section`
//! (Hugo's section, such as `posts`). A theme that shows them only as
//! links (Hugo 0.111 writes no `article:tag`; Hexo writes no category
//! meta) still names them in its article: a link with `rel="tag"`, or to
//! `…/tags/<name>/` or `…/categories/<name>/` on the site, is one, named
//! by its text. Links are read in the page's `<article>` first. A theme
//! that puts them outside it (Butterfly's category sits in the page's
//! header, above the article) or writes no `<article>` (Keep, Redefine)
//! gets them from the rest of the page, outside its furniture: `<nav>`,
//! `<aside>`, and anything whose class or id names a sidebar, widget,
//! cloud or menu, so that a sidebar's tag cloud does not give every post
//! every tag. Only links to the site itself count, so that a link to a
//! release `…/tag/v1.18.0` elsewhere is not a tag. Links give categories
//! in place of `article:section`: they are the owner's own, where a
//! section is the site's layout.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::content::css;
use crate::split::text::collapse_whitespace;

static TAG: LazyLock<Selector> = LazyLock::new(|| css("meta[property='article:tag'][content]"));
static SECTION: LazyLock<Selector> =
    LazyLock::new(|| css("meta[property='article:section'][content]"));
static LINK: LazyLock<Selector> = LazyLock::new(|| css("a[href]"));
static SITE_URL: LazyLock<Selector> =
    LazyLock::new(|| css("link[rel='canonical'][href], meta[property='og:url'][content]"));

/// More than this many from one page's links is a cloud, not a post's
/// own list.
const MOST_LINKS: usize = 30;

/// A page's tags and categories, each in page order, without repeats.
pub fn taxonomy(doc: &Html, content: ElementRef<'_>) -> (Vec<String>, Vec<String>) {
    let (linked_tags, linked_categories) = linked(doc, content);
    let tags = Some(metas(doc, &TAG))
        .filter(|t| !t.is_empty())
        .unwrap_or(linked_tags);
    let categories = if linked_categories.is_empty() {
        metas(doc, &SECTION)
    } else {
        linked_categories
    };
    (tags, categories)
}

/// The contents of the metas `selector` matches.
fn metas(doc: &Html, selector: &Selector) -> Vec<String> {
    unique(
        doc.select(selector)
            .filter_map(|e| e.value().attr("content"))
            .map(|t| t.trim().to_owned()),
    )
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Tag,
    Category,
}

/// The tags and categories the page links to: its article's links, or
/// where the article has none of a kind, the links in the rest of the page
/// outside its furniture.
fn linked(doc: &Html, content: ElementRef<'_>) -> (Vec<String>, Vec<String>) {
    let host = doc
        .select(&SITE_URL)
        .find_map(|e| e.value().attr("href").or(e.value().attr("content")))
        .and_then(host_of);
    let article = std::iter::once(content)
        .chain(content.ancestors().filter_map(ElementRef::wrap))
        .find(|e| e.value().name() == "article");
    let (tags, categories) = match article {
        Some(article) => links_in(article.select(&LINK), host),
        None => (Vec::new(), Vec::new()),
    };
    if !tags.is_empty() && !categories.is_empty() {
        return (tags, categories);
    }
    let (page_tags, page_categories) =
        links_in(doc.select(&LINK).filter(|link| !in_furniture(*link)), host);
    let or_page = |own: Vec<String>, page: Vec<String>| if own.is_empty() { page } else { own };
    (
        or_page(tags, page_tags),
        or_page(categories, page_categories),
    )
}

/// The tags and categories among `links`, each named by its text; none of
/// a kind when there are more than a post's own list would hold.
fn links_in<'a>(
    links: impl Iterator<Item = ElementRef<'a>>,
    host: Option<&str>,
) -> (Vec<String>, Vec<String>) {
    let mut tags = Vec::new();
    let mut categories = Vec::new();
    for link in links {
        let href = link.value().attr("href").unwrap_or_default();
        let rel = link.value().attr("rel").unwrap_or_default();
        let Some(kind) = kind_of(href, rel, host) else {
            continue;
        };
        let name = link_name(link);
        let name = name.trim_start_matches('#').trim();
        let into = if kind == Kind::Tag {
            &mut tags
        } else {
            &mut categories
        };
        into.push(name.to_owned());
    }
    let keep = |names: Vec<String>| {
        let names = unique(names.into_iter());
        if names.len() > MOST_LINKS {
            Vec::new()
        } else {
            names
        }
    };
    (keep(tags), keep(categories))
}

/// A tag link's name: its text, less a count badge inside it
/// (Solitude's `KubeCon<span class="tagsPageCount">1</span>`, a
/// `<sup>1</sup>`): digits in an element of their own. Digits that are
/// the link's own text (`<a>2024</a>`) are the name.
fn link_name(link: ElementRef<'_>) -> String {
    let badge = |t: &str| {
        t.trim()
            .chars()
            .all(|c| c.is_ascii_digit() || "()（）".contains(c))
    };
    let text: String = link
        .descendants()
        .filter_map(|n| Some((n.value().as_text()?, n.parent()?.id())))
        .filter(|(t, parent)| *parent == link.id() || !badge(t))
        .map(|(t, _)| &**t)
        .collect();
    collapse_whitespace(&text)
}

/// Whether `link` sits in the site's furniture rather than in the post: a
/// `<nav>` or `<aside>`, or an element whose class or id names a sidebar,
/// a widget, a cloud or a menu (`#aside-content`, `.widget-tags`,
/// `.tagcloud`, `.menu-item`).
fn in_furniture(link: ElementRef<'_>) -> bool {
    const WORDS: [&str; 5] = ["sidebar", "aside", "widget", "cloud", "menu"];
    link.ancestors().filter_map(ElementRef::wrap).any(|e| {
        let e = e.value();
        if matches!(e.name(), "nav" | "aside") {
            return true;
        }
        let names = e.attr("class").into_iter().chain(e.attr("id"));
        names
            .flat_map(str::split_ascii_whitespace)
            .map(str::to_ascii_lowercase)
            .any(|name| WORDS.iter().any(|w| name.contains(w)))
    })
}

/// Whether a link names a tag or a category of the site whose host is
/// `host` (`None`: only links without one are the site's).
fn kind_of(href: &str, rel: &str, host: Option<&str>) -> Option<Kind> {
    let own = match host_of(href) {
        Some(h) => host.is_some_and(|site| site.eq_ignore_ascii_case(h)),
        None => !href.contains(':'),
    };
    if !own {
        return None;
    }
    let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
    // WordPress marks a category link rel="category tag".
    if rels.iter().any(|r| r.eq_ignore_ascii_case("category")) {
        return Some(Kind::Category);
    }
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => path,
    };
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    // The last taxonomy folder with a name after it: `/categories/a/b/`
    // is the category `b` under `a`, which links to each.
    let by_path = parts
        .iter()
        .rposition(|p| matches!(*p, "tags" | "tag" | "categories" | "category"))
        .filter(|&at| at + 1 < parts.len() && !parts[at + 1..].contains(&"page"))
        .map(|at| match parts[at] {
            "tags" | "tag" => Kind::Tag,
            _ => Kind::Category,
        });
    by_path.or_else(|| {
        rels.iter()
            .any(|r| r.eq_ignore_ascii_case("tag"))
            .then_some(Kind::Tag)
    })
}

/// The host of an absolute URL (`https://example.org/x` → `example.org`),
/// or of a scheme-relative one (`//example.org/x`).
fn host_of(url: &str) -> Option<&str> {
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if !scheme.contains(['/', '?', '#']) => rest,
        _ => url.strip_prefix("//")?,
    };
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// `names` in order, trimmed, without empty ones or repeats.
fn unique(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(html: &str) -> (Vec<String>, Vec<String>) {
        let doc = Html::parse_document(html);
        let content = doc
            .select(&css("article"))
            .chain(doc.select(&css("body")))
            .next()
            .expect("a content element");
        taxonomy(&doc, content)
    }

    #[test]
    fn metas_come_first_and_a_section_is_the_category_without_links() {
        let html = r#"<head><meta property="article:tag" content="容器">
            <meta property="article:tag" content=" 网络 "><meta property="article:section" content="posts">
            </head><body><article><p>正文</p><a href="/tags/other/">other</a></article></body>"#;
        assert_eq!(
            of(html),
            (vec!["容器".into(), "网络".into()], vec!["posts".into()])
        );
    }

    #[test]
    fn an_article_links_its_tags_and_categories() {
        // Hugo 0.111 with tags and categories shown as links, absolute on
        // its own host; a sidebar cloud outside the article; links to
        // another site's tag pages.
        let html = r##"<head><link rel="canonical" href="https://blog.example/posts/a/">
            <meta property="article:section" content="posts"></head><body>
            <article><h1>标题</h1>
            <div class="meta"><a href="/categories/云原生/">云原生</a>
              <a href="/categories/%E5%AE%9E%E8%B7%B5/sub/">子类</a></div>
            <p>见 <a href="https://github.com/k/k/releases/tag/v1.18.0">v1.18.0</a>
              和 <a href="https://other.example/tags/x/">x</a>。</p>
            <ul class="post-tags"><li><a href="https://blog.example/tags/k8s/">K8s</a></li>
              <li><a href="../../tags/%E5%AE%B9%E5%99%A8/" rel="tag"># 容器</a></li>
              <li><a href="/tags/k8s/">K8s</a></li><li><a href="/tags/page/2/">更多</a></li></ul>
            </article>
            <aside><a href="/tags/everything/">everything</a></aside></body>"##;
        assert_eq!(
            of(html),
            (
                vec!["K8s".into(), "容器".into()],
                vec!["云原生".into(), "子类".into()]
            )
        );
    }

    #[test]
    fn rel_tag_and_wordpress_rel_category_name_them_too() {
        let html = r#"<body><article><p>x</p>
            <a href="/?tag=docker" rel="tag">Docker</a>
            <a href="/?cat=3" rel="category tag">运维</a></article></body>"#;
        assert_eq!(of(html), (vec!["Docker".into()], vec!["运维".into()]));
    }

    #[test]
    fn outside_the_article_links_count_but_not_in_furniture() {
        // Keep and Redefine write no <article>; a sidebar, a widget, a
        // tag cloud and the menu are every page's, not the post's.
        let body = r#"<body><nav><a href="/tags/nav/">nav</a></nav>
            <div class="post-header"><a href="/categories/k8s/">k8s</a></div>
            <main><p>x</p><ul class="post-tags"><li><a href="/tags/dns/">DNS</a></li></ul></main>
            <div id="aside-content"><a href="/tags/a/">a</a></div>
            <div class="card-widget"><a href="/categories/w/">w</a></div>
            <div class="tagcloud"><a href="/tags/c/">c</a></div>
            <ul class="menu"><li><a href="/categories/m/">m</a></li></ul>
            <aside><a href="/tags/s/">s</a></aside></body>"#;
        assert_eq!(of(body), (vec!["DNS".into()], vec!["k8s".into()]));
        // Butterfly: the tags in the article, the category in the header
        // above it.
        let html = r#"<body><header id="page-header"><h1>t</h1><div id="post-meta">
            <a href="/categories/k8s/">k8s</a></div></header>
            <main><article><p>x</p></article><div class="tag_share"><a href="/tags/dns/">DNS</a></div></main>
            </body>"#;
        assert_eq!(of(html), (vec!["DNS".into()], vec!["k8s".into()]));
    }

    #[test]
    fn an_article_that_links_both_kinds_is_read_alone() {
        let html = r#"<body><div class="meta"><a href="/tags/out/">out</a></div>
            <article><p>x</p><a href="/tags/in/">in</a><a href="/categories/c/">c</a></article></body>"#;
        assert_eq!(of(html), (vec!["in".into()], vec!["c".into()]));
    }

    #[test]
    fn a_count_badge_is_not_part_of_the_name() {
        let html = r#"<body><article><p>x</p>
            <a href="/tags/k/">KubeCon<span class="count">1</span></a>
            <a href="/tags/y/"># 云原生<sup>(2)</sup></a><a href="/tags/2024/">2024</a></article></body>"#;
        assert_eq!(
            of(html).0,
            ["KubeCon".to_owned(), "云原生".into(), "2024".into()]
        );
    }

    #[test]
    fn a_cloud_of_links_gives_nothing() {
        let cloud: String = (0..=MOST_LINKS)
            .map(|i| format!("<a href=\"/tags/t{i}/\">t{i}</a>"))
            .collect();
        let html = format!("<body><article><p>x</p>{cloud}</article></body>");
        assert_eq!(of(&html), (vec![], vec![]));
    }
}
