//! Front matter: a YAML block fenced by `---` or a TOML block fenced by
//! `+++` at the very top of a post.

use std::path::Path;

use crate::error::BuildError;
use xun::format::filters::date_code;

/// The fields xun uses. Anything else in the front matter is ignored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub slug: Option<Located<String>>,
    pub url: Option<Located<String>>,
    pub draft: bool,
}

/// A field's value and the line of the file its key is on, for errors
/// found after parsing (a `url` that leaves the site).
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// A post split into its front matter and its body.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
}

/// A front matter value, whichever language it came from.
enum Value {
    Null,
    Bool(bool),
    Text(String),
    List(Vec<Value>),
    Other,
}

pub fn parse<'a>(path: &Path, text: &'a str) -> Result<Parsed<'a>, BuildError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // With its line ending, so CRLF files count offsets right.
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    let fence = match first_line.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => {
            return Ok(Parsed {
                front: FrontMatter::default(),
                body: text,
            });
        }
    };
    let error = |line: usize, message: String| BuildError::FrontMatter {
        path: path.to_owned(),
        line,
        message,
    };
    // Find the closing fence: the next line that is exactly the fence.
    let mut offset = first_line.len();
    let mut close = None;
    for line in text.get(offset..).unwrap_or("").split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((block_end, body_start)) = close else {
        return Err(error(1, format!("opened with {fence} but never closed")));
    };
    let block = text.get(first_line.len()..block_end).unwrap_or("");
    let fields = if fence == "---" {
        yaml_fields(block).map_err(|(line, m)| error(line + 1, m))?
    } else {
        toml_fields(block).map_err(|(line, m)| error(line + 1, m))?
    };
    let front = extract(block, fields).map_err(|(line, m)| error(line + 1, m))?;
    Ok(Parsed {
        front,
        body: &text[body_start..],
    })
}

/// Top-level keys and values, or (line within the block, message).
type Fields = Vec<(String, Value)>;

/// The deepest that brackets and braces may nest in a front matter block.
/// The YAML parser scans a flow collection's whole depth before it
/// refuses it (its own limit is 128), in time quadratic in the depth: a
/// 200 KB line of `[` kept a build busy for minutes. Real front matter
/// nests two or three levels.
const MAX_NESTING: usize = 64;

/// How deep `[` and `{` nest in `text`, counted without regard to quotes,
/// which only makes the count larger.
fn nesting(text: &str) -> usize {
    let (mut depth, mut most) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                most = most.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    most
}

fn yaml_fields(block: &str) -> Result<Fields, (usize, String)> {
    use serde_norway::Value as Y;
    fn convert(v: Y) -> Value {
        match v {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(b),
            Y::String(s) => Value::Text(s),
            Y::Number(n) => Value::Text(n.to_string()),
            Y::Sequence(items) => Value::List(items.into_iter().map(convert).collect()),
            Y::Tagged(t) => convert(t.value),
            Y::Mapping(_) => Value::Other,
        }
    }
    if block.trim().is_empty() {
        return Ok(Vec::new());
    }
    if nesting(block) > MAX_NESTING {
        return Err((
            1,
            format!("brackets nest more than {MAX_NESTING} levels deep"),
        ));
    }
    let value: Y = serde_norway::from_str(block).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        // The caller names the line in file terms; drop serde's own.
        let message = e.to_string();
        let message = match message.find(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        (line, message)
    })?;
    match value {
        Y::Mapping(map) => Ok(map
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), convert(v))))
            .collect()),
        Y::Null => Ok(Vec::new()),
        _ => Err((1, "expected key: value pairs".to_owned())),
    }
}

fn toml_fields(block: &str) -> Result<Fields, (usize, String)> {
    fn convert(v: toml::Value) -> Value {
        match v {
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::String(s) => Value::Text(s),
            toml::Value::Integer(i) => Value::Text(i.to_string()),
            toml::Value::Float(x) => Value::Text(x.to_string()),
            toml::Value::Datetime(d) => Value::Text(d.to_string()),
            toml::Value::Array(items) => Value::List(items.into_iter().map(convert).collect()),
            toml::Value::Table(_) => Value::Other,
        }
    }
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            block[..s.start.min(block.len())].matches('\n').count() + 1
        });
        (line, e.message().to_owned())
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
}

/// Picks the known fields, checking their types.
fn extract(block: &str, fields: Fields) -> Result<FrontMatter, (usize, String)> {
    let mut front = FrontMatter::default();
    for (key, value) in fields {
        let line_of_key = || {
            block
                .lines()
                .position(|l| {
                    l.strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
                })
                .map_or(1, |i| i + 1)
        };
        let wrong = |what: &str| (line_of_key(), format!("`{key}` must be {what}"));
        // Hugo reads keys in any case (`Tags = [...]`).
        match key.to_ascii_lowercase().as_str() {
            "title" => front.title = text(value).map_err(|_| wrong("a string"))?,
            "date" => {
                let date = text(value).map_err(|_| wrong("a date"))?;
                // A date that is no day of the calendar (`2019-02-30`,
                // `2019-13-45`) would leave the post undated unseen.
                let day = date.as_deref().map(crate::split::text::short_date);
                if day.is_some_and(|d| !d.is_empty() && date_code(&d).is_none()) {
                    return Err(wrong("a date such as 2019-09-30"));
                }
                front.date = date.filter(|d| !d.trim().is_empty());
            }
            "slug" | "url" => {
                let located = text(value)
                    .map_err(|_| wrong("a string"))?
                    .map(|value| Located {
                        value,
                        // The block starts on the file's second line.
                        line: line_of_key() + 1,
                    });
                if key == "slug" {
                    front.slug = located;
                } else {
                    front.url = located;
                }
            }
            // Hugo and Hexo write `tags` and `categories`, Jekyll also the
            // singulars; a post may carry both.
            "tags" | "tag" => front
                .tags
                .extend(list(value).map_err(|_| wrong("a list of strings"))?),
            "categories" | "category" => front
                .categories
                .extend(list(value).map_err(|_| wrong("a list of strings"))?),
            "draft" => {
                front.draft = match value {
                    Value::Bool(b) => b,
                    Value::Null => false,
                    Value::Text(t) if t == "true" || t == "false" => t == "true",
                    _ => return Err(wrong("true or false")),
                }
            }
            _ => {}
        }
    }
    Ok(front)
}

fn text(v: Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::Text(s) if s.trim().is_empty() => Ok(None),
        Value::Text(s) => Ok(Some(s.trim().to_owned())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(()),
    }
}

/// A list of strings, or a single string: one value, or several
/// separated by commas (`tags: 阿里云, 容器`), but not by spaces, which
/// Jekyll would split on: tags like `Service Mesh` are common in Chinese
/// blogs, space-separated lists of them are not.
fn list(v: Value) -> Result<Vec<String>, ()> {
    match v {
        Value::List(items) => Ok(items
            .into_iter()
            .map(text)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect()),
        other => Ok(text(other)?
            .iter()
            .flat_map(|s| s.split([',', '，']))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (FrontMatter, String) {
        let p = parse(Path::new("p.md"), text).unwrap();
        (p.front, p.body.to_owned())
    }

    fn parse_err(text: &str) -> String {
        parse(Path::new("p.md"), text).unwrap_err().to_string()
    }

    #[test]
    fn yaml_and_toml() {
        let (f, body) = parse_ok(
            "---\ntitle: \"标题\"\ndate: 2019-09-30T09:32:35+08:00\ntags: [\"a\", b]\ncategories: x\ndraft: false\n---\nbody\n",
        );
        assert_eq!(f.title.as_deref(), Some("标题"));
        assert_eq!(f.date.as_deref(), Some("2019-09-30T09:32:35+08:00"));
        assert_eq!(f.tags, ["a", "b"]);
        assert_eq!(f.categories, ["x"]);
        assert_eq!(body, "body\n");
        let (f, body) =
            parse_ok("+++\ntitle = \"T\"\ndate = 2020-01-02\nslug = \"s\"\ndraft = true\n+++\nx");
        assert_eq!(
            (f.title.as_deref(), f.date.as_deref()),
            (Some("T"), Some("2020-01-02"))
        );
        assert_eq!(f.slug.map(|s| (s.value, s.line)), Some(("s".to_owned(), 4)));
        assert!(f.draft);
        assert_eq!(body, "x");
    }

    #[test]
    fn a_date_must_be_a_day_of_the_calendar() {
        assert_eq!(
            parse_ok("---\ndate: 2020-02-29 10:00\n---\nx")
                .0
                .date
                .as_deref(),
            Some("2020-02-29 10:00")
        );
        assert_eq!(
            parse_ok("---\ndate: 2019/9/30\n---\nx").0.date.as_deref(),
            Some("2019/9/30")
        );
        assert_eq!(parse_ok("---\ndate: ''\n---\nx").0.date, None);
        for bad in ["2019-02-30", "2019-13-45T99:99", "2100-02-29", "next week"] {
            let e = parse_err(&format!("---\ntitle: t\ndate: {bad}\n---\nx"));
            assert!(e.starts_with("p.md:3:"), "{e}");
            assert!(
                e.contains("`date` must be a date such as 2019-09-30"),
                "{e}"
            );
        }
    }

    #[test]
    fn tags_and_categories_in_every_spelling() {
        let (f, _) = parse_ok(
            "---\ntag:\n  - kubernetes\n  - QA\ncategory: 技术\ncategories: [云原生]\n---\nx",
        );
        assert_eq!(f.tags, ["kubernetes", "QA"]);
        assert_eq!(f.categories, ["技术", "云原生"]);
        let (f, _) = parse_ok("---\ntags: 阿里云, Service Mesh，容器\n---\nx");
        assert_eq!(f.tags, ["阿里云", "Service Mesh", "容器"]);
        let (f, _) = parse_ok("+++\nTags = [\"Hugo\"]\nCategories = \"笔记\"\n+++\nx");
        assert_eq!(
            (f.tags, f.categories),
            (vec!["Hugo".to_owned()], vec!["笔记".to_owned()])
        );
        let (f, _) = parse_ok("---\ntags:\ncategories: ''\n---\nx");
        assert!(f.tags.is_empty() && f.categories.is_empty());
    }

    #[test]
    fn no_front_matter() {
        let (f, body) = parse_ok("# hi\n---\n");
        assert_eq!(f, FrontMatter::default());
        assert_eq!(body, "# hi\n---\n");
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse_err("---\ntitle: x\n"),
            "p.md:1: front matter: opened with --- but never closed"
        );
        assert!(parse_err("---\ntitle: x\ntags: [a\n---\n").starts_with("p.md:"));
        assert_eq!(
            parse_err("---\ntitle: x\ntags: {a: 1}\n---\n"),
            "p.md:3: front matter: `tags` must be a list of strings"
        );
        assert!(parse_err("+++\ntitle = \n+++\n").starts_with("p.md:2: front matter:"));
    }

    #[test]
    fn deep_nesting_is_refused_at_once() {
        let deep = format!(
            "---\ntitle: {}{}\n---\nbody\n",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        let start = std::time::Instant::now();
        assert!(parse_err(&deep).contains("nest more than 64"));
        // Minutes before the depth was checked; a linear scan now.
        assert!(start.elapsed().as_secs() < 5);
        let fine = parse_ok("---\ntitle: \"[[[a]]] {b}\"\ntags: [a, b]\n---\nbody\n").0;
        assert_eq!(fine.title.as_deref(), Some("[[[a]]] {b}"));
    }

    #[test]
    fn crlf_files_keep_their_line_numbers() {
        let (f, body) = parse_ok("---\r\ntitle: T\r\n---\r\nbody\r\n");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(body, "body\r\n");
        assert_eq!(
            parse_err("---\r\ntitle: x\r\ntags: {a: 1}\r\n---\r\n"),
            "p.md:3: front matter: `tags` must be a list of strings"
        );
        let yaml = parse_err("---\r\ntitle: x\r\ntitle: [\r\n---\r\n");
        assert!(yaml.starts_with("p.md:"), "{yaml}");
        assert!(!yaml.contains(" at line "), "one line number only: {yaml}");
    }
}
