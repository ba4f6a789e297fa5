use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::check_assume_yes;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `zypper install`, `remove`, `update` and `dist-upgrade` (and
    /// their short forms `in`, `rm`, `up`, `dup`) run without
    /// `-n`/`--non-interactive` or `-y`/`--no-confirm`.
    ///
    /// ## Why is this bad?
    /// zypper stops to ask "Continue? [y/n/v/...]". A build has no terminal,
    /// so the command fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install curl=8.6.0 && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Inserts the global option `-n` right after `zypper` (global options
    /// must come before the command). Safe: without it the command cannot
    /// succeed in a build; with it zypper takes the default answers, which
    /// is what a scripted install means.
    ///
    /// ## References
    /// - hadolint DL3034
    pub static RULE = {
        code: "DL3034",
        name: "zypper-missing-non-interactive",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Non-interactive switch missing from `zypper` command: `zypper install -y`",
        sources: &["hadolint DL3034"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_assume_yes(
        checker,
        &[PackageManager::Zypper],
        &[
            PackageAction::Install,
            PackageAction::Remove,
            PackageAction::Upgrade,
            PackageAction::DistUpgrade,
        ],
        " -n",
        true,
        "Non-interactive switch missing from `zypper` command: use `zypper -n install` or `zypper install -y`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn every_prompting_subcommand_and_heredocs() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper in a && zypper --non-interactive rm b && zypper install -y c\nRUN <<EOF\nzypper dup\nEOF\n";
        assert_eq!(
            found("DL3034", text),
            vec![("in".into(), 2, 12), ("dup".into(), 4, 8)]
        );
    }

    #[test]
    fn refresh_and_clean_do_not_prompt() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper refresh && zypper clean\n";
        assert!(found("DL3034", text).is_empty());
    }

    #[test]
    fn fix_adds_the_global_option() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper  in a\n";
        assert_eq!(
            fixed("DL3034", text),
            "FROM opensuse/leap:15.6\nRUN zypper -n  in a\n"
        );
    }
}
