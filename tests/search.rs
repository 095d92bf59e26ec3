//! Search results on a small fixture blog, with known expected hits.

mod common;

use common::{blog, build_and_load, demo_corpus, fixture_blog, search, search_with};
use xun::search::Step;
use xun::{Group, Options};

fn urls(r: &xun::Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.url.as_str()).collect()
}

/// The hits that meet every word of the query, best first. (A section
/// led by its heading may rank among them and lack a word.)
fn complete(r: &xun::Results) -> Vec<&str> {
    r.hits
        .iter()
        .filter(|h| !h.partial)
        .map(|h| h.url.as_str())
        .collect()
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

/// A hit says what it lacks in the reader's own spelling (網絡, not the
/// folded 网络), and what it has as the index spells it.
#[test]
fn missing_words_are_spelt_as_typed() {
    let site = blog(&[
        (
            "release.md",
            "---\ntitle: 发布\n---\n## 步骤\n\n灰度发布的步骤。\n",
        ),
        (
            "network.md",
            "---\ntitle: 网络\n---\n## 笔记\n\n容器网络的笔记。\n",
        ),
    ]);
    let r = search(&site.index, "灰度發佈 網絡");
    let missing = |url: &str| {
        let hit = r.hits.iter().find(|h| h.url.starts_with(url)).unwrap();
        (hit.missing.clone(), hit.matched.clone())
    };
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    assert_eq!(
        missing("/posts/release/"),
        (owned(&["網絡"]), owned(&["灰度", "发布"]))
    );
    assert_eq!(
        missing("/posts/network/"),
        (owned(&["灰度", "發佈"]), owned(&["网络"]))
    );
    // Units joined by OR are not spelt as placed: shown folded.
    let r = search(&site.index, "灰度發佈 容器 OR 網絡");
    let hit = r
        .hits
        .iter()
        .find(|h| h.url.starts_with("/posts/release/"))
        .unwrap();
    assert_eq!(hit.missing, ["容器 OR 网络"]);
}

/// A blog in Traditional script: the hit names the query's words as its
/// title and heading write them, so that a page (which cannot fold) marks
/// them there; in whatever script the reader typed.
#[test]
fn a_hit_names_its_words_as_its_title_and_heading_write_them() {
    let site = blog(&[(
        "taiwan.md",
        "---\ntitle: 臺灣旅遊記錄\n---\n## 臺北的夜市\n\n士林夜市的小吃非常好吃。\n\n## 高雄的風景\n\n愛河的夜景很漂亮。\n",
    )]);
    for query in ["臺北夜市", "台北夜市"] {
        let r = search(&site.index, query);
        let hit = &r.hits[0];
        assert_eq!(hit.heading, "臺北的夜市");
        assert_eq!(hit.marked, ["臺北", "夜市"], "{query}");
        assert!(hit.excerpt.contains("<mark>夜市</mark>"), "{}", hit.excerpt);
    }
    let r = search(&site.index, "旅游 风景");
    let hit = &r.hits[0];
    assert_eq!(hit.heading, "高雄的風景");
    assert_eq!(hit.marked, ["旅遊", "風景"]);
    // A word only the body has is marked in the excerpt alone.
    assert_eq!(
        search(&site.index, "小吃").hits[0].marked,
        Vec::<String>::new()
    );
}

/// Of characters glued to a word, a hit that lacks them names what they
/// mean, as typed: the word inside (內存 of 吃內存), or the character
/// beside a function word (挂 of 挂怎么办); not the glued run.
#[test]
fn a_hit_names_the_word_it_lacks_not_the_glued_characters() {
    let site = blog(&[
        (
            "memory.md",
            "---\ntitle: 内存\n---\n## 内存\n\nJVM 内存不够怎么办？加大内存。\n",
        ),
        (
            "crash.md",
            "---\ntitle: 崩溃\n---\n## 崩溃\n\n服务挂了怎么办？先看日志。\n",
        ),
        (
            "network.md",
            "---\ntitle: 网络\n---\n## 笔记\n\n容器网络的笔记。\n",
        ),
    ]);
    let r = search(&site.index, "吃內存 挂怎么办 網絡");
    let missing = |url: &str| {
        let hit = r.hits.iter().find(|h| h.url.starts_with(url)).unwrap();
        hit.missing.clone()
    };
    assert_eq!(missing("/posts/crash/"), ["內存", "網絡"]);
    assert_eq!(missing("/posts/network/"), ["內存", "挂"]);
}

/// A Latin compound the index knows is also met, in score only, by its
/// word parts: below every section that has the compound, however its
/// parts stand, and flagged as lacking it.
#[test]
fn the_parts_of_a_known_compound_rank_below_it() {
    let site = blog(&[
        (
            "ovn.md",
            "---\ntitle: 网络插件\n---\n## Kube-OVN 与 proxy\n\nKube-OVN 的设计，proxy 的转发。\n",
        ),
        (
            "service.md",
            "---\ntitle: 服务\n---\n## 服务转发\n\n节点上的 kube-proxy 用 iptables 转发流量，此外还有很长的说明文字。\n",
        ),
        (
            "ci.md",
            "---\ntitle: 集成\n---\n## 基于 GitLab 的 CI 实践\n\nCI 流水线的写法。\n\n## CI/CD 流水线\n\nCI/CD 流水线从提交到上线。\n",
        ),
    ]);
    let r = search(&site.index, "kube-proxy");
    assert_eq!(
        urls(&r),
        ["/posts/service/#服务转发", "/posts/ovn/#kube-ovn-与-proxy"]
    );
    assert_eq!(complete(&r), ["/posts/service/#服务转发"]);
    assert_eq!(r.hits[1].missing, ["kube-proxy"]);
    assert!(r.hits[1].excerpt.contains("<mark>proxy</mark>"));
    assert!(!r.partial);

    let r = search(&site.index, "CI/CD 流水线");
    assert_eq!(
        urls(&r),
        [
            "/posts/ci/#cicd-流水线",
            "/posts/ci/#基于-gitlab-的-ci-实践"
        ]
    );
    assert_eq!(r.hits[1].missing, ["CI/CD"]);
}

#[test]
fn a_heading_that_names_the_topic_ranks_with_the_complete_sections() {
    // The section about images says nothing of size; the long ones that
    // hold both words are about something else.
    let filler = "日志采集用 Fluentd，配置放在 ConfigMap 里，升级时逐个节点滚动。".repeat(12);
    let logs = format!(
        "---\ntitle: 日志方案\n---\n## 日志采集\n\n{filler}节点上的镜像缓存占满了磁盘。{filler}单个文件太大时切分。\n"
    );
    let site = blog(&[
        (
            "images.md",
            "---\ntitle: 构建笔记\n---\n## 镜像构建与镜像分层\n\n用多阶段构建和分层缓存，基础层只装运行所需的包。\n",
        ),
        ("logs.md", &logs),
        (
            "disk.md",
            "---\ntitle: 磁盘\n---\n## 磁盘告警\n\n磁盘用量太大时先清理旧日志。\n",
        ),
        (
            "misc.md",
            "---\ntitle: 杂记\n---\n## 网络\n\n容器网络的笔记。\n\n## 存储\n\n持久卷的笔记。\n",
        ),
    ]);
    let r = search(&site.index, "镜像太大");
    lacking_one_above_complete(
        &r,
        ["/posts/images/#镜像构建与镜像分层", "/posts/logs/#日志采集"],
        "太大",
    );
    // The query as a whole was met.
    assert!(!r.partial);
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn a_section_that_meets_most_of_the_query_with_some_in_its_heading_ranks_with_the_complete_ones() {
    // 方案 is in most sections, 日志 in some, 收集 in two: the section
    // headed 日志管理 that collects logs meets all but the commonest word.
    // The one long section that has all three, far apart, is about
    // something else.
    let filler = "节点扩容时先把旧的镜像清理掉，再按批次滚动升级。".repeat(20);
    let long =
        format!("---\ntitle: 运维杂记\n---\n## 升级记录\n\n{filler}日志{filler}收集{filler}方案\n");
    let mut posts: Vec<(String, String)> = (0..10)
        .map(|i| {
            let also = if i < 5 {
                "日志写到标准输出。"
            } else {
                ""
            };
            (
                format!("deploy{i}.md"),
                format!("---\ntitle: 部署{i}\n---\n## 部署{i}\n\n部署方案第{i}种。{also}\n"),
            )
        })
        .collect();
    posts.push(("long.md".into(), long));
    posts.push((
        "logs.md".into(),
        "---\ntitle: 日志\n---\n## 日志管理实践\n\n在每个节点上收集容器的日志，统一存储和检索。\n"
            .into(),
    ));
    let posts: Vec<(&str, &str)> = posts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let site = blog(&posts);
    let r = search(&site.index, "日志收集方案");
    lacking_one_above_complete(
        &r,
        ["/posts/logs/#日志管理实践", "/posts/long/#升级记录"],
        "方案",
    );
}

/// The first two hits are `first_two`: the first lacks `word` and says so, the
/// second has every word.
fn lacking_one_above_complete(r: &xun::Results, first_two: [&str; 2], word: &str) {
    assert_eq!(urls(r)[..2], first_two);
    assert!(r.hits[0].partial);
    assert_eq!(r.hits[0].missing, [word]);
    assert!(!r.hits[1].partial);
}

#[test]
fn a_post_titled_with_the_query_opens_the_list() {
    // A digest whose heading has the words among others, and whose body
    // repeats them, against a post whose title is the query.
    let digest = format!(
        "---\ntitle: 社群问答汇总\n---\n前言。\n\n## 2020-05-07：酷家乐服务网格与Serverless落地情况\n\n{}{}\n",
        "Q：服务网格怎么落地？A：先在边缘服务试点网格，再推广。".repeat(3),
        "Q：日志怎么采集？A：节点上跑采集器，按租户分索引。".repeat(20)
    );
    let site = blog(&[
        ("digest.md", &digest),
        (
            "mesh.md",
            "---\ntitle: 服务网格入门\n---\n服务网格把服务之间通信的治理能力从业务代码里拿出来。\n\n## 控制平面\n\n统一下发路由规则和证书。\n",
        ),
    ]);
    let r = search(&site.index, "服务网格");
    assert_eq!(urls(&r)[0], "/posts/mesh/");
    assert!(urls(&r).contains(&"/posts/digest/#2020-05-07酷家乐服务网格与serverless落地情况"));
    // Only the first section of the page: the title weighs there as a
    // heading, not in every section the title reaches.
    let later = urls(&r).iter().position(|u| *u == "/posts/mesh/#控制平面");
    let digest = urls(&r)
        .iter()
        .position(|u| u.starts_with("/posts/digest/#2020"));
    assert!(later > digest, "{:?}", urls(&r));
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
fn a_query_cut_short_says_so() {
    let (_dir, index) = build_and_load(&fixture_blog());
    let r = search(&index, "容器 网络");
    assert!(!r.truncated);
    // More words than a search takes: the rest is left out, and said to be.
    let words: Vec<String> = (0..xun::query::MAX_UNITS + 4)
        .map(|i| format!("w{i}x"))
        .collect();
    let r = search(&index, &format!("容器 {}", words.join(" ")));
    assert!(r.truncated);
    // The words past the last one taken, named as typed.
    let kept = xun::query::MAX_UNITS - 1;
    assert_eq!(r.left_out, words[kept..]);
    assert!(r.terms.contains(&words[kept - 1]), "{:?}", r.terms);
    // More characters than a search takes: the text past them.
    let long = format!("容器 {}", "网".repeat(xun::search::MAX_QUERY_CHARS));
    let r = search(&index, &format!("{long} 告警 迁移"));
    assert!(r.truncated);
    assert_eq!(r.left_out, ["网网网 告警 迁移"]);
    // A Latin word the limit falls inside is left out whole, not searched
    // for its first letters.
    let pad = "a ".repeat((xun::search::MAX_QUERY_CHARS - 5) / 2);
    let cut = format!("{pad}容器 kustomize argo");
    assert!(cut.chars().count() > xun::search::MAX_QUERY_CHARS);
    let r = search(&index, &cut);
    assert_eq!(r.left_out, ["kustomize argo"]);
    assert!(
        !r.terms.iter().any(|t| t.starts_with("kus")),
        "{:?}",
        r.terms
    );
    // One word longer than the limit is cut: there is nothing before it.
    let r = search(&index, &"k".repeat(xun::search::MAX_QUERY_CHARS + 3));
    assert_eq!(r.left_out, ["kkk"]);
    // Spaces past them are nothing left out.
    let r = search(&index, &format!("容器{}", " ".repeat(200)));
    assert!(!r.truncated);
    assert!(r.left_out.is_empty());
    // Repeating a word is not cutting the query short.
    let r = search(&index, &"容器 ".repeat(xun::query::MAX_UNITS + 4));
    assert!(!r.truncated);
}

#[test]
fn a_word_left_out_is_named_as_typed() {
    // Traditional script: the response names 網絡 as the reader wrote it.
    let (_dir, index) = build_and_load(&fixture_blog());
    let words: Vec<String> = (0..xun::query::MAX_UNITS)
        .map(|i| format!("w{i}x"))
        .collect();
    let r = search(&index, &format!("{} 網絡 監控", words.join(" ")));
    assert_eq!(r.left_out, ["網絡", "監控"]);
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
    let site = blog(&[(
        "x.md",
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n正文里有 `<script>alert(1)</script>` 这样的代码\n",
    )]);
    let r = search(&site.index, "代码");
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

/// Every `score` in a JSON value, rounded to the `f32` it stands for:
/// the runtime writes the digits that give back a score's `f32`, serde
/// every digit of its `f64` widening.
fn scores_as_f32(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if let (true, Some(x)) = (key == "score", value.as_f64()) {
                    *value = serde_json::json!(f64::from(x as f32));
                } else {
                    scores_as_f32(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(scores_as_f32),
        _ => {}
    }
}

#[test]
fn results_as_json_text_are_what_serde_makes_of_them() {
    let quoted = blog(&[(
        "x.md",
        "---\ntitle: \"引号\\\" 反斜杠\\\\ 和\\t制表\"\ntags: [网络]\n---\n## 小节\n容器网络的文字，带 \"引号\" 和 \\ 反斜杠。\n",
    )]);
    let (_demo, demo) = build_and_load(&demo_corpus());
    let by_page = Options {
        group: Group::Page,
        ..Default::default()
    };
    let cases = [
        (&quoted.index, "容器网络", Options::default()),
        (&quoted.index, "引号", by_page.clone()),
        (&demo, "灰度发布", Options::default()),
        (&demo, "阿里云 容器服务", by_page.clone()),
        (&demo, "kubenetes 網絡", Options::default()),
        (&demo, "zzqxj", by_page),
    ];
    for (index, query, options) in cases {
        let results = search_with(index, query, options);
        let mut ours: serde_json::Value =
            serde_json::from_str(&xun::json::results(&results)).expect("JSON");
        let mut serde = serde_json::to_value(&results).unwrap();
        scores_as_f32(&mut ours);
        scores_as_f32(&mut serde);
        assert_eq!(ours, serde, "{query}");
    }
    let titled = search(&quoted.index, "引号");
    assert!(titled.hits[0].title.contains('"') && titled.hits[0].title.contains('\\'));
}

#[test]
fn file_names_that_are_not_url_paths_are_escaped_and_rendered_where_served() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a#b.md", "what?.md", "100%.md"] {
        std::fs::write(dir.path().join(name), "正文斑马\n").unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(dir.path(), &out.path().join("index"));
    opts.html = Some(out.path().join("html"));
    build_index::run(&opts, &mut ()).unwrap();
    let index = build_index::load_index_dir(&out.path().join("index")).unwrap();
    let mut urls: Vec<String> = search(&index, "斑马")
        .hits
        .into_iter()
        .map(|h| h.url)
        .collect();
    urls.sort();
    assert_eq!(urls, ["/posts/100%25/", "/posts/a%23b/", "/posts/what%3F/"]);
    // Where a static server looks for them: the decoded path.
    for page in ["100%", "a#b", "what?"] {
        let file = out.path().join("html/posts").join(page).join("index.html");
        assert!(file.is_file(), "{}", file.display());
    }
}

/// A section whose words stand farther apart than an excerpt is long
/// shows both, in two stretches of its text: in 关于集群版本&集群升级,
/// 灰度 comes about 115 characters after the first 发布.
#[test]
fn an_excerpt_shows_every_word_its_section_matched() {
    let (_dir, index) = build_and_load(&demo_corpus());
    let r = search(&index, "灰度发布");
    let hit = (r.hits.iter())
        .find(|h| h.heading == "关于集群版本&集群升级")
        .expect("the section is found");
    let e = &hit.excerpt;
    assert!(
        e.contains("<mark>发布</mark>") && e.contains("<mark>灰度</mark>"),
        "{e}"
    );
    // Two stretches, one ellipsis between them, and still short.
    let text = e.replace("<mark>", "").replace("</mark>", "");
    assert_eq!(text.matches('…').count(), 3, "{e}");
    assert!(text.chars().count() <= 100 + 40 + 4 * 16 + 3, "{e}");
    // A section whose words stand together keeps one stretch.
    let together = &r.hits[0].excerpt;
    assert!(together.contains("<mark>灰度发布</mark>"), "{together}");
    assert!(together.matches('…').count() <= 2, "{together}");
}

#[test]
fn a_page_lists_under_a_complete_section_only_complete_ones() {
    // The digest meets all of 怎么排查pod网络不通 in one section, and some of
    // it in others: those are counted, not listed above the next page.
    let (_dir, index) = build_and_load(&demo_corpus());
    let by_page = |page: Option<String>| Options {
        group: Group::Page,
        limit: 8,
        sections_per_page: 3,
        page,
        ..Default::default()
    };
    let query = "怎么排查pod网络不通";
    let all = search_with(&index, query, by_page(None));
    let digest = &all.hits[0];
    assert!(!digest.partial, "{digest:?}");
    let listed = digest.sections.as_ref().unwrap();
    assert!(listed.iter().all(|s| !s.partial), "{listed:?}");
    let total = digest.sections_total.unwrap();
    assert!(
        total > listed.len(),
        "{total} sections, {} listed",
        listed.len()
    );
    // Asked for alone, the page lists its partial sections too.
    let alone = search_with(&index, query, by_page(Some(digest.page_url.clone())));
    let sections = alone.hits[0].sections.as_ref().unwrap();
    assert_eq!(sections.len(), total.min(3));
    assert!(sections.iter().any(|s| s.partial), "{sections:?}");
}

#[test]
fn a_page_hit_counts_its_matching_sections_and_one_page_can_be_asked_for_alone() {
    let (_dir, index) = build_and_load(&demo_corpus());
    let by_page = |page: Option<String>, per_page| Options {
        group: Group::Page,
        limit: 8,
        sections_per_page: per_page,
        page,
        ..Default::default()
    };
    let all = search_with(&index, "灰度发布", by_page(None, 3));
    let sections = search(&index, "灰度发布");
    for hit in &all.hits {
        let on_page = sections
            .hits
            .iter()
            .filter(|s| s.page_url == hit.page_url)
            .count();
        assert_eq!(hit.sections_total, Some(on_page), "{}", hit.page_url);
        assert!(hit.sections.as_ref().unwrap().len() <= 3);
    }
    let digest = all.hits.iter().max_by_key(|h| h.sections_total).unwrap();
    assert!(digest.sections_total.unwrap() > 50);
    // That page alone, with 13 of its sections: the same first three.
    let alone = search_with(
        &index,
        "灰度发布",
        by_page(Some(digest.page_url.clone()), 13),
    );
    assert_eq!(alone.total, 1);
    let listed = alone.hits[0].sections.as_ref().unwrap();
    assert_eq!(listed.len(), 13);
    assert_eq!(listed[..3], digest.sections.as_ref().unwrap()[..]);
    assert!(listed.iter().all(|s| s.page_url == digest.page_url));
    // A page no search has shown (its records are not loaded) gives none.
    let unknown = search_with(&index, "灰度发布", by_page(Some("/nowhere/".to_owned()), 3));
    assert_eq!(unknown.total, 0);
    // Sections are hits of their own: no count.
    assert!(sections.hits.iter().all(|h| h.sections_total.is_none()));
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

#[test]
fn a_synonym_phrase_typed_as_several_words_does_not_narrow_the_query() {
    // 日志采集 is two words here. With the group, it is still met by both
    // words apart, as without it; and 日志收集 meets it too.
    let blog = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(blog.path().join(name), text).unwrap();
    write(
        "apart.md",
        "---\ntitle: 容器\n---\n## 采集\n\n容器的日志由 fluentd 定时采集。\n",
    );
    write(
        "synonym.md",
        "---\ntitle: 日志\n---\n## 收集\n\n日志收集用 filebeat。\n",
    );
    write("other.md", "---\ntitle: 网络\n---\n## 网络\n\n容器网络。\n");
    write("synonyms.conf", "日志采集, 日志收集\n");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut opts = common::options(blog.path(), &out);
    opts.synonyms = Some(blog.path().join("synonyms.conf"));
    build_index::run(&opts, &mut ()).unwrap();
    let index = build_index::load_index_dir(&out).unwrap();
    let r = search(&index, "日志采集");
    let mut found = urls(&r);
    found.sort();
    assert_eq!(
        found,
        ["/posts/apart/#采集", "/posts/synonym/#收集"],
        "{r:?}"
    );
    assert!(r.hits.iter().all(|h| !h.partial), "{r:?}");
}

/// A blog of Markdown posts with tags, categories and dates in the ways
/// front matter writes them: YAML and TOML lists, a single string,
/// Jekyll's singulars. Every post mentions 容器.
fn tagged_blog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "aliyun.md",
        "---\ntitle: 阿里云容器服务\ndate: 2020-01-15\ntags: [阿里云, 容器]\ncategories: [云]\n---\n## 容器服务\n\n阿里云的容器服务。\n",
    );
    write(
        "network.md",
        "+++\ntitle = \"容器网络\"\ndate = 2021-06-01\ntags = \"容器\"\ncategory = \"笔记\"\n+++\n## 网络\n\n容器网络的笔记。\n",
    );
    write(
        "undated.md",
        "---\ntitle: 没有日期的容器文章\n---\n## 存储\n\n容器存储。\n",
    );
    write(
        "k8s.md",
        "---\ntitle: Kubernetes 上的容器\ndate: 2019-03-04T08:00:00+08:00\ncategory: 云\ntag:\n  - 阿里云\n  - Kubernetes\n---\n在 Kubernetes 上运行容器。\n",
    );
    dir
}

fn narrowed(filters: &[(&str, &[&str])], sort: xun::Sort) -> Options {
    Options {
        group: Group::Page,
        limit: 50,
        filters: filters
            .iter()
            .map(|(k, vs)| {
                (
                    (*k).to_owned(),
                    vs.iter().map(|v| (*v).to_owned()).collect(),
                )
            })
            .collect(),
        sort,
        ..Default::default()
    }
}

/// The page URLs of a search, in order.
fn pages(index: &xun::Index, filters: &[(&str, &[&str])], sort: xun::Sort) -> Vec<String> {
    let r = search_with(index, "容器", narrowed(filters, sort));
    assert_eq!(r.total, r.hits.len());
    r.hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn tags_and_categories_come_from_every_front_matter_spelling() {
    let blog = tagged_blog();
    let (_dir, index) = build_and_load(blog.path());
    let xun::Outcome::Done(keys) = xun::search::filters(&index) else {
        panic!("the table is loaded");
    };
    let counts: Vec<(String, Vec<(String, usize)>)> = keys
        .iter()
        .map(|k| {
            let values = k.values.iter().map(|v| (v.name.clone(), v.pages.len()));
            (k.name.clone(), values.collect())
        })
        .collect();
    let want = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
        list.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    };
    assert_eq!(
        counts,
        [
            ("categories".to_owned(), want(&[("云", 2), ("笔记", 1)])),
            (
                "tags".to_owned(),
                want(&[("Kubernetes", 1), ("容器", 2), ("阿里云", 2)])
            ),
        ]
    );
}

#[test]
fn filters_are_or_within_a_key_and_and_across_keys() {
    let blog = tagged_blog();
    let (_dir, index) = build_and_load(blog.path());
    let relevance = xun::Sort::Relevance;
    let mut all = pages(&index, &[], relevance);
    all.sort();
    assert_eq!(all.len(), 4);
    let mut aliyun = pages(&index, &[("tags", &["阿里云"])], relevance);
    aliyun.sort();
    assert_eq!(aliyun, ["/posts/aliyun/", "/posts/k8s/"]);
    let mut either = pages(
        &index,
        &[("tags", &["阿里云", "Kubernetes", "容器"])],
        relevance,
    );
    either.sort();
    assert_eq!(either, ["/posts/aliyun/", "/posts/k8s/", "/posts/network/"]);
    // Tagged 容器, and in 云: only the post that is both.
    assert_eq!(
        pages(
            &index,
            &[("tags", &["容器"]), ("categories", &["云"])],
            relevance
        ),
        ["/posts/aliyun/"]
    );
    // Unknown keys and values match nothing; an empty list, everything.
    assert!(pages(&index, &[("authors", &["郭旭东"])], relevance).is_empty());
    assert!(pages(&index, &[("tags", &["没有"])], relevance).is_empty());
    assert_eq!(pages(&index, &[("tags", &[])], relevance).len(), 4);
    // By section, the same pages.
    let options = Options {
        limit: 50,
        ..narrowed(&[("tags", &["阿里云"])], relevance)
    };
    let by_section = search_with(
        &index,
        "容器",
        Options {
            group: Group::Section,
            ..options
        },
    );
    assert!(by_section.total >= 2);
    assert!(
        by_section.hits.iter().all(|h| aliyun.contains(&h.page_url)),
        "{:?}",
        urls(&by_section)
    );
}

#[test]
fn a_filter_with_nothing_typed_browses_its_pages_newest_first() {
    let blog = tagged_blog();
    let (_dir, index) = build_and_load(blog.path());
    let browse = |query: &str, filters: &[(&str, &[&str])], sort| {
        let r = search_with(&index, query, narrowed(filters, sort));
        assert_eq!(r.total, r.hits.len());
        r.hits
    };
    // Every page tagged 阿里云, newest first, whatever the order asked for.
    for sort in [xun::Sort::Relevance, xun::Sort::Date] {
        let hits = browse("", &[("tags", &["阿里云"])], sort);
        let urls: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(urls, ["/posts/aliyun/", "/posts/k8s/"]);
        // Each with the start of its text, and nothing it lacks.
        assert!(hits.iter().all(|h| !h.partial && h.missing.is_empty()));
        let sections: Vec<&str> = hits
            .iter()
            .map(|h| h.sections.as_ref().unwrap()[0].excerpt.as_str())
            .collect();
        assert!(sections[0].contains("阿里云的容器服务"), "{sections:?}");
        assert!(
            sections[1].contains("在 Kubernetes 上运行容器"),
            "{sections:?}"
        );
    }
    // Across keys, as a search narrows.
    let both = browse(
        "  ",
        &[("tags", &["容器"]), ("categories", &["云"])],
        xun::Sort::Relevance,
    );
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].url, "/posts/aliyun/");
    // Nothing typed and nothing chosen is no search; nor is a value no
    // page has, nor a query of only excluded words.
    assert!(browse("", &[], xun::Sort::Date).is_empty());
    assert!(browse("", &[("tags", &[])], xun::Sort::Date).is_empty());
    assert!(browse("", &[("tags", &["没有"])], xun::Sort::Date).is_empty());
    assert!(browse("-容器", &[("tags", &["阿里云"])], xun::Sort::Date).is_empty());
}

#[test]
fn sorting_by_date_puts_the_newest_first_and_the_undated_last() {
    let blog = tagged_blog();
    let (_dir, index) = build_and_load(blog.path());
    assert_eq!(
        pages(&index, &[], xun::Sort::Date),
        [
            "/posts/network/",
            "/posts/aliyun/",
            "/posts/k8s/",
            "/posts/undated/"
        ]
    );
    let r = search_with(&index, "容器", narrowed(&[], xun::Sort::Date));
    let dates: Vec<&str> = r.hits.iter().map(|h| h.date.as_str()).collect();
    assert_eq!(dates, ["2021-06-01", "2020-01-15", "2019-03-04", ""]);
    // Ties by relevance: the same pages, the same scores, another order.
    let by_score = search_with(&index, "容器", narrowed(&[], xun::Sort::Relevance));
    assert!(by_score.hits.windows(2).all(|w| w[0].score >= w[1].score));
    let mut a: Vec<_> = r.hits.iter().map(|h| (&h.url, h.score.to_bits())).collect();
    let mut b: Vec<_> = by_score
        .hits
        .iter()
        .map(|h| (&h.url, h.score.to_bits()))
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn complete_hits_stay_above_partial_ones_by_date() {
    let blog = tagged_blog();
    let (_dir, index) = build_and_load(blog.path());
    // Only the network post has both words; newer or not, the others
    // follow it.
    let r = search_with(&index, "容器 网络", narrowed(&[], xun::Sort::Date));
    assert_eq!(r.hits[0].url, "/posts/network/");
    assert!(!r.hits[0].partial && r.hits[1..].iter().all(|h| h.partial));
    let dates: Vec<&str> = r.hits[1..].iter().map(|h| h.date.as_str()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1] || w[1].is_empty()),
        "{dates:?}"
    );
}

/// The files a search names, round by round, from the manifest alone,
/// as a browser fetches them.
fn rounds(dir: &std::path::Path, query: &str, options: &Options) -> Vec<Vec<String>> {
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let mut index = xun::Index::open(&read("meta.xun")).unwrap();
    let mut rounds = Vec::new();
    while let xun::Outcome::Need(missing) = xun::search::search(&index, query, options).unwrap() {
        for name in missing.names() {
            index.add_file(&name, &read(&name)).unwrap();
        }
        rounds.push(missing.names());
    }
    rounds
}

#[test]
fn a_filtered_search_fetches_the_table_and_no_record_of_a_page_it_drops() {
    let blog = tagged_blog();
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(blog.path(), out.path());
    // A record bucket per piece or so, so that pages seldom share one.
    opts.layout.record_bytes = Some(64);
    build_index::run(&opts, &mut ()).unwrap();
    let plain = rounds(out.path(), "容器", &narrowed(&[], xun::Sort::Relevance));
    let filtered = rounds(
        out.path(),
        "容器",
        &narrowed(&[("tags", &["Kubernetes"])], xun::Sort::Date),
    );
    // The table comes with the first round: no round more.
    assert_eq!(filtered.len(), plain.len());
    assert!(filtered[0].contains(&"filters.xun".to_owned()));
    let plain: Vec<&String> = plain.iter().flatten().collect();
    let filtered: Vec<&String> = filtered.iter().flatten().collect();
    for name in &filtered {
        assert!(*name == "filters.xun" || plain.contains(name), "{name}");
    }
    // Of the record buckets, only those of the page kept.
    let index = build_index::load_index_dir(out.path()).unwrap();
    let records = |names: &[&String]| -> Vec<String> {
        names
            .iter()
            .filter(|n| n.starts_with("r/"))
            .map(|n| n.to_string())
            .collect()
    };
    let kept = records(&filtered);
    assert!(!kept.is_empty() && kept.len() < records(&plain).len());
    for name in kept {
        let pages: Vec<String> = index
            .pieces()
            .filter(|(page, piece)| {
                index.record_file(page.id, piece.local, piece.index).name() == name
            })
            .map(|(page, _)| page.url.clone())
            .collect();
        assert!(
            pages.contains(&"/posts/k8s/".to_owned()),
            "{name}: {pages:?}"
        );
    }
}

#[test]
fn an_index_without_tags_or_dates_has_no_table_and_needs_none() {
    let blog = tempfile::tempdir().unwrap();
    std::fs::write(blog.path().join("a.md"), "# 容器\n\n容器网络。\n").unwrap();
    std::fs::write(
        blog.path().join("b.md"),
        "---\ntitle: B\ntags: []\n---\n容器存储。\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_index::run(&common::options(blog.path(), out.path()), &mut ()).unwrap();
    assert!(!out.path().join("filters.xun").exists());
    let mut index = xun::Index::open(&std::fs::read(out.path().join("meta.xun")).unwrap()).unwrap();
    assert!(!index.meta.filters);
    assert!(matches!(xun::search::filters(&index), xun::Outcome::Done(keys) if keys.is_empty()));
    assert!(matches!(
        index.add_file("filters.xun", b"XUN\0"),
        Err(xun::Error::UnknownFile { .. })
    ));
    // Filters match nothing, and the order by date is the order by
    // relevance: neither asks for a file more than the plain search.
    let plain = rounds(out.path(), "容器", &narrowed(&[], xun::Sort::Relevance));
    let dated = rounds(out.path(), "容器", &narrowed(&[], xun::Sort::Date));
    let filtered = rounds(
        out.path(),
        "容器",
        &narrowed(&[("tags", &["x"])], xun::Sort::Relevance),
    );
    assert_eq!(plain, dated);
    assert!(filtered.iter().flatten().all(|n| n != "filters.xun"));
    let index = build_index::load_index_dir(out.path()).unwrap();
    let by_score = search_with(&index, "容器", narrowed(&[], xun::Sort::Relevance));
    assert_eq!(by_score.total, 2);
    assert_eq!(
        search_with(&index, "容器", narrowed(&[], xun::Sort::Date)),
        by_score
    );
    assert_eq!(
        search_with(
            &index,
            "容器",
            narrowed(&[("tags", &["x"])], xun::Sort::Relevance)
        )
        .total,
        0
    );
}

/// A mainland form that jieba cuts into words (负载均衡: 负载, 均衡) is
/// no term of the index, but the Taiwan phrase for it (負載平衡) still
/// ships, and the query meets the form word by word (负载; 平衡 or 均衡),
/// ranking the words side by side first.
#[test]
fn a_regional_phrase_meets_a_mainland_form_of_several_words() {
    let site = blog(&[
        (
            "lb.md",
            "---\ntitle: 入口\n---\n## 四层转发\n\n七层的负载均衡交给网关，四层的交给内核。\n",
        ),
        (
            "scale.md",
            "---\ntitle: 扩容\n---\n## 水平\n\n负载升高时先扩容，资源平衡以后再缩容。\n",
        ),
    ]);
    assert!(
        site.index.term("负载均衡").is_none(),
        "jieba keeps 负载均衡 whole here"
    );
    assert!(site.index.regional().iter().any(|p| p.0 == "负载平衡"));
    let r = search(&site.index, "負載平衡");
    assert_eq!(urls(&r)[0], "/posts/lb/#四层转发", "{:?}", r.terms);
    assert!(r.terms.contains(&"均衡".to_owned()), "{:?}", r.terms);
}

/// A Taiwan phrase that starts with two CJK characters comes with the
/// dictionary bucket of those two, not with the manifest: a query that has
/// the phrase loads that bucket anyway, then the buckets of the mainland
/// form, one round more, and finds the mainland text.
#[test]
fn regional_phrases_come_with_their_bucket() {
    let blog = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(blog.path().join(name), text).unwrap();
    write(
        "memory.md",
        "---\ntitle: 容器的内存限制\n---\n## 内存用量\n\n每个容器的内存用量都有上限，超过就会被杀掉。\n",
    );
    write(
        "cluster.md",
        "---\ntitle: 集群升级\n---\n## 步骤\n\n先升级控制面，再升级节点。\n",
    );
    let out = tempfile::tempdir().unwrap();
    let mut opts = common::options(blog.path(), out.path());
    // Many small buckets, so that the phrase and its mainland form seldom
    // share one.
    opts.layout.bucket_bytes = 16;
    build_index::run(&opts, &mut ()).unwrap();
    let meta = xun::Index::open(&std::fs::read(out.path().join("meta.xun")).unwrap()).unwrap();
    assert!(
        meta.regional()
            .iter()
            .all(|p| !xun::format::fold::in_bucket(&p.0))
    );

    let options = Options::default();
    let traditional = rounds(out.path(), "記憶體用量", &options);
    let simplified = rounds(out.path(), "内存用量", &options);
    assert_eq!(traditional.len(), simplified.len() + 1, "{traditional:?}");
    let index = build_index::load_index_dir(out.path()).unwrap();
    assert!(index.regional().iter().any(|p| p.0 == "记忆体"));
    let r = search(&index, "記憶體用量");
    assert!(r.terms.contains(&"内存".to_owned()), "{:?}", r.terms);
    assert_eq!(urls(&r)[0], "/posts/memory/#内存用量");
    // 叢集 is one too; traditional characters alone cost no round.
    let cluster = |q: &str| rounds(out.path(), q, &options).len();
    assert_eq!(cluster("叢集升級"), cluster("集群升级") + 1);
    assert_eq!(cluster("升級步驟"), cluster("升级步骤"));
    assert!(
        search(&index, "叢集升級").hits[0]
            .url
            .starts_with("/posts/cluster/")
    );
}

/// Taiwan and Hong Kong IT words that OpenCC's phrase tables lack
/// (`regional-it.tsv`) find the mainland words of a post: 巨量資料 big
/// data, 主控台 the console, 執行個體 an instance; in Hong Kong, 網絡保安
/// network security, 上載 to upload; 逾時 a timeout, 門檻值 a threshold,
/// 自動擴展 autoscaling; 架設 to set up, 轉送 to forward, 實務 practice.
#[test]
fn taiwan_and_hong_kong_it_words_find_mainland_posts() {
    let site = blog(&[
        (
            "data.md",
            "---\ntitle: 平台\n---\n## 计算\n\n大数据任务跑在集群上，控制台里能看到每个实例。\n",
        ),
        (
            "net.md",
            "---\ntitle: 网络\n---\n## 隔离\n\n网络策略限制了命名空间之间的访问，数据也分开存放。\n",
        ),
        (
            "misc.md",
            "---\ntitle: 杂谈\n---\n## 其他\n\n资料很多，政策也在变，个体的差异很大，主控的逻辑不变。\n",
        ),
        (
            "sec.md",
            "---\ntitle: 防护\n---\n## 分层\n\n网络安全靠分层防护，文件先扫描再上传。\n",
        ),
        (
            "scale.md",
            "---\ntitle: 容量\n---\n## 伸缩\n\n请求超时多了就弹性伸缩，告警阈值设在八成。\n",
        ),
        (
            "gov.md",
            "---\ntitle: 治理\n---\n## 发现\n\n服务发现靠注册中心，权限用 RBAC 管，运行状态看 Dashboard。\n",
        ),
        (
            "ops.md",
            "---\ntitle: 升级\n---\n## 步骤\n\n升级前先做故障排查，再把服务搬迁到物理机上，完成后推送通知。\n",
        ),
        (
            "setup.md",
            "---\ntitle: 环境\n---\n## 安装\n\n用二进制文件搭建测试环境，网关按优先级转发请求，下游出错就熔断，训练任务按显存排队，内存不够先扩容，这是一线团队推荐的实践。\n",
        ),
        // Where 自動擴展's words stand apart, and nothing says autoscaling.
        (
            "apart.md",
            "---\ntitle: 运维\n---\n## 脚本\n\n自动化脚本很多，插件的扩展也方便，请求一多就慢。\n",
        ),
    ]);
    for (taiwan, mainland, want) in [
        ("巨量資料", "大数据", "/posts/data/#计算"),
        ("網絡保安", "网络安全", "/posts/sec/#分层"),
        ("上載", "上传", "/posts/sec/#分层"),
        ("主控台", "控制台", "/posts/data/#计算"),
        ("執行個體", "实例", "/posts/data/#计算"),
        ("請求逾時", "超时", "/posts/scale/#伸缩"),
        ("告警門檻值", "阈值", "/posts/scale/#伸缩"),
        ("自動擴展", "伸缩", "/posts/scale/#伸缩"),
        ("服務探索", "发现", "/posts/gov/#发现"),
        ("儀表板", "dashboard", "/posts/gov/#发现"),
        // Seven characters that the site's words cut five ways.
        ("角色型存取控制", "rbac", "/posts/gov/#发现"),
        ("升版", "升级", "/posts/ops/#步骤"),
        ("疑難排解", "排查", "/posts/ops/#步骤"),
        ("實體主機", "物理机", "/posts/ops/#步骤"),
        ("推播", "推送", "/posts/ops/#步骤"),
        ("警報", "告警", "/posts/scale/#伸缩"),
        ("架設", "搭建", "/posts/setup/#安装"),
        ("二進位檔", "二进制", "/posts/setup/#安装"),
        ("優先權", "优先级", "/posts/setup/#安装"),
        ("轉送", "转发", "/posts/setup/#安装"),
        ("實務", "实践", "/posts/setup/#安装"),
        ("斷路器", "熔断", "/posts/setup/#安装"),
        ("顯示記憶體", "显存", "/posts/setup/#安装"),
        // Hong Kong: 保安 security, 推介 to recommend, 唔夠 not enough.
        ("保安", "安全", "/posts/sec/#分层"),
        ("推介", "推荐", "/posts/setup/#安装"),
        ("記憶體唔夠", "不够", "/posts/setup/#安装"),
    ] {
        let r = search(&site.index, taiwan);
        assert!(
            r.terms.iter().any(|t| t == mainland),
            "{taiwan}: {:?}",
            r.terms
        );
        assert_eq!(urls(&r)[0], want, "{taiwan}: {:?}", r.terms);
    }
}

/// A Taiwan reader writes 瞭解, 計畫 and 回覆, whose characters fold to
/// themselves (瞭, 畫 and 覆 are Simplified too): OpenCC's phrase table
/// folds them to 了解, 计划 and 回复, as the post says.
#[test]
fn traditional_phrases_that_fold_otherwise_than_their_characters() {
    let site = blog(&[
        (
            "plan.md",
            "---\ntitle: 迁移\n---\n## 计划\n\n先了解现有的服务，再定迁移计划，有问题请回复邮件。\n",
        ),
        (
            "other.md",
            "---\ntitle: 杂谈\n---\n## 其他\n\n容器的网络由插件负责。\n",
        ),
    ]);
    for (taiwan, mainland) in [("瞭解", "了解"), ("計畫", "计划"), ("回覆", "回复")] {
        let r = search(&site.index, taiwan);
        assert!(
            r.terms.iter().any(|t| t == mainland),
            "{taiwan}: {:?}",
            r.terms
        );
        assert_eq!(urls(&r), ["/posts/plan/#计划"], "{taiwan}");
    }
}

/// A lone character of a query joins the neighbour it stands beside in
/// the site's text: 云 ends 私有云 more often than it starts 云平台, so
/// `私有云平台` is 私有云 / 平台, and a section on a private cloud that
/// never writes 云平台 meets both units by their own words.
#[test]
fn a_lone_character_joins_the_word_it_stands_beside() {
    let site = blog(&[
        (
            "cloud.md",
            "---\ntitle: 私有云\n---\n## 私有云实践\n\n私有云的成本更低。私有云的网络由我们自己管。\
             私有云和公有云各有长处。我们的私有云跑在自己的机房。私有云上的平台很稳定。\n",
        ),
        (
            "other.md",
            "---\ntitle: 杂谈\n---\n## 其他\n\n没有云的时候，持久化存储放在本机，平台也简单。\n",
        ),
    ]);
    let r = search(&site.index, "私有云平台");
    assert_eq!(r.terms, ["私有云", "平台"]);
    assert_eq!(complete(&r), ["/posts/cloud/#私有云实践"]);
}

/// Searches reuse the postings earlier searches decoded (`容器`, then
/// `容器网络`): after more queries than the cache keeps, each still
/// answers exactly as it does on an index that never searched before.
#[test]
fn reused_postings_answer_as_freshly_decoded_ones() {
    let (dir, index) = build_and_load(&demo_corpus());
    let words = [
        "容器", "网络", "集群", "监控", "日志", "存储", "调度", "镜像", "服务", "发布",
    ];
    let mut queries: Vec<String> = Vec::new();
    for a in words {
        for b in words {
            queries.push(format!("{a}{b}"));
        }
    }
    let warm: Vec<xun::Results> = queries.iter().map(|q| search(&index, q)).collect();
    // Again, now that the early terms were dropped and taken again.
    let again: Vec<xun::Results> = queries.iter().map(|q| search(&index, q)).collect();
    for (i, q) in queries.iter().enumerate() {
        let fresh = build_index::load_index_dir(&dir.path().join("index")).unwrap();
        let first = search(&fresh, q);
        assert!(!first.hits.is_empty(), "{q}");
        assert_eq!(warm[i], first, "{q}");
        assert_eq!(again[i], first, "{q}");
    }
}
