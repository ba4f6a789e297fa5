use crate::declare_rule;
use crate::model::shell::{DownloadTool, Invocation};
use crate::report::Severity;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags, per stage, each use of `wget` when the stage already used
    /// `curl` (or the other way round): the first tool the stage uses sets
    /// its choice, and every use of the other one is reported.
    ///
    /// ## Why is this bad?
    /// Two tools that do the same thing means two packages to install,
    /// patch and ship, and two sets of flags to get right (`curl -f`,
    /// `wget -q`). Pick one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN wget -q https://example.com/b.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// ## References
    /// - hadolint DL4001
    /// - Trivy DS-0014
    ///
    /// ## Differences from hadolint
    /// hadolint reports every RUN that uses either tool once both were
    /// seen; we report only the uses of the tool that came second, at the
    /// program name, heredoc scripts and `sh -c "…"`/`su user -c "…"`
    /// strings included.
    pub static RULE = {
        code: "DL4001",
        name: "wget-and-curl",
        family: Family::Style,
        severity: Severity::Warning,
        summary: "Either use wget or curl, but not both",
        sources: &["hadolint DL4001", "Trivy DS-0014"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let mut first: Option<DownloadTool> = None;
        let mut found = Vec::new();
        for index in stage.body.clone() {
            for (script, command) in commands_of(model, index) {
                let Some(Invocation::Download(download)) = &command.invocation else {
                    continue;
                };
                match first {
                    None => first = Some(download.tool),
                    Some(tool) if tool != download.tool => {
                        if let Some(name) = command.name() {
                            found.push((script.file_span(name.span), download.tool));
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        for (span, tool) in found {
            let (this, other) = match tool {
                DownloadTool::Wget => ("wget", "curl"),
                DownloadTool::Curl => ("curl", "wget"),
            };
            checker.report(
                span,
                format!("Either use wget or curl, but not both: this stage already uses {other}, use it instead of {this}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn the_second_tool_is_reported_per_stage() {
        let text = "FROM debian:12\nRUN wget -q x\nRUN curl -s y && wget z\nRUN <<EOF\ncurl w\nEOF\nFROM debian:12\nRUN curl v\n";
        assert_eq!(
            found("DL4001", text),
            vec![("curl".into(), 3, 5), ("curl".into(), 5, 1)]
        );
    }
}
