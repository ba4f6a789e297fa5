use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::{mounts_cache_at, package_commands_of, subcommand_span};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN that refreshes a system package index (`apt-get update`,
    /// `apt update`, `apk update`, `dnf`/`yum makecache`, `zypper refresh`)
    /// without that package manager installing, upgrading or otherwise
    /// using the index later in the same RUN (heredoc bodies included).
    ///
    /// A RUN that keeps `/var/lib/apt/lists` in a cache mount is not
    /// flagged: there the index is shared with later RUNs on purpose.
    ///
    /// ## Why is this bad?
    /// The build cache keeps the layer of `RUN apt-get update` for as long
    /// as its text is unchanged, so a later `RUN apt-get install` installs
    /// from an index that may be months old: packages without their
    /// security fixes, or downloads that fail because the mirror has moved
    /// on. Refreshing and installing in one RUN makes every install use a
    /// fresh index.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - Trivy DS-0017 (AVD-DS-0017, `no-orphan-package-update`). Trivy
    ///   also counts `yum update`/`dnf update` as a lone update; those
    ///   upgrade the installed packages, so they are not flagged here.
    /// - Checkov CKV_DOCKER_5 ("Ensure update instructions are not used alone")
    /// - dockle CIS-DI-0007 (CIS Docker Benchmark 4.7), read from a built
    ///   image's history
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DO1011",
        name: "package-update-alone",
        aliases: &["CKV_DOCKER_5", "DS-0017", "DS017", "AVD-DS-0017"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Refresh the package index in the same RUN that installs",
        sources: &["Trivy DS-0017", "Checkov CKV_DOCKER_5", "dockle CIS-DI-0007"],
        check: check,
    }
}

/// System package managers, grouped by the index they share.
fn family(manager: PackageManager) -> Option<u8> {
    match manager {
        PackageManager::AptGet | PackageManager::Apt | PackageManager::Aptitude => Some(0),
        PackageManager::Apk => Some(1),
        PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => Some(2),
        PackageManager::Zypper => Some(3),
        _ => None,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        let commands: Vec<_> = package_commands_of(model, index).collect();
        for (at, (script, command, package)) in commands.iter().enumerate() {
            if package.action != PackageAction::Update {
                continue;
            }
            let Some(this) = family(package.manager) else {
                continue;
            };
            if this == 0 && mounts_cache_at(instruction, "/var/lib/apt/lists") {
                continue;
            }
            let used_later = commands.iter().skip(at + 1).any(|(_, _, p)| {
                family(p.manager) == Some(this)
                    && !matches!(p.action, PackageAction::Update | PackageAction::Clean)
            });
            if used_later {
                continue;
            }
            let span = subcommand_span(script, command, package);
            checker.report(
                span,
                "This RUN refreshes the package index but installs nothing: refresh and install in the same RUN",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_the_update_subcommand() {
        let text = "FROM debian:12\nRUN apt-get -q update && echo done\nRUN apk update\n";
        assert_eq!(
            spans(text, "DO1011"),
            [("update".to_string(), 2, 16), ("update".to_string(), 3, 9)]
        );
    }

    #[test]
    fn an_install_in_the_same_run_is_fine() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apk update && apk add curl\nRUN zypper refresh && zypper install -y curl\nRUN apt-get update && apt-get dist-upgrade -y\n";
        assert!(spans(text, "DO1011").is_empty());
    }

    #[test]
    fn reads_heredoc_bodies() {
        let ok = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n";
        assert!(spans(ok, "DO1011").is_empty());
        let bad = "FROM debian:12\nRUN <<EOF\nset -e\n  apt-get update\nEOF\n";
        assert_eq!(spans(bad, "DO1011"), [("update".to_string(), 4, 11)]);
    }

    #[test]
    fn the_install_must_use_the_same_index() {
        // apk's index does not serve apt-get; an update after the install
        // is alone again.
        let text = "FROM debian:12\nRUN apk add curl && apt-get update\nRUN apt-get install -y x && apt-get update\n";
        assert_eq!(
            spans(text, "DO1011"),
            [("update".to_string(), 2, 29), ("update".to_string(), 3, 37)]
        );
    }

    #[test]
    fn an_apt_lists_cache_mount_is_deliberate() {
        let text =
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n";
        assert!(spans(text, "DO1011").is_empty());
    }

    #[test]
    fn words_that_only_look_like_updates() {
        let text = "FROM debian:12\nRUN echo apt-get update\n# RUN apt-get update\nRUN pip install -U pip\n";
        assert!(spans(text, "DO1011").is_empty());
    }
}
