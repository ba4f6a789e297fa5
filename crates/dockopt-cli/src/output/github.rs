//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`.
//!
//! Levels: error → `error`, warning → `warning`, info and style → `notice`.
//! Columns count characters and are given only when the span is on one line
//! (GitHub ignores them otherwise).

use std::fmt::Write as _;

use dockopt_core::Severity;

use super::OutputOptions;
use crate::check::CheckRun;

pub fn render(run: &CheckRun, _options: &OutputOptions) -> String {
    let mut out = String::new();
    for file in &run.files {
        for finding in &file.report.findings {
            let start = finding.span.start_position;
            let end = finding.span.end_position;
            let mut properties = vec![
                format!("file={}", escape_property(&file.path)),
                format!("line={}", start.line),
            ];
            if start.line == end.line {
                properties.push(format!("col={}", start.column));
            }
            properties.push(format!("endLine={}", end.line));
            if start.line == end.line {
                properties.push(format!("endColumn={}", end.column));
            }
            properties.push(format!("title={}", escape_property(&finding.code)));
            let _ = writeln!(
                out,
                "::{} {}::{}",
                command(finding.severity),
                properties.join(","),
                escape_data(&finding.message)
            );
        }
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

/// The message part: `%`, CR and LF would end or corrupt the command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: additionally `:` (ends the properties) and `,` (separates them).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner_rules() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` goes first, so an escape sequence is not escaped twice.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
