use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{
    insert_after_subcommand, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::size_helpers::{known_var, runs, var_is_set};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `uv pip install`, `uv sync`, `uv add` and `uv tool install` in
    /// a stage whose file system ships, when uv's cache stays in the layer:
    /// no `--no-cache`, no `UV_NO_CACHE`, no `UV_CACHE_DIR`, no
    /// `uv cache clean` in the same RUN and no cache mount on
    /// `/root/.cache/uv`.
    ///
    /// ## Why is this bad?
    /// uv keeps every wheel it downloaded or built, unpacked, in its cache.
    /// The installed environment never reads it at run time.
    ///
    /// hadolint's DL3042 asks for `pip install --no-cache-dir` only; it does
    /// not know uv.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN uv pip install --system -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN uv pip install --no-cache --system -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// Adds `--no-cache` after the subcommand. Safe: it only stops uv from
    /// keeping downloads; what is installed is the same.
    ///
    /// ## Size impact
    /// About the unpacked size of the installed wheels
    /// (../shared/data/pypi-wheel-sizes.tsv). Published: the uv cache added
    /// about 4 GB to AI-Hypercomputer/maxtext's images (#3344), 423 MiB in
    /// orangeqs/juice!533, and "doubled" YassWorks/Ally's image (0.8.1);
    /// uv's Docker guide recommends `--no-cache` or `UV_NO_CACHE` to reduce
    /// image size when the cache is not mounted.
    ///
    /// ## References
    /// - <https://docs.astral.sh/uv/guides/integration/docker/#caching>
    pub static RULE = {
        code: "DO2006",
        name: "uv-cache-left",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Do not keep uv's cache in the image: `--no-cache` or `UV_NO_CACHE=1`",
        sources: &["uv docs: Docker integration, caching", "AI-Hypercomputer/maxtext#3344", "data: pypi-wheel-sizes.tsv"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        let no_cache_env = known_var(model, index, "UV_NO_CACHE")
            .is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
        if !ships(model, index)
            || no_cache_env
            || var_is_set(model, index, "UV_CACHE_DIR")
            || mounts_cache_at(instruction, "/root/.cache/uv")
        {
            continue;
        }
        let commands: Vec<_> = package_commands_of(model, index).collect();
        let cleaned = commands
            .iter()
            .any(|(_, _, p)| p.manager == PackageManager::Uv && p.action == PackageAction::Clean)
            || model.scripts_of(index).any(|s| {
                s.script.commands.iter().any(|c| match &c.invocation {
                    Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                        op.paths().iter().any(|w| w.value.contains(".cache"))
                    }
                    _ => false,
                })
            });
        if cleaned {
            continue;
        }
        for (script, command, package) in commands {
            if package.manager != PackageManager::Uv
                || package.action != PackageAction::Install
                || package.no_cache()
                || command.assignment("UV_NO_CACHE").is_some()
            {
                continue;
            }
            checker
                .report(
                    subcommand_span(script, command, package),
                    "uv keeps its cache in this layer: add `--no-cache` (or set `UV_NO_CACHE=1`)",
                )
                .fix(
                    "Add --no-cache",
                    Applicability::Safe,
                    vec![insert_after_subcommand(script, package, " --no-cache")],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn sync_and_tool_install() {
        let text = "FROM python:3.12\nRUN uv sync --frozen && \\\n    uv tool install ruff\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 2);
        assert_eq!(spanned(text, &found[0]), "sync");
        assert_eq!(spanned(text, &found[1]), "tool install");
        assert_eq!(found[1].span.start_position.line, 3);
        assert_eq!(found[1].span.start_position.column, 8);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM python:3.12\nRUN uv sync --no-cache --frozen && \\\n    uv tool install --no-cache ruff\n"
        );
    }

    #[test]
    fn heredoc_body_is_read() {
        let text = "FROM python:3.12\nRUN <<EOF\nuv pip install --system flask\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 8);
    }

    #[test]
    fn disabled_mounted_or_builder_caches_are_fine() {
        for text in [
            "FROM python:3.12\nENV UV_NO_CACHE=1\nRUN uv sync\n",
            "FROM python:3.12\nRUN UV_NO_CACHE=1 uv sync\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n",
            "FROM python:3.12\nRUN uv sync && uv cache clean\n",
            "FROM python:3.12 AS build\nRUN uv sync\nFROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
