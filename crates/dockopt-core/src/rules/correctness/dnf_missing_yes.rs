use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::check_assume_yes;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `dnf install` and `microdnf install` (also `groupinstall`,
    /// `localinstall`, `reinstall`) without `-y` / `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: dnf asks "Is this ok [y/N]", reads nothing
    /// and aborts, so the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `-y` after the subcommand. Safe: without it the command
    /// cannot succeed in a build, and with it dnf does exactly what was
    /// asked.
    ///
    /// ## References
    /// - hadolint DL3038
    pub static RULE = {
        code: "DL3038",
        name: "dnf-missing-yes",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Use the `-y` switch to avoid manual input: `dnf install -y <package>`",
        sources: &["hadolint DL3038"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_assume_yes(
        checker,
        &[PackageManager::Dnf, PackageManager::Microdnf],
        &[PackageAction::Install],
        " -y",
        false,
        "Use the `-y` switch to avoid manual input: `dnf install -y <package>`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn points_at_the_subcommand_and_reads_heredocs() {
        let text = "FROM fedora:40\nRUN dnf -q install a && dnf install --assumeyes b\nRUN <<EOF\nmicrodnf groupinstall x\nEOF\n";
        assert_eq!(
            found("DL3038", text),
            vec![("install".into(), 2, 12), ("groupinstall".into(), 4, 10)]
        );
    }

    #[test]
    fn yum_and_clusters_are_not_flagged() {
        let text = "FROM fedora:40\nRUN yum install a && dnf -qy install b && dnf remove c\n";
        assert!(found("DL3038", text).is_empty());
    }

    #[test]
    fn fix_inserts_y_after_install() {
        let text = "FROM fedora:40\nRUN microdnf install a\n";
        assert_eq!(
            fixed("DL3038", text),
            "FROM fedora:40\nRUN microdnf install -y a\n"
        );
    }
}
