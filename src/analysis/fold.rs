//! Folding: NFKC, then lower case, character by character.
//!
//! The native build normalises with `unicode-normalization`; the wasm uses
//! the browser's own `String.prototype.normalize`, which keeps the Unicode
//! tables out of the wasm. The two can differ only for characters added
//! in a Unicode version one side lacks.

/// Folds text for indexing and querying.
pub fn fold(text: &str) -> String {
    let normalized = nfkc(text);
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// The per-character part of folding, without NFKC. Excerpts use it to
/// find matches in display text while keeping a map back to the original.
pub fn fold_char(c: char, out: &mut String) {
    // Full-width ASCII is the NFKC mapping that matters most in Chinese
    // text; doing it here too keeps excerpt matching in step with `fold`.
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn nfkc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfkc().collect())
    }
}

#[cfg(target_arch = "wasm32")]
fn nfkc(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let normalized = js_sys::JsString::from(text).normalize("NFKC");
    std::borrow::Cow::Owned(String::from(normalized))
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_width_and_case() {
        assert_eq!(fold("ＫＵＢＥＲＮＥＴＥＳ　集群"), "kubernetes 集群");
        assert_eq!(fold("Istio灰度"), "istio灰度");
        assert_eq!(fold("①"), "1");
    }
}
