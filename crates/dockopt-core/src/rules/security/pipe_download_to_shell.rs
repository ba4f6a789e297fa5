use dockopt_syntax::Span;

use crate::declare_rule;
use crate::model::shell::{Command, GroupKind, Invocation, Script};
use crate::report::Severity;
use crate::rules::security_helpers::pipe_source;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a script downloaded and run in one go, without being saved
    /// and checked first:
    /// - `curl … | sh`, `wget -qO- … | bash`, `curl … | sudo bash -s --`,
    ///   also into `python`, `perl`, `ruby` or `node` reading the script
    ///   from stdin;
    /// - `sh -c "$(curl …)"`, `bash -c "$(wget -O- …)"`, `eval "$(curl …)"`;
    /// - `bash <(curl …)`, `source <(curl …)`.
    ///
    /// The span is the shell (or interpreter) that runs the download. A
    /// download piped into something else (`| tar xz`, `| gpg --dearmor`),
    /// or into an interpreter given its own program (`| python3 -c '…'`,
    /// which reads the download as data), is not flagged.
    ///
    /// ## Why is this bad?
    /// Whatever the server sends runs as root in the build, and nothing
    /// checks that it is the script you read: a compromised server, a
    /// changed script or a truncated download (the shell runs the part it
    /// got) all pass silently, and the build is not reproducible. Download
    /// the script to a file, check its checksum, then run it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ARG INSTALL_SHA256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    /// RUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh \
    ///  && echo "$INSTALL_SHA256  /tmp/install.sh" | sha256sum -c - \
    ///  && sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## References
    /// - Semgrep `bash.curl.security.curl-pipe-bash` and `curl-eval`
    /// - OWASP Docker Security Cheat Sheet
    pub static RULE = {
        code: "DO1020",
        name: "pipe-download-to-shell",
        aliases: &["curl-pipe-bash"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not pipe a download into a shell; save it and check its checksum",
        sources: &["Semgrep curl-pipe-bash", "Semgrep curl-eval"],
        check: check,
    }
}

const SHELLS: [&str; 7] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// Runs a program it reads from stdin (a shell or interpreter without its
/// own `-c`/`-e` program).
fn runs_stdin(command: &Command<'_>) -> bool {
    let Some(program) = command.program() else {
        return false;
    };
    let args = command.arguments();
    let has = |flags: &[&str]| args.iter().any(|w| flags.iter().any(|f| w.is(f)));
    if SHELLS.contains(&program) {
        if program == "busybox" && !args.first().is_some_and(|w| w.is("sh") || w.is("ash")) {
            return false;
        }
        return !has(&["-c"]);
    }
    let interpreter =
        program.starts_with("python") || matches!(program, "perl" | "ruby" | "node" | "php");
    interpreter && !has(&["-c", "-e", "-m", "-r", "--eval"])
}

/// A download whose body goes to stdout.
fn downloads_to_stdout(command: &Command<'_>) -> bool {
    match &command.invocation {
        Some(Invocation::Download(d)) => {
            let to_stdout =
                d.writes_to_stdout() || d.output.as_ref().is_some_and(|o| o.is("/dev/stdout"));
            to_stdout && !d.urls.is_empty()
        }
        _ => false,
    }
}

/// The command that runs the substitution opened at `start`: a shell with
/// `-c`, `eval`, `source`/`.`, or a shell reading `<( … )`.
fn runner_of<'s, 'a>(script: &'s Script<'a>, start: usize) -> Option<&'s Command<'a>> {
    script.commands.iter().find(|c| {
        let Some(program) = c.program() else {
            return false;
        };
        let args = c.arguments();
        let Some(position) = args
            .iter()
            .position(|w| w.span.start <= start && start < w.span.end)
        else {
            return false;
        };
        let word = &args[position];
        match program {
            "eval" | "source" | "." => true,
            p if SHELLS.contains(&p) || p.starts_with("python") => {
                word.raw.starts_with("<(")
                    || position
                        .checked_sub(1)
                        .and_then(|i| args.get(i))
                        .is_some_and(|w| w.is("-c"))
            }
            _ => false,
        }
    })
}

/// The command at `index` reads, through a pipe (and any `tee` on the way),
/// the output of a download.
fn fed_by_download(script: &Script<'_>, index: usize) -> bool {
    let mut at = index;
    // Each step goes to an earlier command, so this ends.
    for _ in 0..script.commands.len() {
        let Some(source) = pipe_source(script, at) else {
            return false;
        };
        if downloads_to_stdout(source) {
            return true;
        }
        if source.program() != Some("tee") {
            return false;
        }
        let Some(next) = script.commands.iter().position(|c| std::ptr::eq(c, source)) else {
            return false;
        };
        at = next;
    }
    false
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen: Vec<Span> = Vec::new();
    for script in &model.scripts {
        let commands = &script.script.commands;
        for (index, command) in commands.iter().enumerate() {
            let runner = if runs_stdin(command) && fed_by_download(&script.script, index) {
                Some(command)
            } else if downloads_to_stdout(command) {
                script
                    .script
                    .ancestors(command)
                    .find(|g| g.kind == GroupKind::CommandSubstitution)
                    .and_then(|g| runner_of(&script.script, g.start))
            } else {
                None
            };
            let Some(name) = runner.and_then(|r| r.name()) else {
                continue;
            };
            let span = script.file_span(name.span);
            if seen.contains(&span) {
                continue;
            }
            seen.push(span);
            checker.report(
                span,
                format!(
                    "`{}` runs a script straight from the network: download it to a file, check its checksum, then run it",
                    name.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn pipes_into_shells() {
        let text = "FROM debian:12\nRUN curl -fsSL https://a/i.sh | sh\nRUN wget -qO- https://a/i.sh | sudo bash -s -- --yes\nRUN wget -O - https://b | python3 -\nRUN curl -fsSL https://c | tee /tmp/i.sh | sh\nRUN wget -qO /dev/stdout https://d | ash\n";
        assert_eq!(
            spans(text, "DO1020"),
            [
                ("sh".to_string(), 2, 33),
                ("bash".to_string(), 3, 37),
                ("python3".to_string(), 4, 27),
                ("sh".to_string(), 5, 44),
                ("ash".to_string(), 6, 38)
            ]
        );
    }

    #[test]
    fn substitutions_run_by_a_shell() {
        let text = "FROM debian:12\nRUN sh -c \"$(curl -fsSL https://a/i.sh)\"\nRUN bash <(curl -fsSL https://a/i.sh)\nRUN eval \"$(wget -qO- https://a)\"\n";
        assert_eq!(
            spans(text, "DO1020"),
            [
                ("sh".to_string(), 2, 5),
                ("bash".to_string(), 3, 5),
                ("eval".to_string(), 4, 5)
            ]
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\n  curl -fsSL https://a/i.sh | bash\nEOF\n";
        assert_eq!(spans(text, "DO1020"), [("bash".to_string(), 4, 31)]);
    }

    #[test]
    fn downloads_used_as_data_are_fine() {
        let text = "FROM debian:12\nRUN curl -fsSL https://a/k.gpg | gpg --dearmor -o /k.gpg\nRUN curl -fsSL https://a/x.tgz | tar xz\nRUN curl -fsSL https://a/j | python3 -c 'import json,sys; print(json.load(sys.stdin))'\nRUN curl -o /tmp/i.sh https://a/i.sh && sh /tmp/i.sh\nRUN wget https://a/i.sh | sh\nRUN echo \"$(curl -fsSL https://a/v)\"\n# RUN curl https://a | sh\nRUN echo curl https://a \\| sh\n";
        assert!(spans(text, "DO1020").is_empty());
    }
}
