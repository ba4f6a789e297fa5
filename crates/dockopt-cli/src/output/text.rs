//! The default format: one header per finding (`path:line:col: CODE severity
//! message`, the shape editors and terminals turn into links) and a code
//! frame with the offending text underlined, then a one-line summary.

use std::fmt::Write as _;

use dockopt_syntax::LineIndex;

use super::frame::{frame, FrameLine};
use super::{plural, OutputOptions};
use crate::check::CheckRun;
use crate::color::Style;

pub fn render(run: &CheckRun, options: &OutputOptions) -> String {
    let paint = options.painter;
    let mut out = String::new();
    for file in &run.files {
        if file.report.findings.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.text);
        for finding in &file.report.findings {
            let at = finding.span.start_position;
            let severity_style = Style::for_severity(finding.severity);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                paint.paint(Style::BOLD, &file.path),
                at.line,
                at.column,
                paint.paint(severity_style, &finding.code),
                paint.paint(severity_style, finding.severity.as_str()),
                finding.message
            );
            let rows = frame(&file.text, &index, finding.span.start, finding.span.end);
            let gutter = rows
                .iter()
                .filter_map(|row| match row {
                    FrameLine::Source { number, .. } => Some(number.to_string().len()),
                    FrameLine::Elided => None,
                })
                .max()
                .unwrap_or(1);
            let bar = paint.paint(Style::BLUE, "|");
            let _ = writeln!(out, "{:gutter$} {bar}", "");
            for row in rows {
                match row {
                    FrameLine::Source {
                        number,
                        shown,
                        underline,
                    } => {
                        let number = paint.paint(Style::BLUE, &format!("{number:>gutter$}"));
                        let separator = if shown.is_empty() { "" } else { " " };
                        let _ = writeln!(out, "{number} {bar}{separator}{shown}");
                        if let Some(underline) = underline {
                            let carets = paint.paint(severity_style, &"^".repeat(underline.width));
                            // Not a `{:width$}` format: widths over u16::MAX panic.
                            let _ = writeln!(
                                out,
                                "{:gutter$} {bar} {}{carets}",
                                "",
                                " ".repeat(underline.indent)
                            );
                        }
                    }
                    FrameLine::Elided => {
                        let _ = writeln!(out, "{}", paint.paint(Style::BLUE, "..."));
                    }
                }
            }
            out.push('\n');
        }
    }
    out.push_str(&summary(run));
    out.push('\n');
    out
}

/// `Found 3 problems (1 warning, 2 info) in 2 files.` or `No problems found in 2 files.`
fn summary(run: &CheckRun) -> String {
    let counts = run.counts();
    let files = plural(counts.files, "file", "files");
    if counts.findings == 0 {
        return format!("No problems found in {files}.");
    }
    let by_severity: Vec<String> = [
        (counts.error, "error", "errors"),
        (counts.warning, "warning", "warnings"),
        (counts.info, "info", "info"),
        (counts.style, "style", "style"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    format!(
        "Found {} ({}) in {files}.",
        plural(counts.findings, "problem", "problems"),
        by_severity.join(", ")
    )
}
