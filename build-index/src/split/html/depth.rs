//! Caps how deeply a page's elements nest before it is parsed.
//!
//! html5ever looks through the stack of open elements for every start tag
//! (is a `<p>` open, is a `<button>` in scope…), so a page of 100,000
//! nested `<div>`s takes time quadratic in its size: 26 s for 600 KB.
//! Browsers cap the depth of the tree they build (Blink at 512); here, a
//! start tag that would nest deeper than [`MAX_DEPTH`] is dropped with its
//! end tag, and its text is kept. Real pages never come near the cap, and
//! for them the text is returned untouched.
//!
//! The scan is a small tokenizer of its own, linear in the page: it knows
//! comments, raw-text elements (`<script>`, `<style>`, `<textarea>`…),
//! void elements, quoted attribute values, and the elements whose end tag
//! is optional (`<p>`, `<li>`, `<td>`…), which close themselves and so
//! never nest.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest nesting parsed as nesting.
pub const MAX_DEPTH: usize = 512;

/// Elements without content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];
/// Elements closed by their next sibling or their parent's end.
const SELF_CLOSING: [&str; 17] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc",
    "tbody", "thead", "tfoot", "colgroup",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The page with tags nested deeper than [`MAX_DEPTH`] removed.
pub fn limit(html: &str) -> Cow<'_, str> {
    if max_depth(html) <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    // Per element name, end tags still to drop for the start tags dropped.
    // A map, not a list: a hostile page may drop 100,000 distinct names.
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut copied = 0;
    scan(html, |tag| {
        let drop = match &tag.kind {
            // Headings stay: they start the sections.
            Kind::Open(name) if depth >= MAX_DEPTH && !is_heading(name) => {
                *dropped.entry(name.clone()).or_default() += 1;
                true
            }
            Kind::Open(_) => {
                depth += 1;
                false
            }
            Kind::Close(name) => match dropped.get_mut(name).filter(|n| **n > 0) {
                Some(n) => {
                    *n -= 1;
                    true
                }
                None => {
                    depth = depth.saturating_sub(1);
                    false
                }
            },
            Kind::Other => false,
        };
        if drop {
            out.push_str(&html[copied..tag.start]);
            copied = tag.end;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The deepest nesting of the page's elements, as [`limit`] counts it.
fn max_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0);
    scan(html, |tag| match tag.kind {
        Kind::Open(_) => {
            depth += 1;
            max = max.max(depth);
        }
        Kind::Close(_) => depth = depth.saturating_sub(1),
        Kind::Other => {}
    });
    max
}

/// A tag found by [`scan`], at bytes `start..end`.
struct Tag {
    start: usize,
    end: usize,
    kind: Kind,
}

enum Kind {
    /// A start tag of an element that nests (lower-case name).
    Open(String),
    /// An end tag (lower-case name).
    Close(String),
    /// A void, self-closing or optional-end start tag.
    Other,
}

/// Calls `f` with every start and end tag outside comments and raw text.
fn scan(html: &str, mut f: impl FnMut(Tag)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // `<!doctype>`, `<?…>`, or a `<` that is text.
            i = if matches!(rest.get(1), Some(b'!' | b'?')) {
                memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1)
            } else {
                start + 1
            };
            continue;
        }
        let name_end = bytes[name_at..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(bytes.len(), |p| name_at + p);
        let name = html[name_at..name_end].to_ascii_lowercase();
        let end = tag_end(bytes, name_end);
        if closing {
            f(Tag {
                start,
                end,
                kind: Kind::Close(name),
            });
            i = end;
            continue;
        }
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        let nests = !self_closed
            && !VOID.contains(&name.as_str())
            && !SELF_CLOSING.contains(&name.as_str());
        if name == "plaintext" {
            // Everything after it is text.
            return;
        }
        let raw = RAW_TEXT.contains(&name.as_str());
        f(Tag {
            start,
            end,
            kind: if nests {
                Kind::Open(name.clone())
            } else {
                Kind::Other
            },
        });
        i = if raw && !self_closed {
            raw_text_end(bytes, end, &name)
        } else {
            end
        };
    }
}

/// Where a tag whose name ends at `from` ends: past its `>`, outside quoted
/// attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return from + k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Where the raw text of `name`, starting at `from`, ends: at its end tag.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let tag = bytes.get(at + 2..at + 2 + name.len());
        if bytes.get(at + 1) == Some(&b'/')
            && tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
        {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_are_untouched() {
        let page = "<!doctype html><html><head><title>a<b</title><script>if (a<b) x('</div>')</script></head>\
                    <body><!-- <div> --><ul><li>one<li>two</ul><p>x<p>y<br><img src=a><div a='>'>t</div></body></html>";
        assert!(matches!(limit(page), Cow::Borrowed(_)));
        assert_eq!(max_depth(page), 3, "html, body, ul or div");
    }

    #[test]
    fn deep_nesting_is_cut_at_the_cap_and_text_is_kept() {
        let n = MAX_DEPTH + 1000;
        let page = format!(
            "<article>{}<h2 id=x>深</h2>文字{}</article><p>后</p>",
            "<div class=d>".repeat(n),
            "</div>".repeat(n)
        );
        let limited = limit(&page);
        assert_eq!(max_depth(&limited), MAX_DEPTH + 1, "the heading stays");
        assert!(limited.contains("深</h2>文字"));
        assert!(limited.ends_with("</article><p>后</p>"));
        assert_eq!(limited.matches("<div").count(), MAX_DEPTH - 1);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH - 1);
    }

    #[test]
    fn many_distinct_names_past_the_cap_are_dropped_in_linear_time() {
        let n = 100_000;
        let open: String = (0..n).map(|i| format!("<x{i}>")).collect();
        let close: String = (0..n).rev().map(|i| format!("</x{i}>")).collect();
        let page = format!(
            "<article>{}{open}斑马{close}{}</article>",
            "<div>".repeat(MAX_DEPTH),
            "</div>".repeat(MAX_DEPTH)
        );
        let start = std::time::Instant::now();
        let limited = limit(&page);
        // 43 s when each dropped name was looked up in a list.
        assert!(start.elapsed().as_secs() < 5);
        assert!(limited.contains("斑马"));
        assert!(!limited.contains("<x0>") && !limited.contains("</x0>"));
        assert!(limited.ends_with("</div></article>"));
    }
}
