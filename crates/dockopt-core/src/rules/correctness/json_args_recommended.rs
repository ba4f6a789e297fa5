use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::{Command, InstructionKind, ShellText};

/// Shell builtins and keywords: as the first word they need a shell.
const NEEDS_SHELL: &[&str] = &[
    "exec", "cd", "source", ".", "export", "set", "unset", "ulimit", "umask", "trap", "eval", "if",
    "for", "while", "until", "case", "alias", "wait", "read", "shift",
];

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD node
    /// server.js`) instead of the JSON exec form. The finding points at the
    /// command.
    ///
    /// ## Differences from hadolint
    /// hadolint 2.15 also flags `HEALTHCHECK CMD` in shell form; we do not,
    /// as BuildKit's JSONArgsRecommended does not: a health check is not
    /// PID 1 and gets no signals, so the shell form costs nothing there.
    ///
    /// ## Why is this bad?
    /// The shell form runs `/bin/sh -c "…"`: the shell becomes PID 1, does
    /// not pass `SIGTERM` on to the program, so `docker stop` waits its
    /// timeout and then kills the container, and the program never shuts
    /// down cleanly. A shell-form ENTRYPOINT also ignores the CMD and
    /// `docker run` arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Rewrites the command as a JSON array, only when it is plain words
    /// on one line (letters, digits and `_ . / : = , @ % + -`): no quotes,
    /// variables, globs, redirections, operators or shell builtins. Unsafe:
    /// without the shell the program becomes PID 1 and receives signals
    /// itself, the environment is not expanded, and an ENTRYPOINT starts
    /// taking CMD and `docker run` arguments.
    ///
    /// ## References
    /// - hadolint DL3025
    /// - BuildKit JSONArgsRecommended
    /// - <https://docs.docker.com/reference/dockerfile/#shell-and-exec-form>
    pub static RULE = {
        code: "DL3025",
        name: "json-args-recommended",
        aliases: &["JSONArgsRecommended"],
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
        sources: &["hadolint DL3025", "BuildKit JSONArgsRecommended"],
        check: check,
    }
}

/// The JSON form of a command of plain words written on one line.
fn exec_form(shell: &ShellText, text: &str) -> Option<String> {
    if shell.span.text(text) != shell.text {
        return None;
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:=,@%+-".contains(c);
    let words: Vec<&str> = shell.text.split_whitespace().collect();
    let first = words.first()?;
    if NEEDS_SHELL.contains(first)
        || first.contains('=')
        || !words.iter().all(|w| w.chars().all(plain))
    {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    for located in &model.instructions {
        let instruction = located.instruction;
        if !matches!(
            instruction.kind,
            InstructionKind::Cmd | InstructionKind::Entrypoint
        ) {
            continue;
        }
        let Some(Command::Shell(shell)) = instruction.command() else {
            continue;
        };
        if shell.text.trim().is_empty() {
            continue;
        }
        let fix = exec_form(shell, text);
        let diagnostic = checker.report(
            shell.span,
            format!(
                "Use arguments JSON notation for {} arguments, so the program gets signals",
                instruction.kind
            ),
        );
        if let Some(json) = fix {
            diagnostic.fix(
                "Use the JSON exec form",
                Applicability::Unsafe,
                vec![Edit::replace(shell.span.start, shell.span.end, json)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dla_helpers::test::{applicability, findings, fixed, spans};

    #[test]
    fn shell_forms_are_flagged_and_plain_words_converted() {
        let text = "FROM a:1\nENTRYPOINT [\"x\"]\nCMD  gunicorn -b 0.0.0.0:8000 app:app\nCMD echo $HOME\nENTRYPOINT exec nginx\nCMD a && b\n";
        assert_eq!(
            spans(text, "DL3025"),
            vec![
                "gunicorn -b 0.0.0.0:8000 app:app",
                "echo $HOME",
                "exec nginx",
                "a && b"
            ]
        );
        let f = &findings(text, "DL3025")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 6)
        );
        assert_eq!(applicability(text, "DL3025"), Some(Applicability::Unsafe));
        assert_eq!(
            fixed(text, "DL3025"),
            "FROM a:1\nENTRYPOINT [\"x\"]\nCMD  [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\nCMD echo $HOME\nENTRYPOINT exec nginx\nCMD a && b\n"
        );
    }

    #[test]
    fn continued_lines_get_no_fix() {
        let text = "FROM a:1\nCMD node \\\n  server.js\n";
        assert_eq!(findings(text, "DL3025").len(), 1);
        assert_eq!(applicability(text, "DL3025"), None);
    }
}
