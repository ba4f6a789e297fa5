use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::dlb_helpers::{check_clean, cleans_all, CleanRule};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN of a shipped stage that runs `yum install` without
    /// `yum clean all` (or removing `/var/cache/yum`) in the same RUN.
    ///
    /// ## Why is this bad?
    /// yum keeps the repository metadata and the downloaded packages in
    /// `/var/cache/yum`. Left in the layer they ship with every image;
    /// cleaning in a later RUN frees nothing, since the layer that wrote
    /// them keeps them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Appends `&& yum clean all` to the RUN (or a line to its heredoc
    /// script). Safe: installed packages do not need yum's cache, and the
    /// next yum command downloads fresh metadata.
    ///
    /// ## Size impact
    /// The size of `/var/cache/yum` after the install: the metadata of
    /// every enabled repository plus the downloaded RPMs. It grows with the
    /// packages installed; we have no published before/after figure in our
    /// reference data, so no number is estimated.
    ///
    /// ## References
    /// - hadolint DL3032
    /// - Trivy DS-0015
    ///
    /// ## Differences from hadolint
    /// Only stages whose file system ships are checked (hadolint flags
    /// builder stages too); a cache or tmpfs mount on `/var/cache/yum` or
    /// an `rm -rf /var/cache/yum` also counts as cleaning; heredoc scripts
    /// are read.
    pub static RULE = {
        code: "DL3032",
        name: "yum-clean-missing",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "`yum clean all` missing after yum command",
        sources: &["hadolint DL3032", "Trivy DS-0015"],
        check: check,
    }
}

fn cleanup(_: PackageManager) -> &'static str {
    "yum clean all"
}

fn check(checker: &mut Checker<'_, '_>) {
    check_clean(
        checker,
        &CleanRule {
            managers: &[PackageManager::Yum],
            cleans: cleans_all,
            cache_dirs: &["/var/cache/yum"],
            cleanup,
            message: "`yum clean all` missing after yum command: add it to this RUN",
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn only_shipped_stages_and_only_clean_all() {
        let text = "FROM centos:7 AS build\nRUN yum install -y a-1\nFROM centos:7\nRUN yum install -y b-1 && yum clean metadata\nRUN yum install -y c-1 && yum clean all\n";
        assert_eq!(found("DL3032", text), vec![("install".into(), 4, 9)]);
    }

    #[test]
    fn cache_mount_or_rm_counts() {
        let text = "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y a-1\nRUN yum install -y b-1 && rm -rf /var/cache/yum\n";
        assert!(found("DL3032", text).is_empty());
    }

    #[test]
    fn heredoc_fix_appends_a_line() {
        let text = "FROM centos:7\nRUN <<EOF\nyum install -y a-1\nEOF\n";
        assert_eq!(found("DL3032", text), vec![("install".into(), 3, 5)]);
        assert_eq!(
            fixed("DL3032", text),
            "FROM centos:7\nRUN <<EOF\nyum install -y a-1\nyum clean all\nEOF\n"
        );
    }
}
