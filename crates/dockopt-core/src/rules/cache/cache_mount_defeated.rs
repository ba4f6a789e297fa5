use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{ByteRange, FileTool, Invocation, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::{cache_mount_targets, is_apt};
use crate::rules::size_helpers::{delete_command, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN that mounts a cache and then throws it away: it deletes
    /// the mounted directory's contents (`rm -rf /var/lib/apt/lists/*` under
    /// a cache mount there, `apt-get clean` under one on `/var/cache/apt`),
    /// or tells the tool not to use its cache (`pip --no-cache-dir`, `uv`/
    /// `bun`/`apk --no-cache`) while mounting that very cache.
    ///
    /// ## Why is this bad?
    /// A cache mount's contents are never part of the layer, so deleting
    /// them saves no space: it only empties the cache, and every build
    /// downloads everything again. The usual cause is a cleanup that was
    /// right before the mount was added.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM python:3.12-slim
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM python:3.12-slim
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// Deletes the flag, or the cleanup command (when all it deletes is in
    /// the mount). Safe: the mount keeps those files out of the image
    /// either way; only the cache is kept now.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/cache/optimize/#use-cache-mounts>
    pub static RULE = {
        code: "DO3003",
        name: "cache-mount-defeated",
        family: Family::Cache,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "A cache mount that the RUN empties or disables is useless",
        sources: &["Docker docs: optimize cache usage, cache mounts"],
        check: check,
    }
}

fn under(path: &str, targets: &[String]) -> bool {
    let path = path.trim_end_matches("/*").trim_end_matches('/');
    !path.is_empty()
        && targets
            .iter()
            .any(|t| path == t || path.starts_with(&format!("{t}/")))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        let targets = cache_mount_targets(instruction);
        if targets.is_empty() {
            continue;
        }
        for script in model.scripts_of(index) {
            for (at, command) in script.script.commands.iter().enumerate() {
                match &command.invocation {
                    Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                        let paths = op.paths();
                        let Some(first) = paths.iter().find(|w| under(&w.value, &targets)) else {
                            continue;
                        };
                        let diagnostic = checker.report(
                            script.file_span(first.span),
                            format!("`{}` is in a cache mount: deleting it frees nothing and empties the cache", first.value),
                        );
                        if paths.iter().all(|w| under(&w.value, &targets)) {
                            if let Some(edit) = delete_command(model, script, at) {
                                diagnostic.fix("Keep the cache", Applicability::Safe, vec![edit]);
                            }
                        }
                    }
                    Some(Invocation::Package(p)) => {
                        if is_apt(p.manager)
                            && p.action == PackageAction::Clean
                            && under("/var/cache/apt/archives", &targets)
                        {
                            let span = crate::rules::helpers::subcommand_span(script, command, p);
                            let diagnostic = checker.report(
                                span,
                                "`clean` empties the cache mounted on /var/cache/apt: it frees nothing",
                            );
                            if let Some(edit) = delete_command(model, script, at) {
                                diagnostic.fix("Keep the cache", Applicability::Safe, vec![edit]);
                            }
                            continue;
                        }
                        let (flag, dir) = match p.manager {
                            PackageManager::Pip => ("--no-cache-dir", "/root/.cache/pip"),
                            PackageManager::Uv => ("--no-cache", "/root/.cache/uv"),
                            PackageManager::Bun => ("--no-cache", "/root/.bun/install/cache"),
                            PackageManager::Apk => ("--no-cache", "/etc/apk/cache"),
                            _ => continue,
                        };
                        let apk_alt =
                            p.manager == PackageManager::Apk && under("/var/cache/apk", &targets);
                        if !(under(dir, &targets) || apk_alt) {
                            continue;
                        }
                        let Some(found) = p.args.flag(flag) else {
                            continue;
                        };
                        let Some(word) = command.words.iter().find(|w| {
                            w.span.start <= found.span.start && found.span.end <= w.span.end
                        }) else {
                            continue;
                        };
                        let diagnostic = checker.report(
                            script.file_span(found.span),
                            format!(
                                "`{}` makes the tool ignore the cache this RUN mounts",
                                word.value
                            ),
                        );
                        if word.span != found.span {
                            continue;
                        }
                        let previous_end = command
                            .words
                            .iter()
                            .filter(|w| w.span.end <= word.span.start)
                            .map(|w| w.span.end)
                            .max();
                        if let Some(start) = previous_end {
                            let span = script.file_span(ByteRange::new(start, word.span.end));
                            diagnostic.fix(
                                format!("Drop {flag}"),
                                Applicability::Safe,
                                vec![Edit::delete(span.start, span.end)],
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn apt_lists_removed_under_a_mount() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/var/lib/apt/lists/*");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 15);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y curl\n"
        );
    }

    #[test]
    fn apk_and_apt_clean_in_heredocs() {
        let text = "FROM alpine:3\nRUN --mount=type=cache,target=/etc/apk/cache <<EOF\napk add --no-cache curl\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "--no-cache");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 9);
        assert_eq!(fix_all(&[&RULE], text), "FROM alpine:3\nRUN --mount=type=cache,target=/etc/apk/cache <<EOF\napk add curl\nEOF\n");
        let clean = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y x && apt-get clean\n";
        let found = findings(&RULE, clean);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(clean, &found[0]), "clean");
    }

    #[test]
    fn cleanups_outside_the_mount_are_fine() {
        for text in [
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && rm -rf /var/lib/apt/lists/*\n",
            "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/uv pip install --no-cache-dir x\n",
            "FROM python:3\nRUN pip install --no-cache-dir x\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
