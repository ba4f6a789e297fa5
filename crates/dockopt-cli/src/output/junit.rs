//! `--format junit`: JUnit XML, for CI systems that only show test reports.
//!
//! One `<testsuite>` per checked file. Each finding is a `<testcase>` with a
//! `<failure>` (`type` = rule code); a clean file is one passing test case,
//! so it still counts. A file that could not be read is a suite whose one
//! test case has an `<error>`.

use std::fmt::Write as _;

use super::xml::escape;
use super::OutputOptions;
use crate::check::CheckRun;

pub fn render(run: &CheckRun, _options: &OutputOptions) -> String {
    let counts = run.counts();
    let tests: usize = run
        .files
        .iter()
        .map(|f| f.report.findings.len().max(1))
        .sum::<usize>()
        + counts.errors;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"dockopt\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
        counts.findings, counts.errors
    );
    for file in &run.files {
        let path = escape(&file.path);
        let findings = &file.report.findings;
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"dockopt\" classname=\"{path}\"/>");
        }
        for finding in findings {
            let at = finding.span.start_position;
            let _ = writeln!(
                out,
                "    <testcase name=\"{} at {}:{}\" classname=\"{path}\">",
                escape(&finding.code),
                at.line,
                at.column
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {} {} {}</failure>",
                escape(&finding.message),
                escape(&finding.code),
                path,
                at.line,
                at.column,
                escape(&finding.code),
                finding.severity.as_str(),
                escape(&finding.message)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    for error in &run.errors {
        let path = escape(&error.path);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"dockopt\" classname=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>",
            escape(&error.message)
        );
    }
    out.push_str("</testsuites>\n");
    out
}
