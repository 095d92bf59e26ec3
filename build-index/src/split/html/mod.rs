//! Built HTML pages as posts: for blogs indexed after their generator has
//! run (Hugo's `public/`, Hexo's `public/`, Jekyll's `_site/`), so that
//! URLs and heading ids are exactly the ones the site serves.
//!
//! A page is indexed from its content element: the first
//! `[data-xun-body]`, else its `<article>` if it has exactly one. A page
//! with several `<article>`s is a list page, and a page with none has no
//! post; both are skipped unless marked. Within it, every heading starts a section,
//! linked by its `id`; text inside `script`, `style`, `nav`, `template`,
//! `svg` and `[data-xun-ignore]` is left out.

mod depth;

use std::path::Path;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use super::text::{SectionText, collapse_whitespace, joins_without_space, short_date};

/// Elements whose text is not content.
const SKIPPED: [&str; 9] = [
    "script", "style", "noscript", "template", "svg", "nav", "iframe", "object", "button",
];

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the selectors here are valid")
}

/// The element to index, if the page has one.
fn content(doc: &Html) -> Option<ElementRef<'_>> {
    if let Some(marked) = doc.select(&selector("[data-xun-body]")).next() {
        return Some(marked);
    }
    let article = selector("article");
    let mut articles = doc.select(&article);
    match (articles.next(), articles.next()) {
        (Some(article), None) => Some(article),
        _ => None,
    }
}

/// The URL a page is served at: its path under the site root, with
/// `index.html` left to the server.
fn page_url(base: &str, rel: &Path) -> String {
    let path: Vec<String> = rel
        .components()
        .map(|c| encode_path_segment(&c.as_os_str().to_string_lossy()))
        .collect();
    let path = path.join("/");
    let dir = path
        .strip_suffix("index.html")
        .filter(|d| d.is_empty() || d.ends_with('/'));
    format!("{base}{}", dir.unwrap_or(&path))
}

/// A file name as a URL path segment: ASCII that a URL cannot hold as is
/// (space, `#`, `?`, `%`, a backslash, control characters…) is
/// percent-encoded, so the link reaches the file; other characters, CJK
/// included, stay readable.
fn encode_path_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let keep = !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
        if keep && !c.is_control() && !c.is_whitespace() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// What a page gives to index.
pub struct Page {
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
    pub sections: Vec<SectionText>,
}

/// Reads one HTML page; `None` if it has no content to index.
pub fn page(text: &str, rel: &Path, base_url: &str) -> Option<Page> {
    let doc = Html::parse_document(&depth::limit(text));
    let body = content(&doc)?;
    let first_text = |css: &str| {
        doc.select(&selector(css))
            .next()
            .map(|e| collapse_whitespace(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    let meta = |name: &str| {
        let css = format!("meta[property='{name}'], meta[name='{name}']");
        doc.select(&selector(&css))
            .next()
            .and_then(|e| e.attr("content"))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let walked = walk(body);
    let title = walked
        .title
        .or_else(|| meta("og:title"))
        .or_else(|| first_text("title"))
        .unwrap_or_else(|| page_url("/", rel));
    let date = body
        .select(&selector("time[datetime]"))
        .next()
        .and_then(|e| e.attr("datetime"))
        .map(str::to_owned)
        .or_else(|| meta("article:published_time"))
        .map(|d| short_date(&d))
        .unwrap_or_default();
    let tags = doc
        .select(&selector("meta[property='article:tag']"))
        .filter_map(|e| e.attr("content"))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    Some(Page {
        title,
        url: page_url(base_url, rel),
        date,
        tags,
        sections: walked.sections,
    })
}

/// What the content element holds: its first shown `<h1>` (the title, not
/// a section) and its sections.
struct Walked {
    title: Option<String>,
    sections: Vec<SectionText>,
}

/// Reads the content element in document order. Iterative, so that no
/// nesting depth can exhaust the stack.
fn walk(body: ElementRef<'_>) -> Walked {
    let mut out = Walked {
        title: None,
        sections: Vec::new(),
    };
    let mut current = SectionText::default();
    // The hidden subtree being skipped, and the heading being read (with
    // whether it is the title).
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut heading: Option<(ego_tree::NodeId, bool, String)> = None;
    let finish = |current: &mut SectionText, next: SectionText, sections: &mut Vec<SectionText>| {
        let mut done = std::mem::replace(current, next);
        done.text = collapse_whitespace(&done.text);
        if !done.text.is_empty() || !done.heading.is_empty() {
            sections.push(done);
        }
    };
    for edge in body.traverse().skip(1) {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => match &mut heading {
                        Some((_, _, buf)) => buf.push_str(text),
                        None => push_text(&mut current.text, text),
                    },
                    Node::Element(e) if !shown(e) => skipping = Some(node.id()),
                    Node::Element(e) if heading.is_none() && is_heading(e.name()) => {
                        let is_title = e.name() == "h1" && out.title.is_none();
                        heading = Some((node.id(), is_title, String::new()));
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if heading.as_ref().is_some_and(|h| h.0 == node.id()) {
                    let (_, is_title, text) = heading.take().expect("checked above");
                    let text = collapse_whitespace(&text);
                    if is_title {
                        out.title = Some(text).filter(|t| !t.is_empty());
                    } else {
                        let anchor = node
                            .value()
                            .as_element()
                            .and_then(|e| e.attr("id"))
                            .unwrap_or("");
                        let next = SectionText {
                            anchor: anchor.to_owned(),
                            heading: text,
                            text: String::new(),
                        };
                        finish(&mut current, next, &mut out.sections);
                    }
                } else if let Some(e) = node.value().as_element()
                    && is_block(e.name())
                {
                    match &mut heading {
                        Some((_, _, buf)) => buf.push(' '),
                        None => current.text.push(' '),
                    }
                }
            }
        }
    }
    finish(&mut current, SectionText::default(), &mut out.sections);
    out
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether an element's text is content a reader sees.
fn shown(e: &scraper::node::Element) -> bool {
    !SKIPPED.contains(&e.name())
        && e.attr("data-xun-ignore").is_none()
        && e.attr("hidden").is_none()
        && e.attr("aria-hidden") != Some("true")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "br"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "blockquote"
            | "section"
            | "article"
            | "ul"
            | "ol"
            | "table"
            | "dd"
            | "dt"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
    )
}

/// Appends a text node, dropping a line break between two wide (CJK)
/// characters as a browser lays Chinese out.
fn push_text(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            // Skip the whole run of whitespace if it joins CJK to CJK.
            while chars.peek().is_some_and(|w| w.is_whitespace()) {
                chars.next();
            }
            let before = out.trim_end_matches([' ', '\t']).chars().next_back();
            if !joins_without_space(before, chars.peek().copied()) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::text::outline;

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
        let post = page(PAGE, Path::new("posts/net/index.html"), "/blog/").unwrap();
        assert_eq!(post.url, "/blog/posts/net/");
        assert_eq!(post.title, "容器网络 入门");
        assert_eq!(post.date, "2020-05-01");
        assert_eq!(post.tags, ["容器"]);
        assert_eq!(
            outline(&post.sections),
            [
                ("", "", "五月 开头的一段，讲容器。"),
                ("cni-插件", "CNI 插件", "flannel 和 calico"),
                ("", "没有 id 的标题", "尾声"),
            ]
        );
    }

    #[test]
    fn hidden_headings_are_not_the_title_and_urls_keep_their_names() {
        let html = "<article><div data-xun-ignore><h1>站点名</h1></div><h1>真正标题</h1><p>正文</p></article>";
        let post = page(html, Path::new("blog/reindex.html"), "/").unwrap();
        assert_eq!(post.title, "真正标题");
        assert_eq!(post.url, "/blog/reindex.html");
        assert_eq!(outline(&post.sections), [("", "", "正文")]);
    }

    #[test]
    fn file_names_become_safe_urls() {
        let url = |rel: &str| page_url("/", Path::new(rel));
        assert_eq!(url("posts/容器 网络/index.html"), "/posts/容器%20网络/");
        assert_eq!(url("a\\b#c?.html"), "/a%5Cb%23c%3F.html");
        assert_eq!(url("100%.html"), "/100%25.html");
        for rel in ["x\u{7}y.html", "\\\\evil/x.html", "tab\tname.html"] {
            assert_eq!(xun::format::url::check(&url(rel)), Ok(()), "{rel}");
        }
    }

    #[test]
    fn deep_nesting_is_read_without_recursion_in_linear_time() {
        // html5ever alone takes 26 s on this page in a release build (its
        // scope checks walk the stack of open elements at every tag), and
        // the debug build of this test would run for many minutes.
        let depth = 100_000;
        let html = format!(
            "<article>{}深处的文字{}</article>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let post = page(&html, Path::new("deep.html"), "/").unwrap();
        assert_eq!(post.sections[0].text, "深处的文字");
    }

    #[test]
    fn list_pages_and_pages_without_content_are_skipped() {
        let list = "<main><article>a</article><article>b</article></main>";
        assert!(page(list, Path::new("index.html"), "/").is_none());
        assert!(page("<main><p>links</p></main>", Path::new("x.html"), "/").is_none());
        let marked = "<article>a</article><article>b</article><div data-xun-body><p>正文</p></div>";
        assert_eq!(
            page(marked, Path::new("x.html"), "/").unwrap().sections[0].text,
            "正文"
        );
    }
}
