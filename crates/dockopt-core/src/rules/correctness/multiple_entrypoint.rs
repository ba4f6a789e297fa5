use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::correctness::multiple_cmd::report_repeats;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags every `ENTRYPOINT` of a stage after its first one.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage takes effect; the earlier ones
    /// are dead text, and a reader may think the image runs something it
    /// does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/old"]
    /// ENTRYPOINT ["/bin/new"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/new"]
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the earlier `ENTRYPOINT` of the stage. The image does not
    /// change (the later one wins), but which one the author meant is a
    /// guess, so the fix is unsafe.
    ///
    /// ## References
    /// - hadolint DL4004
    /// - BuildKit MultipleInstructionsDisallowed
    /// - Trivy DS-0007
    pub static RULE = {
        code: "DL4004",
        name: "multiple-entrypoint",
        aliases: &["MultipleInstructionsDisallowed"],
        family: Family::Correctness,
        severity: Severity::Error,
        fix: FixAvailability::Unsafe,
        summary: "Multiple `ENTRYPOINT` instructions found: only the last one takes effect",
        sources: &["hadolint DL4004", "BuildKit MultipleInstructionsDisallowed", "Trivy DS-0007"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_repeats(checker, InstructionKind::Entrypoint, "ENTRYPOINT");
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn repeat_and_fix() {
        let text = "FROM alpine:3.20\nENTRYPOINT a\n# keep\n  ENTRYPOINT [\"b\"]\nCMD x\n";
        assert_eq!(found("DL4004", text), vec![("ENTRYPOINT".into(), 4, 3)]);
        assert_eq!(
            fixed("DL4004", text),
            "FROM alpine:3.20\n# keep\n  ENTRYPOINT [\"b\"]\nCMD x\n"
        );
    }
}
