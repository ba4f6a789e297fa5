use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags every instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// A Dockerfile must begin with `FROM` (after parser directives,
    /// comments and global `ARG`s). Docker rejects anything else there, so
    /// the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.title="app"
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="app"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3061
    pub static RULE = {
        code: "DL3061",
        name: "instruction-before-from",
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "Invalid instruction order: the Dockerfile must begin with `FROM`, `ARG` or a comment",
        sources: &["hadolint DL3061"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if located.stage.is_none() && instruction.kind != InstructionKind::Arg {
            checker.report(
                instruction.keyword.span,
                "Invalid instruction order: the Dockerfile must begin with `FROM`, `ARG` or a comment",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn every_non_arg_before_from() {
        let text = "# syntax=docker/dockerfile:1\n# c\nARG X=1\n  LABEL a=b\nEXPOSE 1\nFROM alpine:3.20\nLABEL c=d\n";
        assert_eq!(
            found("DL3061", text),
            vec![("LABEL".into(), 4, 3), ("EXPOSE".into(), 5, 1)]
        );
    }
}
