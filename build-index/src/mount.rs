//! Where a built site is served, as its own pages say. The xun script tag
//! of the home page loads the index from `data-index`; that path, less the
//! index's place in the site, is the site's base URL. A build whose
//! `--base-url` says otherwise writes results that link outside the site
//! (a Hugo `baseURL` of `/blog/`, built without `--base-url /blog/`).

use std::path::Path;
use std::sync::LazyLock;

use scraper::{Html, Selector};

static LOADER: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script[data-index]").expect("a valid selector"));

/// A warning when the home page of `site` loads the index in `out` from
/// under another base URL than `base_url` (normalized: ending in `/`).
/// `None` when they agree, or when there is nothing to compare: no home
/// page, no script tag, a relative `data-index`, an index outside the site.
pub fn check(site: &Path, out: &Path, base_url: &str) -> Option<String> {
    let site = site.canonicalize().ok()?;
    let rel = out
        .canonicalize()
        .ok()?
        .strip_prefix(&site)
        .ok()?
        .to_owned();
    // The index's place in the site, as a URL path: `search/`.
    let mut place = String::new();
    for part in rel.components() {
        place.push_str(part.as_os_str().to_str()?);
        place.push('/');
    }
    if place.is_empty() {
        return None;
    }
    let home =
        crate::read::read_page(&site.join("index.html"), crate::read::MAX_POST_BYTES).ok()?;
    let doc = Html::parse_document(&home);
    let loaded = doc
        .select(&LOADER)
        .find_map(|s| s.value().attr("data-index"))?;
    let mut loaded = path_of(loaded.trim())?.to_owned();
    if !loaded.ends_with('/') {
        loaded.push('/');
    }
    let served = loaded.strip_suffix(&place)?;
    let base = path_of(base_url)?;
    (served != base).then(|| {
        format!(
            "the site's pages load the index from {loaded}, so the site is served under {served}, \
             but the results link under {base}: build with --base-url {served} (or base-url in xun.toml)"
        )
    })
}

/// The path of a URL (`https://example.com/blog/` → `/blog/`), or of a
/// path that starts at the root; `None` for a relative one.
fn path_of(url: &str) -> Option<&str> {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => url,
    };
    path.starts_with('/').then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(script: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("search")).unwrap();
        let home = format!("<!doctype html><head>{script}</head><body><h1>博客</h1></body>");
        std::fs::write(dir.path().join("index.html"), home).unwrap();
        dir
    }

    #[test]
    fn a_base_url_that_the_pages_contradict_is_named() {
        let blog =
            site("<script src='/blog/search/xun.js' data-index='/blog/search/' defer></script>");
        let out = blog.path().join("search");
        let warning = check(blog.path(), &out, "/").unwrap();
        assert!(warning.contains("--base-url /blog/"), "{warning}");
        assert_eq!(check(blog.path(), &out, "/blog/"), None);
        assert_eq!(check(blog.path(), &out, "https://example.com/blog/"), None);
        // Written elsewhere than the pages load it from: not this check's.
        assert_eq!(check(blog.path(), &blog.path().join("xun"), "/"), None);
    }

    #[test]
    fn nothing_to_compare_is_no_warning() {
        for script in [
            "",
            "<script src='search/xun.js' data-index='search/'></script>",
            "<script src='/search/xun.js' data-index='https://example.com/search'></script>",
        ] {
            let blog = site(script);
            assert_eq!(
                check(blog.path(), &blog.path().join("search"), "/"),
                None,
                "{script}"
            );
        }
        let away = tempfile::tempdir().unwrap();
        let blog = site("<script data-index='/blog/search/'></script>");
        assert_eq!(check(blog.path(), away.path(), "/"), None);
    }
}
