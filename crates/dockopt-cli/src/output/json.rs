//! `--format json`: the core's reports, one per file, in an envelope.
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [ { "path": "frontend/Dockerfile", "report": { "findings": [ … ] } } ],
//!   "errors": [ { "path": "missing/Dockerfile", "message": "cannot read: No such file or directory" } ],
//!   "summary": {
//!     "files": 1, "findings": 4, "errors": 1,
//!     "by_severity": { "error": 0, "warning": 2, "info": 2, "style": 0 },
//!     "severity_threshold": "info", "failed": true
//!   }
//! }
//! ```
//!
//! - `version` is this envelope's version; it changes only when a field is
//!   removed or changes meaning (new fields may appear at any time).
//! - `report` is [`dockopt_core::Report`] serialised as is: each finding has
//!   `code`, `name`, `severity` (`error`|`warning`|`info`|`style`), `message`,
//!   `span` (`start`/`end` byte offsets, `start_position`/`end_position` with
//!   1-based `line`, `column` in characters and `utf16_column`), `stage` and
//!   `docs`. It grows as the engine does (fixes, estimates).
//! - `files` are sorted by path; `errors` lists the inputs that could not be
//!   read (also reported on standard error).
//! - `failed` is whether a finding is at or above `severity_threshold`, i.e.
//!   whether the exit status is 1 (or 2 when `errors` is not empty).

use serde::Serialize;

use super::OutputOptions;
use crate::check::{CheckRun, Counts};

/// The envelope's version (see the module docs).
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    files: Vec<FileEntry<'a>>,
    errors: Vec<ErrorEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    report: &'a dockopt_core::Report,
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    by_severity: BySeverity,
    severity_threshold: &'static str,
    failed: bool,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
    style: usize,
}

pub fn render(run: &CheckRun, options: &OutputOptions) -> String {
    let Counts {
        files,
        findings,
        errors,
        error,
        warning,
        info,
        style,
    } = run.counts();
    let envelope = Envelope {
        version: JSON_VERSION,
        files: run
            .files
            .iter()
            .map(|f| FileEntry {
                path: &f.path,
                report: &f.report,
            })
            .collect(),
        errors: run
            .errors
            .iter()
            .map(|e| ErrorEntry {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
        summary: Summary {
            files,
            findings,
            errors,
            by_severity: BySeverity {
                error,
                warning,
                info,
                style,
            },
            severity_threshold: options.threshold.as_str(),
            failed: run.fails(options.threshold),
        },
    };
    // Serialising these types cannot fail (string keys, no maps of other
    // keys, no non-finite floats); an empty object is a safe fallback anyway.
    let mut out = serde_json::to_string_pretty(&envelope).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
