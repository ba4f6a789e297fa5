use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::ByteRange;
use crate::report::Severity;
use crate::rules::dla_helpers::all_commands;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags commands run with `apt`, the interactive front end, instead of
    /// `apt-get` or `apt-cache`. The finding points at `apt`.
    ///
    /// ## Why is this bad?
    /// `apt`'s command line and output are meant for people and "may change
    /// from one version to another" (its man page says so and it warns
    /// "apt does not have a stable CLI interface" when used in scripts);
    /// `apt-get` and `apt-cache` are the stable interfaces for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix safety
    /// Renames `apt` to `apt-get` for the subcommands `apt-get` has with the
    /// same meaning (`install`, `remove`, `purge`, `update`, `upgrade`,
    /// `dist-upgrade`, `autoremove`, `clean`, …), and to `apt-cache` for
    /// `search`, `show`, `policy`, `depends` and `rdepends`. Safe: the same
    /// libapt operation runs, only the progress output differs. (`apt`
    /// deletes downloaded `.deb` files after installing and `apt-get` keeps
    /// them in `/var/cache/apt/archives`; the official Debian and Ubuntu
    /// images configure apt-get to delete them too; on other bases, end the
    /// RUN with `apt-get clean`.) `apt list`,
    /// `apt full-upgrade` and `apt edit-sources` have no equivalent and get
    /// no fix.
    ///
    /// ## References
    /// - hadolint DL3027
    /// - apt(8): "SCRIPT USAGE AND DIFFERENCES FROM OTHER APT TOOLS"
    pub static RULE = {
        code: "DL3027",
        name: "apt-instead-of-apt-get",
        family: Family::Style,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Do not use `apt`: use `apt-get` or `apt-cache`",
        sources: &["hadolint DL3027"],
        check: check,
    }
}

/// The stable tool for an `apt` subcommand.
fn replacement(subcommand: &str) -> Option<&'static str> {
    match subcommand {
        "install" | "reinstall" | "remove" | "purge" | "update" | "upgrade" | "dist-upgrade"
        | "autoremove" | "autopurge" | "clean" | "autoclean" | "source" | "build-dep"
        | "download" | "changelog" | "satisfy" => Some("apt-get"),
        "search" | "show" | "showsrc" | "policy" | "depends" | "rdepends" | "madison" => {
            Some("apt-cache")
        }
        _ => None,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (script, command) in all_commands(model) {
        if command.program() != Some("apt") {
            continue;
        }
        let Some(name) = command.name() else { continue };
        // Point at (and rename) the `apt` of `/usr/bin/apt`.
        let exact = !name.quoted && name.span.len() == name.value.len();
        let range = if exact {
            ByteRange::new(name.span.end.saturating_sub(3), name.span.end)
        } else {
            name.span
        };
        let span = script.file_span(range);
        let tool = command
            .package()
            .and_then(|p| p.subcommand.first())
            .and_then(|w| w.literal())
            .and_then(replacement);
        let diagnostic = checker.report(
            span,
            "Do not use `apt` as it is meant to be an end-user tool: use `apt-get` or `apt-cache` instead",
        );
        if let (Some(tool), true) = (tool, exact) {
            diagnostic.fix(
                format!("Use {tool}"),
                Applicability::Safe,
                vec![Edit::replace(span.start, span.end, tool)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, fixed, spans};

    #[test]
    fn apt_is_renamed_per_subcommand() {
        let text = "FROM debian:12\nRUN apt update && apt install -y x && /usr/bin/apt search y && apt list --installed && apt-get clean\n";
        assert_eq!(spans(text, "DL3027"), vec!["apt", "apt", "apt", "apt"]);
        let columns: Vec<u32> = findings(text, "DL3027")
            .iter()
            .map(|f| f.span.start_position.column)
            .collect();
        assert_eq!(columns, vec![5, 19, 48, 64]);
        assert_eq!(
            fixed(text, "DL3027"),
            "FROM debian:12\nRUN apt-get update && apt-get install -y x && /usr/bin/apt-cache search y && apt list --installed && apt-get clean\n"
        );
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let text = "FROM debian:12\nRUN <<EOF\n  sudo apt upgrade -y\nEOF\n";
        let f = &findings(text, "DL3027")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 8)
        );
        assert!(fixed(text, "DL3027").contains("sudo apt-get upgrade -y"));
    }
}
