use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{label_pairs, required_labels, shipped_chain};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags each label that the configuration requires (`[labels]
    /// required`, and every label of `[labels.schema]`) but that the shipped
    /// image does not set: no LABEL of the shipped stage, or of the stages
    /// it is built on, sets it. Silent when no labels are configured.
    ///
    /// ## Differences from hadolint
    /// hadolint checks every stage that no other stage copies from, and
    /// reports at each such FROM; we check the image that ships (the last
    /// stage, or `[build] target`), once per missing label, at its FROM.
    /// Labels of the base image cannot be seen and do not count.
    ///
    /// ## Why is this bad?
    /// Required labels are how a team finds an image's source, owner or
    /// version; an image without them cannot be traced.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="app"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"required": ["org.opencontainers.image.source"]}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="app" \
    ///       org.opencontainers.image.source="https://github.com/org/app"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3049
    /// - <https://github.com/opencontainers/image-spec/blob/main/annotations.md>
    pub static RULE = {
        code: "DL3049",
        name: "label-missing",
        family: Family::Style,
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "A required label is missing from the image",
        sources: &["hadolint DL3049"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let required = required_labels(checker.config);
    let Some(shipped) = model.shipped_stage() else {
        return;
    };
    if required.is_empty() {
        return;
    }
    let chain = shipped_chain(model);
    let pairs = label_pairs(model);
    let present: Vec<&str> = pairs
        .iter()
        .filter(|p| {
            model
                .instructions
                .get(p.instruction_index)
                .and_then(|l| l.stage)
                .is_some_and(|s| chain.contains(&s))
        })
        .map(|p| p.key.as_str())
        .collect();
    for label in required {
        if !present.contains(&label) {
            checker.report(
                shipped.from.keyword.span,
                format!(
                    "Label `{label}` is missing from the image of stage {}",
                    shipped.label()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"required": ["a"], "schema": {"b": "url"}}}"#;

    #[test]
    fn the_shipped_chain_must_carry_every_required_label() {
        let text = "FROM alpine AS base\nLABEL a=1\nFROM base\nLABEL b=https://x.org\n";
        assert!(
            findings(text, CONFIG, "DL3049").is_empty(),
            "a is inherited"
        );
        let text = "FROM alpine AS build\nLABEL a=1 b=2\nFROM alpine\nCOPY --from=build /x /x\n";
        assert_eq!(
            findings(text, CONFIG, "DL3049"),
            vec![("FROM".into(), 3, 1), ("FROM".into(), 3, 1)],
            "labels of a builder stage do not ship"
        );
    }

    #[test]
    fn silent_without_configured_labels() {
        assert!(findings("FROM alpine\n", "{}", "DL3049").is_empty());
        assert_eq!(findings("FROM alpine\n", CONFIG, "DL3049").len(), 2);
    }
}
