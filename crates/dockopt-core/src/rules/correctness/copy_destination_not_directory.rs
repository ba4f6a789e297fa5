use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` with more than one source whose destination does not
    /// end with `/`. The finding points at the destination.
    ///
    /// ## Differences from hadolint
    /// A destination from a variable is expanded with known ARG/ENV values;
    /// an unknown one is not flagged (it may end with `/`).
    ///
    /// ## Why is this bad?
    /// With several sources the destination must be a directory, and the
    /// builder requires it to be written with a trailing `/`: otherwise the
    /// build fails ("When using COPY with more than one source file, the
    /// destination must be a directory and end with a /").
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Appends `/` to the destination (inside its quotes). Safe: the build
    /// could not succeed without it, and with it the files land where the
    /// destination names.
    ///
    /// ## References
    /// - hadolint DL3021
    /// - <https://docs.docker.com/reference/dockerfile/#copy>
    pub static RULE = {
        code: "DL3021",
        name: "copy-destination-not-directory",
        family: Family::Correctness,
        severity: Severity::Error,
        fix: FixAvailability::Safe,
        summary: "COPY with more than 2 arguments requires the last argument to end with /",
        sources: &["hadolint DL3021"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Copy {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let Some(destination) = paths.destination() else {
            continue;
        };
        if paths.sources().len() < 2 {
            continue;
        }
        let expanded = model
            .scope_at(index)
            .expand(&destination.text, model.escape);
        if !expanded.unknown.is_empty() || expanded.value.ends_with('/') {
            continue;
        }
        let span = destination.span;
        let written = span.text(text);
        let at = if written.ends_with(['"', '\'']) && written.len() >= 2 {
            span.end - 1
        } else {
            span.end
        };
        checker
            .report(
                span,
                "COPY with more than 2 arguments requires the last argument to end with /",
            )
            .fix(
                "Add a trailing / to the destination",
                Applicability::Safe,
                vec![Edit::insert(at, "/")],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, fixed, spans};

    #[test]
    fn shell_and_json_forms() {
        let text =
            "FROM a:1\nCOPY a b /c/\nCOPY a /c\nCOPY  a b  /d\nCOPY [\"a\", \"b\", \"/e\"]\n";
        assert_eq!(spans(text, "DL3021"), vec!["/d", "\"/e\""]);
        let f = &findings(text, "DL3021")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (4, 12)
        );
        assert_eq!(
            fixed(text, "DL3021"),
            "FROM a:1\nCOPY a b /c/\nCOPY a /c\nCOPY  a b  /d/\nCOPY [\"a\", \"b\", \"/e/\"]\n"
        );
    }

    #[test]
    fn variables_and_heredoc_sources() {
        let text =
            "FROM a:1\nARG D=/x/\nARG U\nCOPY a b $D\nCOPY a b $U\nCOPY <<A <<B /etc\nx\nA\ny\nB\n";
        assert_eq!(spans(text, "DL3021"), vec!["/etc"]);
    }
}
