use crate::config::LabelFormat;
use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{is_git_hash, label_pairs, pairs_with_format};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL whose key has the format `hash` in
    /// `[labels.schema]` when its value is not a git commit hash: 7 or 40 lower-case hexadecimal digits (or 64, for SHA-256 repositories).
    ///
    /// Empty values are left to DL3051, and values that depend on a
    /// variable with an unknown value are not judged. Silent without a
    /// schema.
    ///
    /// ## Differences from hadolint
    /// Values are read with quotes removed and variables expanded (hadolint
    /// judges the text as written, so `"${VERSION}"` always fails there); a
    /// value whose variables are unknown is not judged, and an empty value is
    /// left to DL3051 instead of being reported twice. 64-digit (SHA-256)
    /// hashes are accepted too.
    ///
    /// ## Why is this bad?
    /// The revision label ties the image to the exact commit it was built from; a branch name moves, and a malformed hash points nowhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.revision": "hash"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="8f2a9c1"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3055
    pub static RULE = {
        code: "DL3055",
        name: "label-not-git-hash",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Label is not a valid git hash",
        sources: &["hadolint DL3055"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    let bad: Vec<_> = pairs_with_format(&pairs, checker.config, LabelFormat::Hash)
        .filter(|(_, value)| !is_git_hash(value))
        .map(|(pair, _)| (pair.value_word.span, pair.key.clone()))
        .collect();
    for (span, key) in bad {
        checker.report(span, format!("Label `{key}` is not a valid git hash"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    const CONFIG: &str = r#"{"labels": {"schema": {"k": "hash", "t": "text"}}}"#;

    fn found(value: &str) -> Vec<(String, u32, u32)> {
        let text = format!("FROM a\nLABEL k=\"{value}\" t=\"{value}\"\n");
        findings(&text, CONFIG, "DL3055")
    }

    #[test]
    fn the_value_is_the_span() {
        assert_eq!(found("main"), vec![("\"main\"".to_string(), 2, 9)]);
    }

    #[test]
    fn values_are_validated() {
        assert_eq!(found("8f2a9c1").len(), 0, "8f2a9c1");
        assert_eq!(found("main").len(), 1, "main");
        assert_eq!(found("8F2A9C1").len(), 1, "8F2A9C1");
    }

    #[test]
    fn empty_unknown_and_unconfigured_values_are_not_judged() {
        assert!(found("").is_empty());
        let text = "FROM a\nARG V\nLABEL k=$V\n";
        assert!(findings(text, CONFIG, "DL3055").is_empty());
        assert!(findings("FROM a\nLABEL k=\"main\"\n", "{}", "DL3055").is_empty());
    }
}
