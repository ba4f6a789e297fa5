use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_semver, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `semver` in
    /// `[labels.schema]` when its value is not a Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH`, optional `-prerelease` and `+build`, numbers without leading zeros, no `v` prefix.
    ///
    /// Empty values are left to DL3051, and values that depend on a
    /// variable with an unknown value are not judged. Silent without a
    /// schema.
    ///
    /// ## Differences from hadolint
    /// Values are read with quotes removed and variables expanded (hadolint
    /// judges the text as written, so `"${VERSION}"` always fails there); a
    /// value whose variables are unknown is not judged, and an empty value is
    /// left to DL3051 instead of being reported twice. Leading zeros (`01.2.3`)
    /// are rejected, as Semantic Versioning 2.0.0 says; hadolint's parser lets
    /// them through.
    ///
    /// ## Why is this bad?
    /// Tools that compare versions parse this label as semver; `v1.2` or `1.2` do not parse and sort wrongly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="v1.2"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.version": "semver"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.2.0"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3056
    pub static RULE = {
        code: "DL3056",
        name: "label-not-semver",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not a valid semantic version",
        sources: &["hadolint DL3056"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Semver)
        .filter(|(_, value)| !is_semver(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(
            span,
            format!("Label `{key}` is not a valid semantic version"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "semver", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3056")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(found("v1.2"), vec![("\"v1.2\"".to_string(), 2, 9)]);
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(found("1.2.0-rc.1").len(), 0, "1.2.0-rc.1");
        assert_eq!(found("v1.2.0").len(), 1, "v1.2.0");
        assert_eq!(found("1.2").len(), 1, "1.2");
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3056").is_empty());
        assert!(findings("FROM a\nLABEL k=\"v1.2\"\n", "{}", "DL3056").is_empty());
    }
}
