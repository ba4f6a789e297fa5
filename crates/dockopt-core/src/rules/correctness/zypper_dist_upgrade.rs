use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::{package_commands_of, subcommand_span};
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` (`zypper dup`).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside a build moves the image to whatever
    /// the repositories hold that day, possibly a new release with changed
    /// libraries: the build is no longer reproducible and may break. Pick a
    /// newer base image instead, or install the specific packages you need.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n dist-upgrade && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n update && zypper clean
    /// ```
    ///
    /// ## References
    /// - hadolint DL3035
    pub static RULE = {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Do not use `zypper dist-upgrade`",
        sources: &["hadolint DL3035"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        for (script, command, package) in package_commands_of(model, index) {
            if package.manager == PackageManager::Zypper
                && package.action == PackageAction::DistUpgrade
            {
                let span = subcommand_span(script, command, package);
                checker.report(span, "Do not use `zypper dist-upgrade`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn long_and_short_forms() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper -n dup\nRUN zypper -n dist-upgrade && zypper -n up\n";
        assert_eq!(
            found("DL3035", text),
            vec![("dup".into(), 2, 15), ("dist-upgrade".into(), 3, 15)]
        );
    }

    #[test]
    fn apt_dist_upgrade_is_not_zypper() {
        let text = "FROM debian:12\nRUN apt-get dist-upgrade -y\n";
        assert!(found("DL3035", text).is_empty());
    }
}
