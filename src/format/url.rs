//! Which page URLs an index may hold.
//!
//! A hit's URL becomes a link in the reader's page, so the indexer refuses
//! to write any other, and the runtime refuses a record bucket that holds one
//! (a crafted or damaged file is then a [`crate::Error::Corrupt`]). The
//! widget checks links once more, but the index must not depend on it.
//!
//! A URL is safe when it is a web URL or a path on the site:
//!
//! * with a scheme, only `http://` or `https://` followed by a host;
//! * without one, not starting with `//` (a protocol-relative URL leaves
//!   the site, `//evil.example/x`);
//! * nowhere a backslash (browsers read `/\evil.example` as
//!   `//evil.example`), an ASCII control character or whitespace (browsers
//!   drop tabs and newlines inside URLs, so `java\tscript:` is a scheme).

/// Checks a page URL; the error says what is wrong with it.
pub fn check(url: &str) -> Result<(), &'static str> {
    if url.is_empty() {
        return Err("an empty URL");
    }
    if url.contains('\\') {
        return Err("a backslash in a URL (browsers read it as a slash)");
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("whitespace or a control character in a URL");
    }
    match scheme(url) {
        Some(scheme) => {
            let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
            if !web {
                return Err("a URL scheme other than http or https");
            }
            let rest = crate::analysis::sub(url, scheme.len() + 1, url.len());
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next());
            match host {
                Some(Some(host)) if !host.is_empty() => Ok(()),
                _ => Err("an http(s) URL without a host"),
            }
        }
        None if url.starts_with("//") => Err("a URL starting with // (it leaves the site)"),
        None => Ok(()),
    }
}

/// The scheme of a URL, as a browser finds it: a letter, then letters,
/// digits, `+`, `-` or `.`, before a `:` that comes before any `/`, `?` or
/// `#`.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let candidate = crate::analysis::sub(url, 0, end);
    let mut chars = candidate.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (crate::analysis::sub(url, end, url.len()).starts_with(':') && starts && rest)
        .then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn site_paths_and_web_urls_pass() {
        for url in [
            "/",
            "/posts/容器网络/",
            "./posts/a/",
            "../blog/a.html",
            "posts/a/",
            "https://example.org/a/",
            "HTTP://example.org",
            "/a:b/",
            "/search?q=a#b",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn ways_out_of_the_site_are_refused() {
        for url in [
            "",
            "/\\evil.example/x",
            "\\\\evil.example",
            "//evil.example/x",
            "javascript:alert(1)",
            "javascript://%0aalert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "http:evil",
            "https://",
            "/a b/",
            "/a\u{0}b",
        ] {
            assert!(check(url).is_err(), "{url:?}");
        }
    }
}
