use crate::declare_rule;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::ImageRef;

declare_rule! {
    /// ## What it does
    /// When `[registries] trusted` is configured, flags a `FROM` image from
    /// any other registry. An image without a registry comes from Docker
    /// Hub and is allowed when `docker.io` or `hub.docker.com` is trusted.
    /// Patterns may use `*` (`*.gcr.io`). Without a configured list the
    /// rule is silent, as in hadolint. The finding points at the image.
    ///
    /// ## Differences from hadolint
    /// Variables are expanded with the global `ARG` defaults; a reference
    /// that depends on an `ARG` without default is unknown and not flagged.
    ///
    /// ## Why is this bad?
    /// Organisations mirror and scan the images they allow; a base image
    /// from an unvetted registry bypasses that and is a supply-chain risk.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM quay.io/prometheus/busybox:latest
    /// ```
    /// with this configuration:
    /// ```json
    /// {"registries": {"trusted": ["docker.io"]}}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM busybox:1.36
    /// ```
    ///
    /// ## References
    /// - hadolint DL3026 (`trustedRegistries`)
    pub static RULE = {
        code: "DL3026",
        name: "untrusted-registry",
        family: Family::Security,
        severity: Severity::Error,
        summary: "Use only an allowed registry in the FROM image",
        sources: &["hadolint DL3026"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let config = checker.config;
    if config.registries.trusted.is_empty() {
        return;
    }
    for stage in &model.stages {
        let Base::Image { reference, unknown } = &stage.base else {
            continue;
        };
        if !unknown.is_empty() || reference.is_empty() {
            continue;
        }
        let image = ImageRef::parse(reference);
        let allowed = match image.registry() {
            Some(registry) => config.trusts_registry(registry),
            None => config.trusts_registry("docker.io") || config.trusts_registry("hub.docker.com"),
        };
        if allowed {
            continue;
        }
        let Some(word) = stage.from.as_from().and_then(|f| f.image()) else {
            continue;
        };
        checker.report(
            word.span,
            format!(
                "Use only an allowed registry in the FROM image: `{}` is not trusted",
                image.registry_or_default()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::model::Model;
    use crate::rules::Checker;
    use dockopt_syntax::Dockerfile;

    /// The rule is not in the catalog yet, so it is run directly.
    fn found(text: &str, patterns: &[&str]) -> Vec<(String, u32)> {
        let mut config = Config::default();
        config.registries.trusted = patterns.iter().map(|p| p.to_string()).collect();
        let dockerfile = Dockerfile::parse(text);
        let model = Model::new(&dockerfile, &config);
        let mut out = Vec::new();
        let mut checker = Checker::new(&model, &config, None, &RULE, &mut out);
        (RULE.check)(&mut checker);
        out.iter()
            .map(|d| {
                let column = model.line_index.position(text, d.span.start).column;
                (d.span.text(text).to_string(), column)
            })
            .collect()
    }

    #[test]
    fn silent_without_a_list() {
        assert!(found("FROM quay.io/a/b:1\n", &[]).is_empty());
        assert_eq!(found("FROM quay.io/a/b:1\n", &["docker.io"]).len(), 1);
    }

    #[test]
    fn globs_hub_stages_scratch_and_variables() {
        let text = "ARG R=quay.io\nARG U\nFROM gcr.io/x/y:1 AS a\nFROM eu.gcr.io/x/y:1\nFROM a\nFROM scratch\nFROM python:3.12\nFROM  ghcr.io/o/app:2\nFROM $R/p:1\nFROM $U/p:1\n";
        assert_eq!(
            found(text, &["*.gcr.io", "gcr.io"]),
            vec![
                ("python:3.12".to_string(), 6),
                ("ghcr.io/o/app:2".to_string(), 7),
                ("$R/p:1".to_string(), 6)
            ]
        );
        assert!(found(text, &["docker.io", "*gcr.io", "ghcr.io", "quay.io"]).is_empty());
        assert!(found(text, &["hub.docker.com", "*gcr.io", "ghcr.io", "quay.io"]).is_empty());
    }
}
