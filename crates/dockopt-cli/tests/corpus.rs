//! Every format over the real-world corpus (../shared/corpus/real, used
//! unchanged; CI always has it): no crash, no I/O error, machine formats
//! parse, and the SARIF log is valid against the 2.1.0 schema.

mod common;

use common::*;

fn corpus() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(dir.is_dir(), "corpus missing at {}", dir.display());
    dir
}

/// Every file of the corpus, whatever its name (many are `owner__repo__path`).
fn corpus_args() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("corpus lists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(
        files.len() > 100,
        "expected the whole corpus, got {}",
        files.len()
    );
    files
}

fn check(format: &str) -> std::process::Output {
    let files = corpus_args();
    let mut args = vec!["check", "--format", format, "--severity-threshold", "none"];
    args.extend(files.iter().map(String::as_str));
    run_in(&corpus(), &args, b"")
}

#[test]
fn every_format_handles_the_whole_corpus() {
    let count = corpus_args().len();
    for format in [
        "text",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "junit",
        "gitlab",
    ] {
        let out = check(format);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
        let text = stdout(&out);
        match format {
            "json" => {
                let value = json(&out);
                assert_eq!(value["summary"]["files"], count);
                assert_eq!(value["summary"]["errors"], 0);
            }
            "sarif" | "gitlab" => {
                json(&out);
            }
            "checkstyle" | "junit" => {
                roxmltree::Document::parse(&text).expect("well-formed XML");
            }
            "text" => assert!(text.ends_with(&format!("in {count} files.\n"))),
            _ => {}
        }
    }
}

#[test]
fn the_corpus_sarif_log_is_schema_valid() {
    let log = json(&check("sarif"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sarif-2.1.0-rtm.5.json");
    let text = std::fs::read_to_string(path).expect("vendored schema");
    // See tests/sarif.rs for why this one pattern is escaped.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(&log)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(!log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .is_empty());
}
