use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{ByteRange, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::{
    insert_after_subcommand, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache` in a stage whose file system
    /// ships in the image, unless the RUN has a cache or tmpfs mount on
    /// `/var/cache/apk`. The finding points at `add`.
    ///
    /// ## Differences from hadolint
    /// Builder stages whose files are only copied from are not flagged
    /// (their cache never ships); heredoc bodies are read as shell.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index it downloaded in
    /// `/var/cache/apk`, and the layer keeps it even if a later RUN deletes
    /// it. `--no-cache` fetches the index fresh and stores nothing, so
    /// neither `apk update` nor `rm -rf /var/cache/apk/*` is needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --update curl=8.9.1-r0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r0
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `--no-cache` after `add`, and removes a `--update`/`-U`/
    /// `--update-cache` word of the same command, which `--no-cache` makes
    /// redundant (it always reads a fresh index). Safe: the same packages
    /// are installed from an index at least as fresh. A separate
    /// `rm -rf /var/cache/apk/*` is left alone.
    ///
    /// ## Size impact
    /// The APKINDEX files of Alpine's `main` and `community` repositories:
    /// about 2.5 MB compressed for Alpine 3.20 (`APKINDEX.tar.gz` of main
    /// ≈ 0.5 MB, community ≈ 2 MB, on any mirror's `x86_64/` directory).
    ///
    /// ## References
    /// - hadolint DL3019
    /// - <https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache>
    pub static RULE = {
        code: "DL3019",
        name: "apk-no-cache",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*`",
        sources: &["hadolint DL3019"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        let ships = located
            .stage
            .and_then(|s| model.stages.get(s))
            .is_some_and(|s| s.in_image);
        if !ships || mounts_cache_at(instruction, "/var/cache/apk") {
            continue;
        }
        for (script, command, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Apk
                || package.action != PackageAction::Install
                || package.no_cache()
            {
                continue;
            }
            let mut edits = vec![insert_after_subcommand(script, package, " --no-cache")];
            // Drop a standalone `--update` word, with the blank before it.
            let update = package.args.flags_named("-U").find(|f| {
                matches!(
                    script.text().get(f.span.start..f.span.end),
                    Some("--update" | "--update-cache" | "-U")
                )
            });
            if let Some(flag) = update {
                let start = script
                    .text()
                    .get(..flag.span.start)
                    .map_or(flag.span.start, |before| {
                        before.trim_end_matches([' ', '\t']).len()
                    });
                let span = script.file_span(ByteRange::new(start, flag.span.end));
                // Only when the removed text is exactly blanks and the flag.
                if span.text(text).trim_start_matches([' ', '\t']).len() == flag.span.len() {
                    edits.push(Edit::delete(span.start, span.end));
                }
            }
            checker
                .report(
                    subcommand_span(script, command, package),
                    "Use `apk add --no-cache` so the package index is not kept in the layer",
                )
                .fix("Use apk add --no-cache", Applicability::Safe, edits);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, fixed, spans};

    #[test]
    fn shipped_stages_mounts_and_the_update_flag() {
        let text = "FROM alpine:3 AS build\nRUN apk add gcc\nFROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add a\nRUN apk add --no-cache b && apk -U add c\nRUN apk add --update d --virtual .x\n";
        assert_eq!(spans(text, "DL3019"), vec!["add", "add"]);
        let positions: Vec<(u32, u32)> = findings(text, "DL3019")
            .iter()
            .map(|f| (f.span.start_position.line, f.span.start_position.column))
            .collect();
        assert_eq!(positions, vec![(5, 36), (6, 9)]);
        assert_eq!(
            fixed(text, "DL3019"),
            "FROM alpine:3 AS build\nRUN apk add gcc\nFROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add a\nRUN apk add --no-cache b && apk add --no-cache c\nRUN apk add --no-cache d --virtual .x\n"
        );
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let text = "FROM alpine:3\nRUN <<EOF\napk add bash\nEOF\n";
        let f = &findings(text, "DL3019")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (3, 5)
        );
        assert!(fixed(text, "DL3019").contains("apk add --no-cache bash\n"));
    }
}
