use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform by default, so the flag
    /// says nothing; it suggests a cross-platform trick that is not there.
    /// (`--platform=$BUILDPLATFORM` is the useful one.)
    ///
    /// Not flagged when a global `ARG TARGETPLATFORM=…` gives it a default
    /// of its own.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the flag and the blank after it. Safe: BuildKit uses the
    /// target platform for a FROM without `--platform`.
    ///
    /// ## References
    /// - hadolint DL3065
    /// - BuildKit RedundantTargetPlatform
    pub static RULE = {
        code: "DL3065",
        name: "redundant-target-platform",
        aliases: &["RedundantTargetPlatform"],
        family: Family::Style,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Setting `FROM --platform` to `$TARGETPLATFORM` is redundant: it is the default",
        sources: &["hadolint DL3065", "BuildKit RedundantTargetPlatform"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    if matches!(
        model.global_scope.get("TARGETPLATFORM"),
        Some(crate::model::Value::Known(_))
    ) {
        return;
    }
    for stage in &model.stages {
        let Some(flag) = stage.from.flag("platform") else {
            continue;
        };
        let value = flag.value_str();
        if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
            continue;
        }
        let blanks = text
            .get(flag.span.end..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        checker
            .report(
                flag.span,
                "Setting `FROM --platform` to `$TARGETPLATFORM` is redundant: it is the default",
            )
            .fix(
                "Remove --platform=$TARGETPLATFORM",
                Applicability::Safe,
                vec![Edit::delete(flag.span.start, flag.span.end + blanks)],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn both_spellings_not_buildplatform() {
        let text = "FROM --platform=$TARGETPLATFORM alpine:3.20\nFROM  --platform=${TARGETPLATFORM}  alpine:3.20 AS b\nFROM --platform=$BUILDPLATFORM alpine:3.20 AS c\n";
        assert_eq!(
            found("DL3065", text),
            vec![
                ("--platform=$TARGETPLATFORM".into(), 1, 6),
                ("--platform=${TARGETPLATFORM}".into(), 2, 7)
            ]
        );
        assert_eq!(
            fixed("DL3065", text),
            "FROM alpine:3.20\nFROM  alpine:3.20 AS b\nFROM --platform=$BUILDPLATFORM alpine:3.20 AS c\n"
        );
    }

    #[test]
    fn a_global_default_makes_it_meaningful() {
        let text = "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n";
        assert!(found("DL3065", text).is_empty());
    }
}
