// Embeds the browser runtime into build-index when it has been built
// (scripts/build.sh puts the wasm in target/runtime/), so that `--out`
// writes a complete search directory. Without it, build-index still
// builds and writes the index alone.
use std::path::Path;

const FILES: [&str; 4] = [
    "../www/xun.js",
    "../www/xun.css",
    "../target/runtime/xun_wasm.js",
    "../target/runtime/xun_wasm_bg.wasm",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(xun_runtime)");
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut all = true;
    for file in FILES {
        let path = Path::new(&dir).join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        all &= path.is_file();
    }
    if all {
        println!("cargo::rustc-cfg=xun_runtime");
    }
}
