use crate::declare_rule;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::ImageRef;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image without a tag or digest (`FROM python`), which
    /// means `:latest`. `scratch` and earlier stage names are not images and
    /// are not flagged. The finding points at the image reference.
    ///
    /// ## Differences from hadolint
    /// Variables are expanded with the defaults of the global `ARG`s, as
    /// BuildKit does without `--build-arg`: `ARG TAG=3.12` +
    /// `FROM python:${TAG}` is tagged, `ARG IMG=python` + `FROM $IMG` is
    /// not (hadolint skips every reference starting with `$`, and flags
    /// `FROM img${X}` whatever `X` holds, issue #979). A reference that
    /// depends on an `ARG` without default is unknown and not flagged. A
    /// reference that expands to an earlier stage's name (`ARG
    /// PLATFORM=alpine` + `FROM build-${PLATFORM}` after `AS build-alpine`)
    /// is that stage, not an image.
    ///
    /// ## Why is this bad?
    /// An untagged image is whatever `latest` points to on the day of the
    /// build: a new major release of the base changes the image without any
    /// change to the Dockerfile, and builds are not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## References
    /// - hadolint DL3006
    /// - <https://docs.docker.com/build/building/best-practices/#from>
    pub static RULE = {
        code: "DL3006",
        name: "untagged-image",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Always tag the version of an image explicitly",
        sources: &["hadolint DL3006"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let Base::Image { reference, unknown } = &stage.base else {
            continue;
        };
        if !unknown.is_empty() || reference.is_empty() {
            continue;
        }
        let image = ImageRef::parse(reference);
        if image.tag().is_some() || image.digest().is_some() || image.is_scratch() {
            continue;
        }
        let Some(word) = stage.from.as_from().and_then(|f| f.image()) else {
            continue;
        };
        checker.report(
            word.span,
            format!("Always tag the version of an image explicitly: `{reference}` means `{reference}:latest`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn tags_digests_stages_and_scratch() {
        let text = "FROM golang:1.23 AS build\nFROM build\nFROM scratch\nFROM alpine@sha256:abcd\nFROM  ubuntu AS x\n";
        assert_eq!(spans(text, "DL3006"), vec!["ubuntu"]);
        let f = &findings(text, "DL3006")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (5, 7)
        );
    }

    #[test]
    fn variables_are_expanded_from_arg_defaults() {
        let text = "ARG TAG=3.12\nARG IMG=python\nARG UNKNOWN\nFROM python:${TAG}\nFROM $IMG\nFROM node${UNKNOWN}\nFROM ${IMG}:${TAG}-slim\n";
        assert_eq!(spans(text, "DL3006"), vec!["$IMG"]);
    }
}
