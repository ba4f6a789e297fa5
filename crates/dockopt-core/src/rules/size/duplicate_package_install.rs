use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::is_apt;
use crate::rules::helpers::ships;
use crate::rules::size_helpers::line_of;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags a system or Python package installed a second time in the
    /// shipped image by the same package manager (apt, apk, dnf/yum,
    /// zypper, pip, gem), when it was not removed in between.
    ///
    /// ## Why is this bad?
    /// The second install is at best a no-op that costs build time and
    /// hides which step the image really needs the package for. At worst it
    /// upgrades: then the old version stays in the earlier layer and the new
    /// one is stored again in the later one. Install each package once, in
    /// the step that needs it first.
    ///
    /// Only stages whose file system ships are looked at (a builder stage
    /// installing `gcc` again is its own business), and only literal
    /// package names (`$PKGS` is unknown, never a duplicate).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl jq && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
    /// RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Size impact
    /// Nothing when the version is the same; when the later install
    /// upgrades, the package's size once more: its Installed-Size in
    /// ../shared/data/debian-bookworm-packages.tsv (curl 489 KiB, its
    /// libcurl4 840 KiB), or its unpacked wheel in pypi-wheel-sizes.tsv
    /// (requests 234 KB).
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DO2012",
        name: "duplicate-package-install",
        family: Family::Size,
        severity: Severity::Info,
        summary: "A package is installed twice in the shipped image",
        sources: &["Docker best practices: apt-get", "data: debian-bookworm-packages.tsv"],
        check: check,
    }
}

/// Managers whose installs go to one system-wide place.
fn family(manager: PackageManager, program: Option<&str>) -> Option<String> {
    // Each interpreter has its own site-packages: `python3.12 -m pip` and
    // `python3.13 -m pip` install different copies.
    if manager == PackageManager::Pip {
        return Some(format!("pip:{}", program.unwrap_or("pip")));
    }
    Some(String::from(match manager {
        m if is_apt(m) => "apt",
        PackageManager::Apk => "apk",
        PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => "rpm",
        PackageManager::Zypper => "zypper",
        PackageManager::Gem => "gem",
        _ => return None,
    }))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    // (family, name, line of the first install)
    let mut installed: Vec<(String, String, u32)> = Vec::new();
    for script in &model.scripts {
        if !ships(model, script.instruction_index) {
            continue;
        }
        for (command, package) in script.script.package_commands() {
            let Some(fam) = family(package.manager, command.program()) else {
                continue;
            };
            if package.action == PackageAction::Remove {
                installed.retain(|(f, n, _)| {
                    !(*f == fam && package.packages.iter().any(|p| p.name == n.as_str()))
                });
                continue;
            }
            // Adding a package that a `--virtual` group holds makes it stay
            // when the group is deleted: that is not a duplicate.
            let virtual_group =
                package.manager == PackageManager::Apk && package.args.has_flag("-t");
            if package.action != PackageAction::Install || command.conditional {
                continue;
            }
            for p in &package.packages {
                if p.kind != PackageKind::Name || p.name.is_empty() {
                    continue;
                }
                let name = p.name.to_ascii_lowercase();
                let span = script.file_span(p.name_span);
                match installed.iter().find(|(f, n, _)| *f == fam && *n == name) {
                    Some((_, _, line)) => {
                        let line = *line;
                        checker.report(
                            span,
                            format!("`{name}` is already installed by the RUN on line {line}"),
                        );
                    }
                    None if virtual_group => {}
                    None => installed.push((fam.clone(), name, line_of(model, span.start))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, spanned};

    #[test]
    fn second_install_across_stages_and_heredocs() {
        let text = "FROM python:3.12-slim AS base\nRUN pip install --no-cache-dir requests==2.32.3\nFROM base\nRUN <<EOF\npip install --no-cache-dir -U Requests\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "Requests");
        assert_eq!(found[0].span.start_position.line, 5);
        assert_eq!(found[0].span.start_position.column, 31);
        assert!(found[0].message.contains("line 2"));
    }

    #[test]
    fn removed_between_other_managers_variables_or_builders_are_fine() {
        for text in [
            "FROM alpine:3\nRUN apk add curl\nRUN apk del curl\nRUN apk add curl\n",
            "FROM alpine:3\nRUN apk add curl\nRUN pip install curl\n",
            "FROM alpine:3\nRUN python3.12 -m pip install setuptools\nRUN python3.13 -m pip install setuptools\n",
            "FROM alpine:3\nRUN apk add --virtual .build-deps python3 gcc\nRUN apk add python3 && apk del .build-deps\n",
            "FROM alpine:3\nARG PKGS=curl\nRUN apk add $PKGS\nRUN apk add $PKGS\n",
            "FROM alpine:3 AS b\nRUN apk add gcc\nFROM alpine:3\nRUN apk add gcc\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
