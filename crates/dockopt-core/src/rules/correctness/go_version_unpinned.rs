use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::package_commands_of;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags packages of `go install` and `go get` without a version
    /// (`module/path@v1.2.3`), or pinned only to `@latest`.
    ///
    /// ## Why is this bad?
    /// Without a version, Go resolves the newest release on every build:
    /// builds are not reproducible, and an upstream release can break the
    /// image without any change on your side.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## References
    /// - hadolint DL3062
    ///
    /// ## Differences from hadolint
    /// We skip `$VAR` packages (hadolint flags them) and point at each
    /// unpinned package. Local paths (`.`, `./cmd/x`) are never flagged.
    pub static RULE = {
        code: "DL3062",
        name: "go-version-unpinned",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in go: use `go install <package>@<version>`",
        sources: &["hadolint DL3062"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let mut found = Vec::new();
        for (script, _, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Go
                || package.action != PackageAction::Install
                || !(package.subcommand_is("install") || package.subcommand_is("get"))
            {
                continue;
            }
            for p in &package.packages {
                let unpinned = match &p.version {
                    None => true,
                    Some(pin) => pin.version == "latest",
                };
                if p.kind == PackageKind::Name && unpinned {
                    found.push(script.file_span(p.word.span));
                }
            }
        }
        for span in found {
            checker.report(
                span,
                "Pin versions in go: instead of `go install <package>` use `go install <package>@<version>`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn unpinned_latest_and_get() {
        let text = "FROM golang:1.23\nRUN go install a/b@latest ./cmd/x . $PKG e/f@v1 && go get -u c/d && go build g/h\n";
        assert_eq!(
            found("DL3062", text),
            vec![("a/b@latest".into(), 2, 16), ("c/d".into(), 2, 62)]
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM golang:1.23\nRUN <<EOF\ngo install example.com/tool\nEOF\n";
        assert_eq!(
            found("DL3062", text),
            vec![("example.com/tool".into(), 3, 12)]
        );
    }
}
