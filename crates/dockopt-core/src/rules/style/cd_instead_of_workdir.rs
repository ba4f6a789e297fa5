use crate::declare_rule;
use crate::report::Severity;
use crate::rules::dla_helpers::all_commands;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `cd` in a RUN, once per RUN. The finding points at the first
    /// `cd`.
    ///
    /// ## Differences from hadolint
    /// Heredoc bodies and `sh -c`/`su -c` strings are read as shell too.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts only until the end of its RUN, so the next instruction
    /// is back in the old directory; chains of `cd … && …` are hard to
    /// follow. `WORKDIR` sets the directory for every later instruction
    /// and creates it if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN cd /src && go build ./...
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// RUN go build ./...
    /// ```
    ///
    /// ## References
    /// - hadolint DL3003
    /// - <https://docs.docker.com/build/building/best-practices/#workdir>
    pub static RULE = {
        code: "DL3003",
        name: "cd-instead-of-workdir",
        family: Family::Style,
        severity: Severity::Warning,
        summary: "Use WORKDIR to switch to a directory",
        sources: &["hadolint DL3003"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut reported = None;
    for (script, command) in all_commands(model) {
        if command.program() != Some("cd") || reported == Some(script.instruction_index) {
            continue;
        }
        let Some(name) = command.name() else { continue };
        reported = Some(script.instruction_index);
        checker.report(
            script.file_span(name.span),
            "Use WORKDIR to switch to a directory",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn cd_words_in_the_command_line_and_heredocs() {
        let text =
            "FROM debian:12\nRUN echo cd && cd /tmp && make && cd /\nRUN <<EOF\n  cd /src\nEOF\n";
        assert_eq!(spans(text, "DL3003"), vec!["cd", "cd"]);
        let positions: Vec<(u32, u32)> = findings(text, "DL3003")
            .iter()
            .map(|f| (f.span.start_position.line, f.span.start_position.column))
            .collect();
        assert_eq!(positions, vec![(2, 16), (4, 3)]);
    }
}
