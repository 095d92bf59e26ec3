//! `--serve`: after the build, the site on `http://127.0.0.1:PORT`, so a
//! blogger can try the search before deploying. A small static server on
//! tiny_http: GET and HEAD only, on the loopback address only, files under
//! the site's directory only, each fetched anew (`no-cache`) so a rebuild
//! shows at once. The site is served under the path of `--base-url`, so
//! that its links and the index's URLs resolve as they will when deployed.

use std::fmt;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use build_index::render::percent_decode;
use tiny_http::{Header, Method, Request, Response, Server};

/// Requests served at once: a page, its script, the wasm and a few index
/// files arrive together.
const THREADS: usize = 4;

/// What is served, and under which URL path.
#[derive(Debug, Clone)]
pub struct Site {
    /// The directory of the built pages.
    pub root: PathBuf,
    /// The URL path the site lives under, starting and ending with `/`.
    pub mount: String,
}

impl Site {
    /// `root`, served under the path of a `--base-url`: `/blog/`,
    /// `https://example.org/blog/` (its path) or `./` (the root).
    pub fn new(root: PathBuf, base_url: &str) -> Site {
        let path = match base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None if base_url.starts_with('/') => base_url,
            None => "/",
        };
        let mut mount = path.trim_end_matches('/').to_owned();
        mount.push('/');
        Site { root, mount }
    }
}

#[derive(Debug)]
pub enum ServeError {
    /// The directory to serve holds no HTML page: it is a folder of
    /// sources, not a built site.
    NoPages { dir: PathBuf },
    /// The port could not be listened on (in use, or not allowed).
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NoPages { dir } => write!(
                f,
                "--serve: {} holds no HTML pages to serve; index your generator's output (public/, _site/), or add --html DIR to render the posts into DIR",
                dir.display()
            ),
            ServeError::Bind { addr, source } => write!(
                f,
                "--serve: cannot listen on {addr}: {source}; choose another port with --port"
            ),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } => Some(source),
            ServeError::NoPages { .. } => None,
        }
    }
}

/// Checks that `site` has pages to serve: a folder of Markdown sources
/// has none.
pub fn check(site: &Site) -> Result<(), ServeError> {
    if has_pages(&site.root) {
        Ok(())
    } else {
        Err(ServeError::NoPages {
            dir: site.root.clone(),
        })
    }
}

/// A server listening on 127.0.0.1:`port` (0: any free port), and the
/// address it got. Bound before the build, so a port in use fails at once.
pub fn bind(port: u16) -> Result<(Server, SocketAddr), ServeError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    let server = Server::from_listener(listener, None).map_err(|e| ServeError::Bind {
        addr,
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok((server, local))
}

/// Answers requests until the process is stopped; with `log`, one line
/// on stderr for each.
pub fn run(server: Server, site: Site, log: bool) {
    let server = Arc::new(server);
    let site = Arc::new(site);
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (server, site) = (Arc::clone(&server), Arc::clone(&site));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(&site, request, log);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
}

fn handle(site: &Site, request: Request, log: bool) {
    let head = *request.method() == Method::Head;
    let reply = if head || *request.method() == Method::Get {
        resolve(site, request.url())
    } else {
        Reply::Status(405)
    };
    if log {
        eprintln!(
            "build-index: {} {} {}",
            request.method(),
            request.url(),
            reply.status()
        );
    }
    let no_cache = header("Cache-Control", "no-cache");
    // A client that hung up is no concern of the others.
    let _ = match reply {
        Reply::File {
            path,
            status,
            content_type,
        } => match File::open(&path) {
            Ok(file) => request.respond(
                Response::from_file(file)
                    .with_status_code(status)
                    .with_header(header("Content-Type", content_type))
                    .with_header(no_cache),
            ),
            Err(_) => request.respond(Response::empty(404)),
        },
        Reply::Redirect(location) => request.respond(
            Response::empty(301)
                .with_header(header("Location", &location))
                .with_header(no_cache),
        ),
        Reply::Status(code) => request.respond(
            Response::from_string(format!("{code}\n"))
                .with_status_code(code)
                .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        ),
    };
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// What a request gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    File {
        path: PathBuf,
        status: u16,
        content_type: &'static str,
    },
    /// To the same path with a `/`: a directory, whose page's relative
    /// links need it.
    Redirect(String),
    /// An error status with no page: 400 for a path that is not one, 404.
    Status(u16),
}

impl Reply {
    fn status(&self) -> u16 {
        match self {
            Reply::File { status, .. } => *status,
            Reply::Redirect(_) => 301,
            Reply::Status(code) => *code,
        }
    }
}

/// The reply to a GET of `url` (a request target: path and query).
pub fn resolve(site: &Site, url: &str) -> Reply {
    let (raw_path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    let Some(path) = percent_decode(raw_path) else {
        return Reply::Status(400);
    };
    if path == "/" && site.mount != "/" {
        return Reply::Redirect(site.mount.clone());
    }
    let rest = match path.strip_prefix(&site.mount) {
        Some(rest) => rest,
        // `/blog` for `/blog/`: the root, redirected below to its `/`.
        None if format!("{path}/") == site.mount => "",
        None => return not_found(site),
    };
    // Only plain names below the root: no `..`, no absolute parts, no
    // backslashes or NULs that another layer might read differently.
    if rest.contains(['\\', '\0']) {
        return Reply::Status(400);
    }
    let mut file = site.root.clone();
    for part in Path::new(rest).components() {
        match part {
            Component::Normal(name) => file.push(name),
            Component::CurDir => {}
            _ => return Reply::Status(400),
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            let mut to = format!("{raw_path}/");
            if let Some(query) = query {
                to = format!("{to}?{query}");
            }
            return Reply::Redirect(to);
        }
        file.push("index.html");
    }
    if file.is_file() {
        Reply::File {
            content_type: content_type(&file),
            path: file,
            status: 200,
        }
    } else {
        not_found(site)
    }
}

/// The site's own 404 page if it has one, with status 404.
fn not_found(site: &Site) -> Reply {
    let page = site.root.join("404.html");
    if page.is_file() {
        Reply::File {
            path: page,
            status: 404,
            content_type: "text/html; charset=utf-8",
        }
    } else {
        Reply::Status(404)
    }
}

/// The Content-Type of a file, by its extension. The wasm must be
/// `application/wasm` for the browser to compile it as it streams in.
fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Whether `dir` holds an HTML page anywhere below it (hidden folders
/// aside). Stops at the first.
fn has_pages(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut dirs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            dirs.push(path);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "htm")
        ) {
            return true;
        }
    }
    dirs.iter().any(|d| has_pages(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site(mount: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        for (name, text) in [
            ("index.html", "home"),
            ("posts/灰度/index.html", "post"),
            ("search/xun_wasm_bg.wasm", "wasm"),
            ("search/meta.xun", "meta"),
        ] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        (dir, Site::new(root, mount))
    }

    fn file(reply: Reply) -> (String, u16, &'static str) {
        match reply {
            Reply::File {
                path,
                status,
                content_type,
            } => (fs::read_to_string(path).unwrap(), status, content_type),
            other => panic!("not a file: {other:?}"),
        }
    }

    #[test]
    fn mounts_follow_the_base_url() {
        for (base, mount) in [
            ("/", "/"),
            ("/blog", "/blog/"),
            ("/blog/", "/blog/"),
            ("https://example.org/blog/", "/blog/"),
            ("https://example.org", "/"),
            ("./", "/"),
        ] {
            assert_eq!(Site::new(PathBuf::new(), base).mount, mount, "{base}");
        }
    }

    #[test]
    fn files_pages_and_content_types() {
        let (_dir, site) = site("/");
        assert_eq!(
            file(resolve(&site, "/")),
            ("home".into(), 200, "text/html; charset=utf-8")
        );
        assert_eq!(
            file(resolve(&site, "/search/xun_wasm_bg.wasm")),
            ("wasm".into(), 200, "application/wasm")
        );
        assert_eq!(
            file(resolve(&site, "/search/meta.xun?v=1")).0,
            "meta".to_owned()
        );
        // A percent-encoded Chinese path, as browsers send it.
        assert_eq!(
            file(resolve(&site, "/posts/%E7%81%B0%E5%BA%A6/")).0,
            "post".to_owned()
        );
        assert_eq!(
            resolve(&site, "/posts/%E7%81%B0%E5%BA%A6?q=1"),
            Reply::Redirect("/posts/%E7%81%B0%E5%BA%A6/?q=1".into())
        );
        assert_eq!(resolve(&site, "/missing.html"), Reply::Status(404));
        fs::write(site.root.join("404.html"), "lost").unwrap();
        assert_eq!(
            file(resolve(&site, "/missing.html")),
            ("lost".into(), 404, "text/html; charset=utf-8")
        );
    }

    #[test]
    fn nothing_outside_the_root() {
        let (_dir, site) = site("/");
        for url in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/search/..%2F..%2Fsecret.txt",
            "/..%5Csecret.txt",
            "/%00",
            "/%zz",
            "/%FF",
        ] {
            assert_eq!(resolve(&site, url), Reply::Status(400), "{url}");
        }
    }

    #[test]
    fn under_a_base_url() {
        let (_dir, site) = site("/blog/");
        assert_eq!(resolve(&site, "/"), Reply::Redirect("/blog/".into()));
        assert_eq!(resolve(&site, "/blog"), Reply::Redirect("/blog/".into()));
        assert_eq!(file(resolve(&site, "/blog/")).0, "home".to_owned());
        assert_eq!(
            file(resolve(&site, "/blog/search/meta.xun")).0,
            "meta".to_owned()
        );
        assert_eq!(resolve(&site, "/search/meta.xun"), Reply::Status(404));
        assert_eq!(resolve(&site, "/blogger/"), Reply::Status(404));
    }

    #[test]
    fn a_folder_of_sources_is_not_served() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("post.md"), "# hi").unwrap();
        let site = Site::new(dir.path().to_owned(), "/");
        assert!(matches!(check(&site), Err(ServeError::NoPages { .. })));
        fs::create_dir(dir.path().join("out")).unwrap();
        fs::write(dir.path().join("out/index.html"), "page").unwrap();
        assert!(check(&site).is_ok());
    }

    #[test]
    fn a_port_in_use_is_an_error_that_says_so() {
        let (_server, addr) = bind(0).unwrap();
        let err = bind(addr.port()).err().expect("the port is in use");
        assert!(matches!(err, ServeError::Bind { .. }), "{err}");
        assert!(err.to_string().contains("--port"), "{err}");
    }
}
