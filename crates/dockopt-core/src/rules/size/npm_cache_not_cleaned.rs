use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{
    append_to_script, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::size_helpers::{runs, var_is_set};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN in a stage whose file system ships that installs with
    /// npm (`npm ci`, `npm install`, also `-g`) and leaves npm's download
    /// cache (`~/.npm/_cacache`) in the layer: no `npm cache clean --force`
    /// or `rm -rf ~/.npm` in the same RUN, and no cache mount on
    /// `/root/.npm`.
    ///
    /// ## Why is this bad?
    /// npm keeps a compressed copy of every tarball it fetched. The
    /// installed `node_modules` never reads it again in the image.
    ///
    /// Not flagged when `npm_config_cache` / `NPM_CONFIG_CACHE` or a
    /// `--cache` option points the cache elsewhere (the user chose where it
    /// goes).
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
    /// RUN npm install -g pm2 && npm cache clean --force
    /// ```
    ///
    /// ## Fix safety
    /// Appends `npm cache clean --force` to the RUN (a line of its heredoc
    /// script). Safe: it only deletes the download cache of the user the
    /// RUN runs as; what is installed does not depend on it.
    ///
    /// ## Size impact
    /// Roughly the compressed size of the installed packages
    /// (../shared/data/npm-package-sizes.tsv `tarball_bytes`: `next` alone
    /// is 43.7 MB). Published: the cache went from 21.8 MB to 24 KB and the
    /// image from 110 to 93.2 MB (nwtgck/piping-server#388); 165 → 153 MB,
    /// −38 MB (research §6).
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/commands/npm-cache>
    /// - nwtgck/piping-server#388
    pub static RULE = {
        code: "DO2005",
        name: "npm-cache-not-cleaned",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Clean the npm cache in the RUN that installs",
        sources: &["npm docs: npm cache", "nwtgck/piping-server#388", "data: npm-package-sizes.tsv"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        if !ships(model, index)
            || mounts_cache_at(instruction, "/root/.npm")
            || var_is_set(model, index, "npm_config_cache")
            || var_is_set(model, index, "NPM_CONFIG_CACHE")
        {
            continue;
        }
        let commands: Vec<_> = package_commands_of(model, index).collect();
        let cleaned = commands
            .iter()
            .any(|(_, _, p)| p.manager == PackageManager::Npm && p.action == PackageAction::Clean)
            || model.scripts_of(index).any(|s| {
                s.script.commands.iter().any(|c| match &c.invocation {
                    Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                        op.paths().iter().any(|w| w.value.contains(".npm"))
                    }
                    _ => false,
                })
            });
        if cleaned {
            continue;
        }
        let install = commands.iter().find(|(_, _, p)| {
            p.manager == PackageManager::Npm
                && p.action == PackageAction::Install
                && !p.has_flag("--cache")
        });
        let Some((script, command, package)) = install else {
            continue;
        };
        let Some(last) = model.scripts_of(index).last() else {
            continue;
        };
        checker
            .report(
                subcommand_span(script, command, package),
                "npm leaves its download cache in this layer: add `npm cache clean --force` to the RUN",
            )
            .fix(
                "Clean the npm cache in the same RUN",
                Applicability::Safe,
                vec![append_to_script(last, "npm cache clean --force")],
            );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn points_at_ci_and_appends_in_heredocs() {
        let text = "FROM node:22\nRUN <<EOF\nset -e\nnpm ci --omit=dev\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "ci");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 5);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM node:22\nRUN <<EOF\nset -e\nnpm ci --omit=dev\nnpm cache clean --force\nEOF\n"
        );
    }

    #[test]
    fn cleaned_mounted_redirected_or_builder_caches_are_fine() {
        for text in [
            "FROM node:22\nRUN npm ci && npm cache clean --force\n",
            "FROM node:22\nRUN npm ci && rm -rf /root/.npm\n",
            "FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node:22\nENV npm_config_cache=/tmp/npm\nRUN npm ci\n",
            "FROM node:22 AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
