use crate::declare_rule;
use crate::report::Severity;
use crate::rules::dla_helpers::all_commands;
use crate::rules::{Checker, Family};

/// hadolint's list.
const POINTLESS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

declare_rule! {
    /// ## What it does
    /// Flags commands that make no sense while building an image: `ssh`,
    /// `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`.
    /// The finding points at the command name.
    ///
    /// ## Differences from hadolint
    /// Heredoc bodies are read as shell too.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal and no running services: an editor or
    /// `top` waits for input that never comes, `service x start` starts a
    /// daemon that dies with the step, and `ps`/`free` report on the build
    /// container, not on where the image will run. Such a command is either
    /// a leftover or a sign that the step does not do what was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// - hadolint DL3001
    pub static RULE = {
        code: "DL3001",
        name: "pointless-command",
        family: Family::Style,
        severity: Severity::Info,
        summary: "Commands such as ssh, vim, shutdown, service, ps, free, top, kill and mount make no sense in a build",
        sources: &["hadolint DL3001"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (script, command) in all_commands(model) {
        let Some(program) = command.program() else {
            continue;
        };
        if !POINTLESS.contains(&program) {
            continue;
        }
        let Some(name) = command.name() else { continue };
        checker.report(
            script.file_span(name.span),
            format!("`{program}` makes no sense in a container build"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn command_names_only() {
        let text = "FROM debian:12\nRUN apt-get install -y vim procps && echo ps && sudo service x start\n";
        assert_eq!(spans(text, "DL3001"), vec!["service"]);
        assert_eq!(findings(text, "DL3001")[0].span.start_position.column, 54);
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let text = "FROM debian:12\nRUN <<EOF\ntop -b -n1\nEOF\n";
        let f = &findings(text, "DL3001")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 1)
        );
    }
}
