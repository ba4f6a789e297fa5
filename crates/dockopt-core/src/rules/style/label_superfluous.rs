use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::{label_pairs, required_labels};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// With `[labels] strict = true`, flags each label key that is neither
    /// in `[labels.schema]` nor in `[labels] required`. Silent without
    /// strict labels, or when no labels are configured. Keys written with
    /// variables are skipped.
    ///
    /// ## Differences from hadolint
    /// hadolint reports the LABEL instruction once; we report each key
    /// that is not allowed, at the key.
    ///
    /// ## Why is this bad?
    /// A strict label schema keeps the image's metadata to what the team
    /// agreed on; other labels are noise, or typos of the agreed ones.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="app" build-host="laptop"
    /// ```
    /// with this configuration:
    /// ```json
    /// {"labels": {"strict": true, "schema": {"org.opencontainers.image.title": "text"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title="app"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3050
    pub static RULE = {
        code: "DL3050",
        name: "label-superfluous",
        family: Family::Style,
        severity: Severity::Info,
        fix: FixAvailability::None,
        summary: "Superfluous label present",
        sources: &["hadolint DL3050"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let config = checker.config;
    let allowed = required_labels(config);
    if !config.labels.strict || allowed.is_empty() {
        return;
    }
    for pair in label_pairs(checker.model) {
        if pair.key_word.text.contains('$') || allowed.contains(&pair.key.as_str()) {
            continue;
        }
        checker.report(
            pair.key_word.span,
            format!(
                "Superfluous label `{}`: it is not in the label schema",
                pair.key
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    #[test]
    fn only_strict_schemas_flag_extra_keys() {
        let text = "FROM a\nLABEL a=1 extra=2 b=3\n";
        let strict = r#"{"labels": {"strict": true, "required": ["a"], "schema": {"b": "text"}}}"#;
        assert_eq!(
            findings(text, strict, "DL3050"),
            vec![("extra".into(), 2, 11)]
        );
        let lax = r#"{"labels": {"required": ["a"], "schema": {"b": "text"}}}"#;
        assert!(findings(text, lax, "DL3050").is_empty());
        assert!(findings(text, r#"{"labels": {"strict": true}}"#, "DL3050").is_empty());
    }
}
