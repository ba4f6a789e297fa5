use dockopt_syntax::{InstructionKind, NodeKind, Span, TokenKind};

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Off by default (experimental in BuildKit). Flags a comment right
    /// above a `FROM … AS name` or an `ARG` whose first word is not the
    /// stage or ARG name. BuildKit reads such a comment as the description
    /// `docker buildx build --call=outline` and `--call=targets` print, and
    /// expects the format `# <name> <description>`.
    ///
    /// An empty comment line (`#`) right above ends the description, as an
    /// empty line does. Pragma comments (`# hadolint ignore=…`,
    /// `# dockopt ignore=…`, `# check=…`) are not descriptions and are
    /// skipped (BuildKit reads them as descriptions).
    ///
    /// ## Why is this bad?
    /// The comment is shown as the stage's or argument's description even
    /// though it does not describe it. Start it with the name, or separate
    /// it from the instruction with an empty line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # a non-descriptive comment
    /// FROM scratch AS base
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # base is a stage for compiling source
    /// FROM scratch AS base
    /// ```
    ///
    /// ## References
    /// - BuildKit build check `InvalidDefinitionDescription` (experimental)
    /// - <https://docs.docker.com/reference/build-checks/invalid-definition-description/>
    pub static RULE = {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        family: Family::BuildKit,
        severity: Severity::Warning,
        enabled_by_default: false,
        fix: FixAvailability::None,
        summary: "Comment for build stage or argument should follow the format `# <name> <description>`",
        sources: &["BuildKit InvalidDefinitionDescription"],
        check: check,
    }
}

fn is_pragma(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("hadolint ") || lower.starts_with("dockopt ") || lower.starts_with("check=")
}

fn check(checker: &mut Checker<'_, '_>) {
    let dockerfile = checker.model.dockerfile;
    let tokens = dockerfile.tokens();
    let mut previous_end = 0;
    for node in dockerfile.nodes() {
        let gap = tokens.get(previous_end..node.tokens.start).unwrap_or(&[]);
        previous_end = node.tokens.end;
        let NodeKind::Instruction(instruction) = &node.kind else {
            continue;
        };
        let (what, names): (&str, Vec<String>) = match instruction.kind {
            InstructionKind::From => match instruction.as_from().and_then(|f| f.stage_name()) {
                Some(name) => ("FROM", vec![name.text.to_ascii_lowercase()]),
                None => continue,
            },
            InstructionKind::Arg => (
                "ARG",
                instruction
                    .arg_decls()
                    .iter()
                    .map(|d| d.name.text.to_string())
                    .collect(),
            ),
            _ => continue,
        };
        if names.is_empty() {
            continue;
        }
        // The comment on the line right above: a newline, then a comment.
        let mut above = gap.iter().rev().filter(|t| t.kind != TokenKind::Whitespace);
        let (Some(newline), Some(comment)) = (above.next(), above.next()) else {
            continue;
        };
        if newline.kind != TokenKind::Newline || comment.kind != TokenKind::Comment {
            continue;
        }
        let raw = dockerfile.token_text(comment);
        let body = raw.trim_start().trim_start_matches('#');
        let trimmed = body.trim();
        // An empty comment line ends a description (BuildKit's advice:
        // "add an empty line or comment between").
        if trimmed.is_empty() || is_pragma(trimmed) {
            continue;
        }
        let first = trimmed.split(' ').next().unwrap_or("");
        if names.iter().any(|n| n == first) {
            continue;
        }
        let example = if names.len() > 1 {
            "<arg_key>"
        } else {
            names[0].as_str()
        };
        let offset =
            comment.span.start + (raw.len() - body.len()) + (body.len() - body.trim_start().len());
        let span = Span::new(offset, offset + first.len());
        checker.report(
            span,
            format!("Comment for {what} should follow the format: `# {example} <description>`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::Options;
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32)> {
        let mut config = Config::default();
        config.rules.severity.insert(
            "InvalidDefinitionDescription".into(),
            crate::Severity::Warning,
        );
        let options = Options {
            config: Some(&config),
            dockerignore: None,
        };
        test_support::found_with(text, "InvalidDefinitionDescription", options)
    }

    #[test]
    fn the_comment_right_above_must_start_with_the_name() {
        let text = "# compile the thing\nFROM alpine AS build\n#  VERSION of it\nARG VERSION=1\n#other\nARG A B\n";
        assert_eq!(
            found(text),
            vec![("compile".into(), 1, 3), ("other".into(), 5, 2)]
        );
        assert!(
            found("# build builds\nFROM alpine AS Build\n").is_empty(),
            "names are lower-cased"
        );
    }

    #[test]
    fn blank_lines_pragmas_and_plain_froms_pass() {
        assert!(found("# not about it\n\nFROM alpine AS base\n").is_empty());
        assert!(found("# not about it\n#\nFROM alpine AS base\n").is_empty());
        assert!(found("# hadolint ignore=DL3006\nFROM alpine AS base\n").is_empty());
        assert!(found("# a comment\nFROM alpine\n").is_empty());
        assert!(
            crate::analyze("# x\nARG A\nFROM alpine\n")
                .findings
                .iter()
                .all(|f| f.code != "InvalidDefinitionDescription"),
            "off by default"
        );
    }
}
