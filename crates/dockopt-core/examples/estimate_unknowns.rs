//! Counts what the estimate leaves unknown over a directory of Dockerfiles
//! (default ../shared/corpus/real): `cargo run -p dockopt-core --example
//! estimate_unknowns [DIR]`. A tool for improving the model, not a test.

use dockopt_core::estimate::{estimate_dockerfile, EstimateOptions};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real").into()
    });
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let e = estimate_dockerfile(&text, &EstimateOptions::default());
        for u in &e.unknowns {
            let key: String = u
                .what
                .split([':', '('])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            let key = if key.starts_with("other commands") || key.starts_with("build output") {
                u.what.clone()
            } else {
                key
            };
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    for (k, n) in counts.iter().take(60) {
        println!("{n:5} {k}");
    }
}
