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

use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::split::{Post, SectionText, collapse_whitespace, joins_without_space, short_date};

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
    let path = rel.to_string_lossy().replace('\\', "/");
    let path = path.strip_suffix("index.html").unwrap_or(&path);
    format!("{base}{path}")
}

/// Reads one HTML page; `None` if it has no content to index.
pub fn split(text: &str, rel: &Path, base_url: &str) -> Option<Post> {
    let doc = Html::parse_document(text);
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
    let h1 = body.select(&selector("h1")).next();
    let title = h1
        .map(visible_text)
        .filter(|t| !t.is_empty())
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

    let mut walk = Walk {
        sections: Vec::new(),
        current: SectionText {
            anchor: String::new(),
            heading: String::new(),
            text: String::new(),
        },
        title_h1: h1.is_some(),
    };
    walk.element(body);
    walk.finish(None);
    let sections = walk.sections;
    Some(Post {
        path: rel.to_owned(),
        format: crate::read::Format::Html,
        title,
        url: page_url(base_url, rel),
        date,
        tags,
        categories: Vec::new(),
        body: String::new(),
        heading_ids: Vec::new(),
        sections,
    })
}

struct Walk {
    sections: Vec<SectionText>,
    current: SectionText,
    /// Whether the first `<h1>` is still to come: it is the title, not a
    /// section of its own.
    title_h1: bool,
}

impl Walk {
    fn finish(&mut self, next: Option<SectionText>) {
        let mut done = std::mem::replace(
            &mut self.current,
            next.unwrap_or(SectionText {
                anchor: String::new(),
                heading: String::new(),
                text: String::new(),
            }),
        );
        done.text = collapse_whitespace(&done.text);
        if !done.text.is_empty() || !done.heading.is_empty() {
            self.sections.push(done);
        }
    }

    fn element(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => push_text(&mut self.current.text, text),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if !shown(e) {
                        continue;
                    }
                    let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                    if heading && name == "h1" && self.title_h1 {
                        self.title_h1 = false;
                    } else if heading {
                        let text = visible_text(child);
                        self.finish(Some(SectionText {
                            anchor: e.attr("id").unwrap_or("").to_owned(),
                            heading: text,
                            text: String::new(),
                        }));
                    } else {
                        self.element(child);
                    }
                    if is_block(name) {
                        self.current.text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether an element's text is content a reader sees.
fn shown(e: &scraper::node::Element) -> bool {
    !SKIPPED.contains(&e.name())
        && e.attr("data-xun-ignore").is_none()
        && e.attr("hidden").is_none()
        && e.attr("aria-hidden") != Some("true")
}

/// The text of an element without its hidden parts (a heading's "#"
/// permalink, for one), whitespace collapsed.
fn visible_text(element: ElementRef<'_>) -> String {
    fn walk(element: ElementRef<'_>, out: &mut String) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(e) if shown(e) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        walk(child, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(element, &mut out);
    collapse_whitespace(&out)
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
            let mut run = String::from(c);
            while let Some(&w) = chars.peek().filter(|w| w.is_whitespace()) {
                run.push(w);
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
        let post = split(PAGE, Path::new("posts/net/index.html"), "/blog/").unwrap();
        assert_eq!(post.url, "/blog/posts/net/");
        assert_eq!(post.title, "容器网络 入门");
        assert_eq!(post.date, "2020-05-01");
        assert_eq!(post.tags, ["容器"]);
        assert_eq!(
            crate::split::outline(&post),
            [
                ("", "", "五月 开头的一段，讲容器。"),
                ("cni-插件", "CNI 插件", "flannel 和 calico"),
                ("", "没有 id 的标题", "尾声"),
            ]
        );
    }

    #[test]
    fn list_pages_and_pages_without_content_are_skipped() {
        let list = "<main><article>a</article><article>b</article></main>";
        assert!(split(list, Path::new("index.html"), "/").is_none());
        assert!(split("<main><p>links</p></main>", Path::new("x.html"), "/").is_none());
        let marked = "<article>a</article><article>b</article><div data-xun-body><p>正文</p></div>";
        assert_eq!(
            split(marked, Path::new("x.html"), "/").unwrap().sections[0].text,
            "正文"
        );
    }
}
