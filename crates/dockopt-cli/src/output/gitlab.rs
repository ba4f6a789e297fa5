//! `--format gitlab`: GitLab Code Quality, a JSON array of Code Climate
//! issues, shown in merge requests.
//!
//! Each issue has `type` `issue`, `check_name` (the rule code),
//! `description`, `severity` (error → `critical`, warning → `major`, info →
//! `minor`, style → `info`), a `fingerprint` stable across runs (see
//! [`super::fingerprint`]; GitLab uses it to tell new issues from old), and
//! `location` with `path` and `positions.begin`/`end` (1-based line and
//! character column).

use dockopt_core::Severity;
use serde_json::{json, Value};

use super::fingerprint::fingerprints;
use super::OutputOptions;
use crate::check::CheckRun;

pub fn render(run: &CheckRun, _options: &OutputOptions) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for file in &run.files {
        let prints = fingerprints(&file.path, &file.text, &file.report.findings);
        for (finding, fingerprint) in file.report.findings.iter().zip(prints) {
            let start = finding.span.start_position;
            let end = finding.span.end_position;
            issues.push(json!({
                "type": "issue",
                "check_name": finding.code,
                "description": format!("{}: {}", finding.code, finding.message),
                "severity": severity(finding.severity),
                "fingerprint": fingerprint,
                "location": {
                    "path": file.path,
                    "positions": {
                        "begin": { "line": start.line, "column": start.column },
                        "end": { "line": end.line, "column": end.column },
                    },
                },
            }));
        }
    }
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}
