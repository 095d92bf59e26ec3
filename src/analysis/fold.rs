//! Folding: NFKC, then lower case, then final sigma to sigma. The indexer
//! also folds traditional Chinese to simplified (`fold_mapped`); the
//! runtime does that step with its index's table (`Index::simplify`).
//!
//! The native build normalises and lowercases with `unicode-normalization`
//! and Rust's case tables; the wasm asks the browser
//! (`String.prototype.normalize` and `toLowerCase`), which keeps both sets
//! of Unicode tables out of the wasm. The two agree except for characters
//! added in a Unicode version one side lacks, and for final sigma, which
//! JavaScript lowercases to `ς`: the per-character rules fold it to `σ`.

/// Folds text for indexing and querying.
pub fn fold(text: &str) -> String {
    // Most of a Chinese blog's text: done here, without the browser's
    // normalize and toLowerCase, whose calls out of the wasm took a fifth
    // of a warm search (excerpts fold their text a character at a time).
    if text.chars().all(|c| quick_fold(c).is_some()) {
        return text.chars().filter_map(quick_fold).collect();
    }
    let lowered = nfkc_lowercase(text);
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        fold_lowered(c, &mut out);
    }
    out
}

/// What NFKC and lower case make of a character, for the characters of
/// most Chinese text: ASCII, the CJK unified ideographs (the basic block
/// and extension A), full-width ASCII (`，`, `？`, `Ｋ`) and the commonest
/// CJK punctuation. None of them is a combining mark or composes with
/// another, so a text made of them only folds character by character.
/// `None` for any other character, which takes the long way. (The
/// compatibility ideographs, U+F900…, are not among them: NFKC maps them.)
fn quick_fold(c: char) -> Option<char> {
    match c as u32 {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(c),
        // Full-width forms of ASCII's printable characters.
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).map(|a| a.to_ascii_lowercase()),
        // The ideographic space.
        0x3000 => Some(' '),
        // 、。〈〉《》「」『』【】 and curly quotes: left as they are.
        0x3001 | 0x3002 | 0x3008..=0x3011 | 0x2018 | 0x2019 | 0x201C | 0x201D => Some(c),
        _ => None,
    }
}

/// The rule that applies after NFKC and lower case, character by
/// character.
fn fold_lowered(c: char, out: &mut String) {
    out.push(if c == 'ς' { 'σ' } else { c });
}

/// [`fold`], then traditional characters to simplified with the full
/// table: what the indexer does to text. For tools and tests.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold_simplified(text: &str) -> String {
    fold(text).chars().map(super::t2s::to_simplified).collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn nfkc_lowercase(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        push_lowercase(c, &mut out);
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
fn push_lowercase(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

#[cfg(target_arch = "wasm32")]
fn nfkc_lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let js = js_sys::JsString::from(text)
        .normalize("NFKC")
        .to_lower_case();
    String::from(js)
}

/// Folds text as [`fold`] does, and maps each folded character back to
/// the index of the original character it came from. The indexer uses it
/// so that positions count characters of the text as displayed.
///
/// Normalisation runs per segment (a character and the combining marks
/// after it), which is what composes; a compatibility character that
/// expands (`㎏` → `kg`) maps every output character to itself.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold_mapped(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let end = segment_end(&chars, i);
        let before = out.len();
        fold_segment(&chars[i..end], &mut out);
        map.extend(
            super::sub(&out, before, out.len())
                .chars()
                .map(|_| i as u32),
        );
        i = end;
    }
    (out, map)
}

/// The end of the segment that starts at `i`: the combining marks after it.
#[cfg(not(target_arch = "wasm32"))]
fn segment_end(chars: &[char], i: usize) -> usize {
    use unicode_normalization::char::canonical_combining_class;
    let mut end = i + 1;
    while end < chars.len() && canonical_combining_class(chars[end]) != 0 {
        end += 1;
    }
    end
}

/// Folds one segment, traditional characters to simplified.
#[cfg(not(target_arch = "wasm32"))]
fn fold_segment(segment: &[char], out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    let mut lowered = String::new();
    match segment {
        [c] if c.is_ascii() || super::is_cjk(*c) => push_lowercase(*c, &mut lowered),
        _ => {
            let segment: String = segment.iter().collect();
            for c in segment.nfkc() {
                push_lowercase(c, &mut lowered);
            }
        }
    }
    for c in lowered.chars() {
        fold_lowered(super::t2s::to_simplified(c), out);
    }
}

/// A character as [`fold_mapped`] folds it on its own.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold_char(c: char) -> String {
    let mut out = String::new();
    fold_segment(&[c], &mut out);
    out
}

/// Whether [`fold_mapped`] folds `text` character by character, as
/// [`fold_char`] does: it has no combining mark after another character.
#[cfg(not(target_arch = "wasm32"))]
pub fn folds_by_char(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).all(|i| segment_end(&chars, i) == i + 1)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("ＫＵＢＥＲＮＥＴＥＳ　集群"), "kubernetes 集群");
        assert_eq!(fold("Istio灰度"), "istio灰度");
        assert_eq!(fold("①"), "1");
        assert_eq!(fold("ΣΟΦΟΣ"), "σοφοσ");
        assert_eq!(fold("網絡"), "網絡");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod shortcut_tests {
    use super::{nfkc_lowercase, quick_fold};

    /// The shortcut in `fold` gives what NFKC and lower case give, for
    /// every character it takes, alone and beside the others.
    #[test]
    fn the_shortcut_agrees_with_nfkc_and_lower_case() {
        let taken: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| quick_fold(c).is_some())
            .collect();
        assert_eq!(taken.len(), 128 + 6592 + 20992 + 94 + 1 + 2 + 10 + 4);
        for &c in &taken {
            let folded = quick_fold(c).map(String::from);
            assert_eq!(
                Some(nfkc_lowercase(&c.to_string())),
                folded,
                "U+{:04X}",
                c as u32
            );
        }
        let mixed: String = taken.iter().step_by(7).collect();
        let quick: String = mixed.chars().filter_map(quick_fold).collect();
        assert_eq!(nfkc_lowercase(&mixed), quick);
        // Just outside: a compatibility ideograph, and an ellipsis, which
        // NFKC makes three dots.
        assert_eq!(quick_fold('\u{F900}'), None);
        assert_eq!(quick_fold('…'), None);
        assert_eq!(nfkc_lowercase("…"), "...");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod mapped_tests {
    use super::fold_mapped;

    #[test]
    fn mapped_folding_agrees_with_fold_and_points_back() {
        for text in [
            "ＫＵＢＥ－ＰＲＯＸＹ　集群",
            "Cafe\u{301} ㎏ Ａ①",
            "容器网络",
        ] {
            let (folded, map) = fold_mapped(text);
            assert_eq!(folded, super::fold_simplified(text), "{text}");
            assert_eq!(map.len(), folded.chars().count());
            assert!(map.windows(2).all(|w| w[0] <= w[1]));
        }
        let (folded, _) = fold_mapped("網絡ＡＢ");
        assert_eq!(folded, "网络ab");
        let (folded, map) = fold_mapped("a㎏b");
        assert_eq!(folded, "akgb");
        assert_eq!(map, [0, 1, 1, 2]);
        let (folded, map) = fold_mapped("e\u{301}x");
        assert_eq!((folded.as_str(), map), ("\u{e9}x", vec![0, 2]));
    }
}
