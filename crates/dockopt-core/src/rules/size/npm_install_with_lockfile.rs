use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{PackageAction, PackageManager};
use crate::model::{Base, Model};
use crate::report::Severity;
use crate::rules::helpers::{package_commands_of, stage_of};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `npm install` (without package names) in a stage that copied
    /// `package-lock.json` or `npm-shrinkwrap.json` earlier, when the
    /// stage's files reach the image.
    ///
    /// ## Why is this bad?
    /// `npm install` treats the lockfile as a hint: it may resolve newer
    /// versions, rewrite the lockfile and keep whatever `node_modules`
    /// already holds. `npm ci` installs exactly the locked tree into a clean
    /// `node_modules`, fails when the lockfile and `package.json` disagree,
    /// and is the command npm documents for automated builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm install --omit=dev && npm cache clean --force
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev && npm cache clean --force
    /// ```
    ///
    /// ## Fix safety
    /// Replaces `install` with `ci`. Unsafe: `npm ci` fails when the
    /// lockfile is out of date with `package.json`, and it deletes an
    /// existing `node_modules` first.
    ///
    /// ## Size impact
    /// The locked tree rather than whatever resolves on the day; published
    /// results for `npm ci` together with a cache clean: 110 → 93.2 MB,
    /// 165 → 153 MB, −38 MB, −150 MB (research §6: nwtgck/piping-server#388,
    /// datastax/pulsar-admin-console#20, coala/docker-coala-base#111,
    /// maddevsio/maddevs#2543).
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/commands/npm-ci>
    pub static RULE = {
        code: "DO2003",
        name: "npm-install-with-lockfile",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Use `npm ci` when a lockfile is copied",
        sources: &["npm docs: npm ci", "nwtgck/piping-server#388"],
        check: check,
    }
}

/// Whether the stage of `index` (or a stage it is built on) copied an npm
/// lockfile before `index`.
fn lockfile_copied(model: &Model<'_>, index: usize) -> bool {
    let mut stage = model.instructions.get(index).and_then(|l| l.stage);
    let mut steps = 0;
    while let Some(s) = stage.and_then(|s| model.stages.get(s)) {
        let end = index.min(s.body.end);
        let found = model
            .instructions
            .get(s.body.start..end.max(s.body.start))
            .unwrap_or(&[])
            .iter()
            .filter(|l| {
                matches!(
                    l.instruction.kind,
                    InstructionKind::Copy | InstructionKind::Add
                )
            })
            .filter_map(|l| l.instruction.paths())
            .flat_map(|p| p.sources().iter())
            .any(|w| {
                let name = w.text.rsplit('/').next().unwrap_or("");
                name == "package-lock.json"
                    || name == "npm-shrinkwrap.json"
                    || name.starts_with("package*.json")
            });
        if found {
            return true;
        }
        steps += 1;
        stage = match s.base {
            Base::Stage(p) if p < s.index && steps <= model.stages.len() => Some(p),
            _ => None,
        };
    }
    false
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        let feeds = stage_of(model, index).is_some_and(|s| s.feeds_image);
        if !feeds || !lockfile_copied(model, index) {
            continue;
        }
        for (script, _, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Npm
                || package.action != PackageAction::Install
                || !package.packages.is_empty()
                || package.has_flag("-g")
            {
                continue;
            }
            let Some(word) = package.subcommand.first() else {
                continue;
            };
            if !matches!(word.literal(), Some("install" | "i" | "in" | "isntall")) {
                continue;
            }
            let span = script.file_span(word.span);
            checker
                .report(
                    span,
                    "A lockfile was copied: use `npm ci` to install exactly what it locks",
                )
                .fix(
                    "Use npm ci",
                    Applicability::Unsafe,
                    vec![Edit::replace(span.start, span.end, "ci")],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn flags_the_subcommand_in_heredocs_too() {
        let text = "FROM node:22\nCOPY package*.json ./\nRUN <<EOF\nnpm i\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "i");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 5);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM node:22\nCOPY package*.json ./\nRUN <<EOF\nnpm ci\nEOF\n"
        );
    }

    #[test]
    fn lockfile_copied_in_a_base_stage_counts() {
        let text = "FROM node:22 AS deps\nCOPY package.json package-lock.json ./\nFROM deps\nRUN npm install\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
    }

    #[test]
    fn no_lockfile_named_packages_or_global_installs() {
        for text in [
            "FROM node:22\nCOPY package.json ./\nRUN npm install\n",
            "FROM node:22\nCOPY package-lock.json ./\nRUN npm install express\n",
            "FROM node:22\nCOPY package-lock.json ./\nRUN npm install -g pnpm\n",
            "FROM node:22 AS unused\nCOPY package-lock.json ./\nRUN npm install\nFROM alpine\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
