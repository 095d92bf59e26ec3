//! Built HTML pages as posts: for sites indexed after their generator has
//! run (Hugo's `public/`, Hexo's `public/`, Jekyll's `_site/`, mdBook's
//! `book/`, rustdoc's `doc/`), so that URLs and heading ids are exactly
//! the ones the site serves. No option is needed for the common
//! generators; `--selector` and `--exclude` are for the rest.
//!
//! # The content element
//!
//! A page is read from one element: `--selector`'s first match if given
//! (a page where it matches nothing is skipped), else the first of
//! 1. the first `[data-xun-body]`, the author's mark;
//! 2. the page's `<article>`, if it has exactly one (not counting
//!    articles nested in another or inside furniture, such as comments);
//! 3. `<main>`, then `[role=main]`;
//! 4. `<body>`.
//!
//! # What is left out
//!
//! Inside it, the text of these elements is not indexed (`content.rs`
//! holds the lists; a test checks that each is named here):
//! - never text: `script`, `style`, `noscript`, `template`, `svg`,
//!   `iframe`, `object`, `canvas`, `button`, `select`, `textarea`,
//!   `input`, `label`;
//! - hidden: `[hidden]`, `[aria-hidden=true]`, `[data-xun-ignore]`;
//! - landmarks around the post: `nav`, `header`, `footer`, `aside`,
//!   `[role=navigation]`, `[role=banner]`, `[role=contentinfo]`,
//!   `[role=complementary]`, `[role=search]`;
//! - tables of contents: `.toc`, `#toc`, `#TableOfContents` (Hugo),
//!   `.table-of-contents`, `.post-toc`, `#markdown-toc` (kramdown);
//! - breadcrumbs: `[aria-label*=breadcrumb i]`, `[class*=breadcrumb i]`
//!   (`.breadcrumb`, `.breadcrumbs`, rustdoc's `.rustdoc-breadcrumbs`);
//! - post metadata and tag lists: `[class*=post-meta]`,
//!   `[class*=article-meta]` (Hexo's landscape and the themes made from
//!   it, Butterfly's `.post-meta-categories`, Keep's `.post-meta-info`),
//!   `.meta` (date, reading time, author), `.meta-info`, `.author` (Keep's
//!   and Redefine's byline), `[class*=post-tags]` (Keep's
//!   `.post-tags-box`), `.tags`;
//! - between posts: `.pagination`, `.pager`, `.post-nav`, `.article-nav`
//!   (Redefine), `[class*=prevnext]` (Fluid's `.post-prevnext`),
//!   `[class*=prev-next]` (Volantis), `.share`,
//!   `[class*=copyright]` and `.license-box` (the license under a post in
//!   Butterfly, NexT, Fluid), `[class*=comments]`, `#comments`;
//! - rustdoc's source links, version labels and toggle labels: `a.src`,
//!   `.rightside`, `summary.hideme`;
//! - text for screen readers only: `.sr-only`, `.visually-hidden`,
//!   `.screen-reader-text`;
//! - whatever `--exclude` matches, and permalinks: a link whose only text
//!   is `§`, `#`, `¶` or `🔗`.
//!
//! A `<header>` of an article or section (not the page's banner, as
//! HTML-AAM tells them apart) is left out too, but its `<h1>` may still be
//! the title: themes put the title there with the byline and breadcrumbs.
//!
//! These are matched with `scraper::Selector`, a real CSS selector engine
//! (Servo's), not by comparing strings: `--selector` and `--exclude` take
//! any CSS a user already writes for the site's stylesheet, and the
//! built-in lists can say `[aria-label*=breadcrumb i]` or `a.src`.
//!
//! # Title, sections and anchors
//!
//! The title is the content's first `<h1>` that is shown (or sits in an
//! article's header), else `og:title`, else `<title>`; of these two, only
//! the part on one side of a separator (` | `, ` - `, ` _ ` …) when the page
//! shows that part as a title (Keep's `.post-title`), so that the site's
//! name is not in every result. Every other heading
//! starts a section, linked by its anchor: the heading's `id`; else the
//! `id` of the `<section>` it opens (the nearest one around it with an
//! `id` and no text before the heading, as rustdoc's
//! `<section id="method.new"><h4>…</h4></section>`; not a `<div
//! id="content">` that holds the whole post); else the `id` or
//! `name` of a link inside it. A heading with no anchor starts no
//! section: its text joins the current one, so that no hit sends the
//! reader to the top of the page for it.
//!
//! Text is joined as a browser lays it out: block elements, `<br>` and
//! rustdoc's `.where` clauses separate words; inline elements join what
//! touches (`un<em>believ</em>able`); a line break between two CJK
//! characters disappears.
//!
//! # Pages that are not posts
//!
//! A page is skipped, with its reason ([`Skip`]), when
//! - it is `404.html` (or `404/index.html`), the page static hosts serve
//!   for a missing URL;
//! - its source has no `<html>`, `<head>`, `<body>`, `<title>` or `<meta>`
//!   tag: a fragment that a generator copied or rendered bare (Volantis's
//!   `css/README.html`), not a page;
//! - `<meta http-equiv="refresh">` names a URL: a redirect stub;
//! - `<meta name="robots">` says `noindex` (or `none`), as mdBook's
//!   `print.html` does;
//! - `<link rel="canonical">` names another page (paths compared after
//!   resolving against the page; one that names the page itself is fine);
//! - `data-xun-skip` is on `<html>`, `<body>` or the content element;
//! - it is a list page: home, tag, category, archive, pagination
//!   ([`signals::is_list`] has the rules: several articles, mostly links,
//!   a `page/N/` path, or the generator's other marks with a link);
//! - no text is left once the furniture is out.

mod content;
mod depth;
mod signals;
mod taxonomy;
mod url;
mod walk;

use std::path::Path;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::text::{SectionText, collapse_whitespace, short_date};
use crate::skip::Skip;
pub use content::Rules;
use content::css;
use url::page_url;

static TITLE: LazyLock<Selector> = LazyLock::new(|| css("title"));
static SHOWN_TITLE: LazyLock<Selector> =
    LazyLock::new(|| css("body h1, body h2, body [class*=title i], body [id*=title i]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| css("time[datetime]"));

/// What a page gives to index.
#[derive(Debug)]
pub struct Page {
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub sections: Vec<SectionText>,
}

/// Reads one HTML page at `rel` under the site root, or says why it is
/// not a post.
pub fn page(text: &str, rel: &Path, base_url: &str, rules: &Rules) -> Result<Page, Skip> {
    if signals::is_not_found_page(rel) {
        return Err(Skip::NotFoundPage);
    }
    if signals::is_fragment(text) {
        return Err(Skip::Fragment);
    }
    let doc = Html::parse_document(&depth::limit(text));
    let content = content_of(&doc, rel, rules)?;
    let mut walked = walk::walk(content, rules);
    if signals::is_list(&doc, rel, &walked.shape) {
        return Err(Skip::ListPage);
    }
    let title = match walked.title.take() {
        Some(h1) => h1,
        None => {
            let title = title(&doc, rel);
            drop_shown_title(&mut walked.sections, &title);
            title
        }
    };
    if walked.sections.is_empty() {
        let text_elsewhere = signals::shows_text(&doc);
        return Err(if text_elsewhere {
            Skip::NoContent
        } else {
            Skip::Empty
        });
    }
    let (tags, categories) = taxonomy::taxonomy(&doc, content);
    Ok(Page {
        title,
        url: page_url(base_url, rel),
        date: date(&doc, content),
        tags,
        categories,
        sections: walked.sections,
    })
}

/// The content element, unless the page's head or marks say to skip it.
fn content_of<'a>(doc: &'a Html, rel: &Path, rules: &Rules) -> Result<ElementRef<'a>, Skip> {
    if let Some(why) = signals::page_skip(doc, rel) {
        return Err(why);
    }
    let content = rules.content(doc).ok_or(Skip::SelectorMissed)?;
    if signals::marked_skip(content) {
        return Err(Skip::Marked);
    }
    Ok(content)
}

/// A page's title when its content has no `<h1>`: `og:title`, else
/// `<title>` (less the site's name), else the URL.
fn title(doc: &Html, rel: &Path) -> String {
    meta(doc, "og:title")
        .or_else(|| first_text(doc, &TITLE))
        .map(|t| shown_part(doc, t))
        .unwrap_or_else(|| page_url("/", rel))
}

/// A title that the content shows as its first text (Keep's
/// `.post-title`, not an `<h1>`) is the title, not the start of the text
/// before the first heading; when that text was only the title, there is
/// no such section.
fn drop_shown_title(sections: &mut Vec<SectionText>, title: &str) {
    let Some(first) = sections.first_mut().filter(|s| s.anchor.is_empty()) else {
        return;
    };
    let Some(rest) = first.text.strip_prefix(title) else {
        return;
    };
    if rest.is_empty() || rest.starts_with(' ') {
        first.text = rest.trim_start().to_owned();
        if first.text.is_empty() {
            sections.remove(0);
        }
    }
}

/// Of a head title with the site's name (`标题 | 站点`, `站点 - 标题`),
/// the part the page shows as its title: the longest part on one side of a
/// separator that is the whole text of a title element (`h1`, `h2`, or
/// one whose class or id says `title`, as Keep's `.post-title`). A title
/// that only looks split (`入门 | 进阶` with no such element) is kept
/// whole; so is one whose parts the page only shows in passing, as a tag.
fn shown_part(doc: &Html, title: String) -> String {
    const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " _ ", " · "];
    let mut parts: Vec<&str> = Vec::new();
    for sep in SEPARATORS {
        for (at, _) in title.match_indices(sep) {
            parts.push(title[..at].trim());
            parts.push(title[at + sep.len()..].trim());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let shown: Vec<String> = doc.select(&SHOWN_TITLE).map(text_of).collect();
    parts
        .into_iter()
        .find(|p| shown.iter().any(|s| s == p))
        .map_or(title.clone(), str::to_owned)
}

/// The first `<time datetime>` in the content, else
/// `article:published_time`, as `YYYY-MM-DD` when it has that shape.
fn date(doc: &Html, content: ElementRef<'_>) -> String {
    content
        .select(&TIME)
        .find_map(|e| e.value().attr("datetime"))
        .map(str::to_owned)
        .or_else(|| meta(doc, "article:published_time"))
        .map(|d| short_date(&d))
        .unwrap_or_default()
}

/// An element's text, its whitespace collapsed.
fn text_of(e: ElementRef<'_>) -> String {
    collapse_whitespace(&e.text().collect::<String>())
}

/// The text of the first element `selector` matches, if any.
fn first_text(doc: &Html, selector: &Selector) -> Option<String> {
    doc.select(selector)
        .next()
        .map(text_of)
        .filter(|t| !t.is_empty())
}

/// A `<meta property=…>` or `<meta name=…>` value.
fn meta(doc: &Html, name: &str) -> Option<String> {
    let selector = css(&format!("meta[property='{name}'], meta[name='{name}']"));
    doc.select(&selector)
        .find_map(|e| e.value().attr("content"))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::text::outline;

    fn read(html: &str, rel: &str) -> Result<Page, Skip> {
        page(html, Path::new(rel), "/", &Rules::default())
    }

    const PAGE: &str = r#"<!doctype html><html lang="zh-CN"><head><title>Site · 标题</title>
        <meta property="article:tag" content="容器"></head><body>
        <nav>导航 不要</nav>
        <article><h1>容器网络 入门</h1><time datetime="2020-05-01T10:00:00+08:00">五月</time>
        <p>开头的一段，
        讲容器。</p>
        <h2 id="cni-插件">CNI 插件</h2><p>flannel 和 calico<script>alert(1)</script></p>
        <div data-xun-ignore>广告</div>
        <h3>没有 id 的标题</h3><p>尾声</p></article></body></html>"#;

    #[test]
    fn sections_from_headings_with_their_ids() {
        let post = page(
            PAGE,
            Path::new("posts/net/index.html"),
            "/blog/",
            &Rules::default(),
        )
        .unwrap();
        assert_eq!(post.url, "/blog/posts/net/");
        assert_eq!(post.title, "容器网络 入门");
        assert_eq!(post.date, "2020-05-01");
        assert_eq!(post.tags, ["容器"]);
        // The heading without an id joins the section before it.
        assert_eq!(
            outline(&post.sections),
            [
                ("", "", "五月 开头的一段，讲容器。"),
                (
                    "cni-插件",
                    "CNI 插件",
                    "flannel 和 calico 没有 id 的标题 尾声"
                ),
            ]
        );
    }

    #[test]
    fn a_head_title_loses_the_site_name_only_when_the_page_shows_the_rest() {
        // Keep: no <h1>, the title in a div.post-title, a byline of
        // author, dates and category links above the post.
        let keep = r#"<head><title>
            容器网络| 入门 Vol. 2 |
            Keep Theme</title></head><body><main>
            <div class="post-header"><div class="post-title">容器网络| 入门 Vol. 2</div>
            <div class="meta-info"><span class="author">Keep Team</span>
            <div class="post-meta-info"><a href="/categories/k8s/">k8s</a> 2019-09-30</div></div></div>
            <p>正文</p></main></body>"#;
        let post = read(keep, "p/index.html").unwrap();
        assert_eq!(post.title, "容器网络| 入门 Vol. 2");
        assert_eq!(outline(&post.sections), [("", "", "正文")]);
        let first = "<head><title>站点 - 容器网络</title></head><body><main><h2 class=x>容器网络</h2><p>正文</p></main></body>";
        assert_eq!(read(first, "p.html").unwrap().title, "容器网络");
        // Parts shown only as a tag, or not at all, are no title.
        let tag = r#"<head><title>Kubernetes - 入门</title></head><body><main><p>正文</p>
            <a class="tag" href="/tags/kubernetes/">Kubernetes</a></main></body>"#;
        assert_eq!(read(tag, "p.html").unwrap().title, "Kubernetes - 入门");
    }

    #[test]
    fn hidden_headings_are_not_the_title_and_urls_keep_their_names() {
        let html = "<body><article><div data-xun-ignore><h1>站点名</h1></div><h1>真正标题</h1><p>正文</p></article>";
        let post = read(html, "blog/reindex.html").unwrap();
        assert_eq!(post.title, "真正标题");
        assert_eq!(post.url, "/blog/reindex.html");
        assert_eq!(outline(&post.sections), [("", "", "正文")]);
    }

    #[test]
    fn deep_nesting_is_read_without_recursion_in_linear_time() {
        // html5ever alone takes 26 s on this page in a release build (its
        // scope checks walk the stack of open elements at every tag), and
        // the debug build of this test would run for many minutes.
        let depth = 100_000;
        let html = format!(
            "<body><article>{}深处的文字{}</article>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let post = read(&html, "deep.html").unwrap();
        assert_eq!(post.sections[0].text, "深处的文字");
    }

    #[test]
    fn skipped_pages_say_why() {
        let why = |html: &str, rel: &str| read(html, rel).unwrap_err();
        let list = "<body><main><article>a</article><article>b</article></main>";
        assert_eq!(why(list, "index.html"), Skip::ListPage);
        assert_eq!(
            why("<body><main><nav>菜单</nav></main>", "x.html"),
            Skip::NoContent
        );
        assert_eq!(why("<body><main><p> </p></main>", "x.html"), Skip::Empty);
        let noindex = "<head><meta name=robots content=noindex></head><main><p>正文</p></main>";
        assert_eq!(why(noindex, "print.html"), Skip::Noindex);
        let marked = "<body><main data-xun-skip><p>正文</p></main>";
        assert_eq!(why(marked, "x.html"), Skip::Marked);
        let chosen = Rules::new(Some(".post"), &[]).unwrap();
        let missed = page(
            "<body><main><p>正文</p></main>",
            Path::new("x.html"),
            "/",
            &chosen,
        );
        assert_eq!(missed.unwrap_err(), Skip::SelectorMissed);
        // The author's mark of the content wins over the articles around it.
        let body =
            "<body><article>a</article><article>b</article><div data-xun-body><p>正文</p></div>";
        assert_eq!(read(body, "x.html").unwrap().sections[0].text, "正文");
        // In <main>, a page-level header, footer and nav are furniture.
        let main = "<body><header><h1>站点</h1></header><nav>菜单</nav><main><p>正文</p></main><footer>版权</footer>";
        let post = read(main, "about.html").unwrap();
        assert_eq!(outline(&post.sections), [("", "", "正文")]);
        // A fragment: no <html>, <head>, <body>, <title> or <meta>, though
        // a <header> and a <bodyguard> look like them.
        let bare =
            r#"<header><h1 id="s">样式文件说明</h1></header><bodyguard><p>说明</p></bodyguard>"#;
        assert_eq!(why(bare, "css/README.html"), Skip::Fragment);
        for tag in [
            "<HTML lang=zh>",
            "<head>",
            "<body class=x>",
            "<title>t</title>",
            "<meta charset=utf-8>",
        ] {
            assert!(
                read(&format!("{tag}<p>正文</p>"), "x.html").is_ok(),
                "{tag}"
            );
        }
    }

    #[test]
    fn a_rustdoc_page_reads_as_its_items() {
        let html = include_str!("../../../../tests/fixtures/rustdoc/doc/demo/struct.Vec.html");
        let post = read(html, "demo/struct.Vec.html").unwrap();
        assert_eq!(post.title, "Struct Vec");
        let with_capacity = post
            .sections
            .iter()
            .find(|s| s.anchor == "method.with_capacity")
            .expect("a section for with_capacity");
        assert_eq!(
            with_capacity.heading,
            "pub fn with_capacity(capacity: usize) -> Vec<T>"
        );
        assert!(
            with_capacity
                .text
                .starts_with("Constructs a new, empty Vec<T> with at least")
        );
        for s in &post.sections {
            for text in [&s.heading, &s.text] {
                for junk in [
                    "Source",
                    "§",
                    "Expand description",
                    "Copy item path",
                    "侧栏",
                ] {
                    assert!(!text.contains(junk), "{junk:?} in {s:?}");
                }
            }
        }
    }

    #[test]
    fn the_module_doc_names_every_selector_left_out() {
        let doc: String = include_str!("mod.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        let listed = [
            &content::NOT_TEXT[..],
            &content::HIDDEN,
            &content::FURNITURE,
        ]
        .concat();
        for selector in listed {
            assert!(
                doc.contains(&format!("`{selector}`")),
                "{selector} is not in the doc"
            );
        }
    }
}
