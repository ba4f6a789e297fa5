use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_email, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `email` in
    /// `[labels.schema]` when its value is not an RFC 5322 address (`local@domain`: a dot-atom or quoted local part, a dot-atom domain or a `[…]` literal); a display name such as `Dev <dev@example.com>` is not an address.
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
    /// Whoever needs to reach the maintainers reads the address from this label; a value that is not an address cannot be used, by people or by tools.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="dev at example.com"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.authors": "email"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="dev@example.com"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3058
    pub static RULE = {
        code: "DL3058",
        name: "label-not-email",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not a valid e-mail address",
        sources: &["hadolint DL3058"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Email)
        .filter(|(_, value)| !is_email(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(span, format!("Label `{key}` is not a valid e-mail address"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "email", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3058")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(
            found("dev at example.com"),
            vec![("\"dev at example.com\"".to_string(), 2, 9)]
        );
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(found("dev@example.com").len(), 0, "dev@example.com");
        assert_eq!(
            found("Dev <dev@example.com>").len(),
            1,
            "Dev <dev@example.com>"
        );
        assert_eq!(found("dev@").len(), 1, "dev@");
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3058").is_empty());
        assert!(findings("FROM a\nLABEL k=\"dev at example.com\"\n", "{}", "DL3058").is_empty());
    }
}
