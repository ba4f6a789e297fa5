use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::dlb_helpers::{instruction_lines, repeated_in_stage};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags every `CMD` of a stage after its first one.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect; the earlier ones are
    /// dead text that misleads whoever reads the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["echo", "one"]
    /// CMD ["echo", "two"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["echo", "two"]
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the earlier `CMD` of the stage. The image does not change
    /// (the later one wins), but which of the two the author meant is a
    /// guess, so the fix is unsafe: review that the remaining one is right.
    ///
    /// ## References
    /// - hadolint DL4003
    /// - BuildKit MultipleInstructionsDisallowed
    /// - Trivy DS-0016
    pub static RULE = {
        code: "DL4003",
        name: "multiple-cmd",
        aliases: &["MultipleInstructionsDisallowed"],
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Multiple `CMD` instructions found: only the last one takes effect",
        sources: &["hadolint DL4003", "BuildKit MultipleInstructionsDisallowed", "Trivy DS-0016"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_repeats(checker, InstructionKind::Cmd, "CMD");
}

/// Shared with DL4004: report each repeat at its keyword, with a fix
/// deleting the earlier instruction's lines.
pub(crate) fn report_repeats(checker: &mut Checker<'_, '_>, kind: InstructionKind, name: &str) {
    let model = checker.model;
    for (earlier, later) in repeated_in_stage(model, kind) {
        let (Some(e), Some(l)) = (
            model.instructions.get(earlier),
            model.instructions.get(later),
        ) else {
            continue;
        };
        let lines = instruction_lines(checker.text(), e.instruction);
        checker
            .report(
                l.instruction.keyword.span,
                format!("Multiple `{name}` instructions found in this stage: only the last one takes effect"),
            )
            .fix(
                format!("Delete the earlier `{name}`"),
                Applicability::Unsafe,
                vec![Edit::delete(lines.start, lines.end)],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dlb_helpers::test::{applicabilities, fixed, found};

    #[test]
    fn each_repeat_in_a_stage_and_not_across_stages() {
        let text = "FROM alpine:3.20 AS a\nCMD a\ncmd b\nCMD c\nFROM alpine:3.20\nCMD d\n";
        assert_eq!(
            found("DL4003", text),
            vec![("cmd".into(), 3, 1), ("CMD".into(), 4, 1)]
        );
        assert_eq!(
            applicabilities("DL4003", text),
            vec![Some(Applicability::Unsafe); 2]
        );
        assert_eq!(
            fixed("DL4003", text),
            "FROM alpine:3.20 AS a\nCMD c\nFROM alpine:3.20\nCMD d\n"
        );
    }

    #[test]
    fn fix_deletes_a_continued_cmd_whole() {
        let text = "FROM alpine:3.20\nCMD echo \\\n  one\nCMD [\"two\"]\n";
        assert_eq!(fixed("DL4003", text), "FROM alpine:3.20\nCMD [\"two\"]\n");
    }
}
