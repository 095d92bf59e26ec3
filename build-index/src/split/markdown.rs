//! Markdown posts: a section per heading, each anchored where a static
//! site generator would anchor it, so that `url#anchor` lands on it.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::text::{SectionText, collapse_whitespace, joins_without_space};

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
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
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
    /// Per base, the number its next repeat tries first: every smaller one
    /// is taken, so that ten thousand repeats cost ten thousand tries, not
    /// fifty million.
    next: HashMap<String, usize>,
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
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        let mut id = match n {
            0 => base.clone(),
            n => format!("{base}-{n}"),
        };
        while !self.used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
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

/// Markdown → (heading ids in order, sections with text).
pub fn sections(markdown: &str) -> (Vec<String>, Vec<SectionText>) {
    let mut anchors = Anchors::default();
    let mut ids = Vec::new();
    let mut sections = Vec::new();
    let mut current = SectionText::default();
    let mut body = TextBuf::default();
    let mut heading = TextBuf::default();
    let mut heading_id: Option<String> = None;
    let mut in_heading = false;
    let mut image_depth = 0;
    let mut html = InlineHtml::default();
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
    finish(&mut current, &mut body, SectionText::default());
    (ids, sections)
}

/// Extracts the visible text of the raw HTML a Markdown post holds, which
/// arrives in fragments (an HTML block comes line by line, inline HTML tag
/// by tag). Tags are dropped, and so is everything inside `<script>` and
/// `<style>`, which people never read. Built pages are read by `html`.
#[derive(Default)]
pub struct InlineHtml {
    hidden: Option<&'static str>,
}

impl InlineHtml {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_html_hides_scripts_across_fragments() {
        let mut h = InlineHtml::default();
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
    fn repeated_headings_are_numbered_past_the_ids_taken() {
        let (ids, _) = sections("# 同\n# 同\n# x {#同-2}\n# 同\n# 同-1\n# 同\n");
        assert_eq!(ids, ["同", "同-1", "同-2", "同-3", "同-1-1", "同-4"]);
        // Many repeats: each takes the next number, once.
        let (ids, _) = sections(&"## 同\n".repeat(20_000));
        assert_eq!(ids.len(), 20_000);
        assert_eq!(ids[19_999], "同-19999");
    }
}
