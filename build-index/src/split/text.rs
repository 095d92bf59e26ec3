//! Plain text as every format leaves it: sections of collapsed text, and
//! the helpers the formats share to get there.

/// A section of a post: one per heading, plus the text before the first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionText {
    /// Empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    /// Plain text, whitespace collapsed.
    pub text: String,
}

pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a line break between these characters disappears, as it does
/// in a browser between East Asian wide characters (Han, kana, full-width
/// punctuation).
pub fn joins_without_space(before: Option<char>, after: Option<char>) -> bool {
    let wide = |c: char| {
        xun::analysis::is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
    };
    before.is_some_and(wide) && after.is_some_and(wide)
}

/// `2019-09-30T09:32:35+08:00` → `2019-09-30`; other shapes are kept.
pub fn short_date(date: &str) -> String {
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

/// Sections as (anchor, heading, text), for tests.
#[cfg(test)]
pub fn outline(sections: &[SectionText]) -> Vec<(&str, &str, &str)> {
    sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect()
}
