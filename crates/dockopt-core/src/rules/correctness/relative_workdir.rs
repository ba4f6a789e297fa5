use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` whose path is relative (not starting with `/`, a
    /// variable, or a Windows drive such as `C:\`). The finding points at
    /// the path.
    ///
    /// ## Why is this bad?
    /// A relative WORKDIR is resolved against the previous one, which may
    /// come from the base image and change with it: the directory the image
    /// works in is then not visible in the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /srv
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /srv
    /// WORKDIR /srv/app
    /// ```
    ///
    /// ## Fix safety
    /// A suggestion: when an earlier absolute WORKDIR of the stage (or of
    /// the stage it is built on) is known, the path is joined to it, which
    /// is exactly what the builder does; otherwise it is made absolute from
    /// `/`, which assumes the base image does not set a WORKDIR of its own.
    ///
    /// ## References
    /// - hadolint DL3000
    /// - BuildKit WorkdirRelativePath (only before any absolute WORKDIR)
    pub static RULE = {
        code: "DL3000",
        name: "relative-workdir",
        family: Family::Correctness,
        severity: Severity::Error,
        fix: FixAvailability::Suggestion,
        summary: "Use absolute WORKDIR",
        sources: &["hadolint DL3000", "BuildKit WorkdirRelativePath"],
        check: check,
    }
}

fn is_absolute(path: &str) -> bool {
    let path = path.trim_matches('"');
    let bytes = path.as_bytes();
    let windows = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    path.starts_with('/') || path.starts_with('$') || windows
}

/// The literal path of the last WORKDIR before instruction `index` in the
/// stage chain, resolved to an absolute path when it can be.
fn previous_workdir(checker: &Checker<'_, '_>, stage: usize, index: usize) -> Option<String> {
    let model = checker.model;
    let mut chain = stage_chain(model, stage);
    chain.reverse();
    let mut current: Option<String> = None;
    for s in chain {
        let Some(stage) = model.stages.get(s) else {
            continue;
        };
        for i in stage.body.clone().filter(|&i| i < index) {
            let Some(located) = model.instructions.get(i) else {
                continue;
            };
            if located.instruction.kind != InstructionKind::Workdir {
                continue;
            }
            let Some(word) = located.instruction.single_word() else {
                continue;
            };
            let path = word.unquoted(model.escape);
            current = if path.contains('$') {
                None
            } else if path.starts_with('/') {
                Some(path)
            } else {
                current.map(|base| join(&base, &path))
            };
        }
    }
    current
}

fn join(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path)
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Workdir {
            continue;
        }
        let Some(word) = instruction.single_word() else {
            continue;
        };
        if word.text.is_empty() || is_absolute(&word.text) {
            continue;
        }
        let simple = word.verbatim
            && word
                .text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
        let base = located
            .stage
            .and_then(|s| previous_workdir(checker, s, index));
        let diagnostic = checker.report(word.span, "Use absolute WORKDIR");
        if simple {
            let (absolute, title) = match base {
                Some(base) => {
                    let joined = join(&base, &word.text);
                    let title = format!("Write the path in full: {joined}");
                    (joined, title)
                }
                None => {
                    let joined = join("/", &word.text);
                    let title =
                        format!("Use {joined} (assumes the base image's working directory is /)");
                    (joined, title)
                }
            };
            diagnostic.fix(
                title,
                Applicability::Suggestion,
                vec![Edit::replace(word.span.start, word.span.end, absolute)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dla_helpers::test::{applicability, findings, fixed, spans};

    #[test]
    fn absolute_variable_and_windows_paths_pass() {
        let text =
            "FROM a:1\nWORKDIR /a\nWORKDIR $HOME\nWORKDIR \"/q\"\nWORKDIR C:\\\\x\nWORKDIR  rel\n";
        assert_eq!(spans(text, "DL3000"), vec!["rel"]);
        let f = &findings(text, "DL3000")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (6, 10)
        );
    }

    #[test]
    fn the_suggestion_joins_the_previous_workdir_across_stages() {
        let text = "FROM a:1 AS base\nWORKDIR /srv/\nFROM base\nWORKDIR app\nWORKDIR src\n";
        assert_eq!(
            applicability(text, "DL3000"),
            Some(Applicability::Suggestion)
        );
        assert_eq!(
            fixed(text, "DL3000"),
            "FROM a:1 AS base\nWORKDIR /srv/\nFROM base\nWORKDIR /srv/app\nWORKDIR /srv/app/src\n"
        );
        let unknown = "FROM a:1\nWORKDIR app\n";
        assert_eq!(fixed(unknown, "DL3000"), "FROM a:1\nWORKDIR /app\n");
    }
}
