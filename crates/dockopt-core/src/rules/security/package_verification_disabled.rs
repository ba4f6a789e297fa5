use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{Command, PackageManager, Word};
use crate::model::RunScript;
use crate::report::Severity;
use crate::rules::security_helpers::{delete_flag, delete_word, flag_span, is_false};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags options that make apk, dnf, yum, microdnf, tdnf, zypper or rpm
    /// install packages without checking their signatures, or fetch
    /// repositories without TLS verification:
    /// - apk `--allow-untrusted`;
    /// - dnf/yum/microdnf/tdnf `--nogpgcheck`, and `--setopt` with
    ///   `gpgcheck`, `repo_gpgcheck`, `localpkg_gpgcheck` or `sslverify` set
    ///   to `0`/`false`/`no` (also `yum-config-manager --setopt=…` and
    ///   `dnf config-manager --setopt=…`), and the same settings written
    ///   into a repository file by `echo`, `printf` or `sed` (`echo
    ///   gpgcheck=0 >> /etc/yum.repos.d/x.repo`);
    /// - zypper `--no-gpg-checks` and `addrepo --no-gpgcheck`;
    /// - rpm `--nosignature`, `--nodigest`, `--nofiledigest`, `--noverify`.
    ///
    /// apt has its own rule (DO1015). The span is the option. apk working
    /// on packages built in the same build is not flagged: `apk index` and
    /// `apk verify`, and `apk add --allow-untrusted` whose packages are all
    /// local `.apk` files or whose `-X` repositories are all local
    /// directories (the official nginx images do this).
    ///
    /// ## Why is this bad?
    /// The package signature is what proves a package comes from the
    /// distribution or vendor. Without the check a mirror, a cache or anyone
    /// on the network path can substitute packages, and their install
    /// scripts run as root during the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y --nogpgcheck nginx && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Removes a bare flag (`--nogpgcheck`, `--allow-untrusted`,
    /// `--no-gpg-checks`, rpm's `--nosignature` …). This is unsafe: a
    /// package that really is unsigned, or signed with a key not yet
    /// imported (`rpm --import`, apk's `/etc/apk/keys`), then fails to
    /// install. `--setopt` settings have no fix.
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_7 (apk `--allow-untrusted`), CKV2_DOCKER_9
    ///   (`--nogpgcheck`), CKV2_DOCKER_10 (rpm `--nosignature`, `--nodigest`,
    ///   `--noverify`, `--nofiledigest`), CKV2_DOCKER_15 (yum/dnf
    ///   `sslverify`)
    pub static RULE = {
        code: "DO1016",
        name: "package-verification-disabled",
        aliases: &["CKV2_DOCKER_7", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_15"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Do not turn off package signature checks (apk, dnf, yum, zypper, rpm)",
        sources: &[
            "Checkov CKV2_DOCKER_7",
            "Checkov CKV2_DOCKER_9",
            "Checkov CKV2_DOCKER_10",
            "Checkov CKV2_DOCKER_15",
        ],
        check: check,
    }
}

const RPM_FLAGS: [&str; 4] = [
    "--nosignature",
    "--nodigest",
    "--nofiledigest",
    "--noverify",
];

/// A `--setopt` value that turns a check off: `gpgcheck=0`,
/// `*.sslverify=false`, `repo.repo_gpgcheck=no`.
fn insecure_setopt(value: &str) -> bool {
    let Some((key, setting)) = value.split_once('=') else {
        return false;
    };
    let key = key.trim().trim_matches(['"', '\'']);
    let name = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "gpgcheck" | "repo_gpgcheck" | "localpkg_gpgcheck" | "sslverify"
    ) && is_false(setting.trim_matches(['"', '\'']))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen = Vec::new();
    for script in &model.scripts {
        for command in &script.script.commands {
            if let Some(package) = command.package() {
                if package.manager == PackageManager::Apk && apk_local_only(package) {
                    continue;
                }
                let bare: &[&str] = match package.manager {
                    PackageManager::Apk => &["--allow-untrusted"],
                    PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => {
                        &["--nogpgcheck"]
                    }
                    PackageManager::Zypper => &["--no-gpg-checks", "--no-gpgcheck"],
                    _ => continue,
                };
                for flag in &package.args.flags {
                    let span = flag_span(script, flag);
                    if seen.contains(&span) {
                        continue;
                    }
                    if bare.contains(&flag.name.as_ref()) && flag.value.is_none() {
                        seen.push(span);
                        let edit = delete_flag(script, command, command.arguments(), flag);
                        report(checker, span, &flag.name, edit);
                    } else if flag.name == "--setopt" {
                        let Some(value) = &flag.value else { continue };
                        if value.literal().is_some_and(insecure_setopt) {
                            let span = script.file_span(value.span);
                            if !seen.contains(&span) {
                                seen.push(span);
                                report(checker, span, "--setopt", None);
                            }
                        }
                    }
                }
                continue;
            }
            match command.program() {
                Some("echo") | Some("printf") | Some("sed") => {
                    repo_config_text(checker, script, command, &mut seen)
                }
                Some("rpm") => scan_words(checker, script, command, &RPM_FLAGS, false, &mut seen),
                Some("tdnf") => {
                    scan_words(checker, script, command, &["--nogpgcheck"], true, &mut seen)
                }
                Some("yum-config-manager") | Some("dnf-config-manager") => {
                    scan_words(checker, script, command, &[], true, &mut seen)
                }
                _ => {}
            }
        }
    }
}

/// apk working on packages built in this build: `apk index`/`verify`, or
/// an install whose packages are all local `.apk` files or whose `-X`
/// repositories are all local directories.
fn apk_local_only(package: &crate::model::shell::PackageCommand<'_>) -> bool {
    if package.subcommand_is("index") || package.subcommand_is("verify") {
        return true;
    }
    let local = |v: &str| {
        v.starts_with('/') || v.starts_with("./") || v.starts_with("${") || v.starts_with('$')
    };
    let repositories: Vec<_> = package
        .args
        .flags_named("-X")
        .filter_map(|f| f.value.as_ref())
        .collect();
    if !repositories.is_empty()
        && repositories
            .iter()
            .all(|r| local(&r.value) && !r.value.contains("://"))
    {
        return true;
    }
    !package.packages.is_empty()
        && package
            .packages
            .iter()
            .all(|p| p.word.value.ends_with(".apk") && !p.word.value.contains("://"))
}

/// `echo gpgcheck=0 >> /etc/yum.repos.d/x.repo`,
/// `sed -i 's/sslverify=1/sslverify=0/' /etc/dnf/dnf.conf`: a repository
/// configuration written with its checks off.
fn repo_config_text(
    checker: &mut Checker<'_, '_>,
    script: &RunScript<'_>,
    command: &Command<'_>,
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    let is_repo_file = |path: &str| {
        path.contains("/etc/yum")
            || path.contains("/etc/dnf")
            || path.contains("/etc/zypp")
            || path.ends_with(".repo")
    };
    let targets_repo = command
        .redirects
        .iter()
        .filter_map(|r| r.target.as_ref())
        .chain(command.arguments())
        .any(|w| is_repo_file(&w.value));
    if !targets_repo {
        return;
    }
    for word in command.arguments() {
        let lower = word.value.to_ascii_lowercase();
        for key in ["repo_gpgcheck=", "gpgcheck=", "sslverify="] {
            let mut from = 0;
            while let Some(found) = lower.get(from..).and_then(|rest| rest.find(key)) {
                let at = from + found;
                from = at + key.len();
                // `repo_gpgcheck=` also contains `gpgcheck=`.
                if key == "gpgcheck=" && lower[..at].ends_with("repo_") {
                    continue;
                }
                let value: String = lower[from..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if !is_false(&value) {
                    continue;
                }
                let span = script.file_span(word.value_span(at, from + value.len()));
                if !seen.contains(&span) {
                    seen.push(span);
                    report(checker, span, &word.value[at..from + value.len()], None);
                }
            }
        }
    }
}

/// Programs we do not parse: look at their words.
fn scan_words(
    checker: &mut Checker<'_, '_>,
    script: &RunScript<'_>,
    command: &Command<'_>,
    flags: &[&str],
    setopt: bool,
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    let words: &[Word<'_>] = command.arguments();
    for (i, word) in words.iter().enumerate() {
        let Some(value) = word.literal() else {
            continue;
        };
        let span = script.file_span(word.span);
        if seen.contains(&span) {
            continue;
        }
        if flags.contains(&value) {
            seen.push(span);
            report(checker, span, value, delete_word(script, command, word));
            continue;
        }
        if !setopt {
            continue;
        }
        let (setting, at) = match value.strip_prefix("--setopt=") {
            Some(rest) => (Some(rest), word.span),
            None if value == "--setopt" => match words.get(i + 1) {
                Some(next) => (next.literal(), next.span),
                None => (None, word.span),
            },
            None => (None, word.span),
        };
        if setting.is_some_and(insecure_setopt) {
            let span = script.file_span(at);
            if !seen.contains(&span) {
                seen.push(span);
                report(checker, span, "--setopt", None);
            }
        }
    }
}

fn report(
    checker: &mut Checker<'_, '_>,
    span: dockopt_syntax::Span,
    what: &str,
    edit: Option<crate::fix::Edit>,
) {
    let diagnostic = checker.report(
        span,
        format!("`{what}` turns off package signature or repository TLS checks"),
    );
    if let Some(edit) = edit {
        diagnostic.fix(format!("Remove {what}"), Applicability::Unsafe, vec![edit]);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::{fixed, spans};

    #[test]
    fn flags_each_tool() {
        let text = "FROM fedora:40\nRUN apk add --allow-untrusted curl\nRUN yum install -y --nogpgcheck x\nRUN zypper --no-gpg-checks install -y x\nRUN rpm -ivh --nosignature x.rpm\nRUN tdnf install --nogpgcheck -y x\n";
        assert_eq!(
            spans(text, "DO1016"),
            [
                ("--allow-untrusted".to_string(), 2, 13),
                ("--nogpgcheck".to_string(), 3, 20),
                ("--no-gpg-checks".to_string(), 4, 12),
                ("--nosignature".to_string(), 5, 14),
                ("--nogpgcheck".to_string(), 6, 18)
            ]
        );
    }

    #[test]
    fn setopt_values() {
        let text = "FROM fedora:40\nRUN dnf install -y --setopt=*.sslverify=false x\nRUN yum-config-manager --save --setopt=epel.sslverify=0\nRUN dnf install -y --setopt=install_weak_deps=False x\n";
        assert_eq!(
            spans(text, "DO1016"),
            [
                ("*.sslverify=false".to_string(), 2, 29),
                ("--setopt=epel.sslverify=0".to_string(), 3, 31)
            ]
        );
    }

    #[test]
    fn repository_files_written_with_checks_off() {
        let text = "FROM centos:7\nRUN echo -e '[r]\\nbaseurl=http://r/\\ngpgcheck=0' > /etc/yum.repos.d/r.repo\nRUN sed -i 's/sslverify=1/sslverify=0/' /etc/dnf/dnf.conf\nRUN echo gpgcheck=0 > /tmp/notes\nRUN echo repo_gpgcheck=1 gpgcheck=1 >> /etc/yum.conf\n";
        assert_eq!(
            spans(text, "DO1016"),
            [
                ("'[r]\\nbaseurl=http://r/\\ngpgcheck=0'".to_string(), 2, 13),
                ("'s/sslverify=1/sslverify=0/'".to_string(), 3, 12)
            ]
        );
        let bare = "FROM centos:7\nRUN echo gpgcheck=0 >> /etc/yum.conf\n";
        assert_eq!(spans(bare, "DO1016"), [("gpgcheck=0".to_string(), 2, 10)]);
    }

    #[test]
    fn the_fix_removes_bare_flags() {
        let text = "FROM fedora:40\nRUN yum install -y --nogpgcheck x && rpm -i --nodigest y.rpm\n";
        assert_eq!(
            fixed(text, "DO1016"),
            "FROM fedora:40\nRUN yum install -y x && rpm -i y.rpm\n"
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache --allow-untrusted curl\nEOF\n";
        assert_eq!(
            spans(text, "DO1016"),
            [("--allow-untrusted".to_string(), 3, 20)]
        );
    }

    #[test]
    fn apk_packages_built_in_the_build_are_not_flagged() {
        let text = "FROM alpine:3.20\nRUN apk index --allow-untrusted -o /p/APKINDEX.tar.gz /p/*.apk\nRUN apk add --no-cache --allow-untrusted /tmp/packages/nginx-${V}*.apk\nRUN apk add -X /tmp/repo --allow-untrusted nginx\nRUN apk add -X https://r.example/alpine --allow-untrusted nginx\n";
        assert_eq!(
            spans(text, "DO1016"),
            [("--allow-untrusted".to_string(), 5, 41)]
        );
    }

    #[test]
    fn look_alikes_are_not_flagged() {
        let text = "FROM fedora:40\n# RUN dnf install --nogpgcheck x\nRUN echo dnf --nogpgcheck\nRUN rpm --import https://x/key && rpm -K x.rpm\nRUN dnf install -y --setopt=gpgcheck=1 x\n";
        assert!(spans(text, "DO1016").is_empty());
    }
}
