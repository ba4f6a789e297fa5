use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{
    append_to_script, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::size_helpers::{known_var, non_root_user_before, runs, var_is_set};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `poetry install` (or `poetry add`) in a stage whose file system
    /// ships when Poetry's download cache stays in the layer: no `poetry
    /// cache clear`, no `rm` of the cache directory in the same RUN and no
    /// cache mount on it (`$POETRY_CACHE_DIR`, else `/root/.cache/pypoetry`).
    ///
    /// ## Why is this bad?
    /// Poetry keeps every wheel and sdist it downloaded under
    /// `<cache>/artifacts` and the index responses under `<cache>/cache`.
    /// Nothing reads them once the dependencies are installed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir poetry
    /// COPY pyproject.toml poetry.lock ./
    /// RUN poetry install --only main
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir poetry
    /// COPY pyproject.toml poetry.lock ./
    /// RUN poetry install --only main && rm -rf /root/.cache/pypoetry/cache /root/.cache/pypoetry/artifacts
    /// ```
    ///
    /// ## Fix safety
    /// Appends `rm -rf <cache>/cache <cache>/artifacts`. Safe: only the
    /// download and index caches go; Poetry's virtualenvs, which live in
    /// `<cache>/virtualenvs` by default, are kept. RUNs after a non-root
    /// `USER` are not flagged (the cache would be in that user's home).
    ///
    /// ## Size impact
    /// The downloaded wheels: compressed sizes in
    /// ../shared/data/pypi-wheel-sizes.tsv (`wheel_bytes`). The pip cache,
    /// which holds the same kind of files, made 581 → 503 MB (−14%) in
    /// robusta-dev/krr#334 (research §6).
    ///
    /// ## References
    /// - <https://python-poetry.org/docs/configuration/#cache-dir>
    pub static RULE = {
        code: "DO2007",
        name: "poetry-cache-left",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Clear Poetry's download cache in the RUN that installs",
        sources: &["Poetry docs: cache-dir", "robusta-dev/krr#334", "data: pypi-wheel-sizes.tsv"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        if !ships(model, index) || non_root_user_before(model, index) {
            continue;
        }
        let cache = match known_var(model, index, "POETRY_CACHE_DIR") {
            Some(dir) if dir.starts_with('/') => dir.trim_end_matches('/').to_string(),
            Some(_) => continue,
            None if var_is_set(model, index, "POETRY_CACHE_DIR") => continue,
            None => "/root/.cache/pypoetry".to_string(),
        };
        if mounts_cache_at(instruction, &format!("{cache}/cache")) {
            continue;
        }
        let commands: Vec<_> = package_commands_of(model, index).collect();
        let cleaned = commands.iter().any(|(_, _, p)| {
            p.manager == PackageManager::Poetry && p.action == PackageAction::Clean
        }) || model.scripts_of(index).any(|s| {
            s.script.commands.iter().any(|c| match &c.invocation {
                Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                    op.paths().iter().any(|w| {
                        w.value.contains("pypoetry")
                            || w.value.contains("POETRY_CACHE_DIR")
                            || w.value.starts_with(&cache)
                    })
                }
                _ => false,
            })
        });
        if cleaned {
            continue;
        }
        let Some((script, command, package)) = commands.iter().find(|(_, _, p)| {
            p.manager == PackageManager::Poetry && p.action == PackageAction::Install
        }) else {
            continue;
        };
        let Some(last) = model.scripts_of(index).last() else {
            continue;
        };
        checker
            .report(
                subcommand_span(script, command, package),
                format!("Poetry leaves its download cache in this layer: delete {cache}/cache and {cache}/artifacts in the same RUN"),
            )
            .fix(
                "Delete Poetry's cache in the same RUN",
                Applicability::Safe,
                vec![append_to_script(last, &format!("rm -rf {cache}/cache {cache}/artifacts"))],
            );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn follows_poetry_cache_dir() {
        let text =
            "FROM python:3.12\nENV POETRY_CACHE_DIR=/tmp/poetry\nRUN poetry install --no-root\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 12);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM python:3.12\nENV POETRY_CACHE_DIR=/tmp/poetry\nRUN poetry install --no-root && rm -rf /tmp/poetry/cache /tmp/poetry/artifacts\n"
        );
    }

    #[test]
    fn heredoc_and_cleared_caches() {
        let text = "FROM python:3.12\nRUN <<EOF\npoetry install\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start_position.line, 3);
        for text in [
            "FROM python:3.12\nRUN poetry install && poetry cache clear --all pypi\n",
            "FROM python:3.12\nRUN poetry install && rm -rf $POETRY_CACHE_DIR\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pypoetry poetry install\n",
            "FROM python:3.12\nUSER app\nRUN poetry install\n",
            "FROM python:3.12 AS b\nRUN poetry install\nFROM python:3.12-slim\nCOPY --from=b /app /app\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
