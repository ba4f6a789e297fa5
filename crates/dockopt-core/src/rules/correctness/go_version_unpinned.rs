use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::package_commands_of;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags packages of `go install` and `go get` without a version
    /// (`module/path@v1.2.3`), or pinned only to `@latest`, and
    /// `go run` of a remote module path (`go run example.com/cmd`).
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
    /// unpinned package. Local paths (`.`, `./cmd/x`), patterns such as
    /// `go install tool` or standard-library packages, and `go run` of a
    /// file (`go run build.go`, which hadolint flags) are never flagged;
    /// nor is a path whose first element has no dot (`go get app/server`
    /// on a GOPATH package copied into `/go/src/app`): only a remote module
    /// has versions.
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
            if package.manager == PackageManager::Go && package.subcommand_is("run") {
                // `go run example.com/cmd@v1 args…`: only a remote module
                // path, not `go run main.go` or `go run ./cmd`.
                if let Some(target) = package.args.operands.get(1) {
                    let value = target.literal().unwrap_or("");
                    let (path, version) = value.split_once('@').unwrap_or((value, ""));
                    let remote = path.contains('/')
                        && path
                            .split('/')
                            .next()
                            .is_some_and(|host| host.contains('.'))
                        && !path.starts_with(['.', '/'])
                        && !path.ends_with(".go");
                    if remote && (version.is_empty() || version == "latest") {
                        found.push(script.file_span(target.span));
                    }
                }
                continue;
            }
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
                // A module path starts with a domain (`golang.org/x/…`);
                // `tool`, `all`, `std` and `cmd/…` are patterns of the
                // local module or the standard library, never versioned.
                let remote = p
                    .name
                    .split('/')
                    .next()
                    .is_some_and(|host| host.contains('.'));
                if p.kind == PackageKind::Name && remote && unpinned {
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
        let text = "FROM golang:1.23\nRUN go install a.io/b@latest ./cmd/x . $PKG e.io/f@v1 tool && go get -u c.io/d && go build g.io/h\n";
        assert_eq!(
            found("DL3062", text),
            vec![("a.io/b@latest".into(), 2, 16), ("c.io/d".into(), 2, 73)]
        );
    }

    #[test]
    fn go_run_only_remote_modules() {
        let text = "FROM golang:1.23\nRUN go run build.go build && go run ./cmd/x && go run example.com/x/cmd -v && go run example.com/y@v1\n";
        assert_eq!(
            found("DL3062", text),
            vec![("example.com/x/cmd".into(), 2, 55)]
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
