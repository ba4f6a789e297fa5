use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{PackageAction, PackageManager};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{append_to_script, package_commands_of};
use crate::rules::size_helpers::{line_of, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `apk add --virtual NAME …` (`-t NAME`) in a stage whose file
    /// system ships when the same RUN never runs `apk del NAME`. Groups
    /// named for what the image runs (`.rundeps`, `.runtime-deps`, as the
    /// official images name the ones they keep) are not flagged.
    ///
    /// ## Why is this bad?
    /// A virtual package exists to group build dependencies so they can be
    /// removed in one go once the build is done. Left installed, compilers
    /// and headers ship with the image; deleted in a later RUN, they still
    /// take their full size in this RUN's layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir psutil
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir psutil && apk del .build-deps
    /// ```
    ///
    /// ## Fix safety
    /// Appends `apk del NAME` to the RUN. Unsafe: a later step may still
    /// need the tools (or a library the build linked against may only have
    /// come in through them). No fix when a later RUN deletes the group —
    /// merge the two RUNs there.
    ///
    /// ## Size impact
    /// The group's installed size, from ../shared/data/
    /// alpine-apk-installed-sizes.tsv: gcc alone is 159 MiB, musl-dev
    /// 9.4 MiB, binutils 10 MiB (Alpine 3.24).
    ///
    /// ## References
    /// - <https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Virtual_Packages>
    /// - dockerfilelint `apkadd-missing-virtual`
    pub static RULE = {
        code: "DO2015",
        name: "apk-virtual-not-deleted",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Delete an apk --virtual group in the RUN that adds it",
        sources: &["Alpine wiki: virtual packages", "data: alpine-apk-installed-sizes.tsv"],
        check: check,
    }
}

/// Whether RUN `index` runs `apk del NAME`.
fn deletes(model: &Model<'_>, index: usize, name: &str) -> bool {
    package_commands_of(model, index).any(|(_, _, p)| {
        p.manager == PackageManager::Apk
            && p.action == PackageAction::Remove
            && p.packages.iter().any(|pkg| pkg.word.value == name)
    })
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let run_list: Vec<usize> = runs(model).map(|(i, _)| i).collect();
    for &index in &run_list {
        if !ships(model, index) {
            continue;
        }
        for (script, _, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Apk || package.action != PackageAction::Install {
                continue;
            }
            let Some(name) = package.args.value_of("-t") else {
                continue;
            };
            let Some(value) = name.literal() else {
                continue;
            };
            // `.rundeps`, `.runtime-deps`: groups kept on purpose (the
            // docker-library convention), not build dependencies.
            if value.to_ascii_lowercase().contains("run") || deletes(model, index, value) {
                continue;
            }
            let stage = model.instructions.get(index).and_then(|l| l.stage);
            let later = run_list.iter().copied().find(|&r| {
                r > index
                    && model.instructions.get(r).and_then(|l| l.stage) == stage
                    && deletes(model, r, value)
            });
            let span = script.file_span(name.span);
            match later {
                Some(r) => {
                    let line = model
                        .instructions
                        .get(r)
                        .map(|l| line_of(model, l.instruction.span.start))
                        .unwrap_or(0);
                    checker.report(
                        span,
                        format!("`{value}` is deleted only by the RUN on line {line}: its packages stay in this layer; delete it in this RUN"),
                    );
                }
                None => {
                    let Some(last) = model.scripts_of(index).last() else {
                        continue;
                    };
                    checker
                        .report(span, format!("The virtual package `{value}` is never deleted: add `apk del {value}` to this RUN"))
                        .fix(
                            format!("Delete {value} in the same RUN"),
                            Applicability::Unsafe,
                            vec![append_to_script(last, &format!("apk del {value}"))],
                        );
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
    fn short_flag_in_a_heredoc() {
        let text = "FROM alpine:3\nRUN <<EOF\napk add -t build gcc\nmake\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "build");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 12);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM alpine:3\nRUN <<EOF\napk add -t build gcc\nmake\napk del build\nEOF\n"
        );
    }

    #[test]
    fn deleted_later_has_no_fix_and_deleted_here_is_fine() {
        let later = "FROM alpine:3\nRUN apk add --virtual=.deps gcc\nRUN apk del .deps\n";
        let found = findings(&RULE, later);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(later, &found[0]), ".deps");
        assert!(found[0].fix.is_none());
        assert!(findings(
            &RULE,
            "FROM alpine:3\nRUN apk add -t .deps gcc && make && apk del .deps\n"
        )
        .is_empty());
        assert!(findings(
            &RULE,
            "FROM alpine:3\nRUN apk add --no-cache --virtual .postgresql-rundeps $runDeps\n"
        )
        .is_empty());
        assert!(findings(
            &RULE,
            "FROM alpine:3 AS b\nRUN apk add -t .deps gcc\nFROM scratch\nCOPY --from=b /a /a\n"
        )
        .is_empty());
    }
}
