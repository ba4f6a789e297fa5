use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::PackageAction;
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::package_commands_of;
use crate::rules::size_helpers::{delete_instruction, instruction_lines, line_of};
use crate::rules::{Checker, Family, FixAvailability};

/// Build arguments that usually get a new value on every build.
const VOLATILE: &[&str] = &[
    "BUILD_DATE",
    "BUILDDATE",
    "BUILD_TIME",
    "BUILD_TIMESTAMP",
    "BUILD_NUMBER",
    "BUILD_ID",
    "BUILD_VERSION",
    "VCS_REF",
    "GIT_COMMIT",
    "GIT_SHA",
    "GIT_HASH",
    "GIT_REVISION",
    "COMMIT",
    "COMMIT_SHA",
    "COMMIT_HASH",
    "SOURCE_COMMIT",
    "REVISION",
    "VERSION",
    "APP_VERSION",
    "RELEASE",
    "RELEASE_VERSION",
    "IMAGE_VERSION",
    "CI_COMMIT_SHA",
    "CI_PIPELINE_ID",
    "GITHUB_SHA",
    "GITHUB_RUN_ID",
    "TIMESTAMP",
];

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` whose value changes from build to build (`BUILD_DATE`,
    /// `VCS_REF`, `GIT_COMMIT`, `VERSION`, `BUILD_NUMBER`, …) declared in a
    /// stage before a RUN that installs packages but does not use it.
    ///
    /// ## Why is this bad?
    /// Every RUN after an `ARG` sees it as an environment variable, so its
    /// cache key includes the value: when the value changes, the cache
    /// misses at the first RUN after the declaration and every later layer
    /// is rebuilt — here, package installs that did not need the value at
    /// all. Declare the ARG just before the instruction that uses it
    /// (usually a `LABEL` at the end).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ARG VCS_REF
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// LABEL org.opencontainers.image.revision=$VCS_REF
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ARG VCS_REF
    /// LABEL org.opencontainers.image.revision=$VCS_REF
    /// ```
    ///
    /// ## Fix safety
    /// A suggestion: moves the `ARG` line to just before the first
    /// instruction that uses the variable. A program run by an earlier RUN
    /// could read it from its environment without the Dockerfile saying so,
    /// so this is never applied automatically. No fix when nothing uses it
    /// (delete it, or declare it where it is needed) or when the ARG line
    /// declares several names.
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#impact-on-build-caching>
    pub static RULE = {
        code: "DO3005",
        name: "volatile-arg-before-installs",
        family: Family::Cache,
        severity: Severity::Info,
        fix: FixAvailability::Suggestion,
        summary: "Declare per-build ARGs after the package installs",
        sources: &["Docker reference: ARG, impact on build caching"],
        check: check,
    }
}

fn mentions(text: &str, name: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let candidate = rest.strip_prefix('{').unwrap_or(rest);
        if let Some(after) = candidate.strip_prefix(name) {
            if !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                return true;
            }
        }
    }
    false
}

fn instruction_mentions(model: &Model<'_>, index: usize, name: &str) -> bool {
    model
        .instructions
        .get(index)
        .and_then(|l| {
            model
                .text
                .get(l.instruction.span.start..l.instruction.span.end)
        })
        .is_some_and(|t| mentions(t, name))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        for index in stage.body.clone() {
            let Some(arg) = model.instructions.get(index).map(|l| l.instruction) else {
                continue;
            };
            if arg.kind != InstructionKind::Arg {
                continue;
            }
            let decls = arg.arg_decls();
            for decl in decls {
                let name = decl.name.text.as_str();
                if !VOLATILE.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    continue;
                }
                let first_use =
                    (index + 1..stage.body.end).find(|&i| instruction_mentions(model, i, name));
                let until = first_use.unwrap_or(stage.body.end);
                let install = (index + 1..until).find(|&i| {
                    model
                        .instructions
                        .get(i)
                        .is_some_and(|l| l.instruction.kind == InstructionKind::Run)
                        && package_commands_of(model, i).any(|(_, _, p)| {
                            matches!(p.action, PackageAction::Install | PackageAction::Update)
                        })
                });
                let Some(install) = install else { continue };
                let line = model
                    .instructions
                    .get(install)
                    .map(|l| line_of(model, l.instruction.span.start))
                    .unwrap_or(0);
                let diagnostic = checker.report(
                    decl.name.span,
                    format!("A new `{name}` on each build invalidates the cache of every RUN after it, like the install on line {line}: declare it just before it is used"),
                );
                let (Some(use_index), 1) = (first_use, decls.len()) else {
                    continue;
                };
                let Some(user) = model.instructions.get(use_index).map(|l| l.instruction) else {
                    continue;
                };
                let lines = instruction_lines(model, arg);
                let Some(arg_text) = model.text.get(lines.start..lines.end) else {
                    continue;
                };
                let mut arg_line = arg_text.trim_start_matches(['\n', '\r']).to_string();
                if !arg_line.ends_with('\n') {
                    arg_line.push('\n');
                }
                let at = instruction_lines(model, user).start;
                let mut edits = vec![delete_instruction(model, arg), Edit::insert(at, arg_line)];
                crate::sort::sort(&mut edits);
                diagnostic.fix(
                    format!("Move `ARG {name}` down to where it is used"),
                    Applicability::Suggestion,
                    edits,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn points_at_the_name_among_several() {
        let text = "FROM node:22\nARG NODE_ENV=production BUILD_DATE\nRUN <<EOF\nnpm ci\nEOF\nLABEL built=${BUILD_DATE}\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "BUILD_DATE");
        assert_eq!(found[0].span.start_position.line, 2);
        assert_eq!(found[0].span.start_position.column, 25);
        assert!(found[0].fix.is_none(), "two names on one ARG line: no move");
    }

    #[test]
    fn moves_the_line_before_the_first_use() {
        let text = "FROM alpine:3\nARG GIT_COMMIT\nENV A=1\nRUN apk add --no-cache curl\nRUN echo $GIT_COMMIT > /rev\n";
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM alpine:3\nENV A=1\nRUN apk add --no-cache curl\nARG GIT_COMMIT\nRUN echo $GIT_COMMIT > /rev\n"
        );
    }

    #[test]
    fn used_by_the_install_late_or_global_args_are_fine() {
        for text in [
            "FROM alpine:3\nARG VERSION\nRUN apk add --no-cache tool=${VERSION}\n",
            "FROM alpine:3\nRUN apk add --no-cache curl\nARG VERSION\nLABEL v=$VERSION\n",
            "ARG VERSION\nFROM alpine:3\nRUN apk add --no-cache curl\n",
            "FROM alpine:3\nARG VERSIONS\nARG NODE_VERSION\nRUN apk add --no-cache curl\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
