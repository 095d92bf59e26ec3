use std::time::Instant;
fn main() {
    let index = build_index::load_index_dir(std::path::Path::new("/work/main/www/search")).unwrap();
    let qs = [
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
    let opts = xun::Options {
        limit: 10,
        ..Default::default()
    };
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(200);
    for q in qs {
        let t = Instant::now();
        for _ in 0..rounds {
            let _ = xun::search::search(&index, q, &opts).unwrap();
        }
        println!(
            "{q}\t{:.1} µs",
            t.elapsed().as_secs_f64() * 1e6 / rounds as f64
        );
    }
}
