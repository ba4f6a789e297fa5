//! Every `--format` end to end: well-formed, complete, positions right, and
//! hostile path names escaped.

mod common;

use common::*;
use serde_json::Value;

/// A file whose finding (DL3009 on `update`) sits after a tab, wide
/// characters and an emoji, so character, UTF-16 and byte positions differ:
/// `RUN echo "日本😀"\t&& apt-get ` is 26 characters and 27 UTF-16 units.
const UNICODE: &str = "FROM debian:12-slim\nRUN echo \"日本😀\"\t&& apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nUSER 1001\n";

#[test]
fn json_wraps_the_core_report_per_file() {
    let dir = tree(&[("b/Dockerfile", UNICODE), ("a/Dockerfile", ONE_INFO)]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "b", "a", "missing"],
        b"",
    );
    assert_eq!(code(&out), 2);
    let value = json(&out);
    assert_eq!(value["version"], 1);
    assert_eq!(paths(&value), ["a/Dockerfile", "b/Dockerfile"]);
    // The report is the core's, unchanged.
    let core = serde_json::to_value(dockopt_core::analyze(UNICODE)).expect("serialises");
    assert_eq!(value["files"][1]["report"], core);
    let finding = &value["files"][1]["report"]["findings"][0];
    assert_eq!(finding["code"], "DL3009");
    let start = UNICODE.find("update").expect("update");
    assert_eq!(finding["span"]["start"], start);
    assert_eq!(finding["span"]["end"], start + "update".len());
    assert_eq!(finding["span"]["start_position"]["line"], 2);
    assert_eq!(finding["span"]["start_position"]["column"], 27);
    assert_eq!(finding["span"]["start_position"]["utf16_column"], 28);
    assert_eq!(
        value["summary"],
        serde_json::json!({
            "files": 2, "findings": 2, "errors": 1,
            "by_severity": { "error": 0, "warning": 0, "info": 2, "style": 0 },
            "severity_threshold": "info", "failed": true,
        })
    );
    assert_eq!(value["errors"][0]["path"], "missing");
    assert_eq!(value["errors"][0]["message"], "No such file or directory");
}

#[test]
fn github_annotations_are_exact_and_escaped() {
    let dir = tree(&[("a,b:c%.Dockerfile", ONE_INFO), ("u/Dockerfile", UNICODE)]);
    let out = run_in(dir.path(), &["check", "--format", "github", "."], b"");
    assert_eq!(code(&out), 1);
    // Columns in characters; the end is exclusive, 6 characters after the start.
    assert_eq!(
        stdout(&out),
        format!(
            "::notice file=a%2Cb%3Ac%25.Dockerfile,line=2,col=13,endLine=2,endColumn=19,title=DL3009::{}\n\
             ::notice file=u/Dockerfile,line=2,col=27,endLine=2,endColumn=33,title=DL3009::{}\n",
            first_message(ONE_INFO).replace('%', "%25"),
            first_message(UNICODE).replace('%', "%25"),
        )
    );
}

#[test]
fn checkstyle_is_well_formed_xml_with_every_finding() {
    let name = "a&b<c>\"d'.Dockerfile";
    let dir = tree(&[(name, ONE_INFO), ("clean/Dockerfile", CLEAN)]);
    let out = run_in(dir.path(), &["check", "--format", "checkstyle", "."], b"");
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    let files: Vec<_> = root.children().filter(|n| n.has_tag_name("file")).collect();
    assert_eq!(files.len(), 2, "clean files are listed too");
    assert_eq!(files[0].attribute("name"), Some(name));
    assert_eq!(files[1].attribute("name"), Some("clean/Dockerfile"));
    let errors: Vec<_> = files[0]
        .children()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), 1);
    let error = errors[0];
    assert_eq!(error.attribute("line"), Some("2"));
    assert_eq!(error.attribute("column"), Some("13"));
    assert_eq!(error.attribute("severity"), Some("info"));
    assert_eq!(error.attribute("source"), Some("dockopt.DL3009"));
    assert_eq!(
        error.attribute("message"),
        Some(first_message(ONE_INFO).as_str())
    );
    assert_eq!(files[1].children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn junit_has_a_failure_per_finding_and_a_pass_per_clean_file() {
    let dir = tree(&[
        ("warn/Dockerfile", ONE_INFO),
        ("clean/Dockerfile", CLEAN),
        ("u/Dockerfile", UNICODE),
    ]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "junit", ".", "gone"],
        b"",
    );
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("4"));
    assert_eq!(root.attribute("failures"), Some("2"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(
        names,
        [
            "clean/Dockerfile",
            "u/Dockerfile",
            "warn/Dockerfile",
            "gone"
        ]
    );
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].attribute("type"), Some("DL3009"));
    assert_eq!(
        failures[0].text(),
        Some(format!("u/Dockerfile:2:27: DL3009 info {}", first_message(UNICODE)).as_str())
    );
    let clean_cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(clean_cases.len(), 1);
    assert_eq!(
        clean_cases[0].children().filter(|n| n.is_element()).count(),
        0
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("error"))
            .count(),
        1
    );
}

fn gitlab(dir: &std::path::Path) -> Vec<Value> {
    let out = run_in(dir, &["check", "--format", "gitlab", "."], b"");
    json(&out).as_array().expect("an array of issues").clone()
}

#[test]
fn gitlab_issues_have_stable_fingerprints() {
    let dir = tree(&[("a/Dockerfile", ONE_INFO), ("u/Dockerfile", UNICODE)]);
    let issues = gitlab(dir.path());
    assert_eq!(issues.len(), 2);
    let first = &issues[0];
    assert_eq!(first["type"], "issue");
    assert_eq!(first["check_name"], "DL3009");
    assert_eq!(first["severity"], "minor");
    assert_eq!(first["location"]["path"], "a/Dockerfile");
    assert_eq!(first["location"]["positions"]["begin"]["line"], 2);
    assert_eq!(first["location"]["positions"]["begin"]["column"], 13);
    assert_eq!(first["location"]["positions"]["end"]["column"], 19);
    let print = |issue: &Value| {
        issue["fingerprint"]
            .as_str()
            .expect("fingerprint")
            .to_string()
    };
    assert_eq!(print(first).len(), 32);
    assert_ne!(print(&issues[0]), print(&issues[1]));
    // Same input, same fingerprints.
    assert_eq!(gitlab(dir.path()), issues);

    // Lines added above move the finding but keep its fingerprint.
    write(
        dir.path(),
        "a/Dockerfile",
        format!("# syntax=docker/dockerfile:1\n\n{ONE_INFO}").as_bytes(),
    );
    let moved = gitlab(dir.path());
    assert_eq!(moved[0]["location"]["positions"]["begin"]["line"], 4);
    assert_eq!(print(&moved[0]), print(first));
    // Changing the offending line makes it a different issue.
    write(
        dir.path(),
        "a/Dockerfile",
        b"FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends git\nUSER app\n",
    );
    assert_ne!(print(&gitlab(dir.path())[0]), print(first));
}

#[test]
fn every_format_is_deterministic_and_empty_runs_are_valid() {
    let dir = tree(&[("Dockerfile", CLEAN)]);
    for format in [
        "text",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "junit",
        "gitlab",
    ] {
        let a = run_in(dir.path(), &["check", "--format", format], b"");
        let b = run_in(dir.path(), &["check", "--format", format], b"");
        assert_eq!(code(&a), 0, "{format}");
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
    let out = run_in(dir.path(), &["check", "--format", "gitlab"], b"");
    assert_eq!(json(&out), serde_json::json!([]));
    let out = run_in(dir.path(), &["check", "--format", "github"], b"");
    assert_eq!(stdout(&out), "");
}
