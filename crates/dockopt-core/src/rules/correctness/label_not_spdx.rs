use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_spdx, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `spdx` in
    /// `[labels.schema]` when its value is not an SPDX license expression: identifiers from a compact list of common SPDX licenses (or `LicenseRef-…`), optionally with `+`, combined with `AND`, `OR`, `WITH <exception>` and parentheses. A rarely used but valid SPDX identifier that is not in the compact list is reported too.
    ///
    /// Empty values are left to DL3051, and values that depend on a
    /// variable with an unknown value are not judged. Silent without a
    /// schema.
    ///
    /// ## Differences from hadolint
    /// Values are read with quotes removed and variables expanded (hadolint
    /// judges the text as written, so `"${VERSION}"` always fails there); a
    /// value whose variables are unknown is not judged, and an empty value is
    /// left to DL3051 instead of being reported twice. hadolint accepts a
    /// single license identifier only; we accept SPDX expressions (`MIT OR
    /// Apache-2.0`), which is what `org.opencontainers.image.licenses` holds,
    /// but know only a compact list of common identifiers.
    ///
    /// ## Why is this bad?
    /// License scanners match `org.opencontainers.image.licenses` against SPDX identifiers; `Apache 2` or `GPLv3` match nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.licenses": "spdx"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3054
    pub static RULE = {
        code: "DL3054",
        name: "label-not-spdx",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not a valid SPDX license expression",
        sources: &["hadolint DL3054"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Spdx)
        .filter(|(_, value)| !is_spdx(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(
            span,
            format!("Label `{key}` is not a valid SPDX license expression"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "spdx", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3054")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(found("Apache 2"), vec![("\"Apache 2\"".to_string(), 2, 9)]);
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(found("MIT OR Apache-2.0").len(), 0, "MIT OR Apache-2.0");
        assert_eq!(found("GPLv3").len(), 1, "GPLv3");
        assert_eq!(found("MIT AND").len(), 1, "MIT AND");
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3054").is_empty());
        assert!(findings("FROM a\nLABEL k=\"Apache 2\"\n", "{}", "DL3054").is_empty());
    }
}
