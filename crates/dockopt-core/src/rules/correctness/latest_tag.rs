use crate::declare_rule;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::ImageRef;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image tagged `latest` without a digest. The finding
    /// points at `latest` (or at the whole reference when it comes from a
    /// variable).
    ///
    /// ## Differences from hadolint
    /// Variables are expanded with the global `ARG` defaults
    /// (`ARG TAG=latest` + `FROM node:$TAG` is flagged); a reference that
    /// depends on an `ARG` without default is not.
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same Dockerfile builds on a different base
    /// whenever a new release comes out, and builds are not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// ```
    ///
    /// ## References
    /// - hadolint DL3007
    pub static RULE = {
        code: "DL3007",
        name: "latest-tag",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Using `latest` is prone to errors if the image updates; pin a release tag",
        sources: &["hadolint DL3007"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let Base::Image { reference, unknown } = &stage.base else {
            continue;
        };
        if !unknown.is_empty() {
            continue;
        }
        let image = ImageRef::parse(reference);
        if image.tag() != Some("latest") || image.digest().is_some() {
            continue;
        }
        let Some(word) = stage.from.as_from().and_then(|f| f.image()) else {
            continue;
        };
        // Point at `latest` when the word is written as it expands.
        let span = match (word.text.as_str() == reference.as_str(), image.tag.clone()) {
            (true, Some(range)) => word.sub_span(range).unwrap_or(word.span),
            _ => word.span,
        };
        checker.report(
            span,
            "Using `latest` is prone to errors if the image ever updates: pin a release tag",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn latest_is_pointed_at() {
        let text = "FROM node:latest AS a\nFROM node:latest@sha256:ab\nFROM node:22\n";
        assert_eq!(spans(text, "DL3007"), vec!["latest"]);
        assert_eq!(findings(text, "DL3007")[0].span.start_position.column, 11);
    }

    #[test]
    fn variables() {
        let text = "ARG T=latest\nARG U\nFROM node:$T\nFROM node:$U\n";
        assert_eq!(spans(text, "DL3007"), vec!["node:$T"]);
    }
}
