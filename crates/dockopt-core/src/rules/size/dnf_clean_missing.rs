use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::dlb_helpers::{check_clean, cleans_all, CleanRule};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN of a shipped stage that runs `dnf install` or
    /// `microdnf install` without `dnf clean all` / `microdnf clean all`
    /// (or removing `/var/cache/dnf`) in the same RUN.
    ///
    /// ## Why is this bad?
    /// dnf keeps the repository metadata and downloaded packages in
    /// `/var/cache/dnf` (microdnf in `/var/cache/yum`). Left in the layer
    /// they ship with every image; cleaning in a later RUN frees nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Appends `&& dnf clean all` (`microdnf clean all`) to the RUN, or a
    /// line to its heredoc script. Safe: installed packages do not need the
    /// cache, and the next dnf command downloads fresh metadata.
    ///
    /// ## Size impact
    /// The size of the dnf cache after the install: repository metadata
    /// (Fedora's alone is tens of megabytes) plus downloaded RPMs. We have
    /// no published before/after figure in our reference data, so no
    /// number is estimated.
    ///
    /// ## References
    /// - hadolint DL3040
    /// - Trivy DS-0019, DS-0027
    ///
    /// ## Differences from hadolint
    /// Only stages whose file system ships are checked; a cache or tmpfs
    /// mount on the cache directory or an `rm -rf` of it also counts; the
    /// fix uses `microdnf clean all` after microdnf; heredoc scripts are
    /// read.
    pub static RULE = {
        code: "DL3040",
        name: "dnf-clean-missing",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "`dnf clean all` missing after dnf command",
        sources: &["hadolint DL3040", "Trivy DS-0019", "Trivy DS-0027"],
        check: check,
    }
}

fn cleanup(manager: PackageManager) -> &'static str {
    if manager == PackageManager::Microdnf {
        "microdnf clean all"
    } else {
        "dnf clean all"
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    check_clean(
        checker,
        &CleanRule {
            managers: &[PackageManager::Dnf, PackageManager::Microdnf],
            cleans: cleans_all,
            cache_dirs: &["/var/cache/dnf", "/var/cache/yum"],
            cleanup,
            message: "`dnf clean all` missing after dnf command: add it to this RUN",
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn dnf_and_microdnf_in_shipped_stages() {
        let text = "FROM fedora:40 AS build\nRUN dnf install -y a-1\nFROM fedora:40\nRUN microdnf install -y b-1\nRUN dnf install -y c-1 && dnf clean all\n";
        assert_eq!(found("DL3040", text), vec![("install".into(), 4, 14)]);
        assert_eq!(
            fixed("DL3040", text),
            "FROM fedora:40 AS build\nRUN dnf install -y a-1\nFROM fedora:40\nRUN microdnf install -y b-1 && microdnf clean all\nRUN dnf install -y c-1 && dnf clean all\n"
        );
    }

    #[test]
    fn stage_built_on_a_builder_ships_it() {
        let text = "FROM fedora:40 AS base\nRUN dnf install -y a-1\nFROM base\nCMD [\"a\"]\n";
        assert_eq!(found("DL3040", text), vec![("install".into(), 2, 9)]);
    }
}
