use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags instruction keywords whose case differs from the case most
    /// keywords of the file use: mixed-case keywords (`From`, `EntryPoint`)
    /// always, and lower-case ones in a mostly upper-case file (or the
    /// reverse). A tie counts as upper case, as in BuildKit.
    ///
    /// ## Why is this bad?
    /// Keywords work in any case, but a file that mixes them is harder to
    /// scan, and `Run` or `CoPy` looks like a typo.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello > /greeting.txt
    /// EntryPoint ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello > /greeting.txt
    /// ENTRYPOINT ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Fix safety
    /// Re-cases the keyword to the majority case. Safe: keywords are
    /// case-insensitive.
    ///
    /// BuildKit does not count the ARGs before the first FROM; we do, since
    /// they are keywords of the same file.
    ///
    /// ## References
    /// - BuildKit build check `ConsistentInstructionCasing`
    /// - <https://docs.docker.com/reference/build-checks/consistent-instruction-casing/>
    pub static RULE = {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        aliases: &["FileConsistentCommandCasing", "SelfConsistentCommandCasing"],
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "All instructions within the Dockerfile should use the same casing",
        sources: &["BuildKit ConsistentInstructionCasing"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let keywords: Vec<_> = model
        .instructions
        .iter()
        .map(|l| &l.instruction.keyword)
        .collect();
    let (mut lower, mut upper) = (0usize, 0usize);
    for keyword in &keywords {
        if keyword.text == keyword.text.to_ascii_lowercase() {
            lower += 1;
        } else if keyword.text == keyword.text.to_ascii_uppercase() {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for keyword in keywords {
        let (wanted, casing) = if majority_lower {
            (keyword.text.to_ascii_lowercase(), "lowercase")
        } else {
            (keyword.text.to_ascii_uppercase(), "uppercase")
        };
        if keyword.text == wanted {
            continue;
        }
        checker
            .report(
                keyword.span,
                format!(
                    "Command '{}' should match the case of the command majority ({casing})",
                    keyword.text
                ),
            )
            .fix(
                format!("Write `{wanted}`"),
                Applicability::Safe,
                vec![Edit::replace(
                    keyword.span.start,
                    keyword.span.end,
                    wanted.clone(),
                )],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32)> {
        test_support::found(text, "ConsistentInstructionCasing")
    }

    #[test]
    fn the_minority_and_mixed_keywords_are_flagged() {
        assert_eq!(
            found("from alpine\nrun a\nRUN b\n  Copy a b\n"),
            vec![("RUN".into(), 3, 1), ("Copy".into(), 4, 3)]
        );
        // A tie is upper case.
        assert_eq!(found("from alpine\nRUN b\n"), vec![("from".into(), 1, 1)]);
        assert!(found("FROM alpine\nRUN b\n").is_empty());
    }

    #[test]
    fn fixing_recases_the_keywords() {
        let text = "from alpine\nrun a\nRUN b\n";
        let fixed = crate::fix_text(text, Default::default(), &Default::default()).text;
        assert_eq!(fixed, "from alpine\nrun a\nrun b\n");
    }
}
