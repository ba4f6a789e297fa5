use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags the `AS` of `FROM image AS name` when its case does not match
    /// the `FROM` keyword's: `FROM … as x` or `from … AS x`. A keyword that
    /// is itself mixed-case (`From`) is left to `ConsistentInstructionCasing`.
    ///
    /// ## Why is this bad?
    /// Keywords may be written in either case, but mixing them on one line
    /// reads badly and hides the stage name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm as builder
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm AS builder
    /// ```
    ///
    /// ## Fix safety
    /// Re-cases `as` to match `FROM`. Safe: BuildKit reads `as` in any case.
    ///
    /// ## References
    /// - BuildKit build check `FromAsCasing`
    /// - <https://docs.docker.com/reference/build-checks/from-as-casing/>
    pub static RULE = {
        code: "FromAsCasing",
        name: "from-as-casing",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "The 'as' keyword should match the case of the 'from' keyword",
        sources: &["BuildKit FromAsCasing"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let keyword = &stage.from.keyword.text;
        let Some(as_word) = stage.from.as_from().and_then(|f| f.as_keyword()) else {
            continue;
        };
        let wanted = if *keyword == keyword.to_ascii_lowercase() {
            "as"
        } else if *keyword == keyword.to_ascii_uppercase() {
            "AS"
        } else {
            continue;
        };
        if as_word.text == wanted {
            continue;
        }
        checker
            .report(
                as_word.span,
                format!(
                    "'{}' and '{}' keywords' casing do not match",
                    as_word.text, keyword
                ),
            )
            .fix(
                format!("Write `{wanted}`"),
                Applicability::Safe,
                vec![Edit::replace(as_word.span.start, as_word.span.end, wanted)],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    fn found(text: &str) -> Vec<(String, u32, String)> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "FromAsCasing")
            .map(|f| {
                let fix = f
                    .fix
                    .map(|x| x.edits[0].replacement.clone())
                    .unwrap_or_default();
                (
                    text[f.span.start..f.span.end].to_string(),
                    f.span.start_position.column,
                    fix,
                )
            })
            .collect()
    }

    #[test]
    fn as_follows_from() {
        assert_eq!(
            found("FROM alpine As base\n"),
            vec![("As".into(), 13, "AS".into())]
        );
        assert_eq!(
            found("from alpine AS base\n"),
            vec![("AS".into(), 13, "as".into())]
        );
        assert!(found("FROM alpine AS base\nfrom alpine as other\n").is_empty());
        assert!(
            found("From alpine as base\n").is_empty(),
            "mixed FROM is another rule's"
        );
        assert!(found("FROM alpine\n").is_empty());
    }
}
