//! Looks inside a built index, for debugging relevance and for the
//! relevance benchmark.
//!
//! ```text
//! xun-query [--page] [--all] <index-dir> <query>...
//!                                             hits, as the browser would rank them
//!                                             (the first 10, or all)
//! xun-query --sections <index-dir>            every section as JSON: url, title,
//!                                             heading, text and folded text
//! xun-query --fold <text>...                  each text folded as the index is, as JSON
//! xun-query --json <index-dir> <query>...     per query, every hit's URL, best first, as JSON
//! xun-query --rounds [--page] [--limit=N] <index-dir> <query>...
//!                                             per query, as JSON, the files a browser
//!                                             fetches for the first N hits (10), round
//!                                             by round, from the manifest alone
//! xun-query --filters <index-dir>             the filters the index offers, as JSON:
//!                                             {key: {value: pages}}
//! xun-query --time <index-dir> <query>...     per query, the native time to search,
//!                                             all files loaded
//! ```
//!
//! Searches take `--filter=key:value` (repeated: OR within a key, AND
//! across keys, as `filters` in the browser) and `--sort=date`.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

/// The module's table above, as `--help` and a wrong call print it.
const USAGE: &str = "\
usage: xun-query [--page] [--all] <index-dir> <query>...   hits, as the browser ranks them
       xun-query --json <index-dir> <query>...            every hit's URL per query, as JSON
       xun-query --rounds [--page] [--limit=N] <index-dir> <query>...
                                                          the files fetched, round by round
       xun-query --time <index-dir> <query>...            the time to search, per query
       xun-query --sections <index-dir>                   every section, as JSON
       xun-query --filters <index-dir>                    the filters and their pages, as JSON
       xun-query --fold <text>...                         each text folded as the index is
searches take --filter=key:value (repeated) and --sort=date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    if flag("--help") || flag("-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if flag("--fold") {
        let folded: Vec<String> = rest
            .iter()
            .map(|t| xun::analysis::fold_simplified(t))
            .collect();
        println!(
            "{}",
            serde_json::to_string(&folded).expect("JSON of strings")
        );
        return ExitCode::SUCCESS;
    }
    let Some((dir, queries)) = rest.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    // `--filter=tags:阿里云`, values of one key gathered in order.
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    for given in args.iter().filter_map(|a| a.strip_prefix("--filter=")) {
        let Some((key, value)) = given.split_once(':') else {
            eprintln!("xun-query: --filter={given}: expected --filter=key:value");
            return ExitCode::FAILURE;
        };
        match filters.iter_mut().find(|(k, _)| k == key) {
            Some((_, values)) => values.push(value.to_owned()),
            None => filters.push((key.to_owned(), vec![value.to_owned()])),
        }
    }
    let sort = if flag("--sort=date") {
        xun::Sort::Date
    } else {
        xun::Sort::Relevance
    };
    let narrowed = xun::Options {
        filters,
        sort,
        ..Default::default()
    };
    if flag("--rounds") {
        let group = if flag("--page") {
            xun::Group::Page
        } else {
            xun::Group::Section
        };
        // `--limit=N`, 10 by default.
        let limit = args
            .iter()
            .find_map(|a| a.strip_prefix("--limit=")?.parse().ok())
            .unwrap_or(10);
        let options = xun::Options {
            group,
            limit,
            ..narrowed
        };
        return print_rounds(Path::new(dir.as_str()), queries, &options);
    }
    let index = match build_index::load_index_dir(Path::new(dir.as_str())) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("xun-query: {e}");
            return ExitCode::FAILURE;
        }
    };
    if flag("--sections") {
        print_sections(&index);
        return ExitCode::SUCCESS;
    }
    if flag("--filters") {
        let xun::Outcome::Done(keys) = xun::search::filters(&index) else {
            unreachable!("every file of the index is loaded");
        };
        let counts: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|key| {
                let values: serde_json::Map<String, serde_json::Value> = (key.values.iter())
                    .map(|v| (v.name.clone(), json!(v.pages.len())))
                    .collect();
                (key.name.clone(), values.into())
            })
            .collect();
        println!("{}", serde_json::Value::Object(counts));
        return ExitCode::SUCCESS;
    }
    let options = xun::Options {
        group: if flag("--page") {
            xun::Group::Page
        } else {
            xun::Group::Section
        },
        limit: if flag("--all") {
            xun::search::MAX_LIMIT
        } else {
            10
        },
        ..narrowed.clone()
    };
    if flag("--json") {
        let all = xun::Options {
            limit: xun::search::MAX_LIMIT,
            ..narrowed
        };
        let mut out = serde_json::Map::new();
        for q in queries {
            let mut urls = Vec::new();
            loop {
                let page = xun::Options {
                    offset: urls.len(),
                    ..all.clone()
                };
                match xun::search_loaded(&index, q, &page) {
                    Ok(r) if !r.hits.is_empty() && urls.len() < r.total => {
                        urls.extend(r.hits.into_iter().map(|h| h.url))
                    }
                    Ok(_) => break,
                    Err(e) => {
                        eprintln!("xun-query: {q}: {e}");
                        break;
                    }
                }
            }
            out.insert(q.to_string(), json!(urls));
        }
        println!("{}", serde_json::Value::Object(out));
        return ExitCode::SUCCESS;
    }
    if flag("--time") {
        return print_times(&index, queries, &options);
    }
    for q in queries {
        match xun::search_loaded(&index, q, &options) {
            Ok(r) => {
                println!(
                    "{q:?} → terms {:?} match={:?} total={}",
                    r.terms, r.step, r.total
                );
                for h in r.hits {
                    let lacks = match h.missing.is_empty() {
                        true => String::new(),
                        false => format!(" [lacks {}]", h.missing.join(" ")),
                    };
                    println!(
                        "  {:7.3}{lacks} {} {} | {} | {}",
                        h.score, h.date, h.url, h.heading, h.excerpt
                    );
                    for s in h.sections.unwrap_or_default() {
                        println!("          {:7.3} {} | {}", s.score, s.url, s.heading);
                    }
                }
            }
            Err(e) => eprintln!("xun-query: {e}"),
        }
    }
    ExitCode::SUCCESS
}

/// Per query, the time of a whole search (split, match, rank, excerpts):
/// its first run, which decodes the postings no earlier query did, and the
/// median of 31 runs, which reuse them; slowest first: where a warm
/// query's time goes.
fn print_times(index: &xun::Index, queries: &[&String], options: &xun::Options) -> ExitCode {
    let mut times = Vec::new();
    for q in queries {
        let mut runs: Vec<std::time::Duration> = (0..32)
            .map(|_| {
                let t = std::time::Instant::now();
                let _ = std::hint::black_box(xun::search_loaded(index, q, options));
                t.elapsed()
            })
            .collect();
        let first = runs.remove(0);
        runs.sort();
        times.push((runs[runs.len() / 2], first, q));
    }
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    println!("  median    first run  (µs)");
    for (median, first, q) in times {
        let us = |d: std::time::Duration| d.as_secs_f64() * 1e6;
        println!("{:8.1}  {:9.1}  {q}", us(median), us(first));
    }
    ExitCode::SUCCESS
}

/// The sections as JSON, in document order, with the text xun matches
/// against (title, heading and body, each folded) for substring checks.
/// Each section's body is put back together from its pieces.
fn print_sections(index: &xun::Index) {
    use xun::format::records::PIECE_CHARS;
    let mut pieces: Vec<_> = index.pieces().collect();
    pieces.sort_by_key(|(page, piece)| (page.id, piece.local, piece.index));
    let sections: Vec<_> = pieces
        .chunk_by(|a, b| (a.0.id, a.1.local) == (b.0.id, b.1.local))
        .map(|parts| {
            let (page, first) = parts[0];
            let text: String = parts
                .iter()
                .flat_map(|(_, p)| p.text.chars().take(PIECE_CHARS as usize))
                .collect();
            let url = if first.anchor.is_empty() {
                page.url.clone()
            } else {
                format!("{}#{}", page.url, first.anchor)
            };
            let fold = xun::analysis::fold_simplified;
            json!({
                "url": url,
                "title": page.title,
                "heading": first.heading,
                "text": text,
                "folded": [fold(&page.title), fold(&first.heading), fold(&text)],
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&sections).expect("JSON of strings")
    );
}

/// Per query, the files the search asks for, round by round, starting
/// from the manifest alone as a browser does: `{query: [[[name, bytes]…]…]}`.
fn print_rounds(dir: &Path, queries: &[&String], options: &xun::Options) -> ExitCode {
    let read = |name: &str| std::fs::read(dir.join(name));
    let mut out = serde_json::Map::new();
    for q in queries {
        let meta = match read("meta.xun") {
            Ok(meta) => meta,
            Err(e) => {
                eprintln!("xun-query: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        };
        let mut index = match xun::Index::open(&meta) {
            Ok(index) => index,
            Err(e) => {
                eprintln!("xun-query: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut rounds = Vec::new();
        loop {
            match xun::search::search(&index, q, options) {
                Ok(xun::Outcome::Done(_)) => break,
                Ok(xun::Outcome::Need(missing)) => {
                    let mut round = Vec::new();
                    for name in missing.names() {
                        let bytes = read(&name).unwrap_or_default();
                        round.push(json!([name, bytes.len()]));
                        if let Err(e) = index.add_file(&name, &bytes) {
                            eprintln!("xun-query: {q}: {e}");
                            return ExitCode::FAILURE;
                        }
                    }
                    rounds.push(round);
                }
                Err(e) => {
                    eprintln!("xun-query: {q}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        out.insert(q.to_string(), json!(rounds));
    }
    println!("{}", serde_json::Value::Object(out));
    ExitCode::SUCCESS
}
