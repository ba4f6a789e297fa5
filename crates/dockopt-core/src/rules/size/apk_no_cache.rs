use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{
    ByteRange, Command, FileTool, Invocation, Joiner, PackageAction, PackageManager,
};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::{
    commands_of, insert_after_subcommand, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::helpers::{ships, stage_chain};
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache` in a stage whose file system
    /// ships in the image, unless the RUN has a cache or tmpfs mount on
    /// `/var/cache/apk`. The finding points at `add`.
    ///
    /// ## Differences from hadolint
    /// Builder stages whose files are only copied (`COPY --from`) or
    /// bind-mounted (`RUN --mount=from=…`) from are not flagged (their cache
    /// never ships); heredoc bodies are read as shell.
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
    /// RUN apk add --update curl=8.9.1-r0 && rm -rf /var/cache/apk/*
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
    /// redundant (it always reads a fresh index), and a
    /// `&& rm -rf /var/cache/apk/*` of the same RUN when that is trivially
    /// safe: the RUN runs no apk command but `add`/`del`, no other RUN of
    /// the stage (or the stages it is built on) runs apk, so nothing else
    /// fills the cache, and the `rm` removes only paths under
    /// `/var/cache/apk`. Safe: the same packages are installed from an
    /// index at least as fresh, and the cache stays empty.
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

/// Edits deleting ` && rm -rf /var/cache/apk/*` from RUN `index`, when
/// that is trivially safe once every `apk add` of the RUN has `--no-cache`:
/// the RUN's apk commands are all `add`/`del`, no other RUN of the stage
/// (or of the stages it is built on) runs apk, and the `rm` is a top-level
/// command joined by `&&` after the apk commands, removing only paths under
/// `/var/cache/apk`.
fn cache_cleanup(model: &Model<'_>, index: usize) -> Vec<Edit> {
    let Some(stage) = model.instructions.get(index).and_then(|l| l.stage) else {
        return Vec::new();
    };
    let is_apk = |c: &Command<'_>| {
        c.package()
            .is_some_and(|p| p.manager == PackageManager::Apk)
    };
    let chain = stage_chain(model, stage);
    let apk_elsewhere = model
        .scripts
        .iter()
        .filter(|s| s.instruction_index != index && chain.contains(&s.stage))
        .any(|s| s.script.commands.iter().any(is_apk));
    let only_add_and_del = commands_of(model, index).all(|(_, c)| {
        c.package().is_none_or(|p| {
            p.manager != PackageManager::Apk
                || matches!(p.action, PackageAction::Install | PackageAction::Remove)
        })
    });
    if apk_elsewhere || !only_add_and_del {
        return Vec::new();
    }
    let mut edits = Vec::new();
    for script in model.scripts_of(index) {
        let commands = &script.script.commands;
        let Some(last_apk) = commands.iter().rposition(is_apk) else {
            continue;
        };
        for (i, command) in commands.iter().enumerate().skip(last_apk + 1) {
            let Some(Invocation::File(op)) = &command.invocation else {
                continue;
            };
            let under_cache = |w: &crate::model::shell::Word<'_>| {
                w.literal()
                    .is_some_and(|v| v == "/var/cache/apk" || v.starts_with("/var/cache/apk/"))
            };
            if op.tool != FileTool::Remove
                || command.joiner != Joiner::And
                || command.group.is_some()
                || command.depth != 0
                || op.paths().is_empty()
                || !op.paths().iter().all(under_cache)
            {
                continue;
            }
            // The top-level command before it, joined by `&&` alone.
            let Some(previous) = commands.get(..i).and_then(|before| {
                before
                    .iter()
                    .rev()
                    .find(|c| c.group.is_none() && c.depth == 0)
            }) else {
                continue;
            };
            let between = script
                .text()
                .get(previous.span.end..command.span.start)
                .unwrap_or("");
            if between.trim() == "&&" {
                let span = script.file_span(ByteRange::new(previous.span.end, command.span.end));
                edits.push(Edit::delete(span.start, span.end));
            }
        }
    }
    edits
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        if !ships(model, index) || mounts_cache_at(instruction, "/var/cache/apk") {
            continue;
        }
        let mut cleanup = cache_cleanup(model, index);
        for (script, command, package) in package_commands_of(model, index) {
            if package.manager != PackageManager::Apk
                || package.action != PackageAction::Install
                || package.no_cache()
            {
                continue;
            }
            let mut edits = vec![insert_after_subcommand(script, package, " --no-cache")];
            // The first finding of the RUN also drops the cache cleanup.
            edits.append(&mut cleanup);
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
    fn the_cache_cleanup_goes_only_when_nothing_else_fills_the_cache() {
        let text = "FROM alpine:3\nRUN apk add a \\\n  && rm -rf /var/cache/apk/* && echo ok\n";
        assert_eq!(
            fixed(text, "DL3019"),
            "FROM alpine:3\nRUN apk add --no-cache a && echo ok\n"
        );
        let kept = [
            // `apk update` fills the cache.
            "FROM alpine:3\nRUN apk update && apk add a && rm -rf /var/cache/apk/*\n",
            // Another RUN of the stage may have filled it.
            "FROM alpine:3\nRUN apk add --no-cache b\nRUN apk add a && rm -rf /var/cache/apk/*\n",
            // Other paths, and `||` joins.
            "FROM alpine:3\nRUN apk add a && rm -rf /var/cache/apk/* /tmp/x\n",
            "FROM alpine:3\nRUN apk add a || rm -rf /var/cache/apk/*\n",
        ];
        for text in kept {
            assert!(fixed(text, "DL3019").contains("rm -rf"), "{text}");
        }
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
