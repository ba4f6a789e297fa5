use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_rfc3339, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `rfc3339` in
    /// `[labels.schema]` when its value is not an RFC 3339 date-time (`2024-05-01T12:00:00Z`, with a `Z` or `±HH:MM` zone and a real calendar date).
    ///
    /// Empty values are left to DL3051, and values that depend on a
    /// variable with an unknown value are not judged. Silent without a
    /// schema.
    ///
    /// ## Differences from hadolint
    /// Values are read with quotes removed and variables expanded (hadolint
    /// judges the text as written, so `"${VERSION}"` always fails there); a
    /// value whose variables are unknown is not judged, and an empty value is
    /// left to DL3051 instead of being reported twice.
    ///
    /// ## Why is this bad?
    /// The OCI annotation `org.opencontainers.image.created` is defined as an RFC 3339 date-time; other formats are misread or rejected by tools that sort or compare build dates.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01 12:00"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.created": "rfc3339"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3053
    pub static RULE = {
        code: "DL3053",
        name: "label-not-rfc3339",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not an RFC 3339 date-time",
        sources: &["hadolint DL3053"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Rfc3339)
        .filter(|(_, value)| !is_rfc3339(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(span, format!("Label `{key}` is not an RFC 3339 date-time"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "rfc3339", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3053")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(
            found("2024-05-01 12:00"),
            vec![("\"2024-05-01 12:00\"".to_string(), 2, 9)]
        );
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(
            found("2024-05-01T12:00:00Z").len(),
            0,
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(found("2024-05-01").len(), 1, "2024-05-01");
        assert_eq!(
            found("2024-02-30T00:00:00Z").len(),
            1,
            "2024-02-30T00:00:00Z"
        );
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3053").is_empty());
        assert!(findings("FROM a\nLABEL k=\"2024-05-01 12:00\"\n", "{}", "DL3053").is_empty());
    }
}
