use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{ByteRange, Invocation};
use crate::report::Severity;
use crate::rules::helpers::is_apt;
use crate::rules::security_helpers::{delete_flag, flag_span};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags apt options that install packages whose signatures were not
    /// checked, or from repositories that are not signed:
    /// `--allow-unauthenticated`, `--allow-insecure-repositories`,
    /// `--force-yes`, the `-o` settings `APT::Get::AllowUnauthenticated`,
    /// `Acquire::AllowInsecureRepositories`,
    /// `Acquire::AllowDowngradeToInsecureRepositories`,
    /// `Acquire::https::Verify-Peer=false` and `Verify-Host=false`, and a
    /// `[trusted=yes]` repository line written by `echo` or `printf` —
    /// unless the repository is a local `file:` or `copy:` one, which holds
    /// packages built in the same build (as the official postgres and nginx
    /// images do).
    ///
    /// ## Why is this bad?
    /// apt checks every package against the repository's signed index; these
    /// options switch that off, so a mirror or anyone on the network path can
    /// substitute packages, which then run as root during the build.
    /// `--force-yes` is deprecated and also lets apt downgrade and remove
    /// essential packages without asking.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --allow-unauthenticated curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Removes `--allow-unauthenticated`, `--allow-insecure-repositories` or
    /// `--force-yes`. This is unsafe: an install from an unsigned repository
    /// then fails until its key is added (`signed-by=` in the source line),
    /// and without `--force-yes` apt refuses the downgrades it allowed. The
    /// `-o` settings and `[trusted=yes]` have no fix.
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_8 (`--allow-unauthenticated`) and
    ///   CKV2_DOCKER_11 (`--force-yes`)
    /// - apt-get(8), apt.conf(5), sources.list(5)
    pub static RULE = {
        code: "DO1015",
        name: "apt-unauthenticated",
        aliases: &["CKV2_DOCKER_8", "CKV2_DOCKER_11"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Do not let apt install unauthenticated packages",
        sources: &["Checkov CKV2_DOCKER_8", "Checkov CKV2_DOCKER_11"],
        check: check,
    }
}

const FLAGS: [&str; 3] = [
    "--allow-unauthenticated",
    "--allow-insecure-repositories",
    "--force-yes",
];

/// Whether an `-o` value turns verification off.
fn insecure_option(value: &str) -> bool {
    let Some((key, setting)) = value.split_once('=') else {
        return false;
    };
    let key = key.trim().to_ascii_lowercase();
    let setting = setting
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase();
    let on = matches!(setting.as_str(), "true" | "1" | "yes");
    let off = matches!(setting.as_str(), "false" | "0" | "no");
    match key.as_str() {
        "apt::get::allowunauthenticated"
        | "acquire::allowinsecurerepositories"
        | "acquire::allowdowngradetoinsecurerepositories"
        | "apt::get::force-yes" => on,
        k if k.starts_with("acquire::https::")
            && (k.ends_with("::verify-peer") || k.ends_with("::verify-host")) =>
        {
            off
        }
        _ => false,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen = Vec::new();
    for script in &model.scripts {
        for command in &script.script.commands {
            if let Some(Invocation::Echo(_)) = &command.invocation {
                trusted_yes(checker, script, command, &mut seen);
                continue;
            }
            if command.program() == Some("printf") {
                trusted_yes(checker, script, command, &mut seen);
                continue;
            }
            let Some(package) = command.package() else {
                continue;
            };
            if !is_apt(package.manager) {
                continue;
            }
            for flag in &package.args.flags {
                let span = flag_span(script, flag);
                if FLAGS.contains(&flag.name.as_ref()) {
                    if seen.contains(&span) {
                        continue;
                    }
                    seen.push(span);
                    let edit = delete_flag(script, command, command.arguments(), flag);
                    let diagnostic = checker.report(
                        span,
                        format!(
                            "`{}` lets apt install packages whose signatures were not checked",
                            flag.name
                        ),
                    );
                    if let Some(edit) = edit {
                        diagnostic.fix(
                            format!("Remove {}", flag.name),
                            Applicability::Unsafe,
                            vec![edit],
                        );
                    }
                } else if flag.name == "-o" {
                    let Some(value) = flag.value.as_ref() else {
                        continue;
                    };
                    if value.literal().is_some_and(insecure_option) {
                        let span = script.file_span(value.span);
                        if !seen.contains(&span) {
                            seen.push(span);
                            checker.report(
                                span,
                                "This apt option turns off package or repository verification",
                            );
                        }
                    }
                }
            }
        }
    }
}

/// `echo "deb [trusted=yes] http://…" > /etc/apt/sources.list.d/x.list`.
fn trusted_yes(
    checker: &mut Checker<'_, '_>,
    script: &crate::model::RunScript<'_>,
    command: &crate::model::shell::Command<'_>,
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    let words = command.arguments();
    let deb_line = words
        .iter()
        .any(|w| w.value == "deb" || w.value.starts_with("deb ") || w.value.contains("\ndeb "));
    if !deb_line {
        return;
    }
    for word in words {
        let value = word.value.as_ref();
        let Some(at) = value.find("trusted=yes") else {
            continue;
        };
        // Only inside the `[options]` of a `deb` line.
        let before = &value[..at];
        let in_options = before
            .rfind('[')
            .is_some_and(|open| !before[open..].contains(']'));
        // A repository on the local file system was built in this build.
        let after = &value[at..];
        let local = after
            .split_once(']')
            .map(|(_, rest)| rest.trim_start())
            .is_some_and(|uri| uri.starts_with("file:") || uri.starts_with("copy:"));
        if !in_options || local {
            continue;
        }
        let range: ByteRange = word.value_span(at, at + "trusted=yes".len());
        let span = script.file_span(range);
        if !seen.contains(&span) {
            seen.push(span);
            checker.report(
                span,
                "`[trusted=yes]` makes apt install from this repository without checking signatures: use `signed-by=` with its key",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::{fixed, spans};

    #[test]
    fn flags_each_option_with_its_span() {
        let text = "FROM debian:12\nRUN apt-get install -y --force-yes curl\nRUN apt-get update --allow-insecure-repositories && apt-get install -y -o APT::Get::AllowUnauthenticated=true x\n";
        assert_eq!(
            spans(text, "DO1015"),
            [
                ("--force-yes".to_string(), 2, 24),
                ("--allow-insecure-repositories".to_string(), 3, 20),
                ("APT::Get::AllowUnauthenticated=true".to_string(), 3, 75)
            ]
        );
    }

    #[test]
    fn the_fix_drops_the_flag() {
        let text = "FROM debian:12\nRUN apt-get install -y --force-yes curl\n";
        assert_eq!(
            fixed(text, "DO1015"),
            "FROM debian:12\nRUN apt-get install -y curl\n"
        );
    }

    #[test]
    fn trusted_yes_in_a_source_line() {
        let text = "FROM debian:12\nRUN echo deb [trusted=yes] http://repo/ ./ > /etc/apt/sources.list.d/r.list\nRUN echo 'trusted=yes' > /tmp/notes\nRUN echo \"deb [ trusted=yes ] file://$tempDir ./\" > /etc/apt/sources.list.d/temp.list\n";
        assert_eq!(spans(text, "DO1015"), [("trusted=yes".to_string(), 2, 15)]);
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM debian:12\nRUN <<EOF\napt-get install -y --allow-unauthenticated x\nEOF\n";
        assert_eq!(
            spans(text, "DO1015"),
            [("--allow-unauthenticated".to_string(), 3, 20)]
        );
    }

    #[test]
    fn look_alikes_are_not_flagged() {
        let text = "FROM debian:12\n# RUN apt-get install --force-yes x\nRUN echo apt-get --force-yes\nRUN apt-get install -y -o Dpkg::Options::=--force-confold x\nRUN apk add --force-yes-please x\n";
        assert!(spans(text, "DO1015").is_empty());
    }
}
