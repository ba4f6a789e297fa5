use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::dlb_helpers::check_pins;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags packages of `yum install` given without a version
    /// (`name-version[-release]`), and modules of `yum module install`
    /// without a stream (`name:stream`).
    ///
    /// ## Why is this bad?
    /// Without a version, every build installs whatever the repository
    /// holds that day: two builds of the same Dockerfile differ, and an
    /// upstream update can break the image without any change on your side.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## References
    /// - hadolint DL3033
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any package containing `-` (so `python3-pip` counts
    /// as pinned) and flags `$PKGS`. We read `name-version` as rpm does (a
    /// `-` followed by a digit), skip `$VAR` packages, local `.rpm` files
    /// and URLs, and point at each unpinned package rather than the RUN.
    pub static RULE = {
        code: "DL3033",
        name: "yum-version-unpinned",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Specify version with `yum install -y <package>-<version>`",
        sources: &["hadolint DL3033"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_pins(
        checker,
        &[PackageManager::Yum],
        "Specify version with `yum install -y <package>-<version>`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn each_unpinned_package_is_pointed_at() {
        let text = "FROM centos:7\nRUN yum install -y a-1.2 python3-pip $PKGS ./x.rpm && yum module install -y nodejs:18 ruby\n";
        assert_eq!(
            found("DL3033", text),
            vec![("python3-pip".into(), 2, 26), ("ruby".into(), 2, 87)]
        );
    }

    #[test]
    fn heredoc_packages_point_into_the_body() {
        let text = "FROM centos:7\nRUN <<EOF\nyum install -y \\\n  httpd\nEOF\n";
        assert_eq!(found("DL3033", text), vec![("httpd".into(), 4, 3)]);
    }
}
