use crate::declare_rule;
use crate::model::shell::{FileTool, Invocation};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `ln` commands that replace `/bin/sh` (`ln -sf /bin/bash
    /// /bin/sh`).
    ///
    /// ## Why is this bad?
    /// Relinking `/bin/sh` changes the shell of every script in the image,
    /// the system's own included, to change how your RUNs are run. The
    /// `SHELL` instruction does that for the Dockerfile alone.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## References
    /// - hadolint DL4005
    pub static RULE = {
        code: "DL4005",
        name: "shell-via-symlink",
        family: Family::Style,
        severity: Severity::Warning,
        summary: "Use SHELL to change the default shell",
        sources: &["hadolint DL4005"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let mut found = Vec::new();
        for (script, command) in commands_of(model, index) {
            let Some(Invocation::File(op)) = &command.invocation else {
                continue;
            };
            if op.tool != FileTool::Link {
                continue;
            }
            if let Some(target) = op.args.operands.iter().find(|w| w.is("/bin/sh")) {
                found.push(script.file_span(target.span));
            }
        }
        for span in found {
            checker.report(span, "Use SHELL to change the default shell");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn points_at_bin_sh() {
        let text = "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh && ln -s /usr/bin/python3 /usr/bin/python\nRUN <<EOF\nln -sf /bin/dash /bin/sh\nEOF\n";
        assert_eq!(
            found("DL4005", text),
            vec![("/bin/sh".into(), 2, 22), ("/bin/sh".into(), 4, 18)]
        );
    }
}
