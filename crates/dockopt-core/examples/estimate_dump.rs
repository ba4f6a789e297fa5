//! Prints the layer-by-layer estimate of Dockerfiles (before and after all
//! safe fixes): `cargo run -p dockopt-core --example estimate_dump -- FILE…`
//! (no file: the two playground examples).

use dockopt_core::estimate::{
    estimate_dockerfile, format_bytes, format_range, summary::summarize, EstimateOptions,
    ImageEstimate,
};
use dockopt_core::fix::FixSelection;

fn print(estimate: &ImageEstimate) {
    for stage in &estimate.stages {
        println!(
            "  stage {} {:?} (base {}){}: {} [{}], wasted {}",
            stage.index,
            stage.name,
            stage.base,
            if stage.in_image { " ships" } else { "" },
            format_bytes(stage.total.uncompressed.expected),
            format_range(stage.total.uncompressed),
            format_bytes(stage.wasted.expected)
        );
        for layer in &stage.layers {
            if layer.kind == dockopt_core::estimate::LayerKind::Metadata {
                continue;
            }
            println!(
                "    L{} {:>4} {:<60} {:>9} (gz {:>9}) [{}]{}{}",
                layer.span.start_position.line,
                layer.instruction,
                layer.label.chars().take(60).collect::<String>(),
                format_bytes(layer.size.uncompressed.expected),
                format_bytes(layer.size.compressed.expected),
                format_range(layer.size.uncompressed),
                if layer.wasted.is_empty() {
                    String::new()
                } else {
                    format!(" wasted {}", format_bytes(layer.wasted_total().expected))
                },
                if layer.notes.is_empty() {
                    String::new()
                } else {
                    format!("\n          notes: {}", layer.notes.join(" | "))
                }
            );
        }
    }
    println!(
        "  IMAGE {} [{}] (gz {}), wasted {}, unknowns {}",
        format_bytes(estimate.total.uncompressed.expected),
        format_range(estimate.total.uncompressed),
        format_bytes(estimate.total.compressed.expected),
        format_bytes(estimate.wasted.expected),
        estimate.unknowns.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<(String, String)> = if args.is_empty() {
        dockopt_core::examples::EXAMPLES
            .iter()
            .map(|e| (e.name.to_string(), e.text.to_string()))
            .collect()
    } else {
        args.iter()
            .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap_or_default()))
            .collect()
    };
    let options = EstimateOptions::default();
    for (name, text) in files {
        println!("== {name}");
        println!(" before:");
        print(&estimate_dockerfile(&text, &options));
        let fixed = dockopt_core::fix_text(&text, options.analysis, &FixSelection::default());
        println!(
            " after safe fixes ({:?}):",
            fixed.applied.iter().map(|a| &a.id).collect::<Vec<_>>()
        );
        print(&estimate_dockerfile(&fixed.text, &options));
        let everything =
            FixSelection::everything(&dockopt_core::engine::fixes(&text, options.analysis));
        let all = dockopt_core::fix_text(&text, options.analysis, &everything);
        if all.text != fixed.text {
            println!(
                " after all fixes ({:?}):",
                all.applied.iter().map(|a| &a.id).collect::<Vec<_>>()
            );
            print(&estimate_dockerfile(&all.text, &options));
        }
        let s = summarize(&text, &options);
        println!(" {}", s.headline);
        println!(
            " all fixes: -{} ({}%); security {} size {}",
            format_bytes(s.potential_all.expected),
            s.potential_all_percent,
            s.security.display,
            s.size.display
        );
        for f in s.security.factors.iter().chain(&s.size.factors) {
            println!("   {:+} {}", f.tenths, f.what);
        }
    }
}
