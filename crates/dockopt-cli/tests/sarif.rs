//! `--format sarif` validated against the vendored SARIF 2.1.0 schema
//! (see fixtures/README.md), plus the properties the schema cannot check:
//! rule indices, UTF-16 columns, one rule per code.

mod common;

use common::*;
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sarif-2.1.0-rtm.5.json");
    let text = std::fs::read_to_string(path).expect("vendored schema");
    // The schema's `language` pattern ends in a bare `]`, a literal in
    // JavaScript's lenient regexes but rejected by the validator's check of
    // the schema itself. Escaping it keeps the meaning; the vendored file
    // stays byte-identical to the published one.
    let lenient = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    let escaped = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#;
    assert_eq!(
        text.matches(lenient).count(),
        2,
        "the schema changed: revisit this patch"
    );
    let text = text.replace(lenient, escaped);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft4::new(&schema).expect("schema compiles")
}

fn assert_valid(log: &Value) {
    let validator = schema();
    let problems: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_schema_rejects_what_it_should() {
    // Guards the guard: a validator that accepts anything would pass every test below.
    let validator = schema();
    assert!(!validator.is_valid(&serde_json::json!({ "version": "2.1.0" })));
    assert!(!validator.is_valid(&serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{ "message": { "text": "m" }, "level": "fatal" }] }]
    })));
    assert!(validator.is_valid(&serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [] }]
    })));
}

#[test]
fn the_examples_give_a_valid_sarif_log() {
    let out = run_in(&examples_dir(), &["check", "--format", "sarif", "."], b"");
    assert_eq!(code(&out), 1);
    let log = json(&out);
    assert_valid(&log);

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "dockopt");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "one rule per code, sorted");

    // Every result names a rule that exists, at the right index, and every
    // rule is used: the list is exactly the codes seen.
    let json_out = json(&run_in(
        &examples_dir(),
        &["check", "--format", "json", "."],
        b"",
    ));
    let mut seen: Vec<String> = json_out["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| {
            f["report"]["findings"]
                .as_array()
                .expect("findings")
                .clone()
        })
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(ids, seen);
    let results = run["results"].as_array().expect("results");
    assert_eq!(
        results.len() as u64,
        json_out["summary"]["findings"].as_u64().expect("count")
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let level = result["level"].as_str().expect("level");
        assert!(["error", "warning", "note"].contains(&level));
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(
            uri == "backend.Dockerfile" || uri == "frontend.Dockerfile",
            "{uri}"
        );
    }
}

#[test]
fn regions_use_utf16_columns_and_errors_become_notifications() {
    // "😀" is one character but two UTF-16 code units: "RUN echo 😀 && apt-get "
    // is 22 characters and 23 units, so `update` spans UTF-16 columns 24..30.
    let text = "FROM debian:12-slim\nRUN echo 😀 && apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nUSER 1001\n";
    let dir = tree(&[("my app/Dockerfile", text)]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "sarif", ".", "gone/Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 2);
    let log = json(&out);
    assert_valid(&log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "DL3009");
    assert_eq!(result["level"], "note");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "my%20app/Dockerfile");
    assert_eq!(
        location["region"],
        serde_json::json!({ "startLine": 2, "startColumn": 24, "endLine": 2, "endColumn": 30 })
    );
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "gone/Dockerfile: No such file or directory"
    );
}

#[test]
fn a_clean_run_is_a_valid_empty_log() {
    let dir = tree(&[("Dockerfile", CLEAN)]);
    let out = run_in(dir.path(), &["check", "--format", "sarif"], b"");
    assert_eq!(code(&out), 0);
    let log = json(&out);
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
}
