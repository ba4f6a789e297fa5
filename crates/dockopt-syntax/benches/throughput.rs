//! Parser throughput: `cargo bench -p dockopt-syntax --profile fast`
//! (opt-level 3, as the CLI ships; the default bench profile inherits the
//! size-tuned release profile the wasm build uses).
//!
//! Reports MB/s on the real corpus, on a generated 10,000-line file and on
//! one RUN with 50,000 continuation lines, then the same generators at
//! growing sizes to show that time grows linearly.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpus() -> Vec<String> {
    let dir = std::env::var_os("DOCKOPT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        .join("real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}", dir.display());
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n != "manifest.tsv"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if files.is_empty() {
        eprintln!("no corpus files in {}", dir.display());
    }
    files.sort();
    files
}

/// A file of `lines` lines mixing the usual instructions.
fn generated(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\n");
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "FROM --platform=$BUILDPLATFORM golang:1.{i}-alpine AS build{i}\n\
             ARG VERSION={i} TARGETOS\n\
             ENV CGO_ENABLED=0 GOFLAGS=\"-mod=vendor -trimpath\" PATH=/go/bin:$PATH\n\
             RUN --mount=type=cache,target=/root/.cache/go-build \\\n\
             \x20   apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\\n\
             \x20   && rm -rf /var/lib/apt/lists/*\n\
             COPY --link --from=build{i} --chown=1000:1000 /src/app /usr/local/bin/app\n\
             # a comment about step {i}\n\
             CMD [\"/usr/local/bin/app\", \"--port\", \"8080\"]\n\n"
        ));
        i += 1;
    }
    text.lines().take(lines).map(|l| format!("{l}\n")).collect()
}

/// One RUN with `lines` continuation lines.
fn long_run(lines: usize) -> String {
    let mut text = String::from("FROM debian:12\nRUN apt-get update");
    for i in 0..lines {
        text.push_str(&format!(
            " \\\n    && apt-get install -y package-number-{i}"
        ));
    }
    text.push('\n');
    text
}

/// Parses every input once per pass, for at least `min` and 5 passes.
/// Returns the median and the fastest pass: the machine is shared, so the
/// median is the honest figure and the fastest shows the noise floor.
fn measure(inputs: &[String], min: Duration) -> (Duration, Duration) {
    for text in inputs {
        black_box(dockopt_syntax::parse(black_box(text)));
    }
    let start = Instant::now();
    let mut passes = Vec::new();
    while start.elapsed() < min || passes.len() < 5 {
        let pass = Instant::now();
        for text in inputs {
            black_box(dockopt_syntax::parse(black_box(text)));
        }
        passes.push(pass.elapsed());
    }
    passes.sort();
    (passes[passes.len() / 2], passes[0])
}

fn report(name: &str, inputs: &[String]) {
    let bytes: usize = inputs.iter().map(String::len).sum();
    let (median, best) = measure(inputs, Duration::from_millis(700));
    let mbps = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{name:<44} {:>10} B  {:>9.3} ms  {:>7.1} MB/s  (best {:.1})",
        bytes,
        median.as_secs_f64() * 1e3,
        mbps(median),
        mbps(best)
    );
}

/// A scenario: its name and how to build its inputs.
type Scenario = (String, Box<dyn Fn() -> Vec<String>>);

fn scenarios() -> Vec<Scenario> {
    let mut list: Vec<Scenario> = vec![
        ("real corpus (one parse per file)".into(), Box::new(corpus)),
        (
            "generated 10,000-line file".into(),
            Box::new(|| vec![generated(10_000)]),
        ),
        (
            "one RUN with 50,000 continuation lines".into(),
            Box::new(|| vec![long_run(50_000)]),
        ),
    ];
    for lines in [1_000, 10_000, 100_000] {
        list.push((
            format!("  generated {lines}-line file"),
            Box::new(move || vec![generated(lines)]),
        ));
    }
    for lines in [5_000, 50_000, 500_000] {
        list.push((
            format!("  one RUN with {lines} continuation lines"),
            Box::new(move || vec![long_run(lines)]),
        ));
    }
    list
}

fn main() {
    // Each scenario runs in its own process: the allocator's state after one
    // scenario (heap size, mmap threshold) otherwise changes the next one's
    // numbers by up to 40 %.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        let n: usize = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(0);
        if let Some((name, input)) = scenarios().into_iter().nth(n) {
            let inputs = input();
            if !inputs.is_empty() {
                report(&name, &inputs);
            }
        }
        return;
    }
    println!(
        "{:<44} {:>12}  {:>12}  {:>12}",
        "input", "size", "median", "throughput"
    );
    let exe = std::env::current_exe().expect("bench executable");
    for n in 0..scenarios().len() {
        if n == 3 {
            println!("linearity (time per byte should stay flat):");
        }
        let status = std::process::Command::new(&exe)
            .args(["--scenario", &n.to_string()])
            .status()
            .expect("run scenario");
        assert!(status.success(), "scenario {n} failed");
    }
}
