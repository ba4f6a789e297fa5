use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_url, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `url` in
    /// `[labels.schema]` when its value is not an absolute URL (RFC 3986): a scheme such as `https:` followed only by URI characters, `%XX` escapes allowed.
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
    /// Tools link to the source or documentation from this label; a value without a scheme, or with spaces, is not a link they can follow.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="github.com/org/app"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.source": "url"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/org/app"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3052
    pub static RULE = {
        code: "DL3052",
        name: "label-not-url",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not a valid URL",
        sources: &["hadolint DL3052"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Url)
        .filter(|(_, value)| !is_url(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(span, format!("Label `{key}` is not a valid URL"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "url", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3052")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(
            found("github.com/org/app"),
            vec![("\"github.com/org/app\"".to_string(), 2, 9)]
        );
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(found("https://x.org/a").len(), 0, "https://x.org/a");
        assert_eq!(found("x.org/a").len(), 1, "x.org/a");
        assert_eq!(found("https://x.org/a b").len(), 1, "https://x.org/a b");
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3052").is_empty());
        assert!(findings("FROM a\nLABEL k=\"github.com/org/app\"\n", "{}", "DL3052").is_empty());
    }
}
