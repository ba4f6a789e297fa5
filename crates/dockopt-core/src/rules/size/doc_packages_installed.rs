use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{ByteRange, PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{is_apt, package_commands_of};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

const MAN_PAGES: &[&str] = &[
    "man-db",
    "manpages",
    "manpages-dev",
    "manpages-posix",
    "manpages-posix-dev",
    "man-pages",
    "mandoc",
];

declare_rule! {
    /// ## What it does
    /// Flags documentation packages — `*-doc`, `*-docs`, `man-db`,
    /// `manpages`, `man-pages` — installed with apt, apk, dnf/yum or zypper
    /// in a stage whose file system ships.
    ///
    /// ## Why is this bad?
    /// Manuals and HTML documentation are never read inside a container,
    /// and some are huge. Debian's slim images even exclude
    /// `/usr/share/doc` and man pages through dpkg's path excludes, so the
    /// package may install little more than its dependencies there.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-doc && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the package from the command. Unsafe: a development or
    /// teaching image may want the documentation. No fix when it is the
    /// command's only package.
    ///
    /// ## Size impact
    /// The package's own Installed-Size, from
    /// ../shared/data/debian-bookworm-packages.tsv: python3.11-doc 68.9 MiB
    /// (pulled in by python3-doc), openjdk-17-doc 269 MiB,
    /// postgresql-doc-15 16.2 MiB, git-doc 12.7 MiB, man-db 2.9 MiB,
    /// manpages-dev 3.6 MiB.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DO2013",
        name: "doc-packages-installed",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Do not install documentation packages in the image",
        sources: &["data: debian-bookworm-packages.tsv"],
        check: check,
    }
}

fn is_documentation(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with("-doc") || name.ends_with("-docs") || MAN_PAGES.contains(&name.as_str())
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) {
            continue;
        }
        for (script, command, package) in package_commands_of(model, index) {
            let system = is_apt(package.manager)
                || matches!(
                    package.manager,
                    PackageManager::Apk
                        | PackageManager::Dnf
                        | PackageManager::Yum
                        | PackageManager::Microdnf
                        | PackageManager::Zypper
                );
            if !system || package.action != PackageAction::Install {
                continue;
            }
            let only_one = package.packages.len() == 1;
            for p in &package.packages {
                if p.kind != PackageKind::Name || !is_documentation(&p.name) {
                    continue;
                }
                let diagnostic = checker.report(
                    script.file_span(p.name_span),
                    format!(
                        "`{}` is documentation: nobody reads it in a container",
                        p.name
                    ),
                );
                // Delete the word with the blank before it.
                let previous_end = command
                    .words
                    .iter()
                    .filter(|w| w.span.end <= p.word.span.start)
                    .map(|w| w.span.end)
                    .max();
                if only_one {
                    continue;
                }
                if let Some(start) = previous_end {
                    let span = script.file_span(ByteRange::new(start, p.word.span.end));
                    diagnostic.fix(
                        format!("Do not install {}", p.name),
                        Applicability::Unsafe,
                        vec![Edit::delete(span.start, span.end)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn apk_doc_subpackages_across_continuations() {
        let text =
            "FROM alpine:3\nRUN apk add --no-cache \\\n    git \\\n    git-doc \\\n    man-pages\n";
        let found = findings(&RULE, text);
        let spans: Vec<&str> = found.iter().map(|f| spanned(text, f)).collect();
        assert_eq!(spans, vec!["git-doc", "man-pages"]);
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 5);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM alpine:3\nRUN apk add --no-cache \\\n    git\n"
        );
    }

    #[test]
    fn heredoc_body_with_apt() {
        let text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git git-doc\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "git-doc");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 48);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git\nEOF\n"
        );
    }

    #[test]
    fn only_package_gets_no_fix_and_builders_are_fine() {
        let found = findings(&RULE, "FROM fedora:40\nRUN dnf install -y python3-docs\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        assert!(findings(&RULE, "FROM debian:12 AS b\nRUN apt-get install -y git-doc\nFROM scratch\nCOPY --from=b /a /a\n").is_empty());
        assert!(findings(
            &RULE,
            "FROM debian:12\nRUN apt-get install -y docker docbook-xml\n"
        )
        .is_empty());
    }
}
