//! Search results on a small fixture blog, with known expected hits.

mod common;

use common::{build_and_load, fixture_blog, search, search_with};
use xun::search::Step;
use xun::{Group, Options};

fn urls(r: &xun::Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.url.as_str()).collect()
}

/// The hits that meet every word of the query, which rank first.
fn complete(r: &xun::Results) -> Vec<&str> {
    let n = r.hits.iter().take_while(|h| !h.partial).count();
    assert!(
        r.hits[n..].iter().all(|h| h.partial),
        "complete hits rank first"
    );
    urls(r)[..n].to_vec()
}

#[test]
fn chinese_query_lands_on_the_section() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "灰度发布");
    assert!(!r.partial);
    assert_eq!(urls(&r)[0], "/posts/istio-canary/#steps");
    assert_eq!(r.hits[0].heading, "灰度发布的步骤");
    assert_eq!(r.hits[0].title, "用 Istio 做灰度发布");
    assert!(
        r.hits[0].excerpt.contains("<mark>灰度发布</mark>"),
        "{}",
        r.hits[0].excerpt
    );
    // Every section of that post has the words in its title, and no other
    // post has them both; posts with one of them follow, flagged partial.
    assert!(
        complete(&r)
            .iter()
            .all(|u| u.starts_with("/posts/istio-canary/"))
    );
    assert!(
        r.hits.windows(2).all(|w| w[0].score >= w[1].score),
        "in score order"
    );
}

#[test]
fn unspaced_words_are_split_against_the_vocabulary() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "容器网络");
    assert_eq!(r.terms, ["容器", "网络"]);
    assert!(!r.partial);
    assert!(
        urls(&r)[0].starts_with("/posts/k8s-network/"),
        "{:?}",
        urls(&r)
    );
}

#[test]
fn mixed_script_and_compounds() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "Prometheus告警");
    assert_eq!(r.terms, ["prometheus", "告警"]);
    assert_eq!(urls(&r)[0], "/posts/prometheus/#告警规则");

    let r = search(&index, "kube-proxy");
    assert_eq!(r.terms, ["kube-proxy"]);
    assert_eq!(urls(&r), ["/posts/k8s-network/#service-与-kube-proxy"]);
    assert!(r.hits[0].excerpt.contains("<mark>kube-proxy</mark>"));
}

#[test]
fn sections_with_every_word_rank_first_and_the_others_are_flagged() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "灰度发布 flannel");
    assert!(r.partial, "no section has both");
    assert!(!r.hits.is_empty());
    assert_eq!(r.hits[0].missing.len(), 1);
    let r = search(&index, "kube-proxy iptables");
    assert!(!r.partial);
    assert_eq!(complete(&r), ["/posts/k8s-network/#service-与-kube-proxy"]);
    assert_eq!(r.hits[0].matched, ["kube-proxy", "iptables"]);
}

#[test]
fn no_results() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "zzqxj");
    assert!(r.partial);
    assert_eq!((r.total, r.hits.len()), (0, 0));
    let r = search(&index, "  ，。 ");
    assert!(!r.partial);
    assert_eq!(r.hits.len(), 0);
    // Drafts are not indexed: their words are not terms, and no hit is
    // the draft page.
    assert_eq!(index.term("草稿"), None);
    for q in ["草稿专用词", "还没写完"] {
        let r = search(&index, q);
        assert!(r.partial);
        assert!(r.hits.iter().all(|h| h.page_url != "/posts/draft/"), "{q}");
    }
}

#[test]
fn plain_text_posts_take_their_first_line_as_title() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "圣地亚哥");
    assert_eq!(urls(&r), ["/posts/weekly/"]);
    assert_eq!(r.hits[0].title, "云原生周报 第一期");
    assert_eq!(r.hits[0].heading, "");
}

#[test]
fn grouping_by_page() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let options = Options {
        group: Group::Page,
        limit: 10,
        sections_per_page: 2,
        ..Default::default()
    };
    let r = search_with(&index, "网络", options);
    assert_eq!(r.hits[0].url, "/posts/k8s-network/");
    let sections = r.hits[0].sections.as_ref().unwrap();
    assert_eq!(sections.len(), 2);
    assert!(sections.iter().all(|s| s.page_url == "/posts/k8s-network/"));
    assert!(sections[0].score >= sections[1].score);
    assert_eq!(r.total, r.hits.len());
}

#[test]
fn limit_and_order_are_stable() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let options = Options {
        limit: 2,
        ..Default::default()
    };
    let a = search_with(&index, "版本", options.clone());
    let b = search_with(&index, "版本", options);
    assert_eq!(a, b);
    assert_eq!(a.hits.len(), 2);
    assert!(a.total >= 2);
    assert!(a.hits[0].score >= a.hits[1].score);
}

#[test]
fn offset_pages_through_the_same_ranking() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let all = search(&index, "网络");
    assert!(all.total >= 3);
    let page = |offset| {
        let options = Options {
            limit: 1,
            offset,
            ..Default::default()
        };
        search_with(&index, "网络", options).hits
    };
    for (i, hit) in all.hits.iter().enumerate() {
        assert_eq!(page(i), std::slice::from_ref(hit));
    }
    assert!(page(all.total).is_empty());
}

#[test]
fn excerpts_escape_corpus_html() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.md"),
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n正文里有 `<script>alert(1)</script>` 这样的代码\n",
    )
    .unwrap();
    let (_out, index) = build_and_load(dir.path());
    let r = search(&index, "代码");
    assert_eq!(
        r.hits[0].title, "<img src=x onerror=alert(1)>",
        "titles are plain text"
    );
    let excerpt = &r.hits[0].excerpt;
    assert!(
        excerpt.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{excerpt}"
    );
    assert!(
        !excerpt
            .replace("<mark>", "")
            .replace("</mark>", "")
            .contains('<')
    );
}

#[test]
fn han_substrings_across_word_boundaries_are_found() {
    let (_dir, index) = build_and_load(&fixture_blog());
    for q in ["段简", "是一段", "一段简单", "测试文本", "业务迁移"] {
        let r = search(&index, q);
        assert_eq!(r.step, Step::All, "{q}");
        assert_eq!(urls(&r)[0], "/posts/substrings/#整词", "{q}");
        assert!(
            r.hits[0].excerpt.contains(&format!("<mark>{q}</mark>")),
            "{q}: {}",
            r.hits[0].excerpt
        );
    }
}

#[test]
fn whole_words_rank_above_substrings() {
    let (_dir, index) = build_and_load(&fixture_blog());
    // 测试 is a word in 整词 and only a substring of 检测试剂 in 子串, where
    // jieba cuts 检测 / 试剂. Both are found; the word ranks first.
    let r = search(&index, "测试");
    assert_eq!(
        urls(&r),
        ["/posts/substrings/#整词", "/posts/substrings/#子串"]
    );
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "网络监控");
    assert_eq!(urls(&r)[0], "/posts/substrings/#繁體");
    // The excerpt shows the author's characters.
    assert!(
        r.hits[0].excerpt.contains("<mark>網絡監控</mark>"),
        "{}",
        r.hits[0].excerpt
    );
    let r = search(&index, "容器網絡");
    assert_eq!(urls(&r)[0], search(&index, "容器网络").hits[0].url);
    assert_eq!(search(&index, "繁體").hits[0].heading, "繁體");
}

#[test]
fn prefixes_of_latin_words_are_a_labelled_fallback() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "promethe");
    assert_eq!(r.step, Step::Substring);
    assert!(!r.partial);
    assert_eq!(r.terms, ["promethe"]);
    assert!(urls(&r).contains(&"/posts/prometheus/#告警规则"));
    assert!(
        r.hits[0].excerpt.contains("<mark>Prometheus</mark>"),
        "{}",
        r.hits[0].excerpt
    );
    // The exact word wins when it exists.
    assert_eq!(search(&index, "prometheus").step, Step::All);
}

#[test]
fn synonyms_apply_at_query_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut opts = common::options(&fixture_blog(), &out);
    opts.synonyms = Some(common::repo().join("tests/fixtures/synonyms.conf"));
    build_index::run(&opts, &mut ()).unwrap();
    let index = build_index::load_index_dir(&out).unwrap();
    // k8s appears nowhere; kubernetes does.
    let r = search(&index, "k8s 网络");
    assert_eq!(r.step, Step::All);
    assert!(r.terms.contains(&"kubernetes".to_owned()));
    assert!(
        urls(&r)[0].starts_with("/posts/k8s-network/"),
        "{:?}",
        urls(&r)
    );
    // 报警 finds 告警.
    let r = search(&index, "报警规则");
    assert_eq!(urls(&r)[0], "/posts/prometheus/#告警规则");
    // Without the file, neither does.
    let (_dir, plain) = build_and_load(&fixture_blog());
    assert_eq!(search(&plain, "k8s 网络").step, Step::Partial);
}
