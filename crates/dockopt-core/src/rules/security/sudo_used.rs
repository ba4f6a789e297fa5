use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{ByteRange, Wrapper};
use crate::report::Severity;
use crate::rules::dla_helpers::all_commands;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `sudo` in a RUN (also inside `sh -c` strings and heredoc
    /// bodies). The finding points at `sudo`.
    ///
    /// ## Why is this bad?
    /// RUN already runs as the image's current USER; if that is root,
    /// `sudo` does nothing but add a package and a setuid binary to the
    /// image. If it is not root, `sudo` needs a password-less sudoers rule,
    /// which lets anyone who gets a shell in the container become root.
    /// Switch users with `USER`, or with `gosu`/`su-exec` in an entrypoint.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN sudo mkdir -p /srv/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN mkdir -p /srv/app
    /// ```
    ///
    /// ## Fix safety
    /// Deletes `sudo ` when it has no options of its own (`sudo -u app …`
    /// gets no fix). Unsafe: when the current USER is not root the command
    /// then runs unprivileged and may fail; add a `USER root` … `USER app`
    /// pair around it if it needs root.
    ///
    /// ## References
    /// - hadolint DL3004
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub static RULE = {
        code: "DL3004",
        name: "sudo-used",
        family: Family::Security,
        severity: Severity::Error,
        fix: FixAvailability::Unsafe,
        summary: "Do not use sudo: it has unpredictable TTY and signal behaviour and opens a way to root",
        sources: &["hadolint DL3004"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (script, command) in all_commands(model) {
        let range = match command.wrapper(Wrapper::Sudo) {
            Some(range) => range,
            None if command.program() == Some("sudo") => match command.name() {
                Some(name) => name.span,
                None => continue,
            },
            None => continue,
        };
        let span = script.file_span(range);
        // The word after `sudo`: the fix deletes up to it when it is the
        // command (not an option of sudo's).
        let position = command
            .words
            .iter()
            .position(|w| w.span.start == range.start);
        let next = position.and_then(|i| command.words.get(i + 1));
        let edit = next
            .filter(|w| !w.value.starts_with('-') && !w.value.contains('='))
            .map(|w| script.file_span(ByteRange::new(range.start, w.span.start)))
            .filter(|gap| {
                // Only blanks between `sudo` and the command.
                checker
                    .text()
                    .get(span.end..gap.end)
                    .is_some_and(|s| !s.is_empty() && s.chars().all(|c| c == ' ' || c == '\t'))
            })
            .map(|gap| Edit::delete(gap.start, gap.end));
        let diagnostic = checker.report(
            span,
            "Do not use sudo: RUN already runs as the current USER; switch users with USER or gosu",
        );
        if let Some(edit) = edit {
            diagnostic.fix("Remove sudo", Applicability::Unsafe, vec![edit]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dla_helpers::test::{applicability, findings, fixed, spans};

    #[test]
    fn sudo_is_found_through_shell_strings_and_removed() {
        let text = "FROM debian:12\nRUN sudo  apt-get update && sh -c \"sudo make install\" && sudo -u app id\n";
        assert_eq!(spans(text, "DL3004"), vec!["sudo", "sudo", "sudo"]);
        let columns: Vec<u32> = findings(text, "DL3004")
            .iter()
            .map(|f| f.span.start_position.column)
            .collect();
        assert_eq!(columns, vec![5, 36, 58]);
        assert_eq!(applicability(text, "DL3004"), Some(Applicability::Unsafe));
        assert_eq!(
            fixed(text, "DL3004"),
            "FROM debian:12\nRUN apt-get update && sh -c \"make install\" && sudo -u app id\n"
        );
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let text = "FROM debian:12\nRUN <<EOF\nsudo rm -rf /tmp/x\nEOF\n";
        let f = &findings(text, "DL3004")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 1)
        );
        assert!(fixed(text, "DL3004").contains("\nrm -rf /tmp/x\n"));
    }
}
