use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{Command, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::ships;
use crate::rules::helpers::{insert_after_subcommand, subcommand_span};
use crate::rules::{Checker, Family, FixAvailability};

const VAR: &str = "PIP_NO_CACHE_DIR";

declare_rule! {
    /// ## What it does
    /// Flags `pip install` (also `pip3`, `python -m pip`) without
    /// `--no-cache-dir` in a stage whose file system ships.
    ///
    /// Not flagged when `PIP_NO_CACHE_DIR` is set: by `ENV` or `ARG` in the
    /// stage or a stage it is built on, as a prefix (`PIP_NO_CACHE_DIR=1
    /// pip install …`), or by an earlier `export` in the script. pip reads
    /// any value of it, even `0` or `false`, as "no cache". Nor when the
    /// RUN mounts a cache or tmpfs on a `.cache/pip` directory.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel and source archive in
    /// `~/.cache/pip`. In an image that cache is never reused, and it
    /// ships in the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install flask==3.0.3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `--no-cache-dir` after `install`. Safe: the same packages
    /// are installed; only the download cache is not written.
    ///
    /// ## Size impact
    /// The cache holds the downloaded wheels, so it is about the size of
    /// the wheels installed (our PyPI wheel-size table). Published results:
    /// 581 → 503 MB (robusta-dev/krr#334), 996 → 979 MB
    /// (caronc/apprise#939).
    ///
    /// ## References
    /// - hadolint DL3042
    /// - <https://pip.pypa.io/en/stable/topics/caching/>
    ///
    /// ## Differences from hadolint
    /// hadolint shares `ENV PIP_NO_CACHE_DIR` between stages that merely
    /// use the same base image name; we follow the stage graph (a stage
    /// inherits ENV only from the stage it is built `FROM`). We check only
    /// stages that ship, and read heredoc scripts and `sh -c "…"` strings;
    /// pip run by its path (`/venv/bin/pip`, `venv/bin/pip3`) is pip too
    /// (hadolint knows only the bare words).
    pub static RULE = {
        code: "DL3042",
        name: "pip-no-cache-dir",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Avoid use of cache directory with pip: use `pip install --no-cache-dir <package>`",
        sources: &["hadolint DL3042", "robusta-dev/krr#334", "caronc/apprise#939"],
        check: check,
    }
}

/// `export PIP_NO_CACHE_DIR=…` or a bare `PIP_NO_CACHE_DIR=…` command.
fn sets_var(command: &Command<'_>) -> bool {
    if command.name().is_none() && command.assignment(VAR).is_some() {
        return true;
    }
    command.program() == Some("export")
        && command
            .arguments()
            .iter()
            .any(|w| w.value.split('=').next().is_some_and(|name| name == VAR))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let Some(located) = model.instructions.get(index) else {
            continue;
        };
        let instruction = located.instruction;
        let cache_mounted = crate::rules::helpers::cache_mount_targets(instruction)
            .iter()
            .any(|t| t.ends_with(".cache/pip") || t.ends_with(".cache"));
        if !ships(model, index) || cache_mounted || model.scope_at(index).is_set(VAR) {
            continue;
        }
        for script in model.scripts_of(index) {
            let mut exported = false;
            for command in &script.script.commands {
                if sets_var(command) {
                    exported = true;
                }
                let Some(package) = command.package() else {
                    continue;
                };
                if exported
                    || package.manager != PackageManager::Pip
                    || package.action != PackageAction::Install
                    || package.no_cache()
                    || command.assignment(VAR).is_some()
                {
                    continue;
                }
                let span = subcommand_span(script, command, package);
                checker
                    .report(
                        span,
                        "Avoid use of cache directory with pip: use `pip install --no-cache-dir <package>`",
                    )
                    .fix(
                        "Add --no-cache-dir",
                        Applicability::Safe,
                        vec![insert_after_subcommand(script, package, " --no-cache-dir")],
                    );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn env_is_per_stage_and_inherited() {
        let text = "FROM python:3 AS base\nENV PIP_NO_CACHE_DIR=1\nRUN pip install a==1\nFROM base\nRUN pip install b==1\nFROM python:3\nRUN pip3 install c==1 && python -m pip install d==1\n";
        assert_eq!(
            found("DL3042", text),
            vec![("install".into(), 7, 10), ("install".into(), 7, 40)]
        );
    }

    #[test]
    fn prefix_export_and_cache_mounts() {
        let text = "FROM python:3\nRUN PIP_NO_CACHE_DIR=off pip install a==1\nRUN export PIP_NO_CACHE_DIR=1 && pip install b==1\nRUN --mount=type=cache,target=/root/.cache/pip pip install c==1\nRUN pip install --no-cache-dir d==1\n";
        assert!(found("DL3042", text).is_empty());
    }

    #[test]
    fn builder_stages_do_not_ship() {
        let text = "FROM python:3 AS build\nRUN pip install a==1\nFROM python:3-slim\nCOPY --from=build /usr/local /usr/local\n";
        assert!(found("DL3042", text).is_empty());
    }

    #[test]
    fn heredoc_and_fix() {
        let text = "FROM python:3\nRUN <<EOF\npip install a==1\nEOF\n";
        assert_eq!(found("DL3042", text), vec![("install".into(), 3, 5)]);
        assert_eq!(
            fixed("DL3042", text),
            "FROM python:3\nRUN <<EOF\npip install --no-cache-dir a==1\nEOF\n"
        );
    }
}
