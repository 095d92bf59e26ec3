//! Turns a post into sections: one per heading, plus the text before the
//! first heading. Each section gets the anchor a static site generator
//! would give its heading, so `url#anchor` lands on it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::error::BuildError;
use crate::frontmatter::{self, FrontMatter};
use crate::read::{Format, Source};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionText {
    /// Empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    /// Plain text, whitespace collapsed.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub path: PathBuf,
    pub format: Format,
    pub title: String,
    pub url: String,
    pub date: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// The post body after the front matter, for rendering.
    pub body: String,
    /// The id of every heading in document order, for rendering.
    pub heading_ids: Vec<String>,
    pub sections: Vec<SectionText>,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Splits a post; `None` for a draft or an HTML page without content.
/// `base_url` ends with `/`.
pub fn split(source: &Source, base_url: &str) -> Result<Option<Post>, BuildError> {
    if source.format == Format::Html {
        let post = crate::html::split(&source.text, &source.rel, base_url);
        // Errors about the post name the file as the user gave it.
        return Ok(post.map(|p| Post {
            path: source.path.clone(),
            ..p
        }));
    }
    let parsed = frontmatter::parse(&source.path, &source.text)?;
    let front = parsed.front;
    if front.draft {
        return Ok(None);
    }
    let (title, body, heading_ids, sections) = match source.format {
        Format::Markdown => {
            let (ids, sections) = markdown_sections(parsed.body);
            let title = front.title.clone().unwrap_or_else(|| stem(&source.path));
            (title, parsed.body.to_owned(), ids, sections)
        }
        Format::Html => unreachable!("HTML pages returned above"),
        Format::Plain => {
            let (first, rest) = first_line(parsed.body);
            let (title, body) = match &front.title {
                Some(t) => (t.clone(), parsed.body),
                None if !first.is_empty() => (first.to_owned(), rest),
                None => (stem(&source.path), parsed.body),
            };
            let text = collapse_whitespace(body);
            let sections = if text.is_empty() {
                Vec::new()
            } else {
                vec![SectionText {
                    anchor: String::new(),
                    heading: String::new(),
                    text,
                }]
            };
            (title, body.to_owned(), Vec::new(), sections)
        }
    };
    let url = post_url(base_url, &front, &source.path).map_err(|(line, message)| {
        BuildError::FrontMatter {
            path: source.path.clone(),
            line,
            message,
        }
    })?;
    Ok(Some(Post {
        path: source.path.clone(),
        format: source.format,
        title,
        url,
        date: front.date.as_deref().map(short_date).unwrap_or_default(),
        tags: front.tags,
        categories: front.categories,
        body,
        heading_ids,
        sections,
    }))
}

fn stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    stem.split_whitespace().collect::<Vec<_>>().join("-")
}

fn first_line(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.split_once('\n') {
        Some((first, rest)) => (first.trim(), rest),
        None => (text.trim(), ""),
    }
}

/// `2019-09-30T09:32:35+08:00` → `2019-09-30`; other shapes are kept.
pub(crate) fn short_date(date: &str) -> String {
    let b = date.as_bytes();
    let ymd = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if ymd {
        date[..10].to_owned()
    } else {
        date.to_owned()
    }
}

/// Where a post is served: its `url`, or `posts/<slug>/` under the base,
/// the slug being the file name unless set. Every URL must pass
/// [`xun::format::url::check`] (no `javascript:`, no `//host`, no
/// backslash), and none may climb out of the site with `..` (its page would
/// be rendered outside the output directory). An error carries the line of
/// the field it comes from.
fn post_url(base: &str, front: &FrontMatter, path: &Path) -> Result<String, (usize, String)> {
    let (url, line, field) = match (&front.url, &front.slug) {
        (Some(u), _) => {
            // The value as given, too: `//host/x` would otherwise become
            // the site path `/host/x` and hide the author's mistake.
            if let Err(why) = xun::format::url::check(&u.value) {
                return Err((u.line, format!("`url` {:?} is refused: {why}", u.value)));
            }
            let has_scheme = u
                .value
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|s| s.contains(':'));
            let url = if has_scheme {
                u.value.clone()
            } else {
                format!(
                    "{}/{}",
                    base.trim_end_matches('/'),
                    u.value.trim_start_matches('/')
                )
            };
            (url, u.line, "url")
        }
        (None, Some(s)) => {
            let slug = s.value.split_whitespace().collect::<Vec<_>>().join("-");
            if slug.contains(['?', '#', '%', '/']) {
                return Err((
                    s.line,
                    format!("`slug` {slug:?} may not contain ? # % or /"),
                ));
            }
            (format!("{base}posts/{slug}/"), s.line, "slug")
        }
        (None, None) => (format!("{base}posts/{}/", stem(path)), 1, "file name"),
    };
    if let Err(why) = xun::format::url::check(&url) {
        return Err((
            line,
            format!("the page URL {url:?} from `{field}` is refused: {why}"),
        ));
    }
    if url.split('/').any(|part| part == "..") {
        return Err((
            line,
            format!("the page URL {url:?} climbs out of the site with `..`; check `{field}`"),
        ));
    }
    Ok(url)
}

/// GitHub's and Hugo's heading ids: lower case, letters and digits of any
/// script kept, spaces to `-`, other punctuation dropped.
pub fn slugify(heading: &str) -> String {
    let mut out = String::new();
    for c in heading.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Gives each heading a unique id: its explicit `{#id}`, else its slug,
/// numbered `-1`, `-2`, … on repeats as GitHub does.
struct Anchors {
    used: HashSet<String>,
}

impl Anchors {
    fn assign(&mut self, explicit: Option<&str>, heading: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => match slugify(heading) {
                s if s.is_empty() => "section".to_owned(),
                s => s,
            },
        };
        let mut id = base.clone();
        let mut n = 0;
        while !self.used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// Accumulates plain text; joins lines across a soft break without a
/// space when both sides are CJK, as a browser lays Chinese out.
#[derive(Default)]
struct TextBuf {
    text: String,
    soft_break: bool,
}

impl TextBuf {
    fn push(&mut self, s: &str) {
        if self.soft_break {
            let before = self.text.chars().next_back();
            if !joins_without_space(before, s.chars().next()) {
                self.text.push(' ');
            }
            self.soft_break = false;
        }
        self.text.push_str(s);
    }

    fn space(&mut self) {
        self.soft_break = false;
        self.text.push(' ');
    }

    fn take(&mut self) -> String {
        self.soft_break = false;
        collapse_whitespace(&std::mem::take(&mut self.text))
    }
}

/// Whether a line break between these characters disappears, as it does
/// in a browser between East Asian wide characters (Han, kana, full-width
/// punctuation).
pub(crate) fn joins_without_space(before: Option<char>, after: Option<char>) -> bool {
    let wide = |c: char| {
        xun::analysis::is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
    };
    before.is_some_and(wide) && after.is_some_and(wide)
}

pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown → (heading ids in order, sections with text).
fn markdown_sections(markdown: &str) -> (Vec<String>, Vec<SectionText>) {
    let mut anchors = Anchors {
        used: HashSet::new(),
    };
    let mut ids = Vec::new();
    let mut sections = Vec::new();
    let mut current = SectionText {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    };
    let mut body = TextBuf::default();
    let mut heading = TextBuf::default();
    let mut heading_id: Option<String> = None;
    let mut in_heading = false;
    let mut image_depth = 0;
    let mut html = HtmlText::default();
    let mut finish = |current: &mut SectionText, body: &mut TextBuf, next: SectionText| {
        current.text = body.take();
        let done = std::mem::replace(current, next);
        if !done.text.is_empty() || !done.heading.is_empty() {
            sections.push(done);
        }
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        let buf = if in_heading { &mut heading } else { &mut body };
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                html.end_block();
                in_heading = true;
                heading_id = id.map(|s| s.to_string());
            }
            Event::End(TagEnd::Heading(_)) => {
                html.end_block();
                in_heading = false;
                let text = heading.take();
                let anchor = anchors.assign(heading_id.take().as_deref(), &text);
                ids.push(anchor.clone());
                let next = SectionText {
                    anchor,
                    heading: text,
                    text: String::new(),
                };
                finish(&mut current, &mut body, next);
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth -= 1,
            _ if image_depth > 0 => {}
            Event::Html(t) | Event::InlineHtml(t) => buf.push(&html.feed(&t)),
            _ if html.hiding() => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                buf.push(&t)
            }
            Event::SoftBreak => buf.soft_break = true,
            Event::HardBreak | Event::Rule => buf.space(),
            Event::End(end) => {
                let inline = matches!(
                    end,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                );
                if !inline {
                    html.end_block();
                }
                buf.space()
            }
            _ => {}
        }
    }
    let last = SectionText {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    };
    finish(&mut current, &mut body, last);
    (ids, sections)
}

/// Extracts the visible text of raw HTML that arrives in fragments (an
/// HTML block comes line by line, inline HTML tag by tag). Tags are
/// dropped, and so is everything inside `<script>` and `<style>`, which
/// people never read.
#[derive(Default)]
pub struct HtmlText {
    hidden: Option<&'static str>,
}

impl HtmlText {
    /// Whether ordinary text is currently inside a hidden element.
    pub fn hiding(&self) -> bool {
        self.hidden.is_some()
    }

    /// Ends hiding at a block's end: an unclosed `<script>` must not hide
    /// the rest of the post.
    pub fn end_block(&mut self) {
        self.hidden = None;
    }

    pub fn feed(&mut self, html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        loop {
            let open = rest.find('<');
            if self.hidden.is_none() {
                out.push_str(&rest[..open.unwrap_or(rest.len())]);
            }
            let Some(open) = open else { break };
            rest = &rest[open..];
            let Some(close) = rest.find('>') else {
                // A lone `<` is text.
                if self.hidden.is_none() {
                    out.push_str(rest);
                }
                break;
            };
            let tag = rest[1..close].trim_start().to_ascii_lowercase();
            rest = &rest[close + 1..];
            // The tag's name, as in `<script async>` or `</style >`.
            let name = |t: &str| {
                t.split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            };
            match self.hidden {
                Some(hidden) => {
                    if tag.strip_prefix('/').is_some_and(|t| name(t) == hidden) {
                        self.hidden = None;
                    }
                }
                None => {
                    let opened = name(&tag);
                    self.hidden = ["script", "style"]
                        .into_iter()
                        .find(|h| opened == *h && !tag.ends_with('/'));
                    out.push(' ');
                }
            }
        }
        out
    }
}

/// A post's sections as (anchor, heading, text), for tests.
#[cfg(test)]
pub(crate) fn outline(post: &Post) -> Vec<(&str, &str, &str)> {
    post.sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(name: &str, text: &str) -> Post {
        let format = if name.ends_with(".txt") {
            Format::Plain
        } else {
            Format::Markdown
        };
        let source = Source {
            path: PathBuf::from(name),
            rel: PathBuf::from(name),
            format,
            text: text.to_owned(),
        };
        split(&source, "/").unwrap().unwrap()
    }

    #[test]
    fn sections_and_anchors() {
        let p = post(
            "hello world.md",
            "---\ntitle: T\n---\n![img](x.png)\n\n## 前言\n\n第一段\n\n## 前言\n\n## Hello, World! {#custom}\n\n容器\n网络\n\n### CI/CD：流水线\n\ntext <b>bold</b><script>x()</script>\n",
        );
        assert_eq!(p.url, "/posts/hello-world/");
        assert_eq!(
            outline(&p),
            [
                ("前言", "前言", "第一段"),
                ("前言-1", "前言", ""),
                ("custom", "Hello, World!", "容器网络"),
                ("cicd流水线", "CI/CD：流水线", "text bold"),
            ]
        );
        assert_eq!(p.heading_ids, ["前言", "前言-1", "custom", "cicd流水线"]);
    }

    #[test]
    fn an_unclosed_script_hides_only_its_own_block() {
        let p = post(
            "s.md",
            "文字 <script> 隐藏\n\n## 后面的标题\n\n后面的正文 <scripts>可见</scripts>\n",
        );
        assert_eq!(
            outline(&p),
            [
                ("", "", "文字"),
                ("后面的标题", "后面的标题", "后面的正文 可见")
            ]
        );
    }

    #[test]
    fn html_text_hides_scripts_across_fragments() {
        let mut h = HtmlText::default();
        let got: String = [
            "<div class=x>见",
            "<script>\n",
            "alert(1)\n",
            "</script>\n",
            "后</div>",
        ]
        .into_iter()
        .map(|f| h.feed(f))
        .collect();
        assert_eq!(collapse_whitespace(&got), "见 后");
    }

    #[test]
    fn plain_text_takes_its_title_from_the_first_line() {
        let p = post("a.txt", "\nKubeCon 2019 北美会议\n\n正文 text\n");
        assert_eq!(p.title, "KubeCon 2019 北美会议");
        assert_eq!(p.sections.len(), 1);
        assert_eq!(p.sections[0].text, "正文 text");
    }

    #[test]
    fn drafts_are_skipped_and_dates_shortened() {
        let source = |fm: &str| Source {
            path: PathBuf::from("d.md"),
            rel: PathBuf::from("d.md"),
            format: Format::Markdown,
            text: format!("---\n{fm}\n---\nx"),
        };
        assert!(split(&source("draft: true"), "/").unwrap().is_none());
        let bad = |fm: &str| split(&source(fm), "/").unwrap_err().to_string();
        assert!(bad("url: javascript:alert(1)").contains("scheme other than http"));
        assert!(bad("slug: ../../escaped").contains("may not contain"));
        assert!(bad("url: ../../escaped").contains("climbs out of the site"));
        assert!(
            bad("url: '/\\\\evil.example/x'").contains("backslash"),
            "{}",
            bad("url: '/\\\\evil.example/x'")
        );
        assert!(bad("url: //evil.example/x").contains("leaves the site"));
        // Errors name the line of the field, not the fence.
        assert!(bad("title: t\ndate: 2020-01-01\n\nurl: javascript:x").starts_with("d.md:5:"));
        assert!(bad("title: t\nslug: a?b").starts_with("d.md:3:"));
        assert_eq!(
            split(&source("url: https://x.org/a/"), "/")
                .unwrap()
                .unwrap()
                .url,
            "https://x.org/a/"
        );
        let p = split(
            &source("date: 2019-09-30T09:32:35+08:00\nslug: s\n"),
            "/blog/",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (p.date.as_str(), p.url.as_str()),
            ("2019-09-30", "/blog/posts/s/")
        );
    }
}
