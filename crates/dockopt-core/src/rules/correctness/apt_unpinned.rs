use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::{is_unpinned_name, report_unpinned};
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags each package of an `apt-get install` (or `reinstall`) that is not pinned to a
    /// version (`pkg=1.2-3`) or a release (`pkg/bookworm-backports`), and is
    /// not a local `.deb` file. The finding points at the package name.
    ///
    /// ## Differences from hadolint
    /// A package that comes from a variable (`apt-get install $PKGS`) is
    /// unknown, not unpinned, so it is not reported (hadolint issue #928);
    /// heredoc bodies (`RUN <<EOF`) are read as shell too. There is one
    /// finding per unpinned package rather than one per RUN.
    /// `ONBUILD RUN` triggers are checked too, and so are commands run by
    /// `sudo` (hadolint sees only the program `sudo`). `apt-get reinstall`
    /// counts as an install (hadolint reads only `install`): after an
    /// `apt-get update` it installs the candidate version when that is
    /// newer, so it is as unpinned as `install`.
    ///
    /// ## Why is this bad?
    /// Without a pin, the build installs whatever version the mirror has
    /// today: two builds of the same Dockerfile can differ, and an upgrade
    /// can break the image without any change to the file. (The flip side:
    /// Debian drops old versions from its mirrors, so pins must be kept up
    /// to date.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 git=1:2.39.5-0+deb12u2
    /// ```
    ///
    /// ## References
    /// - hadolint DL3008
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DL3008",
        name: "apt-unpinned-package",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in `apt-get install`",
        sources: &["hadolint DL3008"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_unpinned(
        checker,
        |_, p| p.manager == PackageManager::AptGet && p.action == PackageAction::Install,
        is_unpinned_name,
        |name| format!("Pin versions in apt-get install: `{name}=<version>`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn each_unpinned_package_is_reported_at_its_name() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl=7.88 git ./local.deb vim/bookworm-backports -t bookworm-backports jq\n";
        assert_eq!(spans(text, "DL3008"), vec!["git", "jq"]);
        let f = &findings(text, "DL3008")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 15)
        );
    }

    #[test]
    fn variables_are_unknown_not_unpinned() {
        let text = "FROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS \"${EXTRA}\"\n";
        assert!(spans(text, "DL3008").is_empty());
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y \\\n  curl\nEOF\n";
        assert_eq!(spans(text, "DL3008"), vec!["curl"]);
        let f = &findings(text, "DL3008")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (5, 3)
        );
    }

    #[test]
    fn onbuild_triggers_are_read() {
        let text = "FROM debian:12\nONBUILD RUN apt-get install -y \\\n  curl=1 wget\n";
        assert_eq!(spans(text, "DL3008"), vec!["wget"]);
        let f = &findings(text, "DL3008")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 10)
        );
    }

    #[test]
    fn other_apt_commands_are_not_this_rule() {
        let text = "FROM debian:12\nRUN apt-get remove -y curl && apt install -y git\n";
        assert!(spans(text, "DL3008").is_empty());
    }
}
