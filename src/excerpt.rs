//! Excerpts: about a hundred characters of a section's body around its
//! best cluster of matches, and a short second stretch for a matched word
//! that stands too far off, HTML-escaped, with the matches in `<mark>`.
//!
//! Matches come from the postings, whose positions count characters of
//! the stored text, so the excerpt highlights exactly what matched and
//! only the characters of the window need downloading.

/// Length of an excerpt, in characters of the original text.
pub const EXCERPT_CHARS: u32 = 100;
/// How much text to show before the first match of the window.
const LEAD_CHARS: u32 = 16;

/// A matched stretch of a body: characters `start..end`, meeting the
/// query's unit number `unit` (a stretch of the query every hit must meet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub start: u32,
    pub end: u32,
    pub unit: usize,
}

/// Escapes the five characters that matter in HTML text and attributes.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        escape_char(c, out);
    }
}

fn escape_char(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

/// Most marks a section's excerpt is chosen from. A common word can stand
/// thousands of times in a long section; the first ones per unit are
/// enough to place a window, and the cap bounds the work per hit.
pub const MAX_MARKS: usize = 1024;
/// Longest mark, in characters: a query is at most 128 characters.
const MAX_MARK_CHARS: u32 = 128;

/// The window to show of a body of `len` characters: the one with the
/// most distinct query units matched, then the most marks; the start of the
/// text if nothing matched. `marks` must be sorted.
pub fn window(marks: &[Mark], len: u32) -> (u32, u32) {
    window_of(marks, len, EXCERPT_CHARS, LEAD_CHARS)
}

/// Length of the second stretch an excerpt shows, for the units its
/// window misses, and how much of it comes before the first of them.
pub const SECOND_CHARS: u32 = 40;
const SECOND_LEAD_CHARS: u32 = 8;
/// Closer than this, the second stretch joins the window instead: each
/// end may still move out to a word's edge.
const JOIN_GAP_CHARS: u32 = 2 * MAX_SNAP_CHARS;

/// A second stretch of `within` (the text at hand), for the query units
/// that have marks there but none in `first`: [`SECOND_CHARS`] around
/// the most of them, so that an excerpt shows every word a section
/// matched (`灰度` 115 characters before `发布`) while staying short.
/// `None` when the window holds them all; the two joined into one when
/// they nearly touch. `marks` must be sorted.
pub fn second_window(
    marks: &[Mark],
    first: (u32, u32),
    within: (u32, u32),
    len: u32,
) -> Option<(u32, u32)> {
    let inside = |m: &Mark, (from, to): (u32, u32)| m.start >= from && m.end <= to;
    let shown: Vec<usize> = (marks.iter())
        .filter(|m| inside(m, first))
        .map(|m| m.unit)
        .collect();
    let rest: Vec<Mark> = (marks.iter())
        .filter(|m| inside(m, within) && !shown.contains(&m.unit))
        .copied()
        .collect();
    if rest.is_empty() {
        return None;
    }
    let (from, to) = window_of(&rest, len, SECOND_CHARS, SECOND_LEAD_CHARS);
    let (from, to) = (from.max(within.0), to.min(within.1));
    if to + JOIN_GAP_CHARS >= first.0 && from <= first.1 + JOIN_GAP_CHARS {
        return Some((from.min(first.0), to.max(first.1)));
    }
    Some((from, to))
}

/// [`window`], `chars` long, opening `lead` characters before its first
/// mark.
///
/// Each mark is tried as the window's anchor, and the marks inside are
/// found by binary search, so the cost is the number of marks times the
/// marks a window holds, not the number of marks squared.
fn window_of(marks: &[Mark], len: u32, chars: u32, lead: u32) -> (u32, u32) {
    let span = |from: u32| (from, (from + chars).min(len));
    let mut best = (0usize, 0usize, span(0));
    let mut seen: Vec<usize> = Vec::new();
    let starting_from = |at: u32| marks.partition_point(|m| m.start < at);
    for m in marks {
        let mut from = m.start.saturating_sub(lead).min(len.saturating_sub(chars));
        // Never open the excerpt in the middle of a match.
        let near = starting_from(from.saturating_sub(MAX_MARK_CHARS))..starting_from(from);
        if let Some(cut) = marks[near].iter().find(|o| o.end > from) {
            from = cut.start;
        }
        let (from, to) = span(from);
        seen.clear();
        let mut count = 0;
        for o in &marks[starting_from(from)..starting_from(to)] {
            if o.end > to {
                continue;
            }
            if !seen.contains(&o.unit) {
                seen.push(o.unit);
            }
            count += 1;
        }
        if (seen.len(), count) > (best.0, best.1) {
            best = (seen.len(), count, (from, to));
        }
    }
    best.2
}

/// Most characters an excerpt's end moves to reach the edge of a Latin
/// word it would cut.
pub const MAX_SNAP_CHARS: u32 = 16;

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Moves the ends of the window `from..to` of `chars` (whose first is
/// character `offset` of the body) off the middle of Latin words: the
/// window's character counts know nothing of words (`…ssion保持`). An end
/// inside a word moves out to the word's edge, widening the window by at
/// most [`MAX_SNAP_CHARS`]; a longer word (a hash, a URL) stays cut. Where
/// `chars` runs out inside a word, the window goes as far as it: the text
/// beyond is not loaded. At the start, where `chars` opens inside the body
/// and inside a Latin word, the window opens after the word: it may have
/// begun before.
pub fn snap_to_words(chars: &[char], offset: u32, from: u32, to: u32) -> (u32, u32) {
    let at = |i: u32| chars.get((i - offset) as usize).copied();
    let latin = |i: u32| i >= offset && at(i).is_some_and(is_latin);
    let end = offset + chars.len() as u32;
    let mut start = from;
    // The start is inside a word when `from` is a letter after a letter,
    // or a letter where `chars` opens inside the body: a piece of the body
    // opens anywhere, so a word may have begun before it.
    if latin(from) && (from > offset && latin(from - 1) || from == offset && offset > 0) {
        let mut back = from;
        while back > offset && latin(back - 1) && from - back < MAX_SNAP_CHARS {
            back -= 1;
        }
        if back == 0 || back > offset && !latin(back - 1) {
            start = back;
        } else if back == offset {
            // Its start is not at hand: open after it instead, when its
            // end is within reach.
            let mut ahead = from;
            while latin(ahead) && ahead - from < MAX_SNAP_CHARS {
                ahead += 1;
            }
            if !latin(ahead) && ahead < to {
                start = ahead;
            }
        }
    }
    let mut stop = to;
    if to < end && to > start && latin(to) && latin(to - 1) {
        let mut ahead = to;
        while ahead < end && latin(ahead) && ahead - to < MAX_SNAP_CHARS {
            ahead += 1;
        }
        if ahead == end || !latin(ahead) {
            stop = ahead;
        }
    }
    (start, stop)
}

/// Renders `text`, which is characters `from..from + text.len()` of a body
/// of `len` characters, with the marks that fall in it.
pub fn render(text: &str, from: u32, len: u32, marks: &[Mark]) -> String {
    render_chars(&text.chars().collect::<Vec<char>>(), from, len, marks)
}

/// [`render`] of text already split into characters.
pub fn render_chars(chars: &[char], from: u32, len: u32, marks: &[Mark]) -> String {
    let to = from + chars.len() as u32;
    let mut out = String::with_capacity(chars.len() * 3 + 64);
    if from > 0 {
        out.push('…');
    }
    let flush = |a: u32, b: u32, out: &mut String| {
        for &c in &chars[(a - from) as usize..(b - from) as usize] {
            escape_char(c, out);
        }
    };
    let mut at = from;
    for (start, end) in merged(marks, from, to) {
        flush(at, start, &mut out);
        out.push_str("<mark>");
        flush(start, end, &mut out);
        out.push_str("</mark>");
        at = end;
    }
    flush(at, to, &mut out);
    if to < len {
        out.push('…');
    }
    out
}

/// Marks clipped to `from..to`, overlapping or touching ones merged.
fn merged(marks: &[Mark], from: u32, to: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for m in marks {
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

    fn mark(start: u32, end: u32, unit: usize) -> Mark {
        Mark { start, end, unit }
    }

    #[test]
    fn marks_and_escapes() {
        let text = "<b>灰度发布</b> 用 Istio 做灰度";
        let marks = [
            mark(3, 5, 0),
            mark(5, 7, 0),
            mark(14, 19, 1),
            mark(21, 23, 0),
        ];
        assert_eq!(
            render(text, 0, 23, &marks),
            "&lt;b&gt;<mark>灰度发布</mark>&lt;/b&gt; 用 <mark>Istio</mark> 做<mark>灰度</mark>"
        );
    }

    #[test]
    fn window_goes_to_the_densest_matches() {
        // One unit alone at 150, both units together at 300.
        let marks = [mark(150, 152, 0), mark(300, 302, 0), mark(302, 304, 1)];
        assert_eq!(window(&marks, 1000), (300 - LEAD_CHARS, 400 - LEAD_CHARS));
        assert_eq!(window(&marks, 350), (250, 350));
        assert_eq!(window(&[], 30), (0, 30));
    }

    #[test]
    fn ellipses_show_cut_ends() {
        assert_eq!(render("abc", 5, 10, &[]), "…abc…");
        assert_eq!(render("abc", 0, 3, &[mark(1, 9, 0)]), "a<mark>bc</mark>");
    }

    #[test]
    fn many_marks_cost_what_a_window_holds() {
        // 200,000 marks: the old pairwise comparison made this 4·10^10
        // steps; now it is the marks times the few a window holds.
        let marks: Vec<Mark> = (0..200_000)
            .map(|i| mark(i * 7, i * 7 + 2, (i % 3) as usize))
            .collect();
        let (from, to) = window(&marks, 7 * 200_000);
        assert_eq!((from, to), (0, 100));
    }

    #[test]
    fn windows_snap_to_whole_latin_words() {
        let chars: Vec<char> = "会话 session 保持 kubernetes集群".chars().collect();
        // `from` at "ssion", `to` inside "kubernetes": both move out.
        assert_eq!(snap_to_words(&chars, 0, 5, 15), (3, 24));
        // The same with the text starting at body character 100.
        assert_eq!(snap_to_words(&chars, 100, 105, 115), (103, 124));
        // Ends that fall between words stay.
        assert_eq!(snap_to_words(&chars, 0, 2, 11), (2, 11));
        // CJK has no words to cut.
        assert_eq!(snap_to_words(&chars, 0, 1, 13), (1, 13));
        // An edge beyond the snap reach leaves its end cut: the start of
        // this 40-letter word is 18 back, its end 12 ahead.
        let long: Vec<char> = format!("a {} b", "x".repeat(40)).chars().collect();
        assert_eq!(snap_to_words(&long, 0, 20, 30), (20, 42));
        // Text that opens inside the body, on a Latin letter, may open
        // inside a word: the window opens after it (`…ependencies；`).
        let opened: Vec<char> = "ependencies；etcd集群".chars().collect();
        assert_eq!(snap_to_words(&opened, 400, 400, 418), (411, 418));
        // At the body's start, a word is whole.
        assert_eq!(snap_to_words(&opened, 0, 0, 18), (0, 18));
        // Where the text runs out inside a word, the end goes as far as
        // the text.
        let cut: Vec<char> = "集群 kube".chars().collect();
        assert_eq!(snap_to_words(&cut, 0, 0, 5), (0, 7));
    }

    #[test]
    fn a_second_stretch_shows_the_units_the_window_misses() {
        // Unit 1 at 20, unit 0 at 135, 150 and 300, all in a piece
        // 0..528: the window goes to unit 0's pair.
        let marks = [
            mark(20, 22, 1),
            mark(135, 137, 0),
            mark(150, 152, 0),
            mark(300, 302, 0),
        ];
        let first = window(&marks, 528);
        assert_eq!(first, (135 - LEAD_CHARS, 235 - LEAD_CHARS));
        // Unit 1 has a stretch of its own, opening a little before it.
        let second = second_window(&marks, first, (0, 528), 528);
        assert_eq!(
            second,
            Some((20 - SECOND_LEAD_CHARS, 60 - SECOND_LEAD_CHARS))
        );
        // Not when the window holds every unit, nor for a unit whose
        // marks are past the text at hand.
        assert_eq!(second_window(&marks[1..], first, (0, 528), 528), None);
        assert_eq!(second_window(&marks, first, (100, 528), 528), None);
        // Nearly touching the window, it joins it.
        let near = [mark(183, 185, 0), mark(190, 192, 2), mark(280, 282, 1)];
        let first = window(&near, 528);
        assert_eq!(first, (167, 267));
        assert_eq!(second_window(&near, first, (0, 528), 528), Some((167, 312)));
    }

    #[test]
    fn window_does_not_open_inside_a_match() {
        // Anchored on the second mark, the window would open at 144,
        // inside the first; it opens at the first's start instead, and
        // then holds all three units.
        let marks = [mark(120, 150, 0), mark(160, 162, 1), mark(215, 217, 2)];
        assert_eq!(window(&marks, 1000), (120, 220));
    }
}
