use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageCommand, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::{check_clean, CleanRule};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN of a shipped stage that runs `zypper install` without
    /// `zypper clean` (`zypper cc`, or removing `/var/cache/zypp`) in the
    /// same RUN.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and downloaded packages in
    /// `/var/cache/zypp`. Left in the layer they ship with every image;
    /// cleaning in a later RUN frees nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Appends `&& zypper clean` to the RUN, or a line to its heredoc
    /// script. Safe: installed packages do not need the cache.
    ///
    /// ## Size impact
    /// The size of `/var/cache/zypp` after the install: repository metadata
    /// plus downloaded RPMs. We have no published before/after figure in
    /// our reference data, so no number is estimated.
    ///
    /// ## References
    /// - hadolint DL3036
    /// - Trivy DS-0020
    ///
    /// ## Differences from hadolint
    /// Only stages whose file system ships are checked; a cache or tmpfs
    /// mount on `/var/cache/zypp` or an `rm -rf` of it also counts; heredoc
    /// scripts are read.
    pub static RULE = {
        code: "DL3036",
        name: "zypper-clean-missing",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "`zypper clean` missing after zypper use",
        sources: &["hadolint DL3036", "Trivy DS-0020"],
        check: check,
    }
}

fn cleanup(_: PackageManager) -> &'static str {
    "zypper clean"
}

fn cleans(package: &PackageCommand<'_>) -> bool {
    package.action == PackageAction::Clean
}

fn check(checker: &mut Checker<'_, '_>) {
    check_clean(
        checker,
        &CleanRule {
            managers: &[PackageManager::Zypper],
            cleans,
            cache_dirs: &["/var/cache/zypp"],
            cleanup,
            message: "`zypper clean` missing after zypper use: add it to this RUN",
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn clean_and_cc_count() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper -n in a=1 && zypper cc -a\nRUN zypper -n in b=1 && zypper clean\nRUN zypper -n in c=1\n";
        assert_eq!(found("DL3036", text), vec![("in".into(), 4, 15)]);
        assert!(fixed("DL3036", text).ends_with("RUN zypper -n in c=1 && zypper clean\n"));
    }
}
