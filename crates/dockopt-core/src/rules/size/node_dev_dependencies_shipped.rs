use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{Command, PackageAction, PackageCommand, PackageManager};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{insert_after_subcommand, package_commands_of, subcommand_span};
use crate::rules::size_helpers::{known_var, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a project install with npm, yarn, pnpm or bun (`npm ci`,
    /// `yarn install`, `pnpm install`, `bun install` without package names)
    /// in a stage whose file system ships, when development dependencies
    /// are not left out: no `--omit=dev`/`--production`/`--prod`, no
    /// `NODE_ENV=production`, and no later `npm prune --omit=dev` (or
    /// `pnpm prune --prod`) in the stage.
    ///
    /// ## Why is this bad?
    /// Test runners, bundlers, linters and type checkers are only needed to
    /// build: shipped, they are dead weight (and attack surface). Build in a
    /// builder stage and install production dependencies only in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Adds `--omit=dev` (npm), `--production` (yarn 1, bun) or `--prod`
    /// (pnpm). Unsafe: the application may import a package that is only
    /// listed under `devDependencies`. No fix is offered when a later step
    /// of the stage runs a script (`npm run build`, `npx …`), which usually
    /// needs the dev dependencies — move the build to a builder stage — nor
    /// for yarn 2+ (`--immutable`), which has no `--production`.
    ///
    /// ## Size impact
    /// The unpacked size of the dev dependencies, from
    /// ../shared/data/npm-package-sizes.tsv: typescript 2.5 MB, webpack
    /// 14.1 MB, eslint 3.0 MB, vite 2.4 MB, esbuild's platform binary
    /// 11.4 MB, @swc/core's 10.8 MB — each before its own dependencies.
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/commands/npm-ci#omit>
    /// - <https://nodejs.org/en/learn/getting-started/nodejs-the-difference-between-development-and-production>
    pub static RULE = {
        code: "DO2004",
        name: "node-dev-dependencies-shipped",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Leave development dependencies out of the shipped image",
        sources: &["npm docs: npm ci --omit", "data: npm-package-sizes.tsv"],
        check: check,
    }
}

fn project_install(package: &PackageCommand<'_>) -> bool {
    matches!(
        package.manager,
        PackageManager::Npm | PackageManager::Yarn | PackageManager::Pnpm | PackageManager::Bun
    ) && package.action == PackageAction::Install
        && package.packages.is_empty()
        && !package.has_flag("-g")
        && !package
            .subcommand
            .iter()
            .any(|w| w.is("global") || w.is("add") || w.is("a"))
}

fn runs_a_script(command: &Command<'_>) -> bool {
    match command.program() {
        Some("npx") => true,
        Some("npm" | "yarn" | "pnpm" | "bun") => command
            .arguments()
            .iter()
            .find(|w| !w.value.starts_with('-'))
            .is_some_and(|w| {
                matches!(
                    w.value.as_ref(),
                    "run" | "run-script" | "build" | "test" | "exec" | "x"
                )
            }),
        _ => false,
    }
}

fn prunes_dev(command: &Command<'_>) -> bool {
    command.package().is_some_and(|p| {
        (p.subcommand_is("prune")
            && (p.omits_dev() || p.manager == PackageManager::Pnpm && p.has_flag("--prod")))
            || (project_install(p) && p.omits_dev())
    })
}

fn check(checker: &mut Checker<'_, '_>) {
    let model: &Model<'_> = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) {
            continue;
        }
        if known_var(model, index, "NODE_ENV").is_some_and(|v| v == "production")
            || known_var(model, index, "NPM_CONFIG_PRODUCTION").is_some_and(|v| v == "true")
            || known_var(model, index, "npm_config_omit").is_some_and(|v| v.contains("dev"))
            || known_var(model, index, "NPM_CONFIG_OMIT").is_some_and(|v| v.contains("dev"))
        {
            continue;
        }
        let stage = model.instructions.get(index).and_then(|l| l.stage);
        for (script, command, package) in package_commands_of(model, index) {
            if !project_install(package)
                || package.omits_dev()
                || command
                    .assignment("NODE_ENV")
                    .is_some_and(|a| a.value.is("production"))
            {
                continue;
            }
            let install_start = script.file_span(command.span).start;
            let later = model
                .scripts
                .iter()
                .filter(|s| Some(s.stage) == stage && s.instruction_index >= index)
                .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
                .filter(|(s, c)| s.file_span(c.span).start > install_start);
            let (mut pruned, mut builds) = (false, false);
            for (_, c) in later {
                pruned |= prunes_dev(c);
                builds |= runs_a_script(c);
            }
            if pruned {
                continue;
            }
            let flag = match package.manager {
                PackageManager::Npm => " --omit=dev",
                PackageManager::Pnpm => " --prod",
                _ => " --production",
            };
            let diagnostic = checker.report(
                subcommand_span(script, command, package),
                "Development dependencies are installed in the shipped image: install production dependencies only",
            );
            if builds || package.has_flag("--immutable") {
                continue;
            }
            diagnostic.fix(
                format!("Add `{}`", flag.trim()),
                Applicability::Unsafe,
                vec![insert_after_subcommand(script, package, flag)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn bare_yarn_gets_production_after_the_program() {
        let text = "FROM node:22\nCOPY . .\nRUN yarn --frozen-lockfile\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "yarn");
        assert_eq!(found[0].span.start_position.column, 5);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM node:22\nCOPY . .\nRUN yarn --production --frozen-lockfile\n"
        );
    }

    #[test]
    fn a_later_build_keeps_the_finding_but_drops_the_fix() {
        let text = "FROM node:22\nCOPY . .\nRUN <<EOF\npnpm install\npnpm run build\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 6);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn production_installs_prunes_and_builders_are_fine() {
        for text in [
            "FROM node:22\nENV NODE_ENV=production\nRUN npm ci\n",
            "FROM node:22\nRUN npm ci --omit=dev\n",
            "FROM node:22\nRUN npm ci && npm run build\nRUN npm prune --omit=dev\n",
            "FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app/dist /app\n",
            "FROM node:22\nRUN npm install -g serve\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
