use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::dlb_helpers::check_pins;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags packages of `dnf install` / `microdnf install` given without a
    /// version (`name-version[-release]`), and modules of
    /// `dnf module install` without a stream (`name:stream`).
    ///
    /// ## Why is this bad?
    /// Without a version, every build installs whatever the repository
    /// holds that day: builds are not reproducible, and an upstream update
    /// can break the image without any change on your side.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## References
    /// - hadolint DL3041
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any package containing `-`, flags `$PKGS` and local
    /// `.rpm` files. We read `name-version` as rpm does (a `-` followed by a
    /// digit), skip `$VAR` packages, files and URLs, and point at each
    /// unpinned package rather than the RUN.
    pub static RULE = {
        code: "DL3041",
        name: "dnf-version-unpinned",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Specify version with `dnf install -y <package>-<version>`",
        sources: &["hadolint DL3041"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_pins(
        checker,
        &[PackageManager::Dnf, PackageManager::Microdnf],
        "Specify version with `dnf install -y <package>-<version>`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn each_unpinned_package_is_pointed_at() {
        let text = "FROM fedora:40\nRUN dnf install -y \"x-1.2\" a.rpm ${EXTRA} && microdnf install -y y && dnf module install -y nodejs:18\n";
        assert_eq!(found("DL3041", text), vec![("y".into(), 2, 66)]);
    }

    #[test]
    fn yum_is_another_rule() {
        let text = "FROM fedora:40\nRUN yum install -y httpd\n";
        assert!(found("DL3041", text).is_empty());
    }
}
