//! The encoding of a built page, found as a browser finds it, so that an
//! older Chinese blog's GBK or Big5 pages are read rather than refused.
//!
//! In order: a byte order mark; else a `<meta charset=…>` or
//! `<meta http-equiv="Content-Type" content="…; charset=…">` in the first
//! 1024 bytes (outside comments); else UTF-8. A page is decoded strictly: a
//! byte its encoding does not allow is an error with its line, not a
//! replacement character in the index, since it most often means the
//! declaration is wrong.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// How far into a page a declaration is looked for, as browsers do.
const PRESCAN_BYTES: usize = 1024;

/// Why a page could not be decoded, with the 1-based line of the first
/// bad byte.
#[derive(Debug, PartialEq, Eq)]
pub enum Malformed {
    /// Not UTF-8, and no other encoding declared.
    Utf8 { line: usize },
    /// Not valid in the encoding the page declares (its WHATWG name).
    Declared { encoding: &'static str, line: usize },
}

/// The 1-based line that byte `at` of `bytes` is on.
pub fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A page's text, in the encoding it declares.
pub fn decode_page(bytes: Vec<u8>) -> Result<String, Malformed> {
    let (encoding, bom) = match Encoding::for_bom(&bytes) {
        Some(found) => found,
        None => (declared(&bytes).unwrap_or(UTF_8), 0),
    };
    if encoding == UTF_8 {
        let mut bytes = bytes;
        bytes.drain(..bom);
        return String::from_utf8(bytes).map_err(|e| {
            let good = e.utf8_error().valid_up_to();
            Malformed::Utf8 {
                line: line_at(e.as_bytes(), good),
            }
        });
    }
    let body = &bytes[bom..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(usize::MAX);
    let mut text = String::with_capacity(capacity);
    match decoder.decode_to_string_without_replacement(body, &mut text, true) {
        (DecoderResult::InputEmpty, _) => Ok(text),
        (DecoderResult::Malformed(..), read) => Err(Malformed::Declared {
            encoding: encoding.name(),
            line: line_at(body, read),
        }),
        // The capacity above is the decoder's own bound, so this is not
        // reached; a page that did would be refused, not cut short.
        (DecoderResult::OutputFull, read) => Err(Malformed::Declared {
            encoding: encoding.name(),
            line: line_at(body, read),
        }),
    }
}

/// The encoding a page's `<meta>` declares in its first 1024 bytes. As in
/// browsers, a page cannot declare UTF-16 this way (it would not be
/// readable as ASCII to say so): that means UTF-8.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN_BYTES)].to_ascii_lowercase();
    let mut at = 0;
    while at < head.len() {
        let rest = &head[at..];
        if rest.starts_with(b"<!--") {
            at += find(&rest[4..], b"-->").map_or(head.len(), |end| 4 + end + 3);
        } else if rest.starts_with(b"<meta")
            && rest.get(5).is_some_and(|b| !b.is_ascii_alphanumeric())
        {
            let tag = &rest[..find(rest, b">").unwrap_or(rest.len())];
            if let Some(encoding) = charset_in(tag).and_then(Encoding::for_label) {
                return Some(encoding.output_encoding());
            }
            at += tag.len().max(1);
        } else {
            at += 1;
        }
    }
    None
}

/// The label after `charset=` in a meta tag, in either of its forms.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let after = &tag[find(tag, b"charset")? + "charset".len()..];
    let after = after
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let after = after
        .strip_prefix(b"\"")
        .or(after.strip_prefix(b"'"))
        .unwrap_or(after);
    let end = after
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(after.len());
    (end > 0).then(|| &after[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    #[test]
    fn a_page_is_read_in_the_charset_its_meta_declares() {
        let page = "<html><head><meta charset=\"gb2312\"><title>容器网络</title></head>\n<body><h1>集群</h1></body></html>";
        assert_eq!(decode_page(gbk(page)).unwrap(), page);
        let old = "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">\n<p>服务网格</p>";
        assert_eq!(decode_page(gbk(old)).unwrap(), old);
        let big5 = "<meta charset='big5'>\n<p>叢集與記憶體</p>";
        let bytes = encoding_rs::BIG5.encode(big5).0.into_owned();
        assert_eq!(decode_page(bytes).unwrap(), big5);
    }

    #[test]
    fn without_a_declaration_a_page_is_utf8() {
        assert_eq!(decode_page("<p>集群</p>".into()).unwrap(), "<p>集群</p>");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<p>集群</p>".as_bytes());
        assert_eq!(decode_page(bom).unwrap(), "<p>集群</p>");
        assert_eq!(
            decode_page(gbk("<p>\n集群</p>")),
            Err(Malformed::Utf8 { line: 2 })
        );
    }

    #[test]
    fn a_declaration_in_a_comment_or_past_the_prescan_is_not_one() {
        let commented = "<!-- <meta charset=\"gbk\"> -->\n<p>集群</p>";
        assert_eq!(decode_page(commented.into()).unwrap(), commented);
        let late = format!(
            "{}<meta charset=\"gbk\"><p>集群</p>",
            " ".repeat(PRESCAN_BYTES)
        );
        assert_eq!(decode_page(late.clone().into()).unwrap(), late);
        // A label no browser knows is no declaration, and UTF-16 cannot be
        // declared from inside the page.
        let unknown = "<meta charset=\"klingon\"><p>集群</p>";
        assert_eq!(decode_page(unknown.into()).unwrap(), unknown);
        let utf16 = "<meta charset=\"utf-16\"><p>集群</p>";
        assert_eq!(decode_page(utf16.into()).unwrap(), utf16);
    }

    #[test]
    fn a_byte_the_declared_charset_forbids_is_an_error_with_its_line() {
        let mut bytes = gbk("<meta charset=\"gbk\">\n<p>集群\n");
        bytes.extend_from_slice(&[0x81, 0x20]);
        assert_eq!(
            decode_page(bytes),
            Err(Malformed::Declared {
                encoding: "GBK",
                line: 3
            })
        );
    }
}
