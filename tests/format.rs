//! The index format: round trips, and errors (never panics) on damaged,
//! truncated, mixed-up or wrong-version files.

mod common;

use common::{fixture_blog, options, read_dir_files};
use xun::format::filters::Filters;
use xun::format::meta::Meta;
use xun::format::terms::Terms;
use xun::format::{FileId, Kind, bundle, unseal};
use xun::{Error, Index};

fn built(corpus: &std::path::Path) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut opts = options(corpus, &out);
    opts.bundle = true;
    // Small files so that the fixture has several of each kind.
    opts.layout = build_index::Layout {
        bucket_bytes: 256,
        shard_bytes: 256,
        record_bytes: Some(512),
        // Every list in a shard, so that the fixture has postings files.
        inline_bytes: 0,
        ..build_index::Layout::default()
    };
    build_index::run(&opts, &mut ()).unwrap();
    // The index files and the offline bundle; not the runtime written
    // beside them, nor the preload chunks (see `the_preload_chunks_*`).
    let mut files = read_dir_files(&out);
    files.retain(|(name, _)| {
        (name.ends_with(".xun") && !name.starts_with("preload/")) || name == bundle::NAME
    });
    (dir, files)
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.0 == name).unwrap().1
}

#[test]
fn round_trip() {
    let (_dir, files) = built(&fixture_blog());
    let payload = |name: &str, kind| unseal(name, kind, file(&files, name)).unwrap().payload;
    let meta = Meta::decode(payload("meta.xun", Kind::Meta)).unwrap();
    assert_eq!(
        meta.encode(),
        payload("meta.xun", Kind::Meta),
        "meta re-encodes to the same bytes"
    );
    assert!(meta.buckets > 1 && meta.shards > 1 && meta.record_buckets > 1);
    assert_eq!(meta.page_count, 5);
    // The manifest stays small: its counts, and a fold table no bigger
    // than the traditional → simplified table.
    let fold = meta.fold.encode().len();
    assert!(
        payload("meta.xun", Kind::Meta).len() - fold < 200,
        "the manifest stays small"
    );
    assert!(!meta.fold.chars.is_empty());
    assert!(meta.fold.chars.len() <= xun::analysis::t2s_pairs().len());
    // No directory of numbered files holds more than a thousand.
    assert!(
        files
            .iter()
            .all(|f| !f.0.contains('/') || FileId::parse(&f.0).is_some())
    );

    // Every term is in the bucket its key hashes to, and its postings
    // decode in section order.
    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    for (name, bytes) in &files {
        if name != "meta.xun" && name != "xun.pack" {
            index.add_file(name, bytes).unwrap();
        }
    }
    let mut count = 0;
    for b in 0..meta.buckets {
        let part =
            Terms::decode(b, payload(&FileId::Dictionary(b).name(), Kind::Dictionary)).unwrap();
        part.for_each(|term, info| {
            assert_eq!(index.bucket(term), FileId::Dictionary(b), "{term}");
            assert_eq!(index.term(term), Some(info));
            let list = index.postings(term, info).unwrap().unwrap();
            assert!(!list.is_empty());
            assert!((1..list.len()).all(|i| list.get(i - 1).key() < list.get(i).key()));
            count += 1;
        });
    }
    assert_eq!(count as u64, meta.term_count);

    // The pieces give back every section's text, and each carries its
    // section's heading and page.
    let mut pieces: Vec<_> = index.pieces().collect();
    pieces.sort_by_key(|(page, piece)| (page.id, piece.local, piece.index));
    let sections = pieces.chunk_by(|a, b| (a.0.id, a.1.local) == (b.0.id, b.1.local));
    let mut whole = String::new();
    let mut n = 0;
    for parts in sections {
        let (page, first) = parts[0];
        assert!(page.url.starts_with("/posts/"), "{}", page.url);
        assert!(!page.title.is_empty());
        assert_eq!(first.anchor.is_empty(), first.heading.is_empty());
        let text: String = parts
            .iter()
            .flat_map(|(_, p)| {
                p.text
                    .chars()
                    .take(xun::format::records::PIECE_CHARS as usize)
            })
            .collect();
        assert_eq!(text.chars().count() as u32, first.body_chars);
        for (k, (_, p)) in parts.iter().enumerate() {
            assert_eq!(p.index, k as u32);
            assert_eq!(
                index.record(page.id, p.local, p.index).map(|r| r.1),
                Some(*p)
            );
        }
        whole.push_str(&text);
        n += 1;
    }
    assert_eq!(n, meta.section_count);
    assert!(whole.contains("灰度发布分三步"));

    // The filter table re-encodes to its bytes, and names only pages
    // whose records carry the value (tags are also stored for display).
    assert!(meta.filters);
    let table = payload("filters.xun", Kind::Filters);
    let filters = Filters::decode(table, meta.page_count).unwrap();
    assert_eq!(filters.encode(), table);
    let tags = filters.key("tags").unwrap();
    assert!(tags.values.len() >= 4);
    for value in &tags.values {
        for &page in &value.pages {
            let (p, _) = pieces.iter().find(|(p, _)| p.id == page).unwrap();
            assert!(p.tags.contains(&value.name), "{}: {:?}", value.name, p.tags);
        }
    }
    for (page, _) in &pieces {
        let code = filters.date(page.id);
        assert_eq!(
            code,
            xun::format::filters::date_code(&page.date).unwrap_or(0)
        );
    }

    // The bundle holds exactly the other files, and opens to the same index.
    let packed = bundle::decode(file(&files, "xun.pack")).unwrap();
    let mut names: Vec<&str> = packed.iter().map(|f| f.0).collect();
    let mut expected: Vec<&str> = files
        .iter()
        .map(|f| f.0.as_str())
        .filter(|n| *n != "xun.pack")
        .collect();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
    let from_bundle = Index::from_bundle(file(&files, "xun.pack")).unwrap();
    let q = xun::Options::default();
    assert_eq!(
        xun::search_loaded(&from_bundle, "灰度发布", &q).unwrap(),
        xun::search_loaded(&index, "灰度发布", &q).unwrap()
    );
}

/// Options that read the filter table: a filter and the order by date.
fn filtered() -> xun::Options {
    xun::Options {
        filters: vec![("tags".to_owned(), vec!["Kubernetes".to_owned()])],
        sort: xun::Sort::Date,
        ..Default::default()
    }
}

/// Opens the index with one file replaced and, if that works, runs a
/// search that touches every file. Returns the first error.
fn open_with(files: &[(String, Vec<u8>)], name: &str, bytes: &[u8]) -> Result<(), Error> {
    let pick = |n: &str| if n == name { bytes } else { file(files, n) };
    let mut index = Index::open(pick("meta.xun"))?;
    for (n, _) in files {
        if n != "meta.xun" && n != "xun.pack" {
            index.add_file(n, pick(n))?;
        }
    }
    xun::search_loaded(&index, "灰度发布 容器网络", &xun::Options::default())?;
    xun::search_loaded(&index, "灰度发布 容器网络", &filtered())?;
    Ok(())
}

#[test]
fn every_truncation_of_every_file_is_an_error() {
    let (_dir, files) = built(&fixture_blog());
    for (name, bytes) in files.iter().filter(|f| f.0 != "xun.pack") {
        // Every cut for small files, a spread of cuts for big ones.
        let step = (bytes.len() / 200).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let err = open_with(&files, name, &bytes[..cut]).expect_err(name);
            assert!(
                matches!(err, Error::Truncated { .. } | Error::NotAnIndex { .. }),
                "{name} cut at {cut}: {err}"
            );
            assert!(err.to_string().starts_with(name.as_str()), "{err}");
        }
    }
}

#[test]
fn every_flipped_byte_is_an_error() {
    let (_dir, files) = built(&fixture_blog());
    for (name, bytes) in files.iter().filter(|f| f.0 != "xun.pack") {
        let step = (bytes.len() / 100).max(1);
        for at in (0..bytes.len()).step_by(step) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x55;
            let err = open_with(&files, name, &damaged).expect_err(name);
            assert!(
                err.to_string().contains(name.as_str()),
                "{name} byte {at}: {err}"
            );
        }
    }
}

#[test]
fn wrong_version_and_wrong_kind_are_named() {
    let (_dir, files) = built(&fixture_blog());
    let mut future = file(&files, "meta.xun").to_vec();
    future[4] = 99;
    let err = open_with(&files, "meta.xun", &future).unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedVersion { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("rebuild the index"));

    let err = open_with(&files, "d/0/0.xun", file(&files, "meta.xun")).unwrap_err();
    assert!(
        matches!(err, Error::Mismatch { .. } | Error::WrongKind { .. }),
        "{err}"
    );

    // A record bucket offered as a postings shard.
    let err = open_with(&files, "p/0/0.xun", file(&files, "r/0/0.xun")).unwrap_err();
    assert!(
        matches!(err, Error::Mismatch { .. } | Error::WrongKind { .. }),
        "{err}"
    );
}

#[test]
fn a_file_under_another_files_name_is_refused() {
    let (_dir, files) = built(&fixture_blog());
    for dir in ["d/", "p/", "r/"] {
        let mut same: Vec<&(String, Vec<u8>)> =
            files.iter().filter(|(n, _)| n.starts_with(dir)).collect();
        // The two largest, so that a dictionary bucket holds terms.
        same.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
        let [(a, bytes), (b, _), ..] = same[..] else {
            panic!("the fixture has two files or more in {dir}");
        };
        // Of the same build and whole, so only the header's file id tells.
        let err = open_with(&files, b, bytes).unwrap_err();
        assert!(matches!(err, Error::Mismatch { .. }), "{a} as {b}: {err}");
        assert!(err.to_string().contains("another of its files"), "{err}");
    }
}

#[test]
fn files_from_another_build_are_rejected() {
    let (_a, files) = built(&fixture_blog());
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("only.md"), "# 标题\n\n另一个索引的内容\n").unwrap();
    let (_b, other_files) = built(other.path());
    let err = open_with(&files, "d/0/0.xun", file(&other_files, "d/0/0.xun")).unwrap_err();
    assert_eq!(
        err,
        Error::Mismatch {
            file: "d/0/0.xun".into()
        }
    );
    let err = open_with(&files, "r/0/0.xun", file(&other_files, "r/0/0.xun")).unwrap_err();
    assert_eq!(
        err,
        Error::Mismatch {
            file: "r/0/0.xun".into()
        }
    );
}

#[test]
fn unknown_file_names_are_refused() {
    let (_dir, files) = built(&fixture_blog());
    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    // Outside the index, beyond the manifest's counts, in the wrong
    // directory, or not an index file at all.
    for name in [
        "../meta.xun",
        "p/9/9999.xun",
        "p/1/0.xun",
        "p/0/00.xun",
        "evil.js",
    ] {
        let err = index.add_file(name, file(&files, "p/0/0.xun")).unwrap_err();
        assert!(matches!(err, Error::UnknownFile { .. }), "{name}: {err}");
    }
}

#[test]
fn a_search_before_loading_names_the_files_it_needs() {
    let (_dir, files) = built(&fixture_blog());
    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    let options = xun::Options::default();
    let mut rounds = 0;
    let results = loop {
        rounds += 1;
        match xun::search::search(&index, "灰度发布", &options).unwrap() {
            xun::Outcome::Done(r) => break r,
            xun::Outcome::Need(missing) => {
                assert!(!missing.is_empty());
                for name in missing.names() {
                    index.add_file(&name, file(&files, &name)).unwrap();
                }
            }
        }
    };
    assert_eq!(
        rounds, 4,
        "dictionary, then postings, then records, then the answer"
    );
    assert_eq!(results.hits[0].url, "/posts/istio-canary/#steps");
    assert!(!results.hits[0].excerpt.is_empty());
}

/// Applies `damage` to a file's payload and seals it again with a valid
/// checksum and the index's build id, as a faulty cache or a crafted
/// upload could: the damage then reaches the decoders, not the CRC.
fn resealed(name: &str, sealed: &[u8], damage: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let id = FileId::parse(name).unwrap();
    let checked = unseal(name, id.kind(), sealed).unwrap();
    let mut payload = checked.payload.to_vec();
    damage(&mut payload);
    xun::format::seal(id.kind(), checked.id, &payload)
}

/// Opens the index with one file replaced, then runs searches that reach
/// every code path that reads files: exact words, CJK runs, prefixes,
/// traditional script, grouping by page. A bad file must be an error that
/// names it; nothing may panic.
fn search_with_replaced(files: &[(String, Vec<u8>)], name: &str, bytes: &[u8]) {
    let pick = |n: &str| if n == name { bytes } else { file(files, n) };
    let Ok(mut index) = Index::open(pick("meta.xun")) else {
        return;
    };
    for (n, _) in files {
        if n != "meta.xun"
            && n != "xun.pack"
            && let Err(e) = index.add_file(n, pick(n))
        {
            assert!(e.to_string().contains(n.as_str()), "{n}: {e}");
            return;
        }
    }
    for query in [
        "灰度发布 容器网络",
        "kube",
        "promethe",
        "中国电信",
        "網絡",
        "k8s 集群",
    ] {
        for group in [xun::Group::Section, xun::Group::Page] {
            let options = xun::Options {
                group,
                limit: 50,
                ..filtered()
            };
            // A damaged manifest may count more files than there are; the
            // search then names one that was never written, which a browser
            // fails to fetch. Any other file's damage is found in it.
            if let Err(e) = xun::search_loaded(&index, query, &options) {
                assert!(
                    name == "meta.xun" || !matches!(e, Error::NotLoaded { .. }),
                    "{name}: {e}"
                );
            }
        }
    }
}

#[test]
fn damage_behind_a_valid_checksum_never_panics() {
    let (_dir, files) = built(&fixture_blog());
    for (name, bytes) in files.iter().filter(|f| f.0 != "xun.pack") {
        let payload_bits = (bytes.len() - xun::format::HEADER_LEN) * 8;
        let step = (payload_bits / 300).max(1);
        for bit in (0..payload_bits).step_by(step) {
            let damaged = resealed(name, bytes, |p| p[bit / 8] ^= 1 << (bit % 8));
            search_with_replaced(&files, name, &damaged);
        }
    }
}

#[test]
fn a_crafted_dictionary_is_refused_when_added() {
    // The probe's crash: bit 5 of payload byte 51 of a dictionary
    // partition of the demo index, then a search for 中国电信.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    build_index::run(&options(&common::demo_corpus(), &out), &mut ()).unwrap();
    let files = read_dir_files(&out);
    let mut refused = 0;
    for (name, bytes) in files.iter().filter(|f| f.0.starts_with("d/")) {
        if bytes.len() < xun::format::HEADER_LEN + 52 {
            continue;
        }
        let damaged = resealed(name, bytes, |p| p[51] ^= 1 << 5);
        let mut index = Index::open(file(&files, "meta.xun")).unwrap();
        match index.add_file(name, &damaged) {
            Err(e) => {
                assert!(matches!(e, Error::Corrupt { .. }), "{e}");
                assert!(e.to_string().starts_with(name.as_str()), "{e}");
                refused += 1;
            }
            Ok(()) => search_with_replaced(&files, name, &damaged),
        }
    }
    assert!(refused > 0);
}

#[test]
fn manifest_counts_are_held_to_their_bytes() {
    let (_dir, files) = built(&fixture_blog());
    let sealed = file(&files, "meta.xun");
    let edited = |edit: fn(&mut Meta)| {
        resealed("meta.xun", sealed, |payload| {
            let mut meta = Meta::decode(payload).unwrap();
            edit(&mut meta);
            *payload = meta.encode();
        })
    };
    // More pages than sections, or more files than an index may have.
    for edit in [
        (|m: &mut Meta| m.page_count = u32::MAX) as fn(&mut Meta),
        |m| m.buckets = u32::MAX,
        |m| m.record_buckets = u32::MAX,
        |m| m.shards = u32::MAX,
        |m| m.record_buckets = 0,
        |m| m.record_group = 0,
        |m| m.record_group = 65,
    ] {
        let err = Index::open(&edited(edit)).err().unwrap();
        assert!(matches!(err, Error::Corrupt { .. }), "{err}");
        assert!(err.to_string().starts_with("meta.xun"), "{err}");
    }
    assert!(Index::open(&edited(|_| {})).is_ok());
}

/// A two-letter key that thousands of identifiers share is split into
/// longer keys, listed in the manifest; every term is still found in the
/// bucket both sides name, and a longer prefix still expands.
#[test]
fn crowded_latin_keys_are_split() {
    let corpus = tempfile::tempdir().unwrap();
    let mut body = String::from("---\ntitle: 标识符\n---\n\n");
    // 26 × 26 × 2 identifiers that start with `ve`: far more than a key
    // holds before it is split.
    for a in 'a'..='z' {
        for b in 'a'..='z' {
            body.push_str(&format!("ve{a}{b}tor ve{a}{b}sion "));
        }
        body.push('\n');
    }
    body.push_str("\nkubernetes 集群\n");
    std::fs::write(corpus.path().join("ids.md"), body).unwrap();
    let (_dir, files) = built(corpus.path());
    let payload = |name: &str, kind| unseal(name, kind, file(&files, name)).unwrap().payload;
    let meta = Meta::decode(payload("meta.xun", Kind::Meta)).unwrap();
    assert!(
        meta.split_keys.contains(&"ve".to_owned()),
        "{:?}",
        meta.split_keys
    );
    assert!(!meta.split_keys.contains(&"ku".to_owned()));
    assert!(meta.split_keys.windows(2).all(|w| w[0] < w[1]));

    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    for (name, bytes) in &files {
        if name != "meta.xun" && name != "xun.pack" {
            index.add_file(name, bytes).unwrap();
        }
    }
    for term in ["vemntor", "vezzsion", "kubernetes"] {
        let hits = common::search(&index, term);
        assert_eq!(hits.total, 1, "{term}");
    }
    // `vem` is longer than the split key `ve`: its terms share a bucket.
    let expanded: Vec<String> = index
        .terms_with_prefix("vem")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(expanded.len(), 52, "{expanded:?}");
    // `ve` itself is split: its terms are in many buckets, none is offered.
    assert!(index.terms_with_prefix("ve").is_empty());
}

/// A CJK pair's own postings come with its bucket up to four times the
/// inline limit: a query that fetches the pair's bucket needs them.
#[test]
fn pair_lists_come_with_their_bucket() {
    let corpus = tempfile::tempdir().unwrap();
    let mut body = String::from("---\ntitle: 笔记\n---\n\n");
    for i in 0..24 {
        body.push_str(&format!("## 第{i}节\n\n网络 kubernetes\n\n"));
    }
    std::fs::write(corpus.path().join("notes.md"), body).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut opts = options(corpus.path(), &out);
    opts.layout = build_index::Layout {
        inline_bytes: 48,
        ..build_index::Layout::default()
    };
    build_index::run(&opts, &mut ()).unwrap();
    let index = build_index::load_index_dir(&out).unwrap();
    let info = |term: &str| index.term(term).unwrap_or_else(|| panic!("{term}"));
    let shard = |term: &str| index.postings_file(term, info(term)).unwrap();
    // Both lists have 24 entries, longer than 48 bytes.
    for term in ["网络", "kubernetes"] {
        assert!(index.postings(term, info(term)).unwrap().unwrap().len() == 24);
    }
    assert_eq!(shard("网络"), index.bucket("网络"));
    assert!(matches!(shard("kubernetes"), FileId::Postings(_)));
}

#[test]
fn a_crafted_filter_table_is_a_named_error() {
    let (_dir, files) = built(&fixture_blog());
    let sealed = file(&files, "filters.xun");
    let edited = |edit: fn(&mut Filters)| {
        resealed("filters.xun", sealed, |payload| {
            let mut table = Filters::decode(payload, 5).unwrap();
            edit(&mut table);
            *payload = table.encode();
        })
    };
    let corrupt = |bytes: &[u8]| {
        let err = open_with(&files, "filters.xun", bytes).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{err}");
        assert!(err.to_string().starts_with("filters.xun: corrupt"), "{err}");
    };
    // A page past the last, pages out of order, values out of order, a
    // page count other than the manifest's, dates for too few pages.
    corrupt(&edited(|t| t.keys[0].values[0].pages.push(99)));
    corrupt(&edited(|t| {
        let pages = &mut t.keys[0].values[0].pages;
        pages.push(pages[pages.len() - 1]);
    }));
    corrupt(&edited(|t| t.keys[0].values.reverse()));
    corrupt(&edited(|t| t.page_count = 6));
    corrupt(&edited(|t| {
        t.dates.pop();
    }));
    // Cut short behind a valid checksum: truncated, by name.
    let cut = resealed("filters.xun", sealed, |p| p.truncate(p.len() / 2));
    let err = open_with(&files, "filters.xun", &cut).unwrap_err();
    assert_eq!(
        err,
        Error::Truncated {
            file: "filters.xun".into()
        }
    );
    // A huge count is refused before anything is allocated.
    let huge = resealed("filters.xun", sealed, |p| {
        *p = vec![5, 0xff, 0xff, 0xff, 0xff, 0x0f];
    });
    assert!(open_with(&files, "filters.xun", &huge).is_err());
    // The unchanged table opens, and filters.
    assert_eq!(open_with(&files, "filters.xun", &edited(|_| {})), Ok(()));
}

/// The fixture blog and a long post, built with default file sizes but
/// these, and its index directory's files: more text than one preload
/// chunk holds.
fn built_default(
    preload_bytes: usize,
    record_bytes: Option<usize>,
) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    built_default_with(|layout| {
        layout.preload_bytes = preload_bytes;
        layout.record_bytes = record_bytes;
    })
}

/// [`built_default`], with the layout `edit` makes.
fn built_default_with(
    edit: impl FnOnce(&mut build_index::Layout),
) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("blog");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(fixture_blog()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut long = String::from("---\ntitle: 长文\n---\n");
    for i in 0..60 {
        long.push_str(&format!("## 第{i}节\n\n"));
        for j in 0..40 {
            long.push_str(&format!("第{i}节第{j}句：日志、监控与存储各有取舍。"));
        }
        long.push_str("\n\n");
    }
    std::fs::write(corpus.join("long.md"), long).unwrap();
    let out = dir.path().join("index");
    let mut opts = options(&corpus, &out);
    edit(&mut opts.layout);
    build_index::run(&opts, &mut ()).unwrap();
    let mut files = read_dir_files(&out);
    files.retain(|(name, _)| name.ends_with(".xun"));
    (dir, files)
}

/// The preload chunks of a built index, in order.
fn preload_chunks(files: &[(String, Vec<u8>)], meta: &Meta) -> Vec<(String, Vec<u8>)> {
    (0..meta.preload_chunks)
        .map(|i| {
            let name = bundle::preload_name(i);
            let bytes = file(files, &name).to_vec();
            (name, bytes)
        })
        .collect()
}

#[test]
fn the_preload_chunks_hold_every_record_and_postings_file() {
    let (_dir, files) = built_default_with(|layout| layout.preload_text = false);
    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    let chunks = preload_chunks(&files, &index.meta);
    assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
    let on_disk = files.iter().filter(|f| f.0.starts_with("preload/")).count();
    assert_eq!(on_disk, chunks.len(), "the manifest counts every chunk");
    // The manifest gives their size, so that a page can decide.
    let bytes: usize = chunks.iter().map(|c| c.1.len()).sum();
    assert_eq!(index.meta.preload_bytes, bytes as u64);
    let mut held: Vec<String> = Vec::new();
    for (name, bytes) in &chunks {
        let inside = bundle::decode_named(name, bytes).unwrap();
        let sizes: usize = inside.iter().map(|f| f.1.len()).sum();
        assert!(inside.len() == 1 || sizes <= bundle::PRELOAD_CHUNK_BYTES);
        held.extend(inside.into_iter().map(|(n, _)| n.to_owned()));
    }
    let want: Vec<String> = (index.meta.files())
        .filter(|id| matches!(id, FileId::Records(_) | FileId::Postings(_)))
        .map(FileId::name)
        .collect();
    assert_eq!(held, want);
    // Once they are added, a search needs dictionary buckets and nothing
    // else.
    for (name, bytes) in &chunks {
        index.add_bundle(name, bytes).unwrap();
    }
    for id in index.meta.files() {
        let preloaded = matches!(id, FileId::Records(_) | FileId::Postings(_));
        assert_eq!(index.is_loaded(id), preloaded, "{id:?}");
    }
    let xun::Outcome::Need(missing) =
        xun::search::search(&index, "灰度发布", &Default::default()).unwrap()
    else {
        panic!("the dictionary is not loaded yet");
    };
    assert!(missing.names().iter().all(|n| n.starts_with("d/")));
    let buckets: Vec<FileId> = (index.meta.files())
        .filter(|id| matches!(id, FileId::Dictionary(_)))
        .collect();
    for id in buckets {
        index
            .add_file(&id.name(), file(&files, &id.name()))
            .unwrap();
    }
    let xun::Outcome::Done(results) =
        xun::search::search(&index, "灰度发布", &Default::default()).unwrap()
    else {
        panic!("every file is loaded");
    };
    assert_eq!(results.hits[0].url, "/posts/istio-canary/#steps");
}

#[test]
fn no_preload_chunks_past_their_limit() {
    let (_dir, files) = built_default(1000, build_index::Layout::default().record_bytes);
    assert!(files.iter().all(|(name, _)| !name.starts_with("preload/")));
    let index = Index::open(file(&files, "meta.xun")).unwrap();
    assert_eq!(
        (index.meta.preload_chunks, index.meta.preload_bytes),
        (0, 0)
    );
}

#[test]
fn a_damaged_preload_chunk_is_an_error_and_another_build_is_refused() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta = file(&files, "meta.xun");
    let (name, chunk) = &preload_chunks(&files, &Index::open(meta).unwrap().meta)[0];
    for cut in (0..chunk.len()).step_by(37) {
        let mut index = Index::open(meta).unwrap();
        assert!(
            index.add_bundle(name, &chunk[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let (_other, others) = built_default(build_index::Layout::default().preload_bytes, Some(512));
    let mut index = Index::open(meta).unwrap();
    assert!(matches!(
        index.add_bundle(name, file(&others, name)),
        Err(Error::Mismatch { .. })
    ));
}

/// A small site's record buckets are small and each section's first piece
/// is placed on its own; past `small_text_bytes` they are bigger and a
/// page's first pieces go eight sections to a bucket. Either way the
/// runtime names the bucket the writer put each piece in.
#[test]
fn record_layout_follows_the_amount_of_text() {
    let built = |small_text_bytes: usize, record_bytes: Option<usize>| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("index");
        let mut opts = options(&fixture_blog(), &out);
        opts.layout.small_text_bytes = small_text_bytes;
        opts.layout.record_bytes = record_bytes;
        build_index::run(&opts, &mut ()).unwrap();
        let files = read_dir_files(&out);
        (dir, files)
    };
    for (small_text_bytes, want) in [
        (usize::MAX, build_index::RecordLayout::SMALL),
        (0, build_index::RecordLayout::BIG),
    ] {
        let (_dir, files) = built(small_text_bytes, None);
        let index = Index::open(file(&files, "meta.xun")).unwrap();
        assert_eq!(index.meta.record_group, want.group);
        let text: usize = (files.iter())
            .filter(|(name, _)| name.starts_with("r/"))
            .map(|(_, bytes)| bytes.len())
            .sum();
        let buckets = index.meta.record_buckets as usize;
        assert!(
            buckets >= text / want.bytes / 2 && buckets <= text.div_ceil(want.bytes) + 1,
            "{buckets} buckets for {text} bytes at {} per bucket",
            want.bytes
        );

        // Many tiny buckets, and only the files the search names: a hit
        // whose piece is not where the runtime looks has no page.
        let (_dir, files) = built(small_text_bytes, Some(64));
        let mut index = Index::open(file(&files, "meta.xun")).unwrap();
        assert!(index.meta.record_buckets > 20);
        let options = xun::Options {
            limit: 20,
            ..Default::default()
        };
        let results = loop {
            match xun::search::search(&index, "容器", &options).unwrap() {
                xun::Outcome::Done(r) => break r,
                xun::Outcome::Need(missing) => {
                    for name in missing.names() {
                        index.add_file(&name, file(&files, &name)).unwrap();
                    }
                }
            }
        };
        assert!(results.hits.len() > 3, "{} hits", results.hits.len());
        for hit in &results.hits {
            assert!(
                !hit.title.is_empty() && hit.url.starts_with("/posts/"),
                "{hit:?}"
            );
        }
    }
}

/// The payload of every file a preloaded text remakes, by name, and how
/// many text files the chunks carry.
fn remade(files: &[(String, Vec<u8>)]) -> (Vec<(String, Vec<u8>)>, usize) {
    let meta = Index::open(file(files, "meta.xun")).unwrap().meta;
    let mut blob = Vec::new();
    for (name, chunk) in preload_chunks(files, &meta) {
        let inside = bundle::decode_named(&name, &chunk).unwrap();
        let names: Vec<&str> = inside.iter().map(|f| f.0).collect();
        let want = FileId::Text(blob.len() as u32 / bundle::PRELOAD_CHUNK_BYTES as u32).name();
        assert_eq!(names, [want.as_str()], "{name} holds one slice of text");
        blob.extend_from_slice(
            unseal(inside[0].0, Kind::Text, inside[0].1)
                .unwrap()
                .payload,
        );
    }
    let made = std::cell::RefCell::new(Vec::new());
    xun::format::text::rebuild(
        &meta,
        &blob,
        &mut |i, bucket| {
            let name = FileId::Dictionary(i).name();
            made.borrow_mut().push((name, bucket.encode()));
            Ok(())
        },
        &mut |id, payload| {
            made.borrow_mut().push((id.name(), payload));
            Ok(())
        },
    )
    .unwrap();
    (made.into_inner(), meta.text_files as usize)
}

/// Every dictionary bucket, postings shard and record bucket that `made`
/// holds is the built file's payload, and `made` holds them all.
fn assert_remade_as_built(files: &[(String, Vec<u8>)], made: &[(String, Vec<u8>)]) {
    let meta = Index::open(file(files, "meta.xun")).unwrap().meta;
    let mut want: Vec<String> = (meta.files())
        .filter(|id| !matches!(id, FileId::Filters))
        .map(FileId::name)
        .collect();
    let mut names: Vec<String> = made.iter().map(|f| f.0.clone()).collect();
    want.sort();
    names.sort();
    assert_eq!(names, want);
    for (name, payload) in made {
        let id = FileId::parse(name).unwrap();
        let built = unseal(name, id.kind(), file(files, name)).unwrap().payload;
        assert!(built == payload.as_slice(), "{name} is not remade as built");
    }
}

#[test]
fn the_preload_text_remakes_every_file_byte_for_byte() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta = Index::open(file(&files, "meta.xun")).unwrap().meta;
    let chunks = preload_chunks(&files, &meta);
    assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
    let on_disk = files.iter().filter(|f| f.0.starts_with("preload/")).count();
    assert_eq!(on_disk, chunks.len(), "the manifest counts every chunk");
    let bytes: usize = chunks.iter().map(|c| c.1.len()).sum();
    assert_eq!(meta.preload_bytes, bytes as u64);
    let (made, text_files) = remade(&files);
    assert_eq!(text_files, chunks.len());
    assert_remade_as_built(&files, &made);

    // The index remakes them when the last slice comes, and a search then
    // needs no file at all; it answers as the index of fetched files does.
    let mut index = Index::open(file(&files, "meta.xun")).unwrap();
    let (last, rest) = chunks.split_last().unwrap();
    for (name, bytes) in rest {
        index.add_bundle(name, bytes).unwrap();
    }
    assert!(meta.files().all(|id| !index.is_loaded(id)));
    index.add_bundle(&last.0, &last.1).unwrap();
    assert!(
        meta.files()
            .all(|id| index.is_loaded(id) || id == FileId::Filters)
    );
    let mut fetched = Index::open(file(&files, "meta.xun")).unwrap();
    for id in meta.files() {
        fetched
            .add_file(&id.name(), file(&files, &id.name()))
            .unwrap();
    }
    for query in [
        "灰度发布",
        "日志 监控",
        "kubenetes",
        "kube",
        "服務網格",
        "\"存储各有\"",
    ] {
        let options = xun::Options {
            limit: 10,
            ..Default::default()
        };
        let outcome = xun::search::search(&index, query, &options).unwrap();
        let xun::Outcome::Done(results) = outcome else {
            panic!("{query}: the remade index needs {outcome:?}");
        };
        let want = xun::search_loaded(&fetched, query, &options).unwrap();
        assert_eq!(format!("{results:?}"), format!("{want:?}"), "{query}");
    }
}

/// The index that took in the preloaded text hands a sealed copy of the
/// files it remade to another instance of the runtime (the page's, beside
/// its worker): the copy holds every file as built, byte for byte, and the
/// other instance answers from it without fetching anything.
#[test]
fn a_copy_of_the_remade_files_answers_on_another_instance() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta_bytes = file(&files, "meta.xun");
    let meta = Index::open(meta_bytes).unwrap().meta;
    let chunks = preload_chunks(&files, &meta);
    let mut worker = Index::open(meta_bytes).unwrap();
    worker.keep_copy();
    for (name, bytes) in &chunks {
        assert!(
            worker.take_copy().is_none(),
            "no copy before the last slice"
        );
        worker.add_bundle(name, bytes).unwrap();
    }
    let copy = worker.take_copy().expect("the copy, once the text is in");
    assert!(worker.take_copy().is_none(), "the copy is taken once");

    // Every file as built: the payloads, byte for byte, but the buckets
    // listed, with the built terms, phrases and inline postings.
    let (build, inside) = bundle::decode_built("copy", &copy).unwrap();
    assert_eq!(build, worker.build);
    let mut names: Vec<&str> = inside.iter().map(|f| f.0).collect();
    let mut want: Vec<String> = (meta.files())
        .filter(|id| !matches!(id, FileId::Filters))
        .map(FileId::name)
        .collect();
    names.sort();
    want.sort();
    assert_eq!(names, want);
    let listing = |t: &Terms| {
        let mut all = Vec::new();
        t.for_each(|term, info| all.push((term.to_owned(), info)));
        (all, t.phrases.clone(), t.inline().to_vec())
    };
    for (name, payload) in &inside {
        let id = FileId::parse(name).unwrap();
        let built = unseal(name, id.kind(), file(&files, name)).unwrap().payload;
        if let FileId::Dictionary(i) = id {
            let listed = Terms::decode_listed(i, payload).unwrap();
            assert_eq!(
                listing(&listed),
                listing(&Terms::decode(i, built).unwrap()),
                "{name}"
            );
        } else {
            assert!(*payload == built, "{name} is not the built file");
        }
    }

    let mut page = Index::open(meta_bytes).unwrap();
    page.hold(&copy).unwrap();
    let options = xun::Options {
        limit: 10,
        ..Default::default()
    };
    for query in ["灰度发布", "日志 监控", "kubenetes", "服務網格", "第3节"] {
        let mut rounds = 0;
        let results = loop {
            match xun::search::search(&page, query, &options).unwrap() {
                xun::Outcome::Done(results) => break results,
                xun::Outcome::Need(missing) => {
                    assert!(
                        page.add_held(&missing).unwrap(),
                        "{query}: {missing:?} not held"
                    );
                    rounds += 1;
                    assert!(rounds < 8, "{query}: still missing files");
                }
            }
        };
        let want = xun::search_loaded(&worker, query, &options).unwrap();
        assert_eq!(format!("{results:?}"), format!("{want:?}"), "{query}");
    }

    // A damaged copy is refused whole, and so is a copy of another build.
    let mut flipped = copy.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 1;
    assert!(Index::open(meta_bytes).unwrap().hold(&flipped).is_err());
    assert!(
        Index::open(meta_bytes)
            .unwrap()
            .hold(&copy[..copy.len() - 1])
            .is_err()
    );
    let (_other, others) = built_default(build_index::Layout::default().preload_bytes, Some(512));
    let other_meta = Index::open(file(&others, "meta.xun")).unwrap().meta;
    let mut other_worker = Index::open(file(&others, "meta.xun")).unwrap();
    other_worker.keep_copy();
    for (name, bytes) in preload_chunks(&others, &other_meta) {
        other_worker.add_bundle(&name, &bytes).unwrap();
    }
    let other_copy = other_worker.take_copy().unwrap();
    assert!(matches!(
        Index::open(meta_bytes).unwrap().hold(&other_copy),
        Err(Error::Mismatch { .. })
    ));
}

/// A listed bucket out of order, with a shared prefix longer than the
/// term before, or cut anywhere is a named error, never a panic.
#[test]
fn a_damaged_listed_bucket_is_an_error() {
    use xun::format::terms::{Location, TermInfo, encode_listed};
    let info = TermInfo {
        postings: Location::Inline(0),
        freq_code: 3,
        weak: false,
        word: true,
    };
    let terms: Vec<(Box<str>, TermInfo)> = ["容器", "容器网络", "网络"]
        .iter()
        .map(|t| ((*t).into(), info))
        .collect();
    let good = encode_listed(&terms, &[], b"xy");
    let decoded = Terms::decode_listed(0, &good).unwrap();
    assert_eq!(decoded.get("容器网络"), Some(info));
    assert_eq!(decoded.inline(), b"xy");
    for cut in 0..good.len() - 2 {
        assert!(
            Terms::decode_listed(0, &good[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let swapped: Vec<_> = [&terms[1], &terms[0]].into_iter().cloned().collect();
    let out_of_order = encode_listed(&swapped, &[], b"");
    assert!(matches!(
        Terms::decode_listed(0, &out_of_order),
        Err(Error::Corrupt { .. })
    ));
    let mut too_shared = good.clone();
    too_shared[1] = 9; // the first term shares 9 bytes with none
    assert!(matches!(
        Terms::decode_listed(0, &too_shared),
        Err(Error::Corrupt { .. })
    ));
}

/// Searches `index` as the runtime does, adding the files each round names
/// from `files`; returns the results and the record buckets it fetched.
fn search_fetching(
    index: &mut Index,
    files: &[(String, Vec<u8>)],
    query: &str,
    options: &xun::Options,
) -> (xun::Results, usize) {
    let mut records = 0;
    for _ in 0..8 {
        match xun::search::search(index, query, options).unwrap() {
            xun::Outcome::Done(results) => return (results, records),
            xun::Outcome::Need(missing) => {
                for name in missing.names() {
                    records += usize::from(name.starts_with("r/"));
                    index.add_file(&name, file(files, &name)).unwrap();
                }
            }
        }
    }
    panic!("{query}: still missing files after 8 rounds");
}

/// Before the last slice, the files are not remade yet, but the text that
/// has come is read: a hit whose section's text is in needs no record
/// bucket, and its excerpt is the one the bucket holds.
#[test]
fn before_the_last_slice_a_search_reads_the_text_that_has_come() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta = Index::open(file(&files, "meta.xun")).unwrap().meta;
    let chunks = preload_chunks(&files, &meta);
    let mut fetched = Index::open(file(&files, "meta.xun")).unwrap();
    for id in meta.files() {
        fetched
            .add_file(&id.name(), file(&files, &id.name()))
            .unwrap();
    }
    let options = xun::Options {
        limit: 10,
        ..Default::default()
    };
    let mut read_from_text = 0;
    for query in ["灰度发布", "日志 监控", "存储各有", "第3节"] {
        let mut cold = Index::open(file(&files, "meta.xun")).unwrap();
        let (_, cold_records) = search_fetching(&mut cold, &files, query, &options);
        let mut early = Index::open(file(&files, "meta.xun")).unwrap();
        for (name, bytes) in &chunks[..chunks.len() - 1] {
            early.add_bundle(name, bytes).unwrap();
        }
        let (results, records) = search_fetching(&mut early, &files, query, &options);
        let want = xun::search_loaded(&fetched, query, &options).unwrap();
        assert!(!want.hits.is_empty(), "{query}");
        assert_eq!(format!("{results:?}"), format!("{want:?}"), "{query}");
        assert!(
            records <= cold_records,
            "{query}: {records} > {cold_records}"
        );
        read_from_text += cold_records - records;
    }
    assert!(read_from_text > 0, "no excerpt was read from the text");
}

/// Text that folds in every way the indexer folds it, in Simplified and in
/// Traditional posts, with and without every CJK character as a term: the
/// preload carries the text (the indexer found that it remakes every file),
/// and the files are remade byte for byte.
#[test]
fn the_preload_text_remakes_traditional_posts_marks_and_words_only_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("blog");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("tw.md"),
        "---\ntitle: 記憶體與伺服器：軟體開發筆記\ntags: [雲端]\n---\n\
         ## 資料庫叢集\n\n我們的伺服器叢集使用的記憶體太大，網路設定與資料庫程式都需要調整。\
         軟體開發時，記憶體洩漏與網路延遲是最常見的問題……\n\n\
         ## 虛擬機器\n\n虛擬機器和容器的差別在於映像檔的大小與啟動速度。\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("marks.md"),
        "---\ntitle: Café ＡＰＩ 与 ㎏ 单位\n---\n\
         Cafe\u{301} 的 ＫＵＢＥＲＮＥＴＥＳ 集群（Ｖ１.２８）用了 ① 个 ﬁle，\
         ΣΟΦΟΣ 与 kube-proxy 都在「服务网格」里……容器网络、灰度发布。\n\n\
         ## e\u{301}tape 二\n\nIstio 的 VirtualService 与 DestinationRule 配置灰度发布。\n",
    )
    .unwrap();
    for words_only in [false, true] {
        let out = dir.path().join(format!("index-{words_only}"));
        let mut opts = options(&corpus, &out);
        opts.words_only = words_only;
        build_index::run(&opts, &mut ()).unwrap();
        let mut files = read_dir_files(&out);
        files.retain(|(name, _)| name.ends_with(".xun"));
        let (made, text_files) = remade(&files);
        assert!(text_files > 0, "words only: {words_only}");
        assert_remade_as_built(&files, &made);
    }
}

#[test]
fn damaged_preloaded_text_is_an_error_and_never_a_panic() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta = Index::open(file(&files, "meta.xun")).unwrap().meta;
    let mut blob = Vec::new();
    for (name, chunk) in preload_chunks(&files, &meta) {
        let inside = bundle::decode_named(&name, &chunk).unwrap();
        blob.extend_from_slice(
            unseal(inside[0].0, Kind::Text, inside[0].1)
                .unwrap()
                .payload,
        );
    }
    let rebuild = |blob: &[u8]| {
        xun::format::text::rebuild(&meta, blob, &mut |_, _| Ok(()), &mut |_, _| Ok(()))
    };
    assert_eq!(rebuild(&blob), Ok(()));
    // Cut short, or with a byte changed: an error or, where the change
    // still reads, files; never a panic.
    for cut in (0..blob.len()).step_by(blob.len() / 97 + 1) {
        assert!(rebuild(&blob[..cut]).is_err(), "cut at {cut}");
    }
    let mut errors = 0;
    for at in (0..blob.len()).step_by(blob.len() / 301 + 1) {
        let mut bad = blob.clone();
        bad[at] ^= 0x5a;
        errors += usize::from(rebuild(&bad).is_err());
    }
    assert!(errors > 0);
}

/// The runtime takes the text slice by slice, and a slice may end
/// anywhere: the files come out the same for slices of any size.
#[test]
fn the_preload_text_may_come_in_slices_of_any_size() {
    let (_dir, files) = built_default(
        build_index::Layout::default().preload_bytes,
        build_index::Layout::default().record_bytes,
    );
    let meta = Index::open(file(&files, "meta.xun")).unwrap().meta;
    let mut blob = Vec::new();
    for (name, chunk) in preload_chunks(&files, &meta) {
        let inside = bundle::decode_named(&name, &chunk).unwrap();
        blob.extend_from_slice(
            unseal(inside[0].0, Kind::Text, inside[0].1)
                .unwrap()
                .payload,
        );
    }
    let remade = |step: usize| {
        let mut remake = xun::format::text::Remake::default();
        for slice in blob.chunks(step) {
            remake.push(&meta, slice).unwrap();
        }
        let made = std::cell::RefCell::new(Vec::new());
        remake
            .finish(
                &meta,
                &mut |i, bucket| {
                    let name = FileId::Dictionary(i).name();
                    made.borrow_mut().push((name, bucket.encode()));
                    Ok(())
                },
                &mut |id, payload| {
                    made.borrow_mut().push((id.name(), payload));
                    Ok(())
                },
            )
            .unwrap();
        made.into_inner()
    };
    let whole = remade(blob.len());
    for step in [1, 2, 3, 5, 8, 13, 64, 333, 4096] {
        assert!(remade(step) == whole, "slices of {step} bytes");
    }
}
