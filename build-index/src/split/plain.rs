//! Plain-text posts (`.txt`): one section of text, titled by the front
//! matter or else by the first line.

use super::text::{SectionText, collapse_whitespace};

/// The first non-blank line as a title, and the text after it; `None` for
/// a blank post.
pub fn title_line(body: &str) -> Option<(&str, &str)> {
    let body = body.trim_start();
    let (first, rest) = match body.split_once('\n') {
        Some((first, rest)) => (first.trim(), rest),
        None => (body.trim(), ""),
    };
    (!first.is_empty()).then_some((first, rest))
}

/// The whole body as one section without a heading; none if it is blank.
pub fn sections(body: &str) -> Vec<SectionText> {
    let text = collapse_whitespace(body);
    if text.is_empty() {
        return Vec::new();
    }
    vec![SectionText {
        anchor: String::new(),
        heading: String::new(),
        text,
    }]
}
