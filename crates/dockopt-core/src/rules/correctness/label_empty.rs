use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{label_pairs, required_labels};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a configured label (`[labels] required` or `[labels.schema]`)
    /// that a LABEL sets to the empty string. Silent without configured
    /// labels. A value that depends on a variable with an unknown value is
    /// not judged.
    ///
    /// ## Differences from hadolint
    /// Hadolint checks the labels of its schema; we also check the labels of
    /// `[labels] required`.
    ///
    /// ## Why is this bad?
    /// An empty required label satisfies the letter of the policy and none
    /// of its purpose: the source, version or owner is still unknown.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=""
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"schema": {"org.opencontainers.image.version": "text"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3051
    pub static RULE = {
        code: "DL3051",
        name: "label-empty",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "A configured label is empty",
        sources: &["hadolint DL3051"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let configured = required_labels(checker.config);
    if configured.is_empty() {
        return;
    }
    for pair in label_pairs(checker.model) {
        if configured.contains(&pair.key.as_str()) && pair.value.as_deref() == Some("") {
            checker.report(
                pair.value_word.span,
                format!("Label `{}` is empty", pair.key),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    #[test]
    fn empty_configured_labels() {
        let config = r#"{"labels": {"required": ["a", "b"], "schema": {"c": "url"}}}"#;
        let text = "FROM x\nARG V\nLABEL a=\"\" b='' c= d=\"\" a=$V\n";
        assert_eq!(
            findings(text, config, "DL3051"),
            vec![
                ("\"\"".into(), 3, 9),
                ("''".into(), 3, 14),
                ("".into(), 3, 19)
            ]
        );
        assert!(findings(text, "{}", "DL3051").is_empty());
    }
}
