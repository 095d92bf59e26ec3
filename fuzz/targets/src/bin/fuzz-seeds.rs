//! Writes a starting corpus for every fuzz target into `<dir>/<target>/`:
//! the payloads of a real index, real queries, posts and pages.
//!
//!     cargo run -p xun-fuzz-targets --bin fuzz-seeds -- target/fuzz-corpus

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: fuzz-seeds <dir>"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let write = |target: &str, name: String, bytes: &[u8]| {
        let at = dir.join(target);
        fs::create_dir_all(&at).unwrap();
        fs::write(at.join(name), bytes).unwrap();
    };
    for (i, seed) in xun_fuzz_targets::index_file_seeds().iter().enumerate() {
        write("index_file", format!("file-{i:02}"), seed);
    }
    for first in [0, 3, 200] {
        let seed = xun_fuzz_targets::preload_text_seed(first);
        write("preload_text", format!("text-{first:03}"), &seed);
    }
    let queries = [
        "灰度发布",
        "容器网络 性能",
        "k8s",
        "promethe",
        "網絡",
        "是一段",
        "\"灰度 发布\" -istio",
        "kube-proxy v1.14",
    ];
    for (i, q) in queries.iter().enumerate() {
        // Half of them filtered, sorted by date, or both.
        let narrowed = (i % 4) as u8;
        let mut seed = vec![0x0a, 0x00, 0x01, narrowed];
        seed.extend_from_slice(q.as_bytes());
        write("query", format!("q-{i:02}"), &seed);
    }
    let kinds = [
        ("markdown", "tests/fixtures/blog", "md"),
        ("html", "tests/fixtures", "html"),
    ];
    for (target, root, ext) in kinds {
        let mut stack = vec![repo.join(root)];
        let mut n = 0;
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == ext) {
                    write(target, format!("{target}-{n:02}"), &fs::read(&p).unwrap());
                    n += 1;
                }
            }
        }
    }
}
