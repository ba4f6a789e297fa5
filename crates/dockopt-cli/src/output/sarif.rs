//! `--format sarif`: a SARIF 2.1.0 log with one run, for GitHub code
//! scanning and SARIF-aware editors.
//!
//! - `tool.driver.rules` has one entry per rule code seen, sorted by code;
//!   each result points at its rule by `ruleId` and `ruleIndex`.
//! - Regions use 1-based lines and UTF-16 columns (SARIF's default
//!   `columnKind`, stated explicitly); `endColumn` is exclusive, as the span's end.
//! - Levels: error → `error`, warning → `warning`, info and style → `note`.
//! - Files that could not be read become `toolExecutionNotifications` and make
//!   `executionSuccessful` false.
//! - `partialFingerprints["dockopt/v1"]` is the stable fingerprint of
//!   [`super::fingerprint`].
//! - Fixes: [`sarif_fix`] turns a fix's byte-range replacements into SARIF's
//!   `fixes[]` entry; [`fixes_of`] is the one place that connects it to the
//!   findings.

use std::collections::BTreeMap;

use dockopt_core::{Finding, Severity};
use dockopt_syntax::LineIndex;
use serde_json::{json, Value};

use super::fingerprint::fingerprints;
use super::OutputOptions;
use crate::check::CheckRun;
use crate::cli::DEFAULT_BASE_URL;

pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/dockopt/dockopt";

/// One replacement of a fix: bytes `start..end` of the file become `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replacement<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// A fix as SARIF shows it: what it does and the replacements it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixView<'a> {
    pub title: &'a str,
    pub replacements: Vec<Replacement<'a>>,
}

/// The fixes a finding carries, safe and unsafe alike and suggestions too:
/// SARIF consumers show a fix and let a person apply it, never on their own.
/// The applicability is said in the description.
pub fn fixes_of(finding: &Finding) -> Vec<FixView<'_>> {
    finding
        .fix
        .iter()
        .map(|fix| FixView {
            title: &fix.title,
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    start: edit.start,
                    end: edit.end,
                    text: &edit.replacement,
                })
                .collect(),
        })
        .collect()
}

pub fn render(run: &CheckRun, _options: &OutputOptions) -> String {
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for finding in run.files.iter().flat_map(|f| &f.report.findings) {
        rules.entry(finding.code.as_str()).or_insert(finding);
    }
    let rule_index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, code)| (*code, i))
        .collect();

    let mut results = Vec::new();
    for file in &run.files {
        let uri = artifact_uri(&file.path);
        let index = LineIndex::new(&file.text);
        let prints = fingerprints(&file.path, &file.text, &file.report.findings);
        for (finding, print) in file.report.findings.iter().zip(prints) {
            let start = finding.span.start_position;
            let end = finding.span.end_position;
            let mut result = json!({
                "ruleId": finding.code,
                "ruleIndex": rule_index.get(finding.code.as_str()).copied().unwrap_or(0),
                "level": level(finding.severity),
                "message": { "text": finding.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.utf16_column,
                            "endLine": end.line,
                            "endColumn": end.utf16_column,
                        }
                    }
                }],
                "partialFingerprints": { "dockopt/v1": print },
            });
            let fixes: Vec<Value> = fixes_of(finding)
                .iter()
                .map(|fix| sarif_fix(&uri, &file.text, &index, fix))
                .collect();
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            results.push(result);
        }
    }

    let notifications: Vec<Value> = run
        .errors
        .iter()
        .map(|error| {
            json!({
                "level": "error",
                "message": { "text": format!("{}: {}", error.path, error.message) },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": artifact_uri(&error.path) } }
                }],
            })
        })
        .collect();

    let log = json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dockopt",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules.values().map(|f| rule(f)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": run.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// A `reportingDescriptor` from the first finding of a rule. The catalog
/// (`dockopt rules`) will supply real summaries; until then the kebab-case
/// name reads as one.
fn rule(finding: &Finding) -> Value {
    let mut descriptor = json!({
        "id": finding.code,
        "name": finding.name,
        "shortDescription": { "text": sentence_from_name(&finding.name, &finding.code) },
        "defaultConfiguration": { "level": level(finding.severity) },
    });
    if !finding.docs.is_empty() {
        descriptor["helpUri"] = Value::String(format!(
            "{DEFAULT_BASE_URL}{}",
            finding.docs.trim_start_matches('/')
        ));
    }
    descriptor
}

/// `apt-lists-not-deleted` → `Apt lists not deleted`.
fn sentence_from_name(name: &str, code: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => code.to_string(),
    }
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// A SARIF `fix` object: each replacement's deleted region (positions from
/// the byte offsets, UTF-16 columns) and inserted text, for file `uri`.
pub fn sarif_fix(uri: &str, text: &str, index: &LineIndex, fix: &FixView) -> Value {
    let replacements: Vec<Value> = fix
        .replacements
        .iter()
        .map(|replacement| {
            let start = index.position(text, replacement.start);
            let end = index.position(text, replacement.end.max(replacement.start));
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.utf16_column,
                    "endLine": end.line,
                    "endColumn": end.utf16_column,
                },
                "insertedContent": { "text": replacement.text },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": replacements,
        }],
    })
}

/// A reported path as a URI reference: relative paths stay relative (code
/// scanning resolves them against the repository root), absolute ones become
/// `file://` URIs; everything outside RFC 3986's unreserved set and `/` is
/// percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(char::from(byte))
            }
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_absolute_paths_are_file_uris() {
        assert_eq!(artifact_uri("frontend/Dockerfile"), "frontend/Dockerfile");
        assert_eq!(artifact_uri("my app/Dockerfile"), "my%20app/Dockerfile");
        assert_eq!(artifact_uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(
            artifact_uri("/srv/é/Dockerfile"),
            "file:///srv/%C3%A9/Dockerfile"
        );
        assert_eq!(artifact_uri("a#b?c%"), "a%23b%3Fc%25");
    }

    #[test]
    fn fixes_become_replacements_with_utf16_regions() {
        // "😀" is 1 character but 2 UTF-16 units: "x" is character 24 and
        // UTF-16 column 25 ("FROM python:latest # " is 21 units).
        let text = "FROM a\nFROM python:latest # 😀 x\n";
        let index = LineIndex::new(text);
        let start = text.find('x').unwrap_or(0);
        let fix = FixView {
            title: "Replace x",
            replacements: vec![Replacement {
                start,
                end: start + 1,
                text: "y",
            }],
        };
        let value = sarif_fix("Dockerfile", text, &index, &fix);
        assert_eq!(
            value,
            json!({
                "description": { "text": "Replace x" },
                "artifactChanges": [{
                    "artifactLocation": { "uri": "Dockerfile" },
                    "replacements": [{
                        "deletedRegion": { "startLine": 2, "startColumn": 25, "endLine": 2, "endColumn": 26 },
                        "insertedContent": { "text": "y" },
                    }],
                }],
            })
        );
    }

    #[test]
    fn names_read_as_sentences() {
        assert_eq!(
            sentence_from_name("apt-lists-not-deleted", "DL3009"),
            "Apt lists not deleted"
        );
        assert_eq!(sentence_from_name("", "DL3009"), "DL3009");
    }
}
