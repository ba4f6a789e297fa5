use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::{is_unpinned_name, report_unpinned};
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags each package of an `apk add` that has no version constraint
    /// (`pkg=1.2.3-r0`, `pkg~1.2`, `pkg>1.2`, `pkg<2`) and is not a local
    /// `.apk` file. The values of `-t`/`--virtual` and `-X`/`--repository`
    /// are not packages. The finding points at the package name.
    ///
    /// ## Differences from hadolint
    /// `apk add $PKGS` is not reported (the value is unknown, not
    /// unpinned); heredoc bodies are read as shell; one finding per
    /// unpinned package rather than one per RUN.
    /// `ONBUILD RUN` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// Without a constraint the build takes whatever version the Alpine
    /// mirror has that day, so builds are not reproducible and can break
    /// silently.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r0 git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r0 git~2.45
    /// ```
    ///
    /// ## References
    /// - hadolint DL3018
    pub static RULE = {
        code: "DL3018",
        name: "apk-unpinned-package",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in `apk add`",
        sources: &["hadolint DL3018"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_unpinned(
        checker,
        |_, p| p.manager == PackageManager::Apk && p.action == PackageAction::Install,
        is_unpinned_name,
        |name| format!("Pin versions in apk add: `{name}=<version>`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn flag_values_and_pinned_packages_are_skipped() {
        let text = "FROM alpine:3.20\nRUN apk add --no-cache -t .build-deps --repository http://x/edge curl=8.9 ./x.apk musl-dev gcc~13\n";
        assert_eq!(spans(text, "DL3018"), vec!["musl-dev"]);
        let f = &findings(text, "DL3018")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (2, 83)
        );
    }

    #[test]
    fn variables_and_heredocs() {
        let text = "FROM alpine:3.20\nRUN apk add $DEPS\nRUN <<EOF\napk add bash\nEOF\n";
        assert_eq!(spans(text, "DL3018"), vec!["bash"]);
    }
}
