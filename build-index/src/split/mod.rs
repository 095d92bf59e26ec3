//! Turns a source into a post: its title, URL, date and tags, and its
//! text cut into sections, one per heading plus the text before the
//! first. Each section gets the anchor its heading has on the served page,
//! so `url#anchor` lands on it.
//!
//! One module per format, and the helpers they share; imports run one
//! way, from here to the formats to the text helpers:
//!
//! ```text
//! mod.rs       Post, dispatch by format, front matter and URLs
//! markdown.rs  .md and .markdown posts (raw HTML inside them: InlineHtml)
//! plain.rs     .txt posts
//! html/        pages a site generator built (.html, .htm)
//! text.rs      SectionText, whitespace, CJK line breaks, dates
//! ```

mod html;
mod markdown;
mod plain;
pub(crate) mod text;

use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::frontmatter::{self, FrontMatter};
use crate::read::{Format, Source};
use crate::skip::Skip;

pub use html::Rules;
pub use markdown::{markdown_options, slugify};
pub use text::SectionText;

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

/// What a source gives: a post, or why it gives none.
#[derive(Debug)]
pub enum Split {
    /// Boxed: a post is 200-odd bytes, a skip one.
    Post(Box<Post>),
    Skipped(Skip),
}

impl Split {
    pub fn post(self) -> Option<Post> {
        match self {
            Split::Post(post) => Some(*post),
            Split::Skipped(_) => None,
        }
    }
}

/// Splits a post, reading HTML pages with the default rules. `base_url`
/// ends with `/`.
pub fn split(source: &Source, base_url: &str) -> Result<Split, BuildError> {
    split_with(source, base_url, &Rules::default())
}

/// Splits a post, reading HTML pages with `rules` (`--selector`,
/// `--exclude`).
pub fn split_with(source: &Source, base_url: &str, rules: &Rules) -> Result<Split, BuildError> {
    let split = match source.format {
        Format::Html => html_post(source, base_url, rules),
        Format::Markdown | Format::Plain => with_front_matter(source, base_url)?,
    };
    Ok(match split {
        Split::Post(post) if post.sections.is_empty() => Split::Skipped(Skip::Empty),
        split => split,
    })
}

fn html_post(source: &Source, base_url: &str, rules: &Rules) -> Split {
    let page = match html::page(&source.text, &source.rel, base_url, rules) {
        Ok(page) => page,
        Err(why) => return Split::Skipped(why),
    };
    Split::Post(Box::new(Post {
        // Errors about the post name the file as the user gave it.
        path: source.path.clone(),
        format: Format::Html,
        title: page.title,
        url: page.url,
        date: page.date,
        tags: page.tags,
        categories: page.categories,
        body: String::new(),
        heading_ids: Vec::new(),
        sections: page.sections,
    }))
}

/// A Markdown or text post, which may open with front matter.
fn with_front_matter(source: &Source, base_url: &str) -> Result<Split, BuildError> {
    let parsed = frontmatter::parse(&source.path, &source.text)?;
    let front = parsed.front;
    if front.draft {
        return Ok(Split::Skipped(Skip::Draft));
    }
    let (title, body, heading_ids, sections) = match source.format {
        Format::Plain => {
            let (title, body) = match (&front.title, plain::title_line(parsed.body)) {
                (Some(title), _) => (title.clone(), parsed.body),
                (None, Some((first, rest))) => (first.to_owned(), rest),
                (None, None) => (stem(&source.path), parsed.body),
            };
            (title, body, Vec::new(), plain::sections(body))
        }
        _ => {
            let (ids, sections) = markdown::sections(parsed.body);
            let title = front.title.clone().unwrap_or_else(|| stem(&source.path));
            (title, parsed.body, ids, sections)
        }
    };
    let url = post_url(base_url, &front, &source.path).map_err(|(line, message)| {
        BuildError::FrontMatter {
            path: source.path.clone(),
            line,
            message,
        }
    })?;
    Ok(Split::Post(Box::new(Post {
        path: source.path.clone(),
        format: source.format,
        title,
        url,
        date: front
            .date
            .as_deref()
            .map(text::short_date)
            .unwrap_or_default(),
        tags: front.tags,
        categories: front.categories,
        body: body.to_owned(),
        heading_ids,
        sections,
    })))
}

fn stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    stem.split_whitespace().collect::<Vec<_>>().join("-")
}

/// `%`, `?` and `#` percent-encoded, so that a file name is one path
/// segment of its URL, not a query or a fragment.
fn escape_path(segment: &str) -> String {
    segment
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23")
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
        // A file name may hold what a URL path cannot: `what?.md`.
        (None, None) => (
            format!("{base}posts/{}/", escape_path(&stem(path))),
            1,
            "file name",
        ),
    };
    if let Err(why) = xun::format::url::check(&url) {
        return Err((
            line,
            format!("the page URL {url:?} from `{field}` is refused: {why}"),
        ));
    }
    // Checked as a static server reads it, escapes decoded: `%2e%2e` is
    // `..`. The base may be relative (`./`, or `../` for an index one level
    // below the site's root), but not the post's own path.
    let decoded = crate::render::percent_decode(&url).unwrap_or_else(|| url.clone());
    let own = decoded.strip_prefix(base).unwrap_or(&decoded);
    if own.split(['/', '\\']).any(|part| part == "..") || crate::render::climbs(own) {
        return Err((
            line,
            format!(
                "the page URL {url:?} climbs out of the site with `..` or has a `.` part; check `{field}`"
            ),
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use text::outline;

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
        split(&source, "/").unwrap().post().unwrap()
    }

    #[test]
    fn sections_and_anchors() {
        let p = post(
            "hello world.md",
            "---\ntitle: T\n---\n![img](x.png)\n\n## 前言\n\n第一段\n\n## 前言\n\n## Hello, World! {#custom}\n\n容器\n网络\n\n### CI/CD：流水线\n\ntext <b>bold</b><script>x()</script>\n",
        );
        assert_eq!(p.url, "/posts/hello-world/");
        assert_eq!(
            outline(&p.sections),
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
            outline(&p.sections),
            [
                ("", "", "文字"),
                ("后面的标题", "后面的标题", "后面的正文 可见")
            ]
        );
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
        assert!(matches!(
            split(&source("draft: true"), "/").unwrap(),
            Split::Skipped(Skip::Draft)
        ));
        let bad_at = |fm: &str, base: &str| split(&source(fm), base).unwrap_err().to_string();
        let bad = |fm: &str| bad_at(fm, "/");
        assert!(bad("url: javascript:alert(1)").contains("scheme other than http"));
        assert!(bad("slug: ../../escaped").contains("may not contain"));
        assert!(bad("url: ../../escaped").contains("climbs out of the site"));
        // As a static server reads it: `%2e%2e` is `..`.
        assert!(bad("url: /%2e%2e/%2E%2E/escaped/").contains("climbs out of the site"));
        assert!(bad("slug: '.'").contains("has a `.` part"));
        // A relative base (the offline demo's `../`) is not the post's own.
        assert!(split(&source("slug: s"), "./").is_ok());
        assert!(split(&source("slug: s"), "../").is_ok());
        assert!(bad_at("slug: s\nurl: ../x", "../").contains("climbs out of the site"));
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
                .post()
                .unwrap()
                .url,
            "https://x.org/a/"
        );
        let p = split(
            &source("date: 2019-09-30T09:32:35+08:00\nslug: s\n"),
            "/blog/",
        )
        .unwrap()
        .post()
        .unwrap();
        assert_eq!(
            (p.date.as_str(), p.url.as_str()),
            ("2019-09-30", "/blog/posts/s/")
        );
    }
}
