//! Warm search time per query, natively: every file of a built index
//! loaded, then each of the latency benchmark's queries searched over and
//! over (10 hits, by section). For profiling the search itself (`perf
//! record` around it); the browser's figures are `bench/latency.mjs`.
//!
//! ```text
//! cargo run --release -p build-index --example warm -- [rounds] [index dir]
//! ```
//!
//! (rounds 300; the index dir `www/search`, after `scripts/build.sh`.)

use std::path::PathBuf;
use std::time::Instant;

/// The queries of `bench/latency.mjs`.
const QUERIES: [&str; 12] = [
    "灰度发布",
    "容器网络",
    "Prometheus告警",
    "k8s网络",
    "服务网格落地",
    "日志采集方案",
    "kube-proxy",
    "阿里云",
    "是一段",
    "CI/CD",
    "易立",
    "监控报警平台",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rounds: u32 = args.next().map_or(Ok(300), |a| a.parse())?;
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www/search"),
        PathBuf::from,
    );
    let index = build_index::load_index_dir(&dir)?;
    let options = xun::Options {
        limit: 10,
        ..Default::default()
    };
    for q in QUERIES {
        let started = Instant::now();
        for _ in 0..rounds {
            xun::search::search(&index, q, &options)?;
        }
        let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds.max(1));
        println!("{q}\t{micros:.1} µs");
    }
    Ok(())
}
