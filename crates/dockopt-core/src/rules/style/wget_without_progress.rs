use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{DownloadTool, Invocation};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `wget` without `--progress=…` and without an option that
    /// quiets or redirects its output (`-q`/`--quiet`, `-nv`/`--no-verbose`,
    /// `-o`/`--output-file`, `-a`/`--append-output`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget's default progress bar prints a line per
    /// few kilobytes: a large download floods the build log with thousands
    /// of lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `--progress=dot:giga` after `wget`. Safe: it changes only
    /// how progress is printed, not what is downloaded.
    ///
    /// ## References
    /// - hadolint DL3047
    ///
    /// ## Differences from hadolint
    /// One finding per `wget` command, at its name (hadolint: one per RUN);
    /// heredoc scripts are read.
    pub static RULE = {
        code: "DL3047",
        name: "wget-without-progress",
        family: Family::Style,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Avoid use of wget without progress bar: use `wget --progress=dot:giga <url>`",
        sources: &["hadolint DL3047"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let mut found = Vec::new();
        for (script, command) in commands_of(model, index) {
            let Some(Invocation::Download(download)) = &command.invocation else {
                continue;
            };
            if download.tool != DownloadTool::Wget {
                continue;
            }
            let args = &download.args;
            let quiet = ["--progress", "-q", "-nv", "-o", "-a", "--append-output"]
                .iter()
                .any(|f| args.has_flag(f));
            if quiet {
                continue;
            }
            if let Some(name) = command.name() {
                found.push(script.file_span(name.span));
            }
        }
        for span in found {
            checker
                .report(
                    span,
                    "Avoid use of wget without progress bar: use `wget --progress=dot:giga <url>`, or `-q`/`-nv`",
                )
                .fix(
                    "Add --progress=dot:giga",
                    Applicability::Safe,
                    vec![Edit::insert(span.end, " --progress=dot:giga")],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn quiet_options_count_but_output_document_does_not() {
        let text = "FROM debian:12\nRUN wget -nv a && wget -qO- b && wget --quiet c && wget -o log d && wget -O f e\n";
        assert_eq!(found("DL3047", text), vec![("wget".into(), 2, 69)]);
    }

    #[test]
    fn heredoc_and_fix() {
        let text = "FROM debian:12\nRUN <<EOF\nwget https://x/y\nEOF\n";
        assert_eq!(found("DL3047", text), vec![("wget".into(), 3, 1)]);
        assert_eq!(
            fixed("DL3047", text),
            "FROM debian:12\nRUN <<EOF\nwget --progress=dot:giga https://x/y\nEOF\n"
        );
    }
}
