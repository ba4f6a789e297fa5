//! Lists the estimated image size of every Dockerfile in a directory
//! (default ../shared/corpus/real), largest first: `cargo run -p
//! dockopt-core --example estimate_totals [DIR]`. For spotting outliers.

use dockopt_core::estimate::{estimate_dockerfile, format_bytes, format_range, EstimateOptions};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real").into()
    });
    let mut rows: Vec<(u64, String)> = Vec::new();
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let e = estimate_dockerfile(&text, &EstimateOptions::default());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        rows.push((
            e.total.uncompressed.expected,
            format!(
                "{:>9} [{}] wasted {} unknowns {} {name}",
                format_bytes(e.total.uncompressed.expected),
                format_range(e.total.uncompressed),
                format_bytes(e.wasted.expected),
                e.unknowns.len()
            ),
        ));
    }
    rows.sort_unstable_by_key(|r| std::cmp::Reverse(r.0));
    for (_, row) in rows {
        println!("{row}");
    }
}
