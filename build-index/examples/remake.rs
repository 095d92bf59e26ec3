//! Remakes a built index's files from its preloaded text, natively, as
//! the wasm does in the browser when the last preload chunk is in: for
//! profiling that work (`perf`, or `valgrind --tool=callgrind` for counts
//! that the machine's noise does not move). Prints the median of `rounds`.
//!
//! ```text
//! cargo run --release -p build-index --example remake -- [index-dir, www/search] [rounds, 20]
//! ```
//!
//! The wasm is built for size (`opt-level = "z"`) and sorts with a
//! heapsort (`src/sort.rs`); set `CARGO_PROFILE_RELEASE_OPT_LEVEL=z` to
//! come closer to it.

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "www/search".into()));
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(20);
    let meta = std::fs::read(dir.join("meta.xun"))?;
    let count = std::fs::read_dir(dir.join("preload"))?.count();
    if count == 0 {
        return Err(format!("{} has no preload chunks", dir.display()).into());
    }
    let chunks = (0..count)
        .map(|i| std::fs::read(dir.join(format!("preload/{i}.xun"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let mut index = xun::index::Index::open(&meta)?;
        for (i, chunk) in chunks.iter().enumerate() {
            index.add_bundle(&format!("preload/{i}.xun"), chunk)?;
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(&index);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{count} preload chunks of {}: remade in {:.1} ms (median of {}), {:.1} at best",
        dir.display(),
        times[times.len() / 2],
        times.len(),
        times[0]
    );
    Ok(())
}
