//! Replays, on stable, every input that ever crashed a fuzz target
//! (`fuzz/regressions/<target>/`), and the `index_file` seeds: each must
//! now run to the end without a panic.

use std::path::Path;

#[test]
fn found_crashers_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../regressions");
    let mut replayed = 0;
    for target in xun_fuzz_targets::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            eprintln!("{target}: {}", path.display());
            xun_fuzz_targets::run(target, &data);
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} crashers");
}

#[test]
fn seeds_run_clean() {
    let seeds = xun_fuzz_targets::index_file_seeds();
    assert!(seeds.len() > 10, "several files of every kind");
    for seed in &seeds {
        xun_fuzz_targets::index_file(seed);
    }
    for q in ["灰度发布", "", "\u{0}", "的 的 的"] {
        xun_fuzz_targets::query(format!("\x14\x00\x01{q}").as_bytes());
    }
    xun_fuzz_targets::markdown(b"---\ntitle: t\nurl: /a/\n---\n## h\n\ntext\n");
    xun_fuzz_targets::html(b"<article><h2 id=a>h</h2><p>t</p></article>");
    for first in [0, 1, 7, 255] {
        xun_fuzz_targets::preload_text(&xun_fuzz_targets::preload_text_seed(first));
    }
}
