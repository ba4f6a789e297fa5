use crate::declare_rule;
use crate::pragma::{parse_comment, PragmaDialect, PragmaScope};
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags hadolint's inline ignore pragmas (`# hadolint ignore=DL3008`).
    /// Off by default, as in hadolint; enable it by giving it a severity in
    /// the config. File-wide (`global`) pragmas and dockopt's own are not
    /// flagged. The finding points at the comment.
    ///
    /// ## Why is this bad?
    /// Some teams want every exception in one place (the config file) where
    /// it is reviewed, rather than scattered through Dockerfiles where it
    /// outlives the reason it was added.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// - hadolint DL1001
    pub static RULE = {
        code: "DL1001",
        name: "inline-ignore-pragma",
        family: Family::Style,
        severity: Severity::Info,
        enabled_by_default: false,
        summary: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`",
        sources: &["hadolint DL1001"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (span, comment) in model.dockerfile.comments() {
        let inline = parse_comment(comment, false).is_some_and(|p| {
            p.dialect == PragmaDialect::Hadolint && p.scope == PragmaScope::NextInstruction
        });
        if inline {
            checker.report(
                span,
                "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn only_hadolint_inline_pragmas() {
        let text = "# hadolint global ignore=DL3006\nFROM a\n# dockopt ignore=DL3008\nRUN true\n  # hadolint ignore=DL3003 reason\nRUN cd /x\n#hadolint ignore=DL3001\nRUN ps\n# hadolint shell=bash\nRUN true\n";
        assert_eq!(
            spans(text, "DL1001"),
            vec!["# hadolint ignore=DL3003 reason", "#hadolint ignore=DL3001"]
        );
        let f = &findings(text, "DL1001")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (5, 3)
        );
        assert!(crate::analyze(text)
            .findings
            .iter()
            .all(|f| f.code != "DL1001"));
    }
}
