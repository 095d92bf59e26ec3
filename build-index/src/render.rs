//! Renders posts as static HTML pages whose heading ids are the index's
//! anchors, so that a search hit's `url#anchor` lands on its section.
//! Used for the demo site, whose search directory is `<base>search/`; a
//! real blog's generator renders its own pages.

use std::fs;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Parser, Tag};

use crate::error::BuildError;
use crate::read::Format;
use crate::split::{Post, markdown_options};

pub fn render_site(dir: &Path, base_url: &str, posts: &[Post]) -> Result<(), BuildError> {
    for post in posts.iter().filter(|p| p.format != Format::Html) {
        let Some(rel) = post.url.strip_prefix(base_url) else {
            continue; // an absolute URL elsewhere: not ours to render
        };
        // The directory a static server maps the URL to: `%23` is `#`.
        let rel = percent_decode(rel).unwrap_or_else(|| rel.to_owned());
        // `post_url` refuses these; a page is never written outside `dir`.
        if climbs(&rel) {
            return Err(BuildError::Io {
                path: post.path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("the page URL {:?} leaves the site's folder", post.url),
                ),
            });
        }
        let page_dir = dir.join(rel.trim_matches('/'));
        fs::create_dir_all(&page_dir).map_err(BuildError::io(&page_dir))?;
        let path = page_dir.join("index.html");
        // Assets relative to the page, so that it is styled and finds the
        // search from a file:// URL too, and wherever the site is served.
        let root = match rel.split('/').filter(|s| !s.is_empty()).count() {
            0 => "./".to_owned(),
            depth => "../".repeat(depth),
        };
        crate::swap::replace_file(&path, render_page(post, &root).as_bytes())?;
    }
    Ok(())
}

/// Whether a decoded URL path has a `..` or `.` part (with `/` or `\\`
/// between parts), which would name a folder outside the site or alias
/// another page's.
pub fn climbs(path: &str) -> bool {
    path.split(['/', '\\'])
        .any(|part| part == ".." || part == ".")
}

/// `%XX` escapes decoded; `None` for a bad escape or bytes that are not
/// UTF-8. (`+` is a plus in a path.)
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xun::excerpt::escape_html(text, &mut out);
    out
}

/// Links and images may only point at the web or the site itself.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

/// A post as a page, whose links to the site's assets start with `root`:
/// the way from the page up to the site's base (`../../`).
pub fn render_page(post: &Post, root: &str) -> String {
    let mut article = String::new();
    match post.format {
        Format::Markdown => {
            let mut ids = post.heading_ids.iter();
            let events = Parser::new_ext(&post.body, markdown_options()).map(|event| match event {
                // `{#id .class}` only: other attributes of the heading
                // syntax (`{onfocus=… autofocus}`) would run script.
                Event::Start(Tag::Heading { level, classes, .. }) => Event::Start(Tag::Heading {
                    level,
                    id: ids.next().map(|id| CowStr::from(id.clone())),
                    classes,
                    attrs: Vec::new(),
                }),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }),
                // Corpus HTML is shown as text, never run.
                Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
                other => other,
            });
            pulldown_cmark::html::push_html(&mut article, events);
        }
        // A built page is the site's own; there is nothing to render.
        Format::Html => {}
        Format::Plain => {
            for para in post
                .body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                article.push_str("<p>");
                article.push_str(&escape_html(para).replace('\n', "<br>\n"));
                article.push_str("</p>\n");
            }
        }
    }
    let tags = post
        .tags
        .iter()
        .map(|t| format!("<li>{}</li>", escape_html(t)))
        .collect::<String>();
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{root}post.css\">\n\
         <script src=\"{root}search/xun.js\" data-index=\"{root}search/\" defer></script>\n</head>\n<body>\n\
         <nav><a href=\"{root}\">← 首页</a><div id=\"xun-search\"></div></nav>\n<article>\n<h1 class=\"post-title\">{title}</h1>\n\
         <p class=\"post-meta\"><time>{date}</time></p>\n<ul class=\"post-tags\">{tags}</ul>\n{article}</article>\n</body>\n</html>\n",
        title = escape_html(&post.title),
        root = escape_html(root),
        date = escape_html(&post.date),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Source;

    #[test]
    fn pages_carry_the_anchors_and_escape_html() {
        let source = Source {
            path: "x.md".into(),
            rel: "x.md".into(),
            format: Format::Markdown,
            text: "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n## 前言\n<script>alert(1)</script>\n\n[a](javascript:alert(1))\n".into(),
        };
        let post = crate::split::split(&source, "/").unwrap().post().unwrap();
        let html = render_page(&post, "../../");
        assert!(html.contains("href=\"../../post.css\""), "{html}");
        assert!(html.contains("<h2 id=\"前言\">前言</h2>"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<script>"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        let source = Source {
            path: "x.md".into(),
            rel: "x.md".into(),
            format: Format::Markdown,
            text: "## 一 {#a .c onmouseover=alert(1)}\n\n## 二 {onfocus=alert(1) autofocus}\n"
                .into(),
        };
        let post = crate::split::split(&source, "/").unwrap().post().unwrap();
        let html = render_page(&post, "../../");
        assert!(html.contains("<h2 id=\"a\" class=\"c\">一</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"二\">二</h2>"), "{html}");
        assert!(!html.contains("alert"), "{html}");
    }

    #[test]
    fn a_decoded_dot_or_dot_dot_part_climbs() {
        assert!(climbs(&percent_decode("/%2e%2e/x/").unwrap()));
        assert!(climbs("/posts/./"));
        assert!(climbs("/a\\..\\b/"));
        assert!(!climbs("/posts/a.b/"));
        assert!(!climbs("/posts/.../"));
    }
}
