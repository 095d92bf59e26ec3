//! Excerpts: about a hundred characters of a section around its best
//! cluster of matches, HTML-escaped, with the matches in `<mark>`.
//!
//! Matches are found again in the display text rather than carried over
//! from the postings: the text is folded character by character with a
//! map back to the original, so the excerpt shows the author's own
//! characters (full-width punctuation, capitals) while matching the way
//! the index does.

use crate::analysis::{fold_char, is_cjk};

/// Length of an excerpt, in characters of the original text.
pub const EXCERPT_CHARS: usize = 100;
/// How much text to show before the first match of the window.
const LEAD_CHARS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Match {
    start: usize,
    end: usize,
    term: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Escapes the five characters that matter in HTML text and attributes.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Every occurrence of each folded term in `text`, in original character
/// offsets. Latin terms must stand on word boundaries (`ci` does not match
/// inside `circle`); CJK terms match anywhere.
fn find_matches(original: &[char], terms: &[&str]) -> Vec<Match> {
    let mut folded = Vec::with_capacity(original.len());
    let mut back = Vec::with_capacity(original.len());
    let mut buf = String::new();
    for (i, &c) in original.iter().enumerate() {
        buf.clear();
        fold_char(c, &mut buf);
        for f in buf.chars() {
            folded.push(f);
            back.push(i);
        }
    }
    let mut matches = Vec::new();
    for (term_index, term) in terms.iter().enumerate() {
        let needle: Vec<char> = term.chars().collect();
        let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else {
            continue;
        };
        if needle.len() > folded.len() {
            continue;
        }
        for at in 0..=folded.len() - needle.len() {
            if folded[at] != first || folded[at..at + needle.len()] != needle[..] {
                continue;
            }
            let end = at + needle.len();
            let open_before = !is_word_char(first) || at == 0 || !is_word_char(folded[at - 1]);
            let open_after =
                !is_word_char(last) || end == folded.len() || !is_word_char(folded[end]);
            if open_before && open_after {
                matches.push(Match {
                    start: back[at],
                    end: back[end - 1] + 1,
                    term: term_index,
                });
            }
        }
    }
    matches.sort();
    matches
}

/// The excerpt of `text` for the given folded terms.
pub fn excerpt(text: &str, terms: &[&str]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let matches = find_matches(&chars, terms);
    let (from, to) = window(&chars, &matches, terms.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    let mut piece = String::new();
    let mut flush = |from: usize, to: usize, out: &mut String| {
        piece.clear();
        piece.extend(&chars[from..to]);
        escape_html(&piece, out);
    };
    for (start, end) in merged(&matches, from, to) {
        flush(at, start, &mut out);
        out.push_str("<mark>");
        flush(start, end, &mut out);
        out.push_str("</mark>");
        at = end;
    }
    flush(at, to, &mut out);
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// The window with the most distinct terms, then the most matches; the
/// start of the text if nothing matched.
fn window(chars: &[char], matches: &[Match], term_count: usize) -> (usize, usize) {
    let len = chars.len();
    let span = |from: usize| (from, (from + EXCERPT_CHARS).min(len));
    let mut best = (0usize, 0usize, span(0));
    for m in matches {
        let mut from = m
            .start
            .saturating_sub(LEAD_CHARS)
            .min(len.saturating_sub(EXCERPT_CHARS));
        // Never open the excerpt in the middle of a match.
        if let Some(cut) = matches.iter().find(|o| o.start < from && o.end > from) {
            from = cut.start;
        }
        let (from, to) = span(from);
        let inside = matches.iter().filter(|o| o.start >= from && o.end <= to);
        let mut seen = vec![false; term_count];
        let mut count = 0;
        for o in inside {
            seen[o.term] = true;
            count += 1;
        }
        let distinct = seen.iter().filter(|&&s| s).count();
        if (distinct, count) > (best.0, best.1) {
            best = (distinct, count, (from, to));
        }
    }
    best.2
}

/// Match ranges clipped to the window, overlapping ones merged.
fn merged(matches: &[Match], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in matches {
        let (s, e) = (m.start.max(from), m.end.min(to));
        if s >= e {
            continue;
        }
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let got = excerpt(
            "<b>灰度发布</b> 用 Istio 做灰度",
            &["灰度", "发布", "istio"],
        );
        assert_eq!(
            got,
            "&lt;b&gt;<mark>灰度发布</mark>&lt;/b&gt; 用 <mark>Istio</mark> 做<mark>灰度</mark>"
        );
    }

    #[test]
    fn latin_terms_match_whole_words_only() {
        assert_eq!(excerpt("circle CI", &["ci"]), "circle <mark>CI</mark>");
    }

    #[test]
    fn window_goes_to_the_densest_matches() {
        let text = format!(
            "{}容器{}容器网络{}",
            "甲".repeat(150),
            "乙".repeat(150),
            "丙".repeat(150)
        );
        let got = excerpt(&text, &["容器", "网络"]);
        assert!(got.starts_with('…') && got.ends_with('…'));
        assert!(got.contains("<mark>容器网络</mark>"));
        assert_eq!(got.chars().filter(|&c| c == '乙').count(), LEAD_CHARS);
    }

    #[test]
    fn no_match_shows_the_start() {
        let text = "一".repeat(300);
        assert_eq!(
            excerpt(&text, &["二"]),
            format!("{}…", "一".repeat(EXCERPT_CHARS))
        );
    }
}
