use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM … AS name`) used by an earlier stage too,
    /// compared case-insensitively as BuildKit does. The finding points at
    /// the later name.
    ///
    /// ## Differences from hadolint
    /// hadolint compares names case-sensitively and misses `AS build` /
    /// `AS Build`, which BuildKit treats as the same name.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses the file ("duplicate stage name"); older builders
    /// silently resolved `--from=name` to one of them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build-go
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## References
    /// - hadolint DL3024
    /// - BuildKit DuplicateStageName
    pub static RULE = {
        code: "DL3024",
        name: "duplicate-stage-name",
        aliases: &["DuplicateStageName"],
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "FROM aliases (stage names) must be unique",
        sources: &["hadolint DL3024", "BuildKit DuplicateStageName"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (n, stage) in model.stages.iter().enumerate() {
        let (Some(name), Some(word)) = (&stage.name, stage.name_word) else {
            continue;
        };
        let earlier = model
            .stages
            .iter()
            .take(n)
            .any(|s| s.name.as_ref() == Some(name));
        if earlier {
            checker.report(
                word.span,
                format!(
                    "Duplicate stage name `{}`: FROM aliases must be unique",
                    word.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn names_compare_case_insensitively() {
        let text = "FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1 as X\nFROM d:1 AS x\n";
        assert_eq!(spans(text, "DL3024"), vec!["X", "x"]);
        assert_eq!(findings(text, "DL3024")[0].span.start_position.column, 13);
        assert_eq!(
            crate::rules::find("DuplicateStageName").map(|r| r.code),
            Some("DL3024")
        );
    }
}
