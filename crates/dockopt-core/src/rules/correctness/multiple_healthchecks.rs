use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::dla_helpers::whole_lines;
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags a `HEALTHCHECK` that follows another one in the same stage.
    /// The finding points at the later `HEALTHCHECK` keyword.
    ///
    /// ## Why is this bad?
    /// Only the last HEALTHCHECK of an image takes effect; the earlier ones
    /// are dead code that a reader may take for the real check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// Removes the earlier HEALTHCHECK (its whole lines). The image is the
    /// same — only the last one ever applied — but the fix is unsafe: the
    /// earlier check may be the one that was meant, with the later one the
    /// mistake.
    ///
    /// ## References
    /// - hadolint DL3012
    /// - BuildKit MultipleInstructionsDisallowed
    pub static RULE = {
        code: "DL3012",
        name: "multiple-healthchecks",
        aliases: &["MultipleInstructionsDisallowed"],
        family: Family::Correctness,
        severity: Severity::Error,
        fix: FixAvailability::Unsafe,
        summary: "Multiple HEALTHCHECK instructions: only the last one takes effect",
        sources: &["hadolint DL3012", "BuildKit MultipleInstructionsDisallowed"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    for stage in &model.stages {
        let mut previous = None;
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            if instruction.kind != InstructionKind::Healthcheck {
                continue;
            }
            if let Some(earlier) = previous {
                let (start, end) = whole_lines(text, earlier);
                checker
                    .report(
                        instruction.keyword.span,
                        "Multiple HEALTHCHECK instructions: only the last one takes effect",
                    )
                    .fix(
                        "Remove the earlier HEALTHCHECK",
                        Applicability::Unsafe,
                        vec![Edit::delete(start, end)],
                    );
            }
            previous = Some(instruction);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dla_helpers::test::{applicability, findings, fixed, spans};

    #[test]
    fn per_stage_and_pointing_at_the_later_keyword() {
        let text = "FROM a:1\nHEALTHCHECK NONE\nFROM b:1\nHEALTHCHECK CMD true\n  healthcheck CMD false\nHEALTHCHECK CMD x\n";
        assert_eq!(spans(text, "DL3012"), vec!["healthcheck", "HEALTHCHECK"]);
        let f = &findings(text, "DL3012")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (5, 3)
        );
        assert_eq!(applicability(text, "DL3012"), Some(Applicability::Unsafe));
        assert_eq!(
            fixed(text, "DL3012"),
            "FROM a:1\nHEALTHCHECK NONE\nFROM b:1\nHEALTHCHECK CMD x\n"
        );
    }
}
