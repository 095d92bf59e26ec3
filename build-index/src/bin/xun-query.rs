//! Runs a query against a built index directory and prints the hits, the
//! way the browser runtime would rank them. For debugging relevance.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (by_page, args): (bool, Vec<&String>) = (
        args.iter().any(|a| a == "--page"),
        args.iter().filter(|a| *a != "--page").collect(),
    );
    let [dir, query @ ..] = &args[..] else {
        eprintln!("usage: xun-query [--page] <index-dir> <query>...");
        return ExitCode::FAILURE;
    };
    let index = match build_index::load_index_dir(std::path::Path::new(dir.as_str())) {
        Ok(index) => index,
        Err(e) => {
            eprintln!("xun-query: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = xun::Options {
        group: if by_page {
            xun::Group::Page
        } else {
            xun::Group::Section
        },
        limit: 10,
        ..Default::default()
    };
    for q in query {
        match xun::search_loaded(&index, q, &options) {
            Ok(r) => {
                println!(
                    "{q:?} → terms {:?} match={:?} total={}",
                    r.terms, r.step, r.total
                );
                for h in r.hits {
                    println!(
                        "  {:7.3} {} | {} | {}",
                        h.score, h.url, h.heading, h.excerpt
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
