use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

/// Names BuildKit reserves: `scratch` (the empty image) and `context`
/// (the build context in `--from` and `--mount=from=`).
const RESERVED: [&str; 2] = ["scratch", "context"];

declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context` (in any case).
    ///
    /// ## Why is this bad?
    /// Those names already mean something: `FROM scratch` is the empty
    /// image and `context` is the build context. A stage with such a name
    /// is either refused or silently not the thing a later `FROM` or
    /// `--from` gets.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS scratch
    /// RUN go version
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go version
    /// ```
    ///
    /// ## References
    /// - hadolint DL3063
    /// - BuildKit ReservedStageName
    pub static RULE = {
        code: "DL3063",
        name: "reserved-stage-name",
        aliases: &["ReservedStageName"],
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Stage name should not be a reserved word",
        sources: &["hadolint DL3063", "BuildKit ReservedStageName"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let (Some(word), Some(name)) = (stage.name_word, stage.name.as_deref()) else {
            continue;
        };
        if RESERVED.contains(&name) {
            checker.report(
                word.span,
                format!(
                    "Stage name `{}` is a reserved word: choose another",
                    word.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn any_case() {
        let text =
            "FROM alpine:3.20 AS Scratch\nFROM alpine:3.20 as context\nFROM alpine:3.20 AS base\n";
        assert_eq!(
            found("DL3063", text),
            vec![("Scratch".into(), 1, 21), ("context".into(), 2, 21)]
        );
    }
}
