use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{insert_after_subcommand, package_commands_of, subcommand_span};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `dnf install` and `microdnf install` without
    /// `--setopt=install_weak_deps=False`, and `zypper install` without
    /// `--no-recommends`, in a stage whose file system ships.
    ///
    /// ## Why is this bad?
    /// dnf installs weak dependencies (`Recommends:`) and zypper installs
    /// recommended packages by default, exactly like apt without
    /// `--no-install-recommends`: optional tools, docs and language
    /// bindings that a container rarely uses.
    ///
    /// yum is not flagged: before dnf (EL7) it had no weak dependencies.
    ///
    /// ## Differences from hadolint
    /// hadolint has DL3015 for apt only; none of its dnf/zypper rules
    /// (DL3033–DL3041) is about recommended packages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install --setopt=install_weak_deps=False -y nginx && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Inserts the option after `install`. Unsafe, for the same reason as
    /// DL3015's fix: a program may rely on a package that is only
    /// recommended (a TLS trust store, a plugin).
    ///
    /// ## Size impact
    /// Our data has no rpm metadata; the figures published for apt's
    /// Recommends apply in kind: 1.18 GB → 853 MB, 302 → 248 MB and
    /// Ubuntu's "60% smaller" (research §6).
    ///
    /// ## References
    /// - <https://dnf.readthedocs.io/en/latest/conf_ref.html#install-weak-deps-label>
    /// - <https://doc.opensuse.org/documentation/leap/reference/html/book-reference/cha-sw-cl.html>
    pub static RULE = {
        code: "DO2014",
        name: "rpm-weak-dependencies",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Skip weak/recommended packages with dnf, microdnf and zypper",
        sources: &["dnf docs: install_weak_deps", "zypper docs: --no-recommends", "Ubuntu blog: --no-install-recommends"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) {
            continue;
        }
        for (script, command, package) in package_commands_of(model, index) {
            if package.action != PackageAction::Install || package.no_install_recommends() {
                continue;
            }
            let (option, manager) = match package.manager {
                PackageManager::Dnf => (" --setopt=install_weak_deps=False", "dnf"),
                PackageManager::Microdnf => (" --setopt=install_weak_deps=0", "microdnf"),
                PackageManager::Zypper => (" --no-recommends", "zypper"),
                _ => continue,
            };
            checker
                .report(
                    subcommand_span(script, command, package),
                    format!(
                        "{manager} installs recommended packages too: add `{}`",
                        option.trim()
                    ),
                )
                .fix(
                    format!("Add {}", option.trim()),
                    Applicability::Unsafe,
                    vec![insert_after_subcommand(script, package, option)],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn zypper_and_microdnf_in_heredocs() {
        let text =
            "FROM opensuse/leap:15\nRUN <<EOF\nzypper -n in curl\nmicrodnf install -y jq\nEOF\n";
        let found = findings(&RULE, text);
        let spans: Vec<&str> = found.iter().map(|f| spanned(text, f)).collect();
        assert_eq!(spans, vec!["in", "install"]);
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 11);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM opensuse/leap:15\nRUN <<EOF\nzypper -n in --no-recommends curl\nmicrodnf install --setopt=install_weak_deps=0 -y jq\nEOF\n"
        );
    }

    #[test]
    fn already_off_yum_and_builders_are_fine() {
        for text in [
            "FROM fedora:40\nRUN dnf -y --setopt=install_weak_deps=0 install nginx\n",
            "FROM centos:7\nRUN yum install -y nginx\n",
            "FROM opensuse/leap:15\nRUN zypper in --no-recommends -y curl\n",
            "FROM fedora:40 AS b\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
