use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::check_assume_yes;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `yum install` (also `groupinstall`, `localinstall`,
    /// `reinstall`) without `-y` / `--assumeyes`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: yum asks "Is this ok [y/N]", reads nothing
    /// and aborts, so the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `-y` after the subcommand. Safe: without it the command
    /// cannot succeed in a build, and with it yum does exactly what was
    /// asked.
    ///
    /// ## References
    /// - hadolint DL3030
    pub static RULE = {
        code: "DL3030",
        name: "yum-missing-yes",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Use the `-y` switch to avoid manual input: `yum install -y <package>`",
        sources: &["hadolint DL3030"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_assume_yes(
        checker,
        &[PackageManager::Yum],
        &[PackageAction::Install],
        " -y",
        false,
        "Use the `-y` switch to avoid manual input: `yum install -y <package>`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn points_at_the_subcommand_and_reads_heredocs() {
        let text = "FROM centos:7\nRUN yum -q install a && yum install --assumeyes b\nRUN <<EOF\nyum groupinstall x\nEOF\n";
        assert_eq!(
            found("DL3030", text),
            vec![("install".into(), 2, 12), ("groupinstall".into(), 4, 5)]
        );
    }

    #[test]
    fn dnf_and_clusters_are_not_yum() {
        let text = "FROM centos:7\nRUN dnf install a && yum -qy install b && yum remove c\n";
        assert!(found("DL3030", text).is_empty());
    }

    #[test]
    fn fix_inserts_y_after_install() {
        let text = "FROM centos:7\nRUN yum install a\n";
        assert_eq!(
            fixed("DL3030", text),
            "FROM centos:7\nRUN yum install -y a\n"
        );
    }
}
