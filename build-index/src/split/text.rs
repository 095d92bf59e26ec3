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

/// A date as `YYYY-MM-DD`, the shape results show and the filter table
/// sorts by: `2019-09-30T09:32:35+08:00`, `2019-09-30 09:32:35 +0800`,
/// `2019/9/30` and `2019年9月30日` all give `2019-09-30`. Other shapes
/// are kept as they are, and sort as undated.
pub fn short_date(date: &str) -> String {
    let date = date.trim();
    // Year, month, day: runs of digits, each followed by one separator.
    let mut parts = [0u32; 3];
    let mut rest = date;
    for (i, part) in parts.iter_mut().enumerate() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let wanted = if i == 0 { 4..=4 } else { 1..=2 };
        if !wanted.contains(&digits) {
            return date.to_owned();
        }
        *part = rest[..digits].parse().unwrap_or(0);
        rest = &rest[digits..];
        let separators: &[char] = match i {
            0 => &['-', '/', '.', '年'],
            1 => &['-', '/', '.', '月'],
            _ => &[],
        };
        if i < 2 {
            match rest.chars().next() {
                Some(c) if separators.contains(&c) => rest = &rest[c.len_utf8()..],
                _ => return date.to_owned(),
            }
        }
    }
    // What follows the day must not be another digit (`2019-09-300`).
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return date.to_owned();
    }
    let [year, month, day] = parts;
    let ymd = format!("{year:04}-{month:02}-{day:02}");
    if xun::format::filters::date_code(&ymd).is_some() {
        ymd
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

#[cfg(test)]
mod tests {
    use super::short_date;

    #[test]
    fn dates_in_the_shapes_blogs_write_them() {
        for (given, want) in [
            ("2019-09-30T09:32:35+08:00", "2019-09-30"),
            ("2019-09-30 09:32:35 +0800", "2019-09-30"),
            ("2019-9-3", "2019-09-03"),
            ("2019/09/30", "2019-09-30"),
            ("2019.9.30", "2019-09-30"),
            ("2019年9月30日", "2019-09-30"),
            (" 2020-02-20 ", "2020-02-20"),
            // Kept as written: not a date of this shape.
            ("2019-13-01", "2019-13-01"),
            ("2019-09-300", "2019-09-300"),
            ("19-09-30", "19-09-30"),
            ("九月", "九月"),
            ("", ""),
        ] {
            assert_eq!(short_date(given), want, "{given}");
        }
    }
}
