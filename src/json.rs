//! Results as JSON text, which the page parses with `JSON.parse`.
//!
//! Handing JavaScript one string is cheaper than building its objects
//! field by field through wasm-bindgen (a call and a UTF-8 decode for
//! every key and value), and a string crosses from the worker to the page
//! as one copy, where an object graph is cloned node by node. The text has
//! exactly the shape of the `Serialize` impls in [`crate::search`]
//! (`tests/wasm.rs` holds the two together), written without serde_json,
//! whose float formatting alone would add kilobytes to the wasm.
//!
//! Plain Rust, outside `wasm`, so that its tests run natively.

use crate::analysis::sub;
use crate::format::filters::Key;
use crate::index::Missing;
use crate::search::{Hit, Results};

/// Significant digits of a score: ten always give back the same `f32`
/// (nine are enough when rounded exactly; the tenth absorbs the error of
/// scaling in `f64`).
const SCORE_DIGITS: u64 = 1_000_000_000;

/// `{ query, terms, match, partial, corrected, truncated, left_out, total, hits }`.
pub fn results(r: &Results) -> String {
    let mut o = Writer::default();
    o.open();
    o.key("query");
    o.string(&r.query);
    o.key("terms");
    o.strings(&r.terms);
    o.key("match");
    o.string(r.step.name());
    o.key("partial");
    o.bool(r.partial);
    o.key("corrected");
    o.open();
    for (typed, meant) in &r.corrected.0 {
        o.key(typed);
        o.string(meant);
    }
    o.close();
    o.key("truncated");
    o.bool(r.truncated);
    o.key("left_out");
    o.strings(&r.left_out);
    o.key("total");
    o.unsigned(r.total as u64);
    o.key("hits");
    o.list(&r.hits, Writer::hit);
    o.close();
    o.out
}

/// `{ need: [file names] }`.
pub fn need(missing: &Missing) -> String {
    let mut o = Writer::default();
    o.open();
    o.key("need");
    o.strings(&missing.names());
    o.close();
    o.out
}

/// `{ key: { value: pages } }`.
pub fn counts(keys: &[Key]) -> String {
    let mut o = Writer::default();
    o.open();
    for key in keys {
        o.key(&key.name);
        o.open();
        for value in &key.values {
            o.key(&value.name);
            o.unsigned(value.pages.len() as u64);
        }
        o.close();
    }
    o.close();
    o.out
}

/// Appends JSON to `out`, putting the commas between members itself.
#[derive(Default)]
struct Writer {
    out: String,
    /// Whether the next member or element is the first of its container.
    first: bool,
}

impl Writer {
    fn open(&mut self) {
        self.element();
        self.out.push('{');
        self.first = true;
    }

    fn close(&mut self) {
        self.out.push('}');
        self.first = false;
    }

    /// A separator before a value that is not the first in its container;
    /// a value after a key is never first, nor preceded by a comma.
    fn element(&mut self) {
        if !self.first && !self.out.is_empty() && !self.out.ends_with(':') {
            self.out.push(',');
        }
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.string(key);
        self.out.push(':');
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.element();
        self.out.push('[');
        self.first = true;
        for item in items {
            each(self, item);
        }
        self.out.push(']');
        self.first = false;
    }

    fn strings(&mut self, items: &[String]) {
        self.list(items, |o, s| o.string(s));
    }

    fn bool(&mut self, b: bool) {
        self.element();
        self.out.push_str(if b { "true" } else { "false" });
    }

    fn unsigned(&mut self, n: u64) {
        self.element();
        digits(&mut self.out, n);
    }

    fn string(&mut self, s: &str) {
        self.element();
        self.out.push('"');
        // What needs escaping is ASCII, and no byte of a multi-byte UTF-8
        // character is: the runs between escapes are copied whole, not a
        // character at a time (an excerpt is hundreds of characters).
        let mut from = 0;
        for (at, &b) in s.as_bytes().iter().enumerate() {
            if b >= b' ' && b != b'"' && b != b'\\' {
                continue;
            }
            self.out.push_str(sub(s, from, at));
            from = at + 1;
            match b {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                _ => {
                    self.out.push_str("\\u00");
                    let hex = b"0123456789abcdef";
                    self.out.push(hex[usize::from(b >> 4)] as char);
                    self.out.push(hex[usize::from(b & 15)] as char);
                }
            }
        }
        self.out.push_str(sub(s, from, s.len()));
        self.out.push('"');
    }

    /// A score: `digits e exponent`, as JSON allows. Not the shortest
    /// form, but one that gives back the same `f32`. A score is finite;
    /// if one ever were not, it is written as 0, since JSON has no
    /// infinity.
    fn score(&mut self, x: f32) {
        self.element();
        if !x.is_finite() || x == 0.0 {
            self.out.push('0');
            return;
        }
        if x < 0.0 {
            self.out.push('-');
        }
        // x = v · 10^-shift, with v scaled into [10^9, 10^10).
        let mut v = f64::from(x.abs());
        let mut shift = 0i32;
        while v >= (SCORE_DIGITS * 10) as f64 {
            v /= 10.0;
            shift -= 1;
        }
        while v < SCORE_DIGITS as f64 {
            v *= 10.0;
            shift += 1;
        }
        let mut n = v.round() as u64;
        while n.is_multiple_of(10) {
            n /= 10;
            shift -= 1;
        }
        digits(&mut self.out, n);
        if shift != 0 {
            self.out.push('e');
            if shift > 0 {
                self.out.push('-');
            }
            digits(&mut self.out, u64::from(shift.unsigned_abs()));
        }
    }

    fn hit(&mut self, hit: &Hit) {
        self.open();
        self.key("url");
        self.string(&hit.url);
        self.key("page_url");
        self.string(&hit.page_url);
        self.key("title");
        self.string(&hit.title);
        self.key("heading");
        self.string(&hit.heading);
        self.key("excerpt");
        self.string(&hit.excerpt);
        self.key("score");
        self.score(hit.score);
        self.key("date");
        self.string(&hit.date);
        self.key("tags");
        self.strings(&hit.tags);
        self.key("matched");
        self.strings(&hit.matched);
        self.key("missing");
        self.strings(&hit.missing);
        self.key("marked");
        self.strings(&hit.marked);
        self.key("partial");
        self.bool(hit.partial);
        // Absent, not null, when hits are sections.
        if let Some(sections) = &hit.sections {
            self.key("sections");
            self.list(sections, Self::hit);
        }
        if let Some(total) = hit.sections_total {
            self.key("sections_total");
            self.unsigned(total as u64);
        }
        self.close();
    }
}

/// A number in decimal, without `core::fmt`.
fn digits(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[at..] {
        out.push(b as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(x: f32) -> String {
        let mut o = Writer::default();
        o.score(x);
        o.out
    }

    #[test]
    fn scores_give_back_the_same_f32() {
        let mut x = 1.0e-30f32;
        let mut checked = 0;
        while x < 1.0e30 {
            for y in [x, -x, x * 1.000_001, x * 3.7] {
                let text = score(y);
                let back: f64 = text.parse().unwrap();
                assert_eq!(back as f32, y, "{y} → {text}");
                checked += 1;
            }
            x *= 1.37;
        }
        assert!(checked > 800);
        assert_eq!(score(0.0), "0");
        assert_eq!(score(f32::NAN), "0");
        assert_eq!(score(156.5), "1565e-1");
        assert_eq!(score(2000.0), "2e3");
    }

    #[test]
    fn strings_are_escaped() {
        let mut o = Writer::default();
        o.string("a\"b\\c\nd\u{1}e\u{7f}灰度");
        // DEL and everything past it need no escape in JSON.
        assert_eq!(o.out, "\"a\\\"b\\\\c\\nd\\u0001e\u{7f}灰度\"");
    }

    #[test]
    fn commas_go_between_members_and_elements() {
        let mut o = Writer::default();
        o.open();
        o.key("a");
        o.strings(&["x".to_owned(), "y".to_owned()]);
        o.key("b");
        o.open();
        o.close();
        o.key("c");
        o.list(&[1u64, 2], |o, &n| o.unsigned(n));
        o.key("d");
        o.strings(&[]);
        o.close();
        assert_eq!(o.out, r#"{"a":["x","y"],"b":{},"c":[1,2],"d":[]}"#);
    }

    #[test]
    fn need_lists_the_files() {
        let mut missing = Missing::default();
        missing.insert(crate::format::FileId::Dictionary(3));
        assert_eq!(need(&missing), r#"{"need":["d/0/3.xun"]}"#);
    }
}
