use dockopt_syntax::Span;

use crate::declare_rule;
use crate::model::shell::{ByteRange, Command, Invocation, RedirectOp};
use crate::model::{RunScript, ScriptSource};
use crate::report::Severity;
use crate::rules::security_helpers::pipe_source;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a password written into the Dockerfile and fed to `chpasswd`
    /// or `passwd --stdin`: `echo 'root:secret' | chpasswd`, `printf …
    /// | chpasswd`, `chpasswd <<< 'root:secret'`, a heredoc body given to
    /// `chpasswd`, and `echo secret | passwd --stdin root`.
    ///
    /// The span is the literal text that holds the password. A value that
    /// comes from a variable (`echo "root:$PASSWORD" | chpasswd`) is not a
    /// literal and is not flagged here (a password in a build argument is
    /// hadolint's DL3064 ground).
    ///
    /// ## Why is this bad?
    /// The password is readable by anyone who has the Dockerfile, and in the
    /// image history (`docker history --no-trunc`) of anyone who can pull the
    /// image; every container from the image shares it. Accounts in a
    /// container rarely need a password at all: `docker exec` needs none.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -m app && echo 'app:changeme' | chpasswd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -m app
    /// ```
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_17 ("Ensure that 'chpasswd' is not used to set or
    ///   remove passwords"), which flags every `chpasswd`; this rule flags
    ///   only literal passwords.
    /// - chpasswd(8), passwd(1)
    pub static RULE = {
        code: "DO1019",
        name: "chpasswd-literal-password",
        aliases: &["CKV2_DOCKER_17"],
        family: Family::Security,
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "Do not write passwords into the Dockerfile (chpasswd, passwd --stdin)",
        sources: &["Checkov CKV2_DOCKER_17"],
        check: check,
    }
}

/// `chpasswd`, or `passwd --stdin`.
fn reads_password(command: &Command<'_>) -> bool {
    match command.program() {
        Some("chpasswd") => true,
        Some("passwd") => command.arguments().iter().any(|w| w.is("--stdin")),
        _ => false,
    }
}

/// The literal argument of an `echo`/`printf` that feeds the password.
fn literal_of(command: &Command<'_>, chpasswd: bool) -> Option<ByteRange> {
    let is_echo = matches!(command.invocation, Some(Invocation::Echo(_)))
        || command.program() == Some("printf");
    if !is_echo {
        return None;
    }
    let operands: Vec<_> = command
        .arguments()
        .iter()
        .filter(|w| !w.value.starts_with('-'))
        .collect();
    if operands.is_empty() || operands.iter().any(|w| w.dynamic) {
        return None;
    }
    let word = if chpasswd {
        operands.iter().find(|w| w.value.contains(':'))?
    } else {
        operands.first()?
    };
    Some(word.span)
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen: Vec<Span> = Vec::new();
    for script in &model.scripts {
        for (index, command) in script.script.commands.iter().enumerate() {
            if !reads_password(command) {
                continue;
            }
            let chpasswd = command.program() == Some("chpasswd");
            let mut found = pipe_source(&script.script, index)
                .and_then(|source| literal_of(source, chpasswd))
                .map(|range| script.file_span(range));
            for redirect in &command.redirects {
                match redirect.op {
                    RedirectOp::HereString => {
                        if let Some(target) = redirect.target.as_ref().filter(|t| !t.dynamic) {
                            found = found.or(Some(script.file_span(target.span)));
                        }
                    }
                    RedirectOp::Heredoc => {
                        found = found.or_else(|| heredoc_body(script, redirect));
                    }
                    _ => {}
                }
            }
            let Some(span) = found else { continue };
            if seen.contains(&span) {
                continue;
            }
            seen.push(span);
            checker.report(
                span,
                "A password is written into the Dockerfile: it ends up in the image history; leave the account without a password or set it at run time",
            );
        }
    }
}

/// The literal body of a heredoc given to the command: a shell heredoc
/// inside the script, or the RUN's own heredoc on its command line.
fn heredoc_body(
    script: &RunScript<'_>,
    redirect: &crate::model::shell::Redirect<'_>,
) -> Option<Span> {
    let trim = |text: &str, start: usize| {
        let content = text.trim_end_matches(['\n', '\r']);
        (!content.trim().is_empty() && !content.contains('$'))
            .then(|| Span::new(start, start + content.len()))
    };
    if let Some(body) = redirect.heredoc_body.filter(|b| !b.is_empty()) {
        let text = body.text(script.text())?;
        let span = script.file_span(body);
        return trim(text, span.start);
    }
    let ScriptSource::CommandLine(_) = script.source else {
        return None;
    };
    let name = redirect
        .target
        .as_ref()?
        .value
        .trim_matches(['\'', '"'])
        .to_string();
    let heredoc = script
        .instruction
        .heredocs
        .iter()
        .find(|h| h.name == name)?;
    trim(&heredoc.content, heredoc.body.start)
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn echo_and_printf_into_chpasswd() {
        let text = "FROM debian:12\nRUN echo 'root:toor' | chpasswd\nRUN printf '%s\\n' \"app:pw\" | sudo chpasswd -c SHA512\n";
        assert_eq!(
            spans(text, "DO1019"),
            [
                ("'root:toor'".to_string(), 2, 10),
                ("\"app:pw\"".to_string(), 3, 19)
            ]
        );
    }

    #[test]
    fn here_strings_heredocs_and_passwd_stdin() {
        let text = "FROM centos:7\nRUN chpasswd <<< root:toor\nRUN chpasswd <<EOF\napp:secret\nEOF\nRUN echo secret | passwd --stdin app\n";
        assert_eq!(
            spans(text, "DO1019"),
            [
                ("root:toor".to_string(), 2, 18),
                ("app:secret".to_string(), 4, 1),
                ("secret".to_string(), 6, 10)
            ]
        );
    }

    #[test]
    fn heredoc_script_body() {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\n  echo \"root:pw\" | chpasswd\nEOF\n";
        assert_eq!(spans(text, "DO1019"), [("\"root:pw\"".to_string(), 4, 8)]);
    }

    #[test]
    fn variables_and_look_alikes_are_not_flagged() {
        let text = "FROM debian:12\nARG PASSWORD\nRUN echo \"root:${PASSWORD}\" | chpasswd\nRUN echo root:x | tee /tmp/f\nRUN echo chpasswd root:x\n# RUN echo 'root:toor' | chpasswd\nRUN echo pw | passwd app\nRUN passwd -d root\n";
        assert!(spans(text, "DO1019").is_empty());
    }
}
