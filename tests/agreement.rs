//! Index and query agree on segmentation: a query made of words the
//! indexer produced is split into indexed terms and finds the section the
//! words came from. Checked over the whole demo corpus.

mod common;

use common::{build_and_load, demo_corpus};
use xun::analysis::{self, SpanKind};
use xun::query::Query;

/// jieba's default-mode words of every CJK run of a text, run by run.
fn cjk_runs(jieba: &jieba_rs::Jieba, text: &str) -> Vec<Vec<String>> {
    let folded = analysis::fold(text);
    analysis::tokenize(&folded)
        .into_iter()
        .filter(|s| s.kind == SpanKind::Cjk)
        .map(|s| {
            jieba
                .cut(s.text, true)
                .into_iter()
                .map(|t| t.word.to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn every_indexed_word_splits_into_indexed_terms() {
    let (_dir, index) = build_and_load(&demo_corpus());
    let mut checked = 0;
    index.for_each_term(|term, info| {
        // Bigrams that are no word are indexed for verbatim matching only.
        if !info.word || !term.chars().all(analysis::is_cjk) {
            return;
        }
        let q = Query::parse_text(term, &index.query_context());
        let units: Vec<&str> = q.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(units, [term]);
        checked += 1;
    });
    assert!(checked > 5000, "only {checked} CJK terms");
}

#[test]
fn phrases_of_indexed_words_find_their_section() {
    let (_dir, index) = build_and_load(&demo_corpus());
    let jieba = jieba_rs::Jieba::new();
    let (mut queries, mut misses) = (0, Vec::new());
    for section in common::sections(&index) {
        let (id, heading, text) = (section.key, &section.heading, &section.text);
        let runs = cjk_runs(&jieba, &format!("{heading} {text}"));
        // Phrases of 2 to 4 consecutive words from every 5th run.
        for words in runs.iter().step_by(5).filter(|w| w.len() >= 2) {
            let n = words.len().min(4);
            // Simplified, as the runtime does before it splits a query.
            let query = index.simplify(&words[..n].concat());
            queries += 1;
            // Each unit is an indexed term, characters glued to one
            // (matched verbatim) or a function word standing alone; no
            // more units than the indexer cut the phrase into, but for
            // the pairs it cut as a word once in many times, which are no
            // words (个组 of 一个组件); and together the whole phrase.
            let context = index.query_context();
            let q = Query::parse_text(&query, &context);
            let no_words = (words[..n].iter())
                .filter(|w| w.chars().count() == 2)
                .filter(|w| {
                    context
                        .dict
                        .get(&index.simplify(w))
                        .is_some_and(|i| !i.word)
                })
                .count();
            let texts: Vec<&str> = q.units.iter().map(|u| u.text.as_str()).collect();
            // Together the units are the phrase (a repeated one is kept once).
            let mut rest = query.as_str();
            while !rest.is_empty() {
                let next = texts
                    .iter()
                    .filter(|t| rest.starts_with(**t))
                    .max_by_key(|t| t.len());
                let next = next.unwrap_or_else(|| panic!("{query}: {texts:?} lack {rest}"));
                rest = &rest[next.len()..];
            }
            for unit in &q.units {
                let clause = &q.clauses[unit.alternatives[0].clauses[0]];
                match clause.term {
                    Some(t) => assert!(q.terms[t].info.is_some(), "{query}: {texts:?}"),
                    None => assert!(clause.chars >= 2, "{query}: {texts:?}"),
                }
            }
            assert!(
                q.units.len() <= n + no_words,
                "{query}: {texts:?} from {:?}",
                &words[..n]
            );
            // And the section is among the sections that meet it all.
            let sections = xun::search::ranked_sections(&index, &query).unwrap();
            let id = (id, true);
            if !sections.contains(&id) {
                misses.push(query);
            }
        }
    }
    assert!(queries > 1000, "only {queries} queries");
    assert!(
        misses.is_empty(),
        "{} of {queries} phrases missed their section: {:?}",
        misses.len(),
        &misses[..misses.len().min(20)]
    );
}

#[test]
fn long_unspaced_queries_split_sensibly() {
    let (_dir, index) = build_and_load(&demo_corpus());
    let terms = |q: &str| {
        let r = xun::search_loaded(&index, q, &xun::Options::default()).unwrap();
        (r.terms, r.step)
    };
    use xun::search::Step;
    assert_eq!(
        terms("容器网络性能"),
        (vec!["容器".into(), "网络".into(), "性能".into()], Step::All)
    );
    assert_eq!(
        terms("日志采集方案"),
        (vec!["日志".into(), "采集".into(), "方案".into()], Step::All)
    );
    assert_eq!(terms("服务网格落地").0, ["服务", "网格", "落地"]);
    // Traditional input folds before it is split; a name the corpus lacks
    // stays whole rather than shrinking to its first character.
    assert_eq!(terms("網絡監控").0, ["网络", "监控"]);
    let (split, step) = terms("新幹線");
    assert_eq!((split, step), (vec!["新干线".to_owned()], Step::Partial));
    // Question words stand apart from the words that matter.
    assert_eq!(
        terms("怎么排查pod网络不通").0,
        ["怎么", "排查", "pod", "网络", "不通"]
    );
}

/// A search as the browser runs it: only the manifest at first, then each
/// file when the search asks for it.
fn search_on_demand(dir: &std::path::Path, query: &str) -> xun::Results {
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let mut index = xun::Index::open(&read("meta.xun")).unwrap();
    for _ in 0..8 {
        match xun::search::search(&index, query, &xun::Options::default()).unwrap() {
            xun::Outcome::Done(results) => return results,
            xun::Outcome::Need(missing) => {
                for name in missing.names() {
                    index.add_file(&name, &read(&name)).unwrap();
                }
            }
        }
    }
    panic!("{query}: files still missing after 8 rounds");
}

#[test]
fn loading_on_demand_gives_the_same_results_as_loading_everything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut options = common::options(&demo_corpus(), &out);
    options.synonyms = Some(common::repo().join("corpus/synonyms.conf"));
    build_index::run(&options, &mut ()).unwrap();
    let all = build_index::load_index_dir(&out).unwrap();
    let queries =
        std::fs::read_to_string(common::repo().join("tests/relevance/queries.json")).unwrap();
    let queries: Vec<serde_json::Value> = serde_json::from_str(&queries).unwrap();
    let mut texts: Vec<&str> = queries
        .iter()
        .map(|q| q["query"].as_str().unwrap())
        .collect();
    texts.extend(["k8s", "服务网格", "報警", "promethe", "量子纠缠", ""]);
    for q in texts {
        let whole = xun::search_loaded(&all, q, &xun::Options::default()).unwrap();
        assert_eq!(search_on_demand(&out, q), whole, "{q}");
    }
}
