use crate::declare_rule;
use crate::model::shell::{Package, PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::report_unpinned;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags each package of an `npm install <pkg>` (also `npm i`/`npm add`)
    /// without a version, tag or commit: `express@4.19.2`,
    /// `@scope/pkg@1`, `git+https://…#v1.0`. Tarballs and local folders are
    /// not flagged, nor a bare `npm install` / `npm ci` (they install the
    /// lock file). The finding points at the package name.
    ///
    /// ## Differences from hadolint
    /// `npm install $PKGS` is not reported (unknown, not unpinned); heredoc
    /// bodies are read as shell; `npm i` and `npm add` are read like
    /// `npm install`; one finding per unpinned package; `sh -c "…"` and
    /// `su user -c "…"` strings are read as shell too.
    /// `ONBUILD RUN` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// An unpinned package resolves to the registry's `latest` at build
    /// time: builds are not reproducible and a new major version can break
    /// the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g pm2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g pm2@5.4.2
    /// ```
    ///
    /// ## References
    /// - hadolint DL3016
    pub static RULE = {
        code: "DL3016",
        name: "npm-unpinned-package",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in `npm install`",
        sources: &["hadolint DL3016"],
        check: check,
    }
}

fn unpinned(pkg: &Package<'_>) -> bool {
    match pkg.kind {
        PackageKind::Name => pkg.version.is_none() && !pkg.name.is_empty(),
        PackageKind::Url => {
            let v: &str = &pkg.word.value;
            v.starts_with("git") && !v.contains('#')
        }
        PackageKind::File | PackageKind::Dynamic => false,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_unpinned(
        checker,
        |_, p| {
            p.manager == PackageManager::Npm
                && p.action == PackageAction::Install
                && ["install", "i", "add"].iter().any(|s| p.subcommand_is(s))
        },
        unpinned,
        |name| format!("Pin versions in npm: `{name}@<version>`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn versions_scopes_git_and_paths() {
        let text = "FROM node:22\nRUN npm install --save-dev a@1 @s/b@2 @s/c ./d e.tgz git+https://g/x#v1 git+https://g/y f\n";
        assert_eq!(spans(text, "DL3016"), vec!["@s/c", "git+https://g/y", "f"]);
        let f = &findings(text, "DL3016")[0];
        assert_eq!(f.span.start_position.column, 39);
    }

    #[test]
    fn lockfile_installs_variables_and_heredocs() {
        let text = "FROM node:22\nRUN npm ci && npm install && npm i $PKGS\nRUN <<EOF\nnpm i -g pnpm\nEOF\n";
        assert_eq!(spans(text, "DL3016"), vec!["pnpm"]);
    }
}
