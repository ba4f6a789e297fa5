//! `dockopt estimate` end to end: the core's figures, as text and JSON.

mod common;

use common::*;

const SLIM: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n";

#[test]
fn json_carries_the_cores_estimate_unchanged() {
    let dir = tree(&[("Dockerfile", SLIM)]);
    let out = run_in(
        dir.path(),
        &["estimate", "--format", "json", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let value = json(&out);
    let file = &value["files"][0];
    assert_eq!(file["path"], "Dockerfile");
    let options = dockopt_core::estimate::image::EstimateOptions::default();
    let core = dockopt_core::estimate::image::estimate_dockerfile(SLIM, &options);
    assert_eq!(file["image"], serde_json::to_value(&core).unwrap());
    let summary = dockopt_core::estimate::summary::summarize(SLIM, &options);
    assert_eq!(file["summary"]["headline"], summary.headline.as_str());
    // The base layer is the table's row, and says where it comes from.
    let base = &file["image"]["stages"][0]["layers"][0];
    let provenance = base["size"]["provenance"].to_string();
    assert!(
        provenance.contains("debian:12-slim") || provenance.contains("bookworm-slim"),
        "{provenance}"
    );
}

#[test]
fn the_cli_sizes_every_bookworm_package_from_the_full_table() {
    // figlet is outside the subset the web page compiles in; the CLI has
    // the full table (feature `full-data`), as the page has once it
    // fetched it, so both give this figure.
    let text = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends figlet && rm -rf /var/lib/apt/lists/*\n";
    let dir = tree(&[("Dockerfile", text)]);
    let out = run_in(dir.path(), &["estimate", "Dockerfile"], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("apt-get install: 1 package(s)"), "{shown}");
    assert!(!shown.contains("not resolved"), "{shown}");
}

#[test]
fn text_shows_the_headline_layers_and_savings() {
    let dir = tree(&[("Dockerfile", "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n")]);
    let out = run_in(dir.path(), &["estimate", "Dockerfile"], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Dockerfile\n  Current Size: ~"), "{text}");
    assert!(
        text.contains("stage 0 FROM debian:12-slim (ships)"),
        "{text}"
    );
    assert!(
        text.contains("wasted") && text.contains("apt lists"),
        "{text}"
    );
    // Deleting the lists is DL3009's fix, and it saves what the lists cost.
    assert!(text.contains("savings per fix:\n    DL3009:1"), "{text}");
}

#[test]
fn a_context_size_replaces_the_unknown_build_context() {
    let dir = tree(&[("Dockerfile", "FROM debian:12-slim\nCOPY . /app\n")]);
    let unknown = stdout(&run_in(dir.path(), &["estimate", "Dockerfile"], b""));
    assert!(unknown.contains("not sized by the data"), "{unknown}");
    let known = stdout(&run_in(
        dir.path(),
        &["estimate", "--context-size", "5000000", "Dockerfile"],
        b"",
    ));
    assert!(!known.contains("build context (0 B"), "{known}");
}

#[test]
fn unreadable_files_are_errors_and_the_rest_is_printed() {
    let dir = tree(&[("a/Dockerfile", SLIM)]);
    let out = run_in(
        dir.path(),
        &["estimate", "a/Dockerfile", "missing/Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).starts_with("a/Dockerfile\n"));
    assert!(
        stderr(&out).contains("missing/Dockerfile"),
        "{}",
        stderr(&out)
    );
}
