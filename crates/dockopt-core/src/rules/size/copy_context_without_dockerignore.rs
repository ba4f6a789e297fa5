use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `COPY . <dest>` (or `ADD .`) of the whole build context into a
    /// stage whose file system ships, when no `.dockerignore` was given
    /// with the Dockerfile (or it is empty).
    ///
    /// ## Why is this bad?
    /// Without a `.dockerignore`, the whole context lands in the image:
    /// `.git`, local `node_modules` or virtualenvs, build output, test data,
    /// and secrets such as `.env` files. Every change to any of them also
    /// invalidates the COPY and every step after it.
    ///
    /// Only copies of the context root are flagged (`COPY src/ ./src/` is
    /// already selective), and only when dockopt was told there is no
    /// `.dockerignore` — in the playground, paste it next to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json server.js ./
    /// ```
    ///
    /// ## Size impact
    /// Whatever the context holds besides the sources. A local
    /// `node_modules` with Next.js is 192 MB for `next` alone plus about
    /// 100 MB for its platform binary (../shared/data/npm-package-sizes.tsv);
    /// a `.git` directory is the whole history of the project.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/concepts/context/#dockerignore-files>
    pub static RULE = {
        code: "DO2017",
        name: "copy-context-without-dockerignore",
        family: Family::Size,
        severity: Severity::Info,
        summary: "Copying the whole context without a .dockerignore ships everything in it",
        sources: &["Docker docs: .dockerignore files", "data: npm-package-sizes.tsv"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    if checker.dockerignore.is_some_and(|d| {
        d.lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        })
    }) {
        return;
    }
    for (index, located) in model.instructions.iter().enumerate() {
        let copy = located.instruction;
        if !matches!(copy.kind, InstructionKind::Copy | InstructionKind::Add)
            || copy.flag("from").is_some()
            || !ships(model, index)
        {
            continue;
        }
        let Some(paths) = copy.paths() else { continue };
        for source in paths.sources() {
            if matches!(source.text.as_str(), "." | "./" | "/") {
                checker.report(
                    source.span,
                    "This copies the whole build context and there is no .dockerignore: add one (.git, node_modules, build output, .env) or copy what the image needs",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, findings_with, spanned};

    #[test]
    fn points_at_the_dot_and_respects_a_dockerignore() {
        let text = "FROM python:3.12\nCOPY --chown=1:1 [\".\", \"/app\"]\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "\".\"");
        assert_eq!(found[0].span.start_position.column, 19);
        assert!(findings_with(&RULE, text, Some(".git\nnode_modules\n")).is_empty());
        assert_eq!(findings_with(&RULE, text, Some("# nothing\n\n")).len(), 1);
    }

    #[test]
    fn selective_copies_other_stages_and_builders_are_fine() {
        for text in [
            "FROM python:3.12\nCOPY src/ /app/src/\n",
            "FROM python:3.12 AS b\nCOPY . .\nFROM scratch\nCOPY --from=b /app /app\n",
            "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b . .\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
