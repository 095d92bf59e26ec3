// Embeds the browser runtime (xun.js, xun.css, the wasm and its glue) into
// build-index, so that `--out` writes a complete search directory. It comes
// from one of two places:
//
// 1. In a clone of the repository: target/runtime/, which scripts/build.sh
//    fills: the wasm from src/ with the wasm tools, xun.js from the modules
//    in www/xun/ and xun.css from www/xun.css, both with esbuild.
// 2. In the crate package: runtime/ inside this crate. scripts/package.sh
//    builds the runtime as in 1, copies it there for `cargo package` and
//    removes it again, so `cargo install` from the package needs Rust
//    alone. Nothing in the repository keeps a copy that could go stale.
//
// The clone wins when it has www/, so a runtime/ left behind by an
// interrupted package.sh is never embedded by mistake. Without either,
// build-index still builds and writes the index alone.
use std::path::{Path, PathBuf};

/// (file name, environment variable runtime.rs reads its path from).
const FILES: [(&str, &str); 4] = [
    ("xun.js", "XUN_RUNTIME_XUN_JS"),
    ("xun.css", "XUN_RUNTIME_XUN_CSS"),
    ("xun_wasm.js", "XUN_RUNTIME_XUN_WASM_JS"),
    ("xun_wasm_bg.wasm", "XUN_RUNTIME_XUN_WASM_BG_WASM"),
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(xun_runtime)");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let repo = dir.join("..");
    let in_repo = |name: &str| repo.join("target/runtime").join(name);
    let packaged = |name: &str| dir.join("runtime").join(name);
    let from_repo = repo.join("www/xun.css").is_file();
    let paths: Vec<PathBuf> = FILES
        .iter()
        .map(|(name, _)| {
            let path = if from_repo {
                in_repo(name)
            } else {
                packaged(name)
            };
            println!("cargo::rerun-if-changed={}", path.display());
            path
        })
        .collect();
    if paths.iter().all(|p| Path::is_file(p)) {
        println!("cargo::rustc-cfg=xun_runtime");
        for ((_, var), path) in FILES.iter().zip(&paths) {
            println!("cargo::rustc-env={var}={}", path.display());
        }
    }
}
