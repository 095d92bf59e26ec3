//! A page's URL from its path in the built site, and whether a link names
//! the same page (for `<link rel="canonical">`).

use std::path::Path;

/// The URL a page is served at: its path under the site root, with
/// `index.html` left to the server.
pub fn page_url(base: &str, rel: &Path) -> String {
    let path: Vec<String> = rel
        .components()
        .map(|c| encode_path_segment(&c.as_os_str().to_string_lossy()))
        .collect();
    let path = path.join("/");
    let dir = path
        .strip_suffix("index.html")
        .filter(|d| d.is_empty() || d.ends_with('/'));
    format!("{base}{}", dir.unwrap_or(&path))
}

/// A file name as a URL path segment: ASCII that a URL cannot hold as is
/// (space, `#`, `?`, `%`, a backslash, control characters…) is
/// percent-encoded, so the link reaches the file; other characters, CJK
/// included, stay readable.
fn encode_path_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let keep = !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
        if keep && !c.is_control() && !c.is_whitespace() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `href`, found on the page at `rel`, names that page itself.
///
/// Paths are compared, decoded and without `index.html` or a `.html`
/// ending (servers answer `/a/`, `/a/index.html`, `/a.html` and `/a`
/// alike). The build does not know under which prefix or host the site
/// is served (`--base-url` may be left at `/`), so a link whose path ends
/// with the page's own path counts as the page: a canonical
/// `https://example.org/blog/posts/a/` is `posts/a/index.html` itself.
pub fn same_page(href: &str, rel: &Path) -> bool {
    let own = site_path(rel);
    let linked = resolve(href, &own);
    let own = comparable(&own);
    // `own` starts with `/`, so this matches whole segments only.
    linked == own || linked.ends_with(&own)
}

/// `rel` as a site path: `posts/a/index.html` → `/posts/a/`.
fn site_path(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("/{}", parts.join("/"))
}

/// The path `href` leads to from the page at `own`, decoded and in the
/// comparable shape of [`comparable`].
fn resolve(href: &str, own: &str) -> String {
    let href = href.trim();
    let href = href.split(['#', '?']).next().unwrap_or("");
    let path = match host_and_path(href) {
        Some(path) => path.to_owned(),
        None if href.starts_with('/') => href.to_owned(),
        None => {
            let dir = &own[..own.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{href}")
        }
    };
    comparable(&percent_decode(&path))
}

/// The path of an absolute (`https://host/p`) or scheme-relative
/// (`//host/p`) URL; `None` for a path.
fn host_and_path(href: &str) -> Option<&str> {
    let after_scheme = match href.find("://") {
        Some(i) if !href[..i].contains('/') => &href[i + 3..],
        _ => href.strip_prefix("//")?,
    };
    Some(after_scheme.find('/').map_or("/", |i| &after_scheme[i..]))
}

/// `.` and `..` resolved, then `index.html`, a `.html` or `.htm` ending
/// and the final `/` dropped: `/a/./b/../index.html` → `/a`.
fn comparable(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    if parts.last().is_some_and(|p| {
        p.eq_ignore_ascii_case("index.html") || p.eq_ignore_ascii_case("index.htm")
    }) {
        parts.pop();
    }
    let joined = format!("/{}", parts.join("/"));
    let stem = joined
        .strip_suffix(".html")
        .or_else(|| joined.strip_suffix(".htm"))
        .unwrap_or(&joined);
    stem.trim_end_matches('/').to_owned()
}

/// `%E5%AE%B9` → `容`; a `%` not followed by two hex digits stays.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_become_safe_urls() {
        let url = |rel: &str| page_url("/", Path::new(rel));
        assert_eq!(url("posts/容器 网络/index.html"), "/posts/容器%20网络/");
        assert_eq!(url("a\\b#c?.html"), "/a%5Cb%23c%3F.html");
        assert_eq!(url("100%.html"), "/100%25.html");
        for rel in ["x\u{7}y.html", "\\\\evil/x.html", "tab\tname.html"] {
            assert_eq!(xun::format::url::check(&url(rel)), Ok(()), "{rel}");
        }
    }

    #[test]
    fn a_canonical_link_names_this_page_or_another() {
        let same = |href: &str, rel: &str| same_page(href, Path::new(rel));
        // Itself, however it is written.
        assert!(same("https://example.org/posts/a/", "posts/a/index.html"));
        assert!(same(
            "https://example.org/blog/posts/a",
            "posts/a/index.html"
        ));
        assert!(same("/posts/a/index.html#top", "posts/a/index.html"));
        assert!(same("", "posts/a/index.html"));
        assert!(same("./", "posts/a/index.html"));
        assert!(same("../a/?x=1", "posts/a/index.html"));
        assert!(same("//cdn.example.org/book/print.html", "print.html"));
        assert!(same("https://x.org/2021/hello", "2021/hello.html"));
        assert!(same("/posts/%E5%AE%B9%E5%99%A8/", "posts/容器/index.html"));
        // Another page.
        assert!(!same("https://example.org/index.html", "print.html"));
        assert!(!same("index.html", "print.html"));
        assert!(!same("../b/", "posts/a/index.html"));
        assert!(!same("https://example.org/posts/", "posts/a/index.html"));
        assert!(!same("https://example.org/", "posts/a/index.html"));
    }
}
