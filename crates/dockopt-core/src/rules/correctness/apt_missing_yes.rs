use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::all_commands;
use crate::rules::helpers::{insert_after_subcommand, subcommand_span};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y` (`--yes`, `--assume-yes`, or
    /// `-qq`/`-q=2`, which imply it, or `-o APT::Get::Assume-Yes=true`). The
    /// finding points at `install`.
    ///
    /// ## Differences from hadolint
    /// hadolint also accepts a single `-q`, which does not answer apt's
    /// prompt; we do not. Heredoc bodies are read as shell.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: when apt asks "Do you want to continue?",
    /// it reads end-of-file and aborts, and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
    /// ```
    ///
    /// ## Fix safety
    /// Inserts ` -y` after `install`. Safe: without it the command cannot
    /// succeed in a build, and `-y` only answers the confirmation prompt.
    ///
    /// ## References
    /// - hadolint DL3014
    pub static RULE = {
        code: "DL3014",
        name: "apt-missing-yes",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Use the `-y` switch to avoid manual input: `apt-get install -y <package>`",
        sources: &["hadolint DL3014"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (script, command) in all_commands(model) {
        let Some(package) = command.package() else {
            continue;
        };
        if package.manager != PackageManager::AptGet
            || package.action != PackageAction::Install
            || package.assumes_yes()
        {
            continue;
        }
        checker
            .report(
                subcommand_span(script, command, package),
                "Use the `-y` switch to avoid manual input: `apt-get install -y <package>`",
            )
            .fix(
                "Add -y",
                Applicability::Safe,
                vec![insert_after_subcommand(script, package, " -y")],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::dla_helpers::test::{applicability, findings, fixed, spans};

    #[test]
    fn yes_spellings_are_accepted() {
        let text = "FROM debian:12\nRUN apt-get install -y a && apt-get --yes install b && apt-get -qq install c && apt-get -qy install d && apt-get -q install e\n";
        assert_eq!(spans(text, "DL3014"), vec!["install"]);
        let f = &findings(text, "DL3014")[0];
        assert_eq!(f.span.start_position.column, 117);
    }

    #[test]
    fn the_fix_adds_y_after_install_also_in_heredocs() {
        let text = "FROM debian:12\nRUN <<EOF\napt-get install curl\nEOF\n";
        assert_eq!(spans(text, "DL3014"), vec!["install"]);
        assert_eq!(applicability(text, "DL3014"), Some(Applicability::Safe));
        assert_eq!(
            fixed(text, "DL3014"),
            "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n"
        );
    }
}
