use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::dlb_helpers::check_pins;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags packages of `zypper install` given without a version
    /// constraint (`name=version`, `name>=version`, `name<version`).
    ///
    /// ## Why is this bad?
    /// Without a version, every build installs whatever the repository
    /// holds that day: builds are not reproducible, and an upstream update
    /// can break the image without any change on your side.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y curl=8.6.0 && zypper clean
    /// ```
    ///
    /// ## References
    /// - hadolint DL3037
    ///
    /// ## Differences from hadolint
    /// We skip `$VAR` packages and point at each unpinned package rather
    /// than the RUN. Note that an unquoted `name>=1` is a shell redirection
    /// (to a file `=1`), so `name` is unpinned: quote the constraint.
    pub static RULE = {
        code: "DL3037",
        name: "zypper-version-unpinned",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Specify version with `zypper install -y <package>=<version>`",
        sources: &["hadolint DL3037"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_pins(
        checker,
        &[PackageManager::Zypper],
        "Specify version with `zypper install -y <package>=<version>`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn constraints_files_and_variables() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper in -y \"y<2\" z.rpm $PKG w>=1 v=3\n";
        assert_eq!(found("DL3037", text), vec![("w".into(), 2, 35)]);
    }
}
