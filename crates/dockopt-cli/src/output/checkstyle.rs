//! `--format checkstyle`: Checkstyle's XML report, which Jenkins' warnings
//! plugin, reviewdog and many code review tools read.
//!
//! One `<file>` per checked file (clean ones included, as Checkstyle does),
//! one `<error>` per finding with 1-based `line` and character `column`,
//! `severity` error/warning/info (style → info) and `source` `dockopt.CODE`.

use std::fmt::Write as _;

use dockopt_core::Severity;

use super::xml::escape;
use super::OutputOptions;
use crate::check::CheckRun;

pub fn render(run: &CheckRun, _options: &OutputOptions) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for file in &run.files {
        let _ = writeln!(out, "  <file name=\"{}\">", escape(&file.path));
        for finding in &file.report.findings {
            let at = finding.span.start_position;
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"dockopt.{}\"/>",
                at.line,
                at.column,
                severity(finding.severity),
                escape(&finding.message),
                escape(&finding.code)
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}
