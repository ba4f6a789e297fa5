use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{is_apt, package_commands_of, subcommand_span};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags a system-wide upgrade of the base image's packages in a stage
    /// whose file system ships: `apt-get upgrade`/`dist-upgrade`/
    /// `full-upgrade`, `apk upgrade`, `dnf`/`yum`/`microdnf upgrade` or
    /// `update`, `zypper update`/`dist-upgrade`.
    ///
    /// ## Why is this bad?
    /// Each upgraded package is stored twice: the old version stays in the
    /// base image's layer, the new one lands in this RUN's layer. The result
    /// also depends on the day of the build, so two builds of the same file
    /// differ. Rebuild on a fresh base image tag instead (the official images
    /// are rebuilt for security updates), or upgrade the few packages that
    /// need it by name.
    ///
    /// Upgrading named packages (`apt-get install --only-upgrade openssl`,
    /// `apk upgrade openssl`) is not flagged.
    ///
    /// ## Differences from hadolint
    /// hadolint dropped its DL3005 (`apt-get upgrade`); Trivy's DS-0024 only
    /// knows `dist-upgrade` and hadolint's DL3035 only `zypper
    /// dist-upgrade`. This rule covers every manager, and only the stages
    /// that ship.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --only-upgrade openssl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Size impact
    /// The installed size of every package with a newer version, a second
    /// time. Debian's package metadata (../shared/data/
    /// debian-bookworm-packages.tsv, Installed-Size) bounds it by the base
    /// image's own package set: debian:bookworm-slim is 74.8 MiB on
    /// disk (../shared/data/base-images-uncompressed.tsv), all of which an
    /// upgrade after a point release can duplicate.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    /// - Trivy DS-0024, hadolint DL3035, dockerfilelint `apt-get-upgrade`
    pub static RULE = {
        code: "DO2011",
        name: "package-upgrade-in-image",
        family: Family::Size,
        severity: Severity::Info,
        summary: "Do not upgrade all base-image packages in the image",
        sources: &["Docker best practices: apt-get", "Trivy DS-0024", "dockerfilelint apt-get-upgrade"],
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
            let whole_system = match package.manager {
                m if is_apt(m) => matches!(
                    package.action,
                    PackageAction::Upgrade | PackageAction::DistUpgrade
                ),
                PackageManager::Apk
                | PackageManager::Dnf
                | PackageManager::Yum
                | PackageManager::Microdnf
                | PackageManager::Zypper => {
                    matches!(
                        package.action,
                        PackageAction::Upgrade | PackageAction::DistUpgrade
                    ) && package.packages.is_empty()
                }
                _ => false,
            };
            if !whole_system {
                continue;
            }
            let words: Vec<&str> = package
                .subcommand
                .iter()
                .map(|w| w.value.as_ref())
                .collect();
            checker.report(
                subcommand_span(script, command, package),
                format!(
                    "`{}` stores every upgraded package a second time and makes the build depend on the day: use a fresh base image or upgrade named packages",
                    words.join(" ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, spanned};

    #[test]
    fn every_manager_and_heredocs() {
        let text = "FROM alpine:3\nRUN apk upgrade --no-cache\nRUN <<EOF\ndnf -y update\nzypper dup\nEOF\n";
        let found = findings(&RULE, text);
        let spans: Vec<&str> = found.iter().map(|f| spanned(text, f)).collect();
        assert_eq!(spans, vec!["upgrade", "update", "dup"]);
        assert_eq!(found[1].span.start_position.line, 4);
        assert_eq!(found[1].span.start_position.column, 8);
    }

    #[test]
    fn named_packages_and_builder_stages_are_fine() {
        for text in [
            "FROM alpine:3\nRUN apk upgrade openssl\n",
            "FROM fedora:40\nRUN dnf -y update openssl\n",
            "FROM debian:12 AS b\nRUN apt-get update && apt-get -y dist-upgrade\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
