use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::ships;
use crate::rules::helpers::{
    append_to_script, cache_mount_targets, package_commands_of, subcommand_span,
};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN of a shipped stage that runs `yarn install` (or a bare
    /// `yarn`) without `yarn cache clean` after it in the same RUN. A
    /// cache or tmpfs mount on a `.cache/yarn` directory (or
    /// `YARN_CACHE_FOLDER`'s default `/usr/local/share/.cache/yarn`) counts
    /// as clean.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package tarball it fetched in its global
    /// cache. In an image that cache is never reused, and it ships in the
    /// layer next to `node_modules`. Cleaning *before* the install, or in a
    /// later RUN, frees nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix safety
    /// Appends `&& yarn cache clean` to the RUN (or a line to its heredoc
    /// script). Safe: `node_modules` is already in place; only the
    /// download cache goes.
    ///
    /// ## Size impact
    /// The cache holds about one compressed tarball per installed package,
    /// so it is of the order of the packages' published sizes (our npm
    /// package-size table). We have no published before/after figure for
    /// yarn in our reference data; npm's cache: 110 → 93.2 MB
    /// (nwtgck/piping-server#388).
    ///
    /// ## References
    /// - hadolint DL3060
    /// - <https://classic.yarnpkg.com/en/docs/cli/cache>
    ///
    /// ## Differences from hadolint
    /// Only stages whose file system ships are checked (as hadolint's
    /// "last stage or stages reused as a base"); a bare `yarn` is an
    /// install; heredoc scripts are read.
    pub static RULE = {
        code: "DL3060",
        name: "yarn-cache-clean-missing",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "`yarn cache clean` missing after `yarn install` was run",
        sources: &["hadolint DL3060", "nwtgck/piping-server#388"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let Some(located) = model.instructions.get(index) else {
            continue;
        };
        let mounted = cache_mount_targets(located.instruction)
            .iter()
            .any(|t| t.ends_with(".cache/yarn") || t.ends_with(".cache"));
        if !ships(model, index) || mounted {
            continue;
        }
        // The last install, and whether a clean follows it.
        let mut pending = None;
        for (script, command, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Yarn {
                continue;
            }
            let install = package.action == PackageAction::Install
                && (package.subcommand.is_empty() || package.subcommand_is("install"));
            if install {
                pending = Some(subcommand_span(script, command, package));
            } else if package.action == PackageAction::Clean {
                pending = None;
            }
        }
        let Some(span) = pending else { continue };
        let Some(last_script) = model.scripts_of(index).last() else {
            continue;
        };
        checker
            .report(
                span,
                "`yarn cache clean` missing after `yarn install` was run",
            )
            .fix(
                "Append `yarn cache clean` to the RUN",
                Applicability::Safe,
                vec![append_to_script(last_script, "yarn cache clean")],
            );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn clean_must_come_after_the_install() {
        let text = "FROM node:20\nRUN yarn cache clean && yarn install\nRUN yarn && yarn cache clean\nRUN yarn add left-pad\n";
        assert_eq!(found("DL3060", text), vec![("install".into(), 2, 30)]);
    }

    #[test]
    fn builder_stages_and_cache_mounts() {
        let text = "FROM node:20 AS build\nRUN yarn install\nFROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\nRUN yarn\n";
        assert_eq!(found("DL3060", text), vec![("yarn".into(), 5, 5)]);
        assert_eq!(
            fixed("DL3060", text),
            "FROM node:20 AS build\nRUN yarn install\nFROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\nRUN yarn && yarn cache clean\n"
        );
    }

    #[test]
    fn heredoc() {
        let text = "FROM node:20\nRUN <<EOF\nyarn install\nEOF\n";
        assert_eq!(found("DL3060", text), vec![("install".into(), 3, 6)]);
    }
}
