//! The wasm runtime in real Chromium, over the demo corpus's index.
//!
//! Run by `wasm-pack test --headless --chrome` after
//! `build-index corpus --out target/xun-test-index --bundle` (scripts/test.sh
//! does both). These go through the same JavaScript-facing `Engine` that
//! www/xun.js uses.
#![cfg(target_arch = "wasm32")]

use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use xun::wasm::Engine;

wasm_bindgen_test_configure!(run_in_browser);

static PACK: &[u8] = include_bytes!("../target/xun-test-index/xun.pack");

#[derive(Debug, Deserialize)]
struct Results {
    query: String,
    terms: Vec<String>,
    #[serde(rename = "match")]
    step: String,
    partial: bool,
    total: usize,
    hits: Vec<Hit>,
}

#[derive(Debug, Deserialize)]
struct Hit {
    url: String,
    page_url: String,
    title: String,
    heading: String,
    excerpt: String,
    score: f64,
    date: String,
    tags: Vec<String>,
    sections: Option<Vec<Hit>>,
}

const DIGEST: &str = "/posts/kubernetes-community-qa-digest/";

fn search(engine: &mut Engine, query: &str, by_page: bool) -> Results {
    let text = engine
        .search(
            query,
            20,
            0,
            by_page,
            3,
            JsValue::UNDEFINED,
            "relevance",
            None,
        )
        .expect("search");
    serde_wasm_bindgen::from_value(parse(&text)).expect("results shape")
}

/// The engine's JSON answer, as the page's `JSON.parse` reads it.
fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("JSON")
}

/// JSON text with every `score` rounded to the `f32` it stands for: the
/// engine writes a score with the digits that give back its `f32`, not
/// every digit of its `f64` widening.
fn normalized(v: &JsValue) -> String {
    let scores =
        js_sys::Function::new_with_args("k, v", "return k === 'score' ? Math.fround(v) : v");
    String::from(js_sys::JSON::stringify_with_replacer(v, &scores).unwrap())
}

/// `{ key: [values] }`, as a page passes it.
fn filters_of(filters: &[(&str, &[&str])]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, values) in filters {
        let list: js_sys::Array = values.iter().map(|v| JsValue::from_str(v)).collect();
        js_sys::Reflect::set(&object, &(*key).into(), &list).unwrap();
    }
    object.into()
}

/// A search by page with filters and an order, all its results.
fn narrowed(engine: &mut Engine, query: &str, filters: &[(&str, &[&str])], sort: &str) -> Results {
    let text = engine
        .search(query, 200, 0, true, 3, filters_of(filters), sort, None)
        .expect("search");
    serde_wasm_bindgen::from_value(parse(&text)).expect("results shape")
}

fn engine() -> Engine {
    Engine::from_bundle(PACK).expect("the demo bundle opens")
}

#[wasm_bindgen_test]
fn chinese_query() {
    let r = search(&mut engine(), "灰度发布", false);
    assert_eq!(r.query, "灰度发布");
    assert_eq!(r.terms, ["灰度", "发布"]);
    assert!(!r.partial);
    assert!(r.total >= 20, "{}", r.total);
    let top = &r.hits[0];
    assert!(
        top.url.starts_with(DIGEST) && top.url.contains('#'),
        "{}",
        top.url
    );
    assert_eq!(top.page_url, DIGEST);
    assert_eq!(top.title, "(2000+) kubernetes 社群分享 QA 汇总");
    assert!(
        top.excerpt.contains("<mark>灰度发布</mark>"),
        "{}",
        top.excerpt
    );
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[wasm_bindgen_test]
fn a_talk_title_comes_first() {
    let r = search(&mut engine(), "阿里云如何构建高性能云原生容器网络", false);
    assert!(!r.partial);
    assert_eq!(
        r.hits[0].url,
        format!("{DIGEST}#2020-04-16阿里云如何构建高性能云原生容器网络")
    );
    assert_eq!(
        r.hits[0].heading,
        "2020-04-16：阿里云如何构建高性能云原生容器网络？"
    );
}

#[wasm_bindgen_test]
fn mixed_chinese_and_english() {
    let r = search(&mut engine(), "Prometheus告警", false);
    // 报警 from the demo's synonyms.
    assert_eq!(r.terms, ["prometheus", "告警", "报警"]);
    assert!(!r.partial);
    // Talks about Prometheus first.
    assert!(
        r.hits[0].heading.contains("Prometheus"),
        "{}",
        r.hits[0].heading
    );
    // The talk where the two stand together verbatim is near the top.
    let verbatim = format!("{DIGEST}#2019-09-17prometheus架构与实践分享");
    let rank = r
        .hits
        .iter()
        .position(|h| h.url == verbatim)
        .expect("verbatim section found");
    assert!(rank < 3, "rank {rank}");
    assert!(
        r.hits[rank].excerpt.contains("<mark>prometheus告警</mark>"),
        "{}",
        r.hits[rank].excerpt
    );

    // Full-width input is folded by the browser's NFKC.
    let wide = search(&mut engine(), "ＫＵＢＥ－ＰＲＯＸＹ", false);
    let narrow = search(&mut engine(), "kube-proxy", false);
    assert_eq!(wide.terms, ["kube-proxy"]);
    assert_eq!(wide.total, narrow.total);
    assert!(narrow.total > 0);
}

#[wasm_bindgen_test]
fn traditional_script_and_synonyms() {
    let mut e = engine();
    let traditional = search(&mut e, "網絡監控", false);
    let simplified = search(&mut e, "网络监控", false);
    assert_eq!(traditional.terms, ["网络", "监控"]);
    assert_eq!(traditional.total, simplified.total);
    assert_eq!(traditional.hits[0].url, simplified.hits[0].url);
    // The demo's synonyms file maps k8s to kubernetes.
    let r = search(&mut e, "k8s", false);
    assert_eq!(r.step, "all");
    assert!(r.terms.contains(&"kubernetes".to_owned()), "{:?}", r.terms);
    assert!(r.total > search(&mut e, "kubernetes", false).total / 2);
    // A word prefix is a labelled fallback.
    let r = search(&mut e, "promethe", false);
    assert_eq!((r.step.as_str(), r.partial), ("substring", false));
    assert!(r.total > 0);
}

#[wasm_bindgen_test]
fn grouped_by_page() {
    let r = search(&mut engine(), "阿里云 容器服务", true);
    assert!(!r.partial);
    let top = &r.hits[0];
    // The talk on 阿里云容器服务 and the post on 阿里云…容器服务 lead.
    let pages: Vec<&str> = r.hits.iter().take(2).map(|h| h.url.as_str()).collect();
    assert!(
        pages.contains(&"/posts/alibaba-cloud-product-night-talk/"),
        "{pages:?}"
    );
    assert!(pages.contains(&DIGEST), "{pages:?}");
    assert_eq!(top.heading, "");
    let sections = top.sections.as_ref().unwrap();
    assert!(!sections.is_empty() && sections.len() <= 3);
    assert!(
        sections
            .iter()
            .all(|s| s.page_url == top.url && s.url.starts_with(&top.url))
    );
}

/// The runtime writes results as JSON by hand (src/json.rs); parsed, they
/// must be what serde-wasm-bindgen's JSON-compatible serializer makes of
/// `Results`.
#[wasm_bindgen_test]
fn results_have_the_shape_serde_gives_them() {
    use serde::Serialize;
    let mut e = engine();
    let index = xun::Index::from_bundle(PACK).unwrap();
    for (query, by_page) in [
        ("灰度发布", false),
        ("阿里云 容器服务", true),
        ("kubenetes 網絡", false),
        ("promethe", true),
        ("zzqxj", false),
    ] {
        let options = xun::Options {
            offset: 1,
            group: if by_page {
                xun::Group::Page
            } else {
                xun::Group::Section
            },
            ..Default::default()
        };
        let ours = parse(
            &e.search(query, 20, 1, by_page, 3, JsValue::NULL, "relevance", None)
                .unwrap(),
        );
        let results = xun::search_loaded(&index, query, &options).unwrap();
        let serde = results
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap();
        assert_eq!(normalized(&ours), normalized(&serde), "{query}");
        // Absent, not undefined: JSON would not tell them apart.
        let hits: js_sys::Array = js_sys::Reflect::get(&ours, &"hits".into()).unwrap().into();
        for hit in hits.iter() {
            let has = js_sys::Reflect::has(&hit, &"sections".into()).unwrap();
            assert_eq!(has, by_page, "{query}");
        }
    }
    // Filtered and by date, the same shape and the same hits.
    let options = xun::Options {
        group: xun::Group::Page,
        filters: vec![("tags".to_owned(), vec!["阿里云".to_owned()])],
        sort: xun::Sort::Date,
        ..Default::default()
    };
    let ours = parse(
        &e.search(
            "容器",
            20,
            0,
            true,
            3,
            filters_of(&[("tags", &["阿里云"])]),
            "date",
            None,
        )
        .unwrap(),
    );
    let results = xun::search_loaded(&index, "容器", &options).unwrap();
    let serde = results
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    assert_eq!(normalized(&ours), normalized(&serde));
    let corrected = js_sys::Reflect::get(
        &parse(
            &e.search(
                "kubenetes",
                20,
                0,
                false,
                3,
                JsValue::UNDEFINED,
                "relevance",
                None,
            )
            .unwrap(),
        ),
        &"corrected".into(),
    )
    .unwrap();
    assert_eq!(normalized(&corrected), r#"{"kubenetes":"kubernetes"}"#);
}

#[wasm_bindgen_test]
fn no_results() {
    let r = search(&mut engine(), "zzqxj", false);
    assert!(r.partial);
    assert_eq!(r.step, "partial");
    assert_eq!((r.total, r.hits.len()), (0, 0));
    let r = search(&mut engine(), "", false);
    assert!(!r.partial && r.hits.is_empty());
}

#[wasm_bindgen_test]
fn files_are_requested_then_added() {
    let files = xun::format::bundle::decode(PACK).unwrap();
    let get = |name: &str| files.iter().find(|f| f.0 == name).unwrap().1;
    let mut engine = Engine::new(get("meta.xun")).unwrap();
    let mut rounds = 0;
    let results = loop {
        rounds += 1;
        let value = parse(
            &engine
                .search(
                    "灰度发布",
                    5,
                    0,
                    false,
                    3,
                    JsValue::UNDEFINED,
                    "relevance",
                    None,
                )
                .unwrap(),
        );
        let need = js_sys::Reflect::get(&value, &JsValue::from_str("need")).unwrap();
        if need.is_undefined() {
            break serde_wasm_bindgen::from_value::<Results>(value).unwrap();
        }
        let names: Vec<String> = serde_wasm_bindgen::from_value(need).unwrap();
        assert!(!names.is_empty());
        for name in names {
            engine.add_file(&name, get(&name)).unwrap();
        }
    };
    // Two rounds of files: the dictionary buckets, which hold this query's
    // postings inline, then the record buckets of the hits; then the answer.
    assert_eq!(rounds, 3);
    assert_eq!(results.hits.len(), 5);
}

#[wasm_bindgen_test]
fn corrupt_input_is_an_error_not_a_panic() {
    let err = Engine::from_bundle(&PACK[..PACK.len() / 2])
        .err()
        .expect("truncated bundle");
    let err: js_sys::Error = err.into();
    assert_eq!(String::from(err.name()), "XunIndexError");
    assert!(String::from(err.message()).contains("truncated"));

    let mut flipped = PACK.to_vec();
    let at = flipped.len() - 10;
    flipped[at] ^= 1;
    assert!(Engine::from_bundle(&flipped).is_err());

    let files = xun::format::bundle::decode(PACK).unwrap();
    let get = |name: &str| files.iter().find(|f| f.0 == name).unwrap().1;
    let mut engine = Engine::new(get("meta.xun")).unwrap();
    assert!(engine.add_file("p/0/0.xun", get("r/0/0.xun")).is_err());
    assert!(engine.add_file("../../etc/passwd", b"x").is_err());
    assert!(Engine::new(get("d/0/0.xun")).is_err());
}

/// A payload changed behind a valid checksum, as a faulty cache or a
/// crafted upload could serve it.
fn resealed(name: &str, sealed: &[u8], damage: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    use xun::format::{FileId, seal, unseal};
    let kind = FileId::parse(name).unwrap().kind();
    let checked = unseal(name, kind, sealed).unwrap();
    let mut payload = checked.payload.to_vec();
    damage(&mut payload);
    seal(kind, checked.id, &payload)
}

#[wasm_bindgen_test]
fn crafted_files_are_named_errors_and_the_next_search_works() {
    let files = xun::format::bundle::decode(PACK).unwrap();
    let get = |name: &str| files.iter().find(|f| f.0 == name).unwrap().1;
    let terms: Vec<&str> = files
        .iter()
        .map(|f| f.0)
        .filter(|n| n.starts_with("d/"))
        .step_by(64)
        .collect();
    let mut refused = 0;
    // Bits that the probe found to crash fst's traversal, in every 64th
    // dictionary bucket (the demo has hundreds): each is refused when
    // added, naming the file, or is harmless; no search traps.
    for name in &terms {
        for (byte, bit) in [(51, 5), (7, 0), (20, 3), (33, 6)] {
            let mut engine = Engine::new(get("meta.xun")).unwrap();
            let damaged = resealed(name, get(name), |p| {
                if let Some(b) = p.get_mut(byte) {
                    *b ^= 1 << bit;
                }
            });
            match engine.add_file(name, &damaged) {
                Err(err) => {
                    let err: js_sys::Error = err.into();
                    assert!(String::from(err.message()).starts_with(*name));
                    let code = js_sys::Reflect::get(&err, &"code".into()).unwrap();
                    assert_eq!(code.as_string().as_deref(), Some("corrupt"));
                    refused += 1;
                }
                Ok(()) => {
                    for (other, bytes) in &files {
                        if other != name && *other != "meta.xun" {
                            engine.add_file(other, bytes).unwrap();
                        }
                    }
                    for q in ["中国电信", "灰度发布", "kube", "網絡"] {
                        let _ = engine.search(q, 20, 0, true, 3, JsValue::NULL, "date", None);
                    }
                }
            }
        }
    }
    assert!(refused > terms.len(), "{refused} refused");
    // The engine that refused a file still searches.
    let r = search(&mut engine(), "中国电信", false);
    assert!(r.total > 0);

    // A manifest whose page count no section backs.
    let meta = resealed("meta.xun", get("meta.xun"), |p| {
        let mut m = xun::format::meta::Meta::decode(p).unwrap();
        m.page_count = u32::MAX;
        *p = m.encode();
    });
    let err: js_sys::Error = Engine::new(&meta).err().unwrap().into();
    assert!(String::from(err.message()).starts_with("meta.xun"));
}

/// The files a search asks for, round by round, until it answers, from
/// an engine that has only the manifest.
fn rounds_of(query: &str, filters: JsValue, sort: &str) -> (Vec<Vec<String>>, Results) {
    let files = xun::format::bundle::decode(PACK).unwrap();
    let get = |name: &str| files.iter().find(|f| f.0 == name).unwrap().1;
    let mut engine = Engine::new(get("meta.xun")).unwrap();
    let mut rounds = Vec::new();
    loop {
        let value = parse(
            &engine
                .search(query, 10, 0, true, 3, filters.clone(), sort, None)
                .unwrap(),
        );
        let need = js_sys::Reflect::get(&value, &JsValue::from_str("need")).unwrap();
        if need.is_undefined() {
            return (rounds, serde_wasm_bindgen::from_value(value).unwrap());
        }
        let names: Vec<String> = serde_wasm_bindgen::from_value(need).unwrap();
        for name in &names {
            engine.add_file(name, get(name)).unwrap();
        }
        rounds.push(names);
    }
}

#[wasm_bindgen_test]
fn filters_count_the_pages_of_each_value() {
    let files = xun::format::bundle::decode(PACK).unwrap();
    let get = |name: &str| files.iter().find(|f| f.0 == name).unwrap().1;
    let mut engine = Engine::new(get("meta.xun")).unwrap();
    // The manifest alone cannot say: the filter table is named.
    assert_eq!(engine.filters(), r#"{"need":["filters.xun"]}"#);
    engine.add_file("filters.xun", get("filters.xun")).unwrap();
    let counts = parse(&engine.filters());
    let count = |key: &str, value: &str| {
        let values = js_sys::Reflect::get(&counts, &key.into()).unwrap();
        js_sys::Reflect::get(&values, &value.into())
            .unwrap()
            .as_f64()
    };
    // Two posts are tagged 阿里云; the QA digest alone is in 技术.
    assert_eq!(count("tags", "阿里云"), Some(2.0));
    assert_eq!(count("categories", "技术"), Some(1.0));
    assert_eq!(count("tags", "没有这个标签"), None);
    // Kubernetes and kubernetes are one value, in the spelling most use.
    assert_eq!(count("tags", "Kubernetes"), Some(3.0));
    assert_eq!(count("tags", "kubernetes"), None);
    // Hits show their tags in the same spelling: each filters.
    let r = search(&mut crate::engine(), "kubernetes", true);
    assert!(r.hits.iter().any(|h| h.page_url == DIGEST));
    for hit in &r.hits {
        for tag in &hit.tags {
            assert!(count("tags", tag).is_some(), "{}: {tag}", hit.page_url);
        }
    }
}

#[wasm_bindgen_test]
fn filters_keep_the_pages_with_a_value_of_every_key() {
    let mut e = engine();
    let all = narrowed(&mut e, "容器", &[], "relevance");
    let tagged = |r: &Results, tag: &str| {
        r.hits
            .iter()
            .filter(|h| h.tags.iter().any(|t| t == tag))
            .count()
    };
    let aliyun = narrowed(&mut e, "容器", &[("tags", &["阿里云"])], "relevance");
    assert!(
        aliyun.total > 0 && aliyun.total < all.total,
        "{} of {}",
        aliyun.total,
        all.total
    );
    assert_eq!(tagged(&aliyun, "阿里云"), aliyun.hits.len());
    assert_eq!(aliyun.total, tagged(&all, "阿里云"));
    // OR within a key.
    let either = narrowed(&mut e, "容器", &[("tags", &["阿里云", "QA"])], "relevance");
    assert_eq!(either.total, aliyun.total + tagged(&all, "QA"));
    // AND across keys: no post is both tagged 阿里云 and in 技术.
    let both = narrowed(
        &mut e,
        "容器",
        &[("tags", &["阿里云"]), ("categories", &["技术"])],
        "relevance",
    );
    assert_eq!(both.total, 0);
    // Unknown keys and values match nothing; a key with no values, all.
    assert_eq!(
        narrowed(&mut e, "容器", &[("authors", &["x"])], "relevance").total,
        0
    );
    assert_eq!(
        narrowed(&mut e, "容器", &[("tags", &["没有"])], "relevance").total,
        0
    );
    assert_eq!(
        narrowed(&mut e, "容器", &[("tags", &[])], "relevance").total,
        all.total
    );
}

#[wasm_bindgen_test]
fn sorted_by_date_newest_first() {
    let mut e = engine();
    let by_date = narrowed(&mut e, "容器", &[], "date");
    let dates: Vec<&str> = by_date.hits.iter().map(|h| h.date.as_str()).collect();
    assert!(dates.len() > 2, "{dates:?}");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let by_score = narrowed(&mut e, "容器", &[], "relevance");
    let mut same: Vec<&str> = by_score.hits.iter().map(|h| h.url.as_str()).collect();
    let mut sorted: Vec<&str> = by_date.hits.iter().map(|h| h.url.as_str()).collect();
    assert_ne!(
        same, sorted,
        "the demo's best page for 容器 is not its newest"
    );
    same.sort();
    sorted.sort();
    assert_eq!(same, sorted, "the same pages");
}

#[wasm_bindgen_test]
fn options_of_the_wrong_shape_are_named() {
    let mut e = engine();
    let mut error = |filters: JsValue, sort: &str| -> (String, String) {
        let err: js_sys::Error = e
            .search("容器", 10, 0, true, 3, filters, sort, None)
            .expect_err("refused")
            .into();
        assert_eq!(String::from(err.name()), "XunIndexError");
        let code = js_sys::Reflect::get(&err, &"code".into()).unwrap();
        (code.as_string().unwrap(), String::from(err.message()))
    };
    let tags_string = js_sys::JSON::parse(r#"{"tags": "阿里云"}"#).unwrap();
    let tags_numbers = js_sys::JSON::parse(r#"{"tags": ["阿里云", 1]}"#).unwrap();
    for (filters, sort, names) in [
        (JsValue::from_str("tags"), "relevance", "filters must be"),
        (js_sys::Array::new().into(), "relevance", "filters must be"),
        (
            tags_string,
            "relevance",
            "filters.tags must be an array of strings",
        ),
        (
            tags_numbers,
            "relevance",
            "filters.tags must be an array of strings",
        ),
        (JsValue::UNDEFINED, "newest", "sort must be"),
    ] {
        let (code, message) = error(filters, sort);
        assert_eq!(code, "options");
        assert!(message.starts_with(names), "{message}");
    }
}

#[wasm_bindgen_test]
fn filtering_fetches_the_filter_table_and_nothing_more() {
    let (plain, _) = rounds_of("容器", JsValue::UNDEFINED, "relevance");
    let (filtered, r) = rounds_of("容器", filters_of(&[("tags", &["QA"])]), "date");
    assert!(r.total > 0);
    // Same number of rounds: the table comes with the dictionary.
    assert_eq!(filtered.len(), plain.len());
    assert!(filtered[0].contains(&"filters.xun".to_owned()));
    let plain: Vec<&String> = plain.iter().flatten().collect();
    for name in filtered.iter().flatten() {
        assert!(name == "filters.xun" || plain.contains(&name), "{name}");
    }
}
