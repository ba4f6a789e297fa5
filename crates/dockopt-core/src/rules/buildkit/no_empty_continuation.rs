use dockopt_syntax::{Severity as ParseSeverity, Span};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags an empty line inside an instruction continued with `\`. The
    /// parser already reads it (and warns); this rule reports each such line
    /// with a fix.
    ///
    /// ## Why is this bad?
    /// The empty line is dropped today, so the instruction goes on past it,
    /// which is easy to misread as the end of the instruction. Docker has
    /// announced that empty continuation lines will become errors.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the empty line. Safe: BuildKit ignores it, so the
    /// instruction is unchanged.
    ///
    /// ## References
    /// - BuildKit build check `NoEmptyContinuation`
    /// - <https://docs.docker.com/reference/build-checks/no-empty-continuation/>
    /// - <https://github.com/moby/moby/pull/33719>
    pub static RULE = {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        aliases: &["NoEmptyContinuations"],
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Empty continuation lines will become errors in a future release",
        sources: &["BuildKit NoEmptyContinuation"],
        check: check,
    }
}

/// The prefix of the parser's warning for an empty continuation line.
const PARSER_MESSAGE: &str = "Empty continuation line";

fn check(checker: &mut Checker<'_, '_>) {
    let text = checker.text();
    let lines: Vec<Span> = checker
        .model
        .dockerfile
        .diagnostics()
        .iter()
        .filter(|d| d.severity == ParseSeverity::Warning && d.message.starts_with(PARSER_MESSAGE))
        .map(|d| d.span)
        .collect();
    for span in lines {
        // The span is the line's content (white space only); delete the
        // line with its line ending.
        let rest = text.get(span.end..).unwrap_or("");
        let newline = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        };
        checker.report(span, "Empty continuation line").fix(
            "Delete the empty continuation line",
            Applicability::Safe,
            vec![Edit::delete(span.start, span.end + newline)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    #[test]
    fn each_empty_line_is_reported_where_it_is() {
        let text = "FROM alpine\nRUN a \\\n  \n\tb \\\n\n    c\nRUN d\n\nRUN e\n";
        let found: Vec<_> = analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "NoEmptyContinuation")
            .collect();
        assert_eq!(
            found.len(),
            2,
            "the blank line between RUN d and RUN e is no continuation"
        );
        assert_eq!(&text[found[0].span.start..found[0].span.end], "  ");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 1);
        assert_eq!(found[1].span.start_position.line, 5);
        assert!(found[1].span.start == found[1].span.end);
        let fixed = crate::fix_text(text, Default::default(), &Default::default()).text;
        assert_eq!(
            fixed,
            "FROM alpine\nRUN a \\\n\tb \\\n    c\nRUN d\n\nRUN e\n"
        );
    }

    #[test]
    fn crlf_lines_are_deleted_whole() {
        let text = "FROM alpine\r\nRUN a \\\r\n\r\n  b\r\n";
        let fixed = crate::fix_text(text, Default::default(), &Default::default()).text;
        assert_eq!(fixed, "FROM alpine\r\nRUN a \\\r\n  b\r\n");
    }
}
