use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{DownloadTool, Invocation};
use crate::report::Severity;
use crate::rules::security_helpers::{delete_flag, flag_span};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags downloads that skip TLS certificate verification: `curl -k` /
    /// `--insecure` (also inside a cluster such as `-fsSLk`), `wget
    /// --no-check-certificate` and `wget -e check_certificate=off`, in every
    /// RUN, heredoc bodies and `sh -c` strings included.
    ///
    /// The span is the flag itself. `--insecure` as the value of another
    /// option (`curl -H --insecure`) or inside a comment is not flagged.
    ///
    /// ## Why is this bad?
    /// Without certificate verification anyone on the network path — a
    /// proxy, a compromised mirror, a hostile Wi-Fi — can serve a different
    /// file, and the build will happily install or run it. The usual reason
    /// for the flag, a corporate proxy with its own CA, is better solved by
    /// adding that CA (`--cacert`, or `update-ca-certificates`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLk -o /tmp/tool.tgz https://example.com/tool.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz
    /// ```
    ///
    /// ## Fix safety
    /// Removes the flag (or its letter from a cluster). This is unsafe: a
    /// server whose certificate chain is really broken, or a proxy whose CA
    /// is not installed, makes the download fail afterwards. The
    /// `-e check_certificate=off` form has no fix.
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_2 (curl) and CKV2_DOCKER_3 (wget)
    /// - <https://curl.se/docs/manpage.html#-k>
    pub static RULE = {
        code: "DO1014",
        name: "insecure-download",
        aliases: &["CKV2_DOCKER_2", "CKV2_DOCKER_3"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Do not turn off TLS certificate checks in curl or wget",
        sources: &["Checkov CKV2_DOCKER_2", "Checkov CKV2_DOCKER_3"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen = Vec::new();
    for script in &model.scripts {
        for command in &script.script.commands {
            let Some(Invocation::Download(download)) = &command.invocation else {
                continue;
            };
            if let Some(flag) = download.insecure() {
                let span = flag_span(script, flag);
                if seen.contains(&span) {
                    continue;
                }
                seen.push(span);
                let edit = delete_flag(script, command, command.arguments(), flag);
                let diagnostic = checker.report(
                    span,
                    "TLS certificate verification is off for this download: remove the flag (install the CA if a proxy needs it)",
                );
                if let Some(edit) = edit {
                    diagnostic.fix(
                        "Remove the flag that turns off certificate checks",
                        Applicability::Unsafe,
                        vec![edit],
                    );
                }
            }
            if download.tool == DownloadTool::Wget {
                for flag in download.args.flags_named("-e") {
                    let Some(value) = flag.value.as_ref().and_then(|v| v.literal()) else {
                        continue;
                    };
                    let compact: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    let off = compact
                        .strip_prefix("check_certificate=")
                        .or_else(|| compact.strip_prefix("check-certificate="))
                        .is_some_and(crate::rules::security_helpers::is_false);
                    if off {
                        let span =
                            script.file_span(flag.value.as_ref().map_or(flag.span, |v| v.span));
                        if !seen.contains(&span) {
                            seen.push(span);
                            checker.report(
                                span,
                                "TLS certificate verification is off for this download: drop `check_certificate=off`",
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::{fixed, spans};

    #[test]
    fn flags_the_flag_itself() {
        let text = "FROM debian:12\nRUN curl --insecure -o x https://a && wget -q --no-check-certificate https://b\nRUN curl -fsSLk https://c -o y\n";
        assert_eq!(
            spans(text, "DO1014"),
            [
                ("--insecure".to_string(), 2, 10),
                ("--no-check-certificate".to_string(), 2, 47),
                ("k".to_string(), 3, 15)
            ]
        );
    }

    #[test]
    fn the_fix_removes_the_flag_or_the_letter() {
        let text = "FROM debian:12\nRUN curl --insecure -o x https://a && wget -q --no-check-certificate https://b\nRUN curl -fsSLk https://c -o y\n";
        assert_eq!(
            fixed(text, "DO1014"),
            "FROM debian:12\nRUN curl -o x https://a && wget -q https://b\nRUN curl -fsSL https://c -o y\n"
        );
        // A lone `-k` goes with the blank before it, or after it when the
        // flag starts a continuation line.
        assert_eq!(
            fixed("FROM debian:12\nRUN curl -k https://a\n", "DO1014"),
            "FROM debian:12\nRUN curl https://a\n"
        );
        assert_eq!(
            fixed(
                "FROM debian:12\nRUN curl \\\n    -k https://a -o x\n",
                "DO1014"
            ),
            "FROM debian:12\nRUN curl \\\n    https://a -o x\n"
        );
        assert_eq!(
            fixed(
                "FROM debian:12\nRUN <<EOF\ncurl -fsS -k https://a -o x\nEOF\n",
                "DO1014"
            ),
            "FROM debian:12\nRUN <<EOF\ncurl -fsS https://a -o x\nEOF\n"
        );
    }

    #[test]
    fn the_fix_works_inside_shell_strings() {
        let text = "FROM debian:12\nRUN sh -c 'curl -k https://a -o x' && bash -c \"wget --no-check-certificate https://b\"\n";
        assert_eq!(
            fixed(text, "DO1014"),
            "FROM debian:12\nRUN sh -c 'curl https://a -o x' && bash -c \"wget https://b\"\n"
        );
    }

    #[test]
    fn look_alikes_are_not_flagged() {
        let text = "FROM debian:12\n# RUN curl -k https://a\nRUN curl -H --insecure https://a -o x\nRUN echo curl -k\nRUN git clone --insecure-no-op https://a\nRUN wget -O- https://a | tee --no-check-certificate\n";
        assert!(spans(text, "DO1014").is_empty());
    }

    #[test]
    fn heredoc_bodies_and_shell_strings() {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\n  curl -k https://a -o b\nEOF\nRUN sh -c 'wget --no-check-certificate https://a'\n";
        assert_eq!(
            spans(text, "DO1014"),
            [
                ("-k".to_string(), 4, 8),
                ("--no-check-certificate".to_string(), 6, 17)
            ]
        );
    }

    #[test]
    fn checkov_ids_work_in_pragmas() {
        let text = "FROM debian:12\n# dockopt ignore=CKV2_DOCKER_2\nRUN curl -k https://a -o x\nRUN curl -k https://b -o y\n";
        assert_eq!(spans(text, "DO1014"), [("-k".to_string(), 4, 10)]);
    }

    #[test]
    fn wget_execute_check_certificate_off() {
        let text = "FROM debian:12\nRUN wget -e check_certificate=off https://a\nRUN wget -e robots=off https://a\n";
        assert_eq!(
            spans(text, "DO1014"),
            [("check_certificate=off".to_string(), 2, 13)]
        );
    }
}
