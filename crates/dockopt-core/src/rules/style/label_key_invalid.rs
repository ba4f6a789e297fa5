use crate::declare_rule;
use crate::report::Severity;
use crate::rules::label_helpers::label_pairs;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a LABEL key that breaks Docker's key conventions: it must
    /// start with a lower-case letter, end with a letter or digit, hold only
    /// lower-case letters, digits, `.` and `-`, have no `..` or `--`, and
    /// not use the namespaces Docker reserves (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`). Keys written with variables are skipped.
    ///
    /// ## Differences from hadolint
    /// Keys written with variables are skipped instead of being judged as
    /// written.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect
    /// reverse-DNS keys such as `org.opencontainers.image.source`; keys
    /// like `Maintainer` or `my_label` are not found by them, and the
    /// reserved namespaces belong to Docker.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Maintainer="dev@example.com"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="dev@example.com"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3048
    /// - <https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations>
    pub static RULE = {
        code: "DL3048",
        name: "label-key-invalid",
        family: Family::Style,
        severity: Severity::Style,
        fix: FixAvailability::None,
        summary: "Invalid label key",
        sources: &["hadolint DL3048"],
        check: check,
    }
}

/// Why `key` is not a valid label key, if it is not.
fn problem(key: &str) -> Option<&'static str> {
    let bytes = key.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_lowercase) {
        Some("it must start with a lower-case letter")
    } else if !bytes
        .last()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Some("it must end with a lower-case letter or a digit")
    } else if !bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
    {
        Some("only lower-case letters, digits, `.` and `-` are allowed")
    } else if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|ns| key.starts_with(ns))
    {
        Some("the namespace is reserved by Docker")
    } else if key.contains("..") || key.contains("--") {
        Some("separators must not repeat")
    } else {
        None
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let pairs = label_pairs(checker.model);
    for pair in &pairs {
        if pair.key_word.text.contains('$') {
            continue;
        }
        if let Some(why) = problem(&pair.key) {
            checker.report(
                pair.key_word.span,
                format!("Invalid label key `{}`: {why}", pair.key),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::label_helpers::findings;

    #[test]
    fn keys_are_checked_one_by_one() {
        let text = "FROM a\nLABEL org.opencontainers.image.title=x Maintainer=y \"my_key\"=z a..b=1 com.docker.x=2 k-=3 ok-2=4\n";
        let keys: Vec<(String, u32)> = findings(text, "{}", "DL3048")
            .into_iter()
            .map(|(t, _, c)| (t, c))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("Maintainer".into(), 40),
                ("\"my_key\"".into(), 53),
                ("a..b".into(), 64),
                ("com.docker.x".into(), 71),
                ("k-".into(), 86),
            ]
        );
        assert!(findings("FROM a\nARG K=x\nLABEL $K=1\n", "{}", "DL3048").is_empty());
    }
}
