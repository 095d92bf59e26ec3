//! The build-index command: summary, bad input, atomic and deterministic
//! output.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{demo_corpus, fixture_blog, read_dir_files};

fn build_index(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_build-index"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn corpus_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

const GOOD: &[u8] = b"---\ntitle: ok\n---\n## \xe6\xa0\x87\xe9\xa2\x98\n\ntext\n";

/// Builds `corpus` into `out` and expects a failure whose message contains
/// `expect`, with `out` left as it was and no staging directory behind.
fn assert_fails(corpus: &Path, out: &Path, expect: &str) {
    let before = out.exists().then(|| read_dir_files(out));
    let o = build_index(&[&corpus, &"--out", &out]);
    assert!(!o.status.success(), "should fail: {expect}");
    let err = stderr(&o);
    assert!(err.contains(expect), "stderr {err:?} lacks {expect:?}");
    let after = out.exists().then(|| read_dir_files(out));
    assert_eq!(before, after, "a failed build changed {}", out.display());
    let leftovers: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("xun-new") || n.contains("xun-old"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn summary_names_posts_sections_terms_and_files() {
    let out = tempfile::tempdir().unwrap();
    let o = build_index(&[&fixture_blog(), &"--out", &out.path().join("i")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("indexed 5 posts, 13 sections"), "{stdout}");
    assert!(stdout.contains("\nskipped: 1 draft\n"), "{stdout}");
    for name in ["meta.xun", "d/ (dictionary)", "r/ (records)", "runtime"] {
        assert!(stdout.contains(name), "{stdout}");
    }
}

#[test]
fn bad_inputs_fail_with_file_and_line_and_keep_the_old_index() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("index");
    // A good index first: every failure below must leave it untouched.
    let good = corpus_with(&[("a.md", GOOD)]);
    assert!(
        build_index(&[&good.path(), &"--out", &out])
            .status
            .success()
    );

    let bad_utf8 = corpus_with(&[
        ("a.md", GOOD),
        ("bad.md", b"---\ntitle: x\n---\nline\n\xff\xfe\n"),
    ]);
    assert_fails(bad_utf8.path(), &out, "bad.md:5: not valid UTF-8");

    let unterminated = corpus_with(&[("a.md", GOOD), ("open.md", b"---\ntitle: x\nno end\n")]);
    assert_fails(
        unterminated.path(),
        &out,
        "open.md:1: front matter: opened with --- but never closed",
    );

    let invalid_yaml = corpus_with(&[("y.md", b"---\ntitle: x\ntags: [a, b\n---\nbody\n")]);
    assert_fails(invalid_yaml.path(), &out, "y.md:");

    let wrong_type = corpus_with(&[("t.md", b"---\ntitle: x\ndraft: maybe\n---\nbody\n")]);
    assert_fails(
        wrong_type.path(),
        &out,
        "t.md:3: front matter: `draft` must be true or false",
    );

    let invalid_toml = corpus_with(&[("t.md", b"+++\ntitle = \"x\"\ndate = \n+++\nbody\n")]);
    assert_fails(invalid_toml.path(), &out, "t.md:3: front matter:");

    // A page of navigation only: <body> is its content, and nav is
    // furniture. (A bare `<p>` page is a post now that <body> is read.)
    let empty = corpus_with(&[(
        "readme.html",
        b"<body><nav><a href=\"/\">not a post</a></nav></body>",
    )]);
    assert_fails(
        empty.path(),
        &out,
        "no posts found among 1 HTML page; skipped 1 page with no text but navigation",
    );

    let only_drafts = corpus_with(&[("d.md", b"---\ndraft: true\n---\nx\n")]);
    assert_fails(only_drafts.path(), &out, "no posts found");
    // No posts has its own exit status (a new blog), other errors 1.
    let status = |corpus: &Path| build_index(&[&corpus, &"--out", &out]).status.code();
    assert_eq!(status(only_drafts.path()), Some(3));
    assert_eq!(status(invalid_toml.path()), Some(1));

    let only_blank = corpus_with(&[("e.md", b""), ("w.md", b"---\ntitle: \"\"\n---\n \n\n")]);
    assert_fails(only_blank.path(), &out, "no posts found");

    let unreadable = corpus_with(&[("a.md", GOOD)]);
    std::os::unix::fs::symlink("/nonexistent/xun-test", unreadable.path().join("gone.md")).unwrap();
    assert_fails(
        unreadable.path(),
        &out,
        "gone.md: No such file or directory",
    );

    let huge = corpus_with(&[("a.md", GOOD)]);
    let f = fs::File::create(huge.path().join("huge.md")).unwrap();
    f.set_len(build_index::read::MAX_POST_BYTES + 1).unwrap();
    assert_fails(huge.path(), &out, "huge.md: 33554433 bytes is larger than");

    let duplicate = corpus_with(&[("a.md", GOOD), ("sub/a.md", GOOD)]);
    assert_fails(duplicate.path(), &out, "same URL /posts/a/");

    assert_fails(
        &parent.path().join("missing"),
        &out,
        "missing: No such file or directory",
    );
}

#[test]
fn refuses_to_replace_a_directory_that_is_not_an_index() {
    // In a directory of its own, so that the check for leftovers beside
    // it sees only this build's.
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("index.html"), "my blog").unwrap();
    assert_fails(&fixture_blog(), &site, "is not a xun index");
    assert_eq!(
        fs::read_to_string(site.join("index.html")).unwrap(),
        "my blog"
    );
}

#[test]
fn a_rebuild_keeps_files_a_site_generator_put_beside_the_index() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let blog = fixture_blog();
    // Every name a build writes, with every option that adds files, is
    // one that a rebuild may replace.
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&blog, &"--out", &out, &"--bundle"];
    if build_index::runtime::EMBEDDED {
        args.push(&"--offline");
    }
    let o = build_index(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    for entry in fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(build_index::swap::written_by_build(&name), "{name}");
    }
    // Hugo does not clear public/: a page of the site's own (its /search/
    // page) lands in the index's directory. The rebuild is refused, names
    // it, and deletes nothing.
    fs::write(out.join("index.html"), "<h1>搜索</h1>").unwrap();
    fs::create_dir(out.join("img")).unwrap();
    fs::write(out.join("img/logo.svg"), "<svg/>").unwrap();
    assert_fails(
        &fixture_blog(),
        &out,
        "holds img, index.html, which build-index did not write",
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "<h1>搜索</h1>"
    );
    // Moved away, the index is replaced again.
    fs::remove_file(out.join("index.html")).unwrap();
    fs::remove_dir_all(out.join("img")).unwrap();
    let o = build_index(&[&fixture_blog(), &"--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn output_is_deterministic_and_replaced_whole() {
    let parent = tempfile::tempdir().unwrap();
    let (a, b) = (parent.path().join("a"), parent.path().join("b"));
    for out in [&a, &b] {
        let o = build_index(&[&demo_corpus(), &"--out", out, &"--bundle"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (fa, fb) = (read_dir_files(&a), read_dir_files(&b));
    assert!(fa.len() > 4);
    assert!(fa == fb, "two builds of the same corpus differ");

    // Rebuilding a smaller corpus into `a` removes the files it no longer has.
    let o = build_index(&[&fixture_blog(), &"--out", &a]);
    assert!(o.status.success());
    let names: Vec<String> = read_dir_files(&a).into_iter().map(|f| f.0).collect();
    assert!(!names.contains(&"xun.pack".to_owned()), "{names:?}");
}

#[test]
fn out_holds_everything_a_page_needs() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let o = build_index(&[&fixture_blog(), &"--out", &out, &"--offline"]);
    let names: Vec<String> = read_dir_files(&out).into_iter().map(|f| f.0).collect();
    let runtime = [
        "xun.css",
        "xun.js",
        "xun_wasm.js",
        "xun_wasm_bg.wasm",
        "xun-offline.js",
    ];
    if build_index::runtime::EMBEDDED {
        assert!(o.status.success(), "{}", stderr(&o));
        for name in runtime {
            assert!(
                names.iter().any(|n| n == name),
                "{name} missing from {names:?}"
            );
        }
        let offline = fs::read_to_string(out.join("xun-offline.js")).unwrap();
        assert!(offline.starts_with("/* xun offline data"));
        assert!(
            offline.contains("self.XUN_OFFLINE = {\n  wasm: \"AGFzbQ"),
            "the wasm magic, in base64"
        );
    } else {
        // Built without the wasm: --offline cannot work, and says why.
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("built without the wasm runtime"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn built_html_pages_are_indexed_with_their_own_urls_and_ids() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("index");
    let site = common::repo().join("tests/fixtures/plain-site");
    let o = build_index(&[&site, &"--out", &out, &"--base-url", &"/blog/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The home page lists posts and has no <article>: skipped.
    assert!(stdout.contains("indexed 2 posts, "), "{stdout}");
    let index = build_index::load_index_dir(&out).unwrap();
    let r = common::search(&index, "权重");
    assert_eq!(r.hits[0].url, "/blog/posts/canary.html#rollback");
    assert_eq!(r.hits[0].title, "灰度发布笔记");
    assert_eq!(r.hits[0].date, "2021-03-01");
}

/// An older Chinese blog's pages in GBK or Big5 are read in the encoding
/// they declare, as a browser reads them; an undeclared one says how to fix
/// it.
#[test]
fn pages_in_gbk_or_big5_are_read_in_the_charset_they_declare() {
    let gbk = encoding_rs::GBK
        .encode(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
             <title>旧博客</title></head><body><article><h1>旧博客</h1>\
             <p>二〇〇九年写的集群笔记，讲负载均衡。</p></article></body></html>",
        )
        .0
        .into_owned();
    let big5 = encoding_rs::BIG5
        .encode(
            "<html><head><meta charset=\"big5\"><title>舊文章</title></head><body><article>\
             <h1>舊文章</h1><p>記憶體不足時，叢集會驅逐容器。</p></article></body></html>",
        )
        .0
        .into_owned();
    let site = corpus_with(&[("old/gbk.html", &gbk), ("old/big5.html", &big5)]);
    let (_out, index, _, _) = build_site(site.path(), &[]);
    let hit = |query: &str| {
        common::search(&index, query)
            .hits
            .first()
            .map(|h| (h.url.clone(), h.title.clone()))
    };
    assert_eq!(
        hit("负载均衡"),
        Some(("/old/gbk.html".into(), "旧博客".into()))
    );
    assert_eq!(
        hit("驱逐容器"),
        Some(("/old/big5.html".into(), "舊文章".into()))
    );

    // Undeclared, the same GBK page is not UTF-8: refused, with the cure.
    let undeclared = encoding_rs::GBK
        .encode("<html><body><article><p>\n集群</p></article></body></html>")
        .0
        .into_owned();
    let site = corpus_with(&[("gbk.html", &undeclared)]);
    let parent = tempfile::tempdir().unwrap();
    assert_fails(
        site.path(),
        &parent.path().join("search"),
        "gbk.html:2: not valid UTF-8 (an older page in GBK or Big5? declare it in its <head> (<meta charset=\"gbk\">) or convert it",
    );
}

#[test]
fn sites_built_by_hugo_hexo_and_jekyll_index_their_posts() {
    let fixtures = common::repo().join("tests/fixtures/generators");
    // (built site, a query, the section it must find)
    let cases = [
        (
            "hugo/public",
            "二进制文件",
            "/posts/hello-hugo/#安装",
            "安装",
        ),
        (
            "hexo/public",
            "hexo generate",
            "/2021/03/01/hello-hexo/#部署",
            "部署",
        ),
        (
            "jekyll/_site",
            "permalink",
            "/2021/03/01/hello-jekyll.html#配置",
            "配置",
        ),
    ];
    for (site, query, url, heading) in cases {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("search");
        let o = build_index(&[&fixtures.join(site), &"--out", &out]);
        assert!(o.status.success(), "{site}: {}", stderr(&o));
        // One post each; home, list and tag pages are skipped.
        assert!(
            String::from_utf8_lossy(&o.stdout).starts_with("indexed 1 posts"),
            "{site}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let index = build_index::load_index_dir(&out).unwrap();
        let r = common::search(&index, query);
        assert_eq!(r.hits[0].url, url, "{site}");
        assert_eq!(
            r.hits[0].heading, heading,
            "{site}: hidden permalinks are not text"
        );
        assert_eq!(r.hits[0].date, "2021-03-01", "{site}");
    }
    // PaperMod writes Hugo's tags as article:tag metas.
    let out = tempfile::tempdir().unwrap();
    let o = build_index(&[&fixtures.join("hugo/public"), &"--out", &out.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = build_index::load_index_dir(out.path()).unwrap();
    assert_eq!(
        filter_counts(&index),
        [("tags".to_owned(), vec![("Hugo".to_owned(), 1)])]
    );
}

#[test]
fn unsafe_urls_are_refused_at_their_source() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("index");
    let good = corpus_with(&[("a.md", GOOD)]);
    assert!(
        build_index(&[&good.path(), &"--out", &out])
            .status
            .success()
    );
    let before = read_dir_files(&out);

    let backslash = corpus_with(&[(
        "u.md",
        b"---\ntitle: x\ndate: 2020-01-01\ntags: [a]\nurl: \"/\\\\evil.example/x\"\n---\nbody\n",
    )]);
    assert_fails(backslash.path(), &out, "u.md:5: front matter: `url`");
    let scheme = corpus_with(&[(
        "u.md",
        b"---\ntitle: x\nurl: javascript:alert(1)\n---\nbody\n",
    )]);
    assert_fails(scheme.path(), &out, "u.md:3: front matter: `url`");
    let slash_slash = corpus_with(&[("u.md", b"---\ntitle: x\nurl: //evil.example/x\n---\nb\n")]);
    assert_fails(slash_slash.path(), &out, "u.md:3:");
    let slug = corpus_with(&[(
        "u.md",
        b"+++\ntitle = \"x\"\n\nslug = \"../../x\"\n+++\nb\n",
    )]);
    assert_fails(slug.path(), &out, "u.md:4: front matter: `slug`");

    for base in [
        "javascript://%0aalert(1)",
        "//evil.example/",
        "/\\evil.example/",
    ] {
        let o = build_index(&[&good.path(), &"--out", &out, &"--base-url", &base]);
        assert!(!o.status.success(), "--base-url {base} was accepted");
        assert!(stderr(&o).contains("--base-url"), "{}", stderr(&o));
    }
    assert_eq!(read_dir_files(&out), before);
}

#[test]
fn concurrent_builds_into_one_out_leave_a_whole_index() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let small = corpus_with(&[("a.md", GOOD)]);
    let bin = env!("CARGO_BIN_EXE_build-index");
    for round in 0..12 {
        let spawn = |corpus: &Path| {
            Command::new(bin)
                .arg(corpus)
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(&fixture_blog()), spawn(small.path()));
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            // Either both succeed, one after the other, or one says which
            // build it waited for.
            assert!(
                o.status.success() || stderr(&o).contains("another build-index"),
                "round {round}: {}",
                stderr(&o)
            );
        }
        // Whichever won, every file its manifest lists is there and
        // belongs to it.
        let index = build_index::load_index_dir(&out)
            .unwrap_or_else(|e| panic!("round {round}: broken index: {e}"));
        let listed = index.meta.files().count() + 1 + index.meta.preload_chunks as usize;
        let on_disk = read_dir_files(&out)
            .iter()
            .filter(|f| f.0.ends_with(".xun"))
            .count();
        assert_eq!(listed, on_disk, "round {round}: stray or missing files");
        let leftovers: Vec<String> = fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".xun-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

/// Builds a site into a fresh directory with `args`, expecting success;
/// gives the index, stdout and stderr.
fn build_site(site: &Path, args: &[&str]) -> (tempfile::TempDir, xun::Index, String, String) {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&site, &"--out", &out];
    all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
    let o = build_index(&all);
    assert!(o.status.success(), "{}: {}", site.display(), stderr(&o));
    let index = build_index::load_index_dir(&out).unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    (parent, index, stdout, stderr(&o))
}

/// The URLs of the pages an index holds, in order.
fn page_urls(sections: &[common::Section]) -> Vec<&str> {
    let mut urls: Vec<&str> = sections
        .iter()
        .map(|s| s.url.split('#').next().unwrap())
        .collect();
    urls.dedup();
    urls
}

/// Fails if any title, heading or text holds one of `words`.
fn assert_nowhere(sections: &[common::Section], words: &[&str]) {
    for s in sections {
        for text in [&s.title, &s.heading, &s.text] {
            for word in words {
                assert!(!text.contains(word), "{word:?} is in {s:?}");
            }
        }
    }
}

#[test]
fn a_rustdoc_site_is_indexed_without_options() {
    let site = common::repo().join("tests/fixtures/rustdoc/doc");
    let (_dir, index, stdout, stderr) = build_site(&site, &["--verbose"]);
    assert!(stdout.starts_with("indexed 2 posts"), "{stdout}");
    assert!(
        stdout.contains("skipped: 1 redirect; 3 files that are not pages"),
        "{stdout}"
    );
    assert!(
        stderr.contains("demo/vec/struct.Vec.html: redirect"),
        "{stderr}"
    );
    assert!(stderr.contains("robots.txt: not a page"), "{stderr}");
    let sections = common::sections(&index);
    assert_eq!(
        page_urls(&sections),
        ["/demo/", "/demo/struct.Vec.html"],
        "{sections:#?}"
    );
    let section = |url: &str| sections.iter().find(|s| s.url == url).unwrap();
    let with_capacity = section("/demo/struct.Vec.html#method.with_capacity");
    assert_eq!(with_capacity.title, "Struct Vec");
    assert_eq!(
        with_capacity.heading,
        "pub fn with_capacity(capacity: usize) -> Vec<T>"
    );
    assert!(
        with_capacity
            .text
            .starts_with("Constructs a new, empty Vec<T> with at least the specified capacity."),
        "{with_capacity:?}"
    );
    let iterator = section("/demo/struct.Vec.html#impl-Iterator-for-%26mut+I");
    assert_eq!(
        iterator.heading,
        "impl<I> Iterator for &mut I where I: Iterator + ?Sized,"
    );
    // The sidebar, the source links, permalinks, buttons and the footer.
    assert_nowhere(
        &sections,
        &[
            "侧栏",
            "Source",
            "§",
            "Copy item path",
            "Expand description",
            "Built with",
        ],
    );
    let r = common::search(&index, "with_capacity");
    assert_eq!(r.hits[0].url, "/demo/struct.Vec.html#method.with_capacity");
}

#[test]
fn an_mdbook_is_indexed_from_its_chapters_and_not_its_print_page() {
    let book = common::repo().join("tests/fixtures/mdbook/book");
    let (_dir, index, stdout, stderr) = build_site(&book, &["--verbose"]);
    assert!(
        stdout.contains(
            "skipped: 1 list page, 2 pages marked noindex, 1 not-found page; 4 files that are not pages"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("print.html: noindex"), "{stderr}");
    let sections = common::sections(&index);
    assert_eq!(
        page_urls(&sections),
        ["/chapter_1.html", "/chapter_2.html", "/introduction.html"]
    );
    assert_eq!(sections[0].title, "生成索引", "the chapter's <h1>");
    assert_nowhere(
        &sections,
        &["寻的手册", "Keyboard shortcuts", "Print this book", "Auto"],
    );
    let r = common::search(&index, "缓存时间");
    assert_eq!(r.hits[0].url, "/chapter_2.html#缓存");
    assert_eq!(r.total, 1, "print.html holds the chapter too");
}

#[test]
fn a_hugo_papermod_site_indexes_its_posts_and_skips_its_lists() {
    let site = common::repo().join("tests/fixtures/hugo-papermod/public");
    let (_dir, index, stdout, stderr) = build_site(&site, &["-v"]);
    assert!(
        stdout.contains("skipped: 7 list pages, 1 not-found page; 4 files that are not pages"),
        "{stdout}"
    );
    for skipped in [
        "public/index.html: list page",
        "public/page/2/index.html: list page",
        "public/tags/hugo/index.html: list page",
        "public/tags/index.html: list page",
        "public/categories/index.html: list page",
        "public/categories/notes/index.html: list page",
        "public/robots.txt: not a page",
        "public/posts/hello-papermod/notes.md: not a page",
    ] {
        assert!(stderr.contains(skipped), "{skipped} in {stderr}");
    }
    let sections = common::sections(&index);
    assert_eq!(
        page_urls(&sections),
        ["/posts/hello-papermod/", "/posts/reading-list/"]
    );
    assert_eq!(sections[0].title, "你好 PaperMod");
    // The table of contents, reading time and byline, breadcrumbs, tag
    // list, links to other posts, sharing and the site's chrome.
    assert_nowhere(
        &sections,
        &[
            "目录",
            "分钟",
            "寻的作者",
            "主页",
            "文章列表",
            "建站笔记",
            "下一页",
            "上一页",
            "分享到",
            "切换主题",
            "Powered by",
            "#",
        ],
    );
    let r = common::search(&index, "子模块");
    assert_eq!(r.hits[0].url, "/posts/hello-papermod/#安装主题");
    assert_eq!(r.hits[0].date, "2021-03-01");
    // A post that ends with a list of links is still a post.
    let r = common::search(&index, "Lucene");
    assert_eq!(r.hits[0].url, "/posts/reading-list/#参考链接");
}

#[test]
fn selector_and_exclude_choose_what_pages_give() {
    let site = common::repo().join("tests/fixtures/hugo-papermod/public");
    let (_dir, index, stdout, _) = build_site(
        &site,
        &[
            "--selector",
            ".post-content",
            "--exclude",
            "h3",
            "--exclude",
            ".post-content ul",
        ],
    );
    assert!(
        stdout.contains(
            "skipped: 1 not-found page, 7 pages without an element the --selector matches"
        ),
        "{stdout}"
    );
    let sections = common::sections(&index);
    assert_eq!(
        page_urls(&sections),
        ["/posts/hello-papermod/", "/posts/reading-list/"]
    );
    // The <h1> is outside .post-content: the title is og:title, less the
    // site's name, since the page shows the rest as its <h1>.
    assert_eq!(sections[0].title, "你好 PaperMod");
    // The excluded <h3> and its id are gone; its text stays in the
    // section before.
    let r = common::search(&index, "构建之后");
    assert_eq!(r.hits[0].url, "/posts/hello-papermod/#安装主题");
    assert!(common::search(&index, "Lucene").hits.is_empty());

    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    for (option, value) in [
        ("--selector", "div["),
        ("--exclude", "..x"),
        ("--selector", "<<<"),
    ] {
        let o = build_index(&[&site, &"--out", &out, &option, &value]);
        assert!(!o.status.success(), "{option} {value}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{option} {value:?}: not a CSS selector")),
            "{err}"
        );
        // A typo, not a bug to report.
        assert!(!err.contains("report"), "{err}");
    }
    // A file size that would make millions of files.
    for option in ["--bucket-bytes", "--shard-bytes", "--record-bytes"] {
        let o = build_index(&[&site, &"--out", &out, &option, &"1"]);
        assert!(!o.status.success(), "{option}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{option} \"1\": must be at least 256 bytes")),
            "{err}"
        );
    }
    assert!(!out.exists());
}

#[test]
fn a_site_without_posts_says_why_for_each_page() {
    let parent = tempfile::tempdir().unwrap();
    let site = corpus_with(&[
        (
            "index.html",
            "<body><main><ul><li><a href=a.html>一</a></li></ul></main></body>".as_bytes(),
        ),
        (
            "print.html",
            b"<meta name=robots content='noindex,follow'><main><p>text</p></main>",
        ),
        (
            "old.html",
            b"<meta http-equiv=refresh content='0; url=new.html'><p>Redirecting</p>",
        ),
        ("draft.html", b"<body data-xun-skip><p>later</p></body>"),
        ("robots.txt", b"User-agent: *\n"),
        ("notes.md", b"---\ntitle: not a post here\n---\ntext\n"),
    ]);
    assert_fails(
        site.path(),
        &parent.path().join("search"),
        "no posts found among 4 HTML pages; skipped 1 list page, 1 page marked noindex, \
         1 redirect, 1 page marked data-xun-skip; 2 files that are not pages. \
         Run with --verbose",
    );
    // Without its pages, the Markdown is a blog of its own again.
    fs::remove_file(site.path().join("index.html")).unwrap();
    for page in ["print.html", "old.html", "draft.html"] {
        fs::remove_file(site.path().join(page)).unwrap();
    }
    let o = build_index(&[&site.path(), &"--out", &parent.path().join("blog")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("indexed 1 posts"));
}

#[test]
fn an_index_inside_the_site_is_not_read_as_part_of_it() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("public");
    copy_tree(&common::repo().join("tests/fixtures/plain-site"), &site);
    let out = site.join("search");
    let summaries: Vec<String> = (0..2)
        .map(|_| {
            let o = build_index(&[&site, &"--out", &out]);
            assert!(o.status.success(), "{}", stderr(&o));
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .take(2)
                .skip(1)
                .collect()
        })
        .collect();
    // The second build skips what the first did, not also the first's
    // xun.js, meta.xun and the rest as files that are not pages.
    assert!(summaries[0].starts_with("skipped: "), "{}", summaries[0]);
    assert_eq!(summaries[0], summaries[1]);
}

#[test]
fn a_base_url_the_pages_contradict_is_warned_of() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("public");
    copy_tree(&common::repo().join("tests/fixtures/plain-site"), &site);
    // Served under /blog/, as its pages' script tag says.
    let home = fs::read_to_string(site.join("index.html")).unwrap().replace(
        "</head>",
        "<script src=\"/blog/search/xun.js\" data-index=\"/blog/search/\" defer></script></head>",
    );
    fs::write(site.join("index.html"), home).unwrap();
    let out = site.join("search");
    let o = build_index(&[&site, &"--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the site's pages load the index from /blog/search/")
            && stderr(&o).contains("--base-url /blog/"),
        "{}",
        stderr(&o)
    );
    let o = build_index(&[&site, &"--out", &out, &"--base-url", &"/blog/"]);
    assert!(
        o.status.success() && !stderr(&o).contains("warning"),
        "{}",
        stderr(&o)
    );
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs build-index in `dir` with `args`.
fn build_index_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_build-index"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn version_names_the_crate_and_the_index_format() {
    let o = build_index(&[&"--version"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "build-index {} (index format {})\n",
            env!("CARGO_PKG_VERSION"),
            xun::format::VERSION
        )
    );
}

#[test]
fn help_examples_work() {
    let o = build_index(&[&"--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    let examples: Vec<Vec<&str>> = help
        .lines()
        .filter_map(|l| l.trim().strip_prefix("build-index "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    // A Hugo public/, a Hexo public/ (under /blog/), Markdown sources, and
    // --serve.
    assert_eq!(examples.len(), 4, "{help}");
    for args in examples.iter().filter(|a| !a.contains(&"--serve")) {
        // Each in a blog laid out as its comment says.
        let dir = tempfile::tempdir().unwrap();
        let generator = if args.contains(&"/blog/") {
            "hexo"
        } else {
            "hugo"
        };
        copy_tree(
            &common::repo()
                .join("tests/fixtures/generators")
                .join(generator)
                .join("public"),
            &dir.path().join("public"),
        );
        copy_tree(&fixture_blog(), &dir.path().join("content/posts"));
        let o = build_index_in(dir.path(), args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = args[args.iter().position(|a| *a == "--out").unwrap() + 1];
        let index = build_index::load_index_dir(&dir.path().join(out)).unwrap();
        assert!(index.meta.page_count > 0, "{args:?}");
    }
}

#[test]
fn xun_toml_holds_the_options_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    copy_tree(&common::repo().join("tests/fixtures/plain-site"), &site);
    // At the site's root: paths are taken from the file's directory.
    fs::write(
        site.join("xun.toml"),
        "# where the index goes\nout = \"search\"\nbase-url = \"/blog/\"\n",
    )
    .unwrap();
    let o = build_index_in(dir.path(), &["public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.starts_with("options from public/xun.toml\n"),
        "{stdout}"
    );
    let index = build_index::load_index_dir(&site.join("search")).unwrap();
    let sections = common::sections(&index);
    assert!(
        page_urls(&sections).iter().all(|u| u.starts_with("/blog/")),
        "{:?}",
        page_urls(&sections)
    );
    // A flag wins over its key; the others still come from the file.
    let o = build_index_in(dir.path(), &["public", "--base-url", "/other/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = build_index::load_index_dir(&site.join("search")).unwrap();
    let sections = common::sections(&index);
    assert!(
        page_urls(&sections)
            .iter()
            .all(|u| u.starts_with("/other/")),
        "{:?}",
        page_urls(&sections)
    );
    // ./xun.toml, in the directory build-index runs in, comes first.
    fs::write(dir.path().join("xun.toml"), "out = \"elsewhere\"\n").unwrap();
    let o = build_index_in(dir.path(), &["public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("elsewhere/meta.xun").is_file());
    // --config names another file.
    fs::write(dir.path().join("ci.toml"), "out = \"from-ci\"\n").unwrap();
    let o = build_index_in(dir.path(), &["public", "--config", "ci.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("from-ci/meta.xun").is_file());
}

#[test]
fn a_bad_xun_toml_fails_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    copy_tree(&common::repo().join("tests/fixtures/plain-site"), &site);
    for (toml, expect) in [
        (
            "out = \"search\"\n\nselecter = \"main\"\n",
            "public/xun.toml:3: unknown key `selecter` (did you mean `selector`?)",
        ),
        (
            "out = \"search\"\noffline = \"yes\"\n",
            "public/xun.toml:2: invalid type: string \"yes\", expected a boolean",
        ),
        ("out = \"search\n", "public/xun.toml:1: "),
    ] {
        fs::write(site.join("xun.toml"), toml).unwrap();
        let o = build_index_in(dir.path(), &["public"]);
        assert!(!o.status.success(), "{toml}");
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("build-index: error: {expect}")),
            "{err}"
        );
        assert!(!site.join("search").exists(), "{toml}: built anyway");
    }
    fs::remove_file(site.join("xun.toml")).unwrap();
    let o = build_index_in(dir.path(), &["public"]);
    assert!(
        stderr(&o).contains("no output directory: give --out DIR"),
        "{}",
        stderr(&o)
    );
    let o = build_index_in(
        dir.path(),
        &["public", "--out", "x", "--config", "none.toml"],
    );
    assert!(
        stderr(&o).contains("none.toml: No such file"),
        "{}",
        stderr(&o)
    );
}

/// One HTTP/1.0 request to `addr`; the status line and the headers.
fn http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .write_all(format!("{request} HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    text.split("\r\n\r\n").next().unwrap().to_owned()
}

#[test]
fn serve_answers_with_files_types_and_errors() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&common::repo().join("tests/fixtures/plain-site"), &site);
    fs::write(dir.path().join("secret.txt"), "not served").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_build-index"))
        .args([&site, Path::new("--out"), &site.join("search")])
        .args(["--serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let line = stdout
        .lines()
        .map(Result::unwrap)
        .find(|l| l.starts_with("serving "))
        .expect("a serving line");
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let answers = [
        ("GET /", "200 OK", Some("text/html; charset=utf-8")),
        (
            "GET /search/xun_wasm_bg.wasm",
            "200 OK",
            Some("application/wasm"),
        ),
        (
            "GET /search/meta.xun",
            "200 OK",
            Some("application/octet-stream"),
        ),
        (
            "HEAD /search/xun.js",
            "200 OK",
            Some("text/javascript; charset=utf-8"),
        ),
        ("GET /posts", "301 Moved Permanently", None),
        ("GET /missing.html", "404 Not Found", None),
        ("GET /../secret.txt", "400 Bad Request", None),
        ("GET /%2e%2e/secret.txt", "400 Bad Request", None),
        ("POST /", "405 Method Not Allowed", None),
    ]
    .map(|(request, status, content_type)| {
        let head = http(&addr, request);
        (request, head, status, content_type)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    for (request, head, status, content_type) in answers {
        assert!(
            head.starts_with(&format!("HTTP/1.0 {status}"))
                || head.starts_with(&format!("HTTP/1.1 {status}")),
            "{request}: {head}"
        );
        if let Some(t) = content_type {
            assert!(
                head.contains(&format!("Content-Type: {t}")),
                "{request}: {head}"
            );
        }
    }
}

/// The filter counts of a loaded index, as `(key, [(value, pages)])`.
fn filter_counts(index: &xun::Index) -> Vec<(String, Vec<(String, usize)>)> {
    let xun::Outcome::Done(keys) = xun::search::filters(index) else {
        panic!("every file is loaded");
    };
    keys.iter()
        .map(|k| {
            let values = k.values.iter().map(|v| (v.name.clone(), v.pages.len()));
            (k.name.clone(), values.collect())
        })
        .collect()
}

#[test]
fn built_pages_give_tags_categories_and_dates_from_their_metas_or_links() {
    let page = |metas: &str, body: &str| {
        format!(
            "<!doctype html><html><head><title>t</title>{metas}</head><body><article>{body}</article></body></html>"
        )
    };
    let site = corpus_with(&[
        (
            "posts/ack/index.html",
            page(
                r#"<meta property="article:published_time" content="2020-02-20T10:00:00+08:00">
                <meta property="article:section" content="云原生">
                <meta property="article:tag" content="阿里云"><meta property="article:tag" content=" Kubernetes ">"#,
                "<h1>容器服务 ACK</h1><p>在阿里云上运行容器。</p>",
            )
            .as_bytes(),
        ),
        (
            "posts/cni/index.html",
            page(
                r#"<meta property="article:tag" content="kubernetes">"#,
                r#"<h1>容器网络</h1><time datetime="2021-05-06">五月六日</time><p>容器网络插件。</p>"#,
            )
            .as_bytes(),
        ),
        // A theme that writes no metas but links the post's tags and
        // category in its article (Hugo 0.111's own templates).
        (
            "posts/dns/index.html",
            page(
                "",
                r#"<h1>集群 DNS</h1><a href="/categories/%E4%BA%91%E5%8E%9F%E7%94%9F/">云原生</a>
                <p>域名解析。</p><ul class="post-tags"><li><a href="/tags/kubernetes/">Kubernetes</a></li></ul>"#,
            )
            .as_bytes(),
        ),
    ]);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let o = build_index(&[&site.path(), &"--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("  filters.xun           1 file(s)"),
        "{stdout}"
    );
    let index = build_index::load_index_dir(&out).unwrap();
    let own = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
        list.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    };
    assert_eq!(
        filter_counts(&index),
        [
            ("categories".to_owned(), own(&[("云原生", 2)])),
            ("tags".to_owned(), own(&[("Kubernetes", 3), ("阿里云", 1)])),
        ]
    );
    let newest = common::search_with(
        &index,
        "容器",
        xun::Options {
            group: xun::Group::Page,
            sort: xun::Sort::Date,
            ..Default::default()
        },
    );
    let dates: Vec<(&str, &str)> = newest
        .hits
        .iter()
        .map(|h| (h.url.as_str(), h.date.as_str()))
        .collect();
    assert_eq!(
        dates,
        [("/posts/cni/", "2021-05-06"), ("/posts/ack/", "2020-02-20")]
    );
}

#[test]
fn a_site_without_tags_or_dates_writes_no_filter_table() {
    let site = corpus_with(&[("a.md", GOOD), ("b.md", b"# b\n\nmore text\n")]);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("search");
    let o = build_index(&[&site.path(), &"--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("filters.xun"));
    assert!(!out.join("filters.xun").exists());
    let index = build_index::load_index_dir(&out).unwrap();
    assert!(!index.meta.filters);
    assert!(filter_counts(&index).is_empty());
}
