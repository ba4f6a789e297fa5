use crate::declare_rule;
use crate::model::shell::{Package, PackageAction, PackageKind, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::report_unpinned;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags each package of a `pip install` (also `pip3`, `python -m pip`)
    /// that has no version specifier (`==`, `>=`, `<=`, `<`, `>`, `!=`,
    /// `~=`, `===`). Not flagged: installs from requirement files
    /// (`-r`/`--requirement`) or with a constraints file (`-c`), local
    /// paths and archives (`.`, `./pkg`, `x.whl`), URLs, and VCS URLs with an
    /// `@ref`. The finding points at the package name.
    ///
    /// ## Differences from hadolint
    /// `pip install $PKGS` is not reported (unknown, not unpinned); heredoc
    /// bodies are read as shell; pip run by path (`/venv/bin/pip`) is
    /// recognised; one finding per unpinned package.
    ///
    /// `ONBUILD RUN` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// An unpinned package is whatever PyPI serves at build time, so two
    /// builds can differ and a new release can break the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## References
    /// - hadolint DL3013
    /// - <https://pip.pypa.io/en/stable/topics/repeatable-installs/>
    pub static RULE = {
        code: "DL3013",
        name: "pip-unpinned-package",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in `pip install`",
        sources: &["hadolint DL3013"],
        check: check,
    }
}

const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];

fn unpinned(pkg: &Package<'_>) -> bool {
    match pkg.kind {
        PackageKind::Name => pkg.version.is_none() && !pkg.name.is_empty(),
        // A VCS URL without `@ref` follows the default branch.
        PackageKind::Url => {
            let v: &str = &pkg.word.value;
            VCS.iter().any(|s| v.starts_with(s))
                && !v.rsplit('/').next().is_some_and(|last| last.contains('@'))
        }
        PackageKind::File | PackageKind::Dynamic => false,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_unpinned(
        checker,
        |_, p| {
            p.manager == PackageManager::Pip
                && p.action == PackageAction::Install
                && !p.uses_requirement_files()
                && !p.has_flag("-c")
        },
        unpinned,
        |name| {
            format!("Pin versions in pip: `{name}==<version>`, or install from a requirements file")
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn specifiers_paths_and_urls() {
        let text = "FROM python:3.12\nRUN pip install -i https://x/simple 'a>=1' b==2 c~=3 ./local x.whl requests[socks] git+https://g/r@v1 git+https://g/s\n";
        assert_eq!(spans(text, "DL3013"), vec!["requests", "git+https://g/s"]);
        let f = &findings(text, "DL3013")[0];
        assert_eq!(f.span.start_position.column, 68);
    }

    #[test]
    fn requirement_files_constraints_variables_and_heredocs() {
        let text = "FROM python:3.12\nRUN pip install -r req.txt && pip install -c c.txt flask && pip3 install $PKGS\nRUN <<EOF\npython3 -m pip install uvicorn\nEOF\n";
        assert_eq!(spans(text, "DL3013"), vec!["uvicorn"]);
        let f = &findings(text, "DL3013")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (4, 24)
        );
    }
}
