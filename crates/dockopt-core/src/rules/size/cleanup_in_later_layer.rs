use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation, PackageAction, PackageManager};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{append_to_script, is_apt, mounts_cache_at};
use crate::rules::size_helpers::{
    command_text, delete_command, is_metadata_only, known_var, line_of, non_root_user_before,
    normalize_path, removal_covers, run_removes_path, runs,
};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags an `rm` in a RUN that deletes files an *earlier* RUN of the
    /// same stage wrote and kept: apt lists and archives, the apk, pip, npm
    /// and yarn caches, files downloaded with `curl -o`/`wget -O`, and
    /// `git clone` checkouts (absolute paths only).
    ///
    /// ## Why is this bad?
    /// Every RUN is a layer, and a layer can only hide what lower layers
    /// hold: the deleted files stay in the image, at full size, in the layer
    /// that wrote them. The cleanup has to happen in the RUN that creates
    /// the files.
    ///
    /// Only stages whose file system ships are checked; a RUN that itself
    /// re-creates the files before deleting them is not flagged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Moves the `rm` command into the RUN that created the files: it is
    /// deleted from the later RUN (the whole RUN when it was its only
    /// command) and appended to the earlier one. This is safe when only
    /// metadata instructions (ENV, LABEL, ARG, EXPOSE, …) stand between the
    /// two RUNs; when other instructions do, they might have used the files,
    /// so the fix is unsafe. When an instruction in between (or the later
    /// RUN itself, before the `rm`) visibly reads the files — an apt command
    /// for the apt lists, a mention of a downloaded file — no fix is
    /// offered: merging the RUNs is the way out there.
    ///
    /// ## Size impact
    /// What the earlier layer keeps: for the apt lists 18–78 MB (five
    /// published before/after figures, research §6: 565.7→528.5 MB,
    /// 600→570 MB, ≈40 MB, 481→463 MB, lists growing 14→92 MB); for the npm
    /// cache 21.8 MB in nwtgck/piping-server#388; for downloads, the size
    /// of the archive. Merging install and cleanup into one RUN took
    /// badges/shields from 1.135 GB to 271 MB.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    /// - tianon/docker-brew-ubuntu-core#90 (deleting in a later layer saves nothing)
    pub static RULE = {
        code: "DO2001",
        name: "cleanup-in-later-layer",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Mixed,
        summary: "Files deleted in a later RUN still take space in the layer that wrote them",
        sources: &["Docker best practices: apt-get", "tianon/docker-brew-ubuntu-core#90", "badges/shields#10957"],
        check: check,
    }
}

/// What a RUN leaves behind at a path.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Apt,
    Cache,
    File,
}

struct Created {
    path: String,
    kind: Kind,
}

/// The paths a RUN writes (and, unless `even_if_removed`, does not delete
/// itself).
fn created_by(model: &Model<'_>, index: usize, even_if_removed: bool) -> Vec<Created> {
    let mut out: Vec<Created> = Vec::new();
    let root_home = !non_root_user_before(model, index);
    let mounted = |path: &str| {
        model
            .instructions
            .get(index)
            .is_some_and(|l| mounts_cache_at(l.instruction, path))
    };
    let mut add = |path: String, kind: Kind| {
        if !out.iter().any(|c| c.path == path)
            && !mounted(&path)
            && (even_if_removed || !run_removes_path(model, index, &path))
        {
            out.push(Created { path, kind });
        }
    };
    let pip_no_cache = known_var(model, index, "PIP_NO_CACHE_DIR")
        .is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "off" | "no"));
    for script in model.scripts_of(index) {
        for command in &script.script.commands {
            match &command.invocation {
                Some(Invocation::Package(p)) => match (p.manager, p.action) {
                    (m, PackageAction::Update) if is_apt(m) => {
                        add("/var/lib/apt/lists".into(), Kind::Apt)
                    }
                    (m, PackageAction::Install) if is_apt(m) => {
                        add("/var/cache/apt".into(), Kind::Apt)
                    }
                    (PackageManager::Apk, PackageAction::Install | PackageAction::Update)
                        if !p.no_cache() =>
                    {
                        add("/var/cache/apk".into(), Kind::Cache)
                    }
                    (PackageManager::Pip, PackageAction::Install)
                        if root_home && !p.no_cache() && !pip_no_cache =>
                    {
                        add("/root/.cache/pip".into(), Kind::Cache)
                    }
                    (PackageManager::Npm, PackageAction::Install) if root_home => {
                        add("/root/.npm".into(), Kind::Cache)
                    }
                    (PackageManager::Yarn, PackageAction::Install) if root_home => {
                        add("/usr/local/share/.cache/yarn".into(), Kind::Cache)
                    }
                    _ => {}
                },
                Some(Invocation::Download(d)) => {
                    if let Some(path) = d.output.as_ref().and_then(|o| o.literal()) {
                        if path.starts_with('/') {
                            add(path.to_string(), Kind::File);
                        }
                    }
                }
                _ if command.program() == Some("git") => {
                    let args = command.arguments();
                    let operands: Vec<&str> = args
                        .iter()
                        .filter_map(|w| w.literal())
                        .filter(|w| !w.starts_with('-'))
                        .collect();
                    if operands.first() == Some(&"clone") && operands.len() >= 3 {
                        if let Some(dir) = operands.last().filter(|d| d.starts_with('/')) {
                            add(dir.to_string(), Kind::File);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether instruction `index` visibly reads `created`.
fn reads(model: &Model<'_>, index: usize, created: &Created, before_offset: usize) -> bool {
    model.scripts_of(index).any(|script| {
        script.script.commands.iter().any(|command| {
            if script.file_span(command.span).start >= before_offset {
                return false;
            }
            if matches!(&command.invocation, Some(Invocation::File(op)) if op.tool == FileTool::Remove)
            {
                return false;
            }
            match created.kind {
                Kind::Apt => command.package().is_some_and(|p| is_apt(p.manager)),
                Kind::Cache => false,
                Kind::File => command
                    .words
                    .iter()
                    .any(|w| normalize_path(&w.value) == normalize_path(&created.path)),
            }
        })
    })
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let run_list: Vec<usize> = runs(model).map(|(i, _)| i).collect();
    for &later in &run_list {
        if !ships(model, later) {
            continue;
        }
        let Some(stage) = model.instructions.get(later).and_then(|l| l.stage) else {
            continue;
        };
        let own = created_by(model, later, true);
        for script in model.scripts_of(later) {
            for (at, command) in script.script.commands.iter().enumerate() {
                let Some(Invocation::File(op)) = &command.invocation else {
                    continue;
                };
                if op.tool != FileTool::Remove || command.depth > 0 {
                    continue;
                }
                let mut matched: Vec<(usize, usize, &crate::model::shell::Word<'_>)> = Vec::new();
                let mut unmatched = 0;
                for word in op.paths() {
                    let Some(value) = word.literal() else {
                        unmatched += 1;
                        continue;
                    };
                    if own.iter().any(|c| removal_covers(value, &c.path)) {
                        unmatched += 1;
                        continue;
                    }
                    // The nearest earlier RUN of the stage that keeps it.
                    let creator = run_list
                        .iter()
                        .rev()
                        .filter(|&&e| e < later)
                        .filter(|&&e| {
                            model.instructions.get(e).and_then(|l| l.stage) == Some(stage)
                        })
                        .find_map(|&e| {
                            created_by(model, e, false)
                                .iter()
                                .position(|c| removal_covers(value, &c.path))
                                .map(|p| (e, p))
                        });
                    match creator {
                        Some((e, p)) => matched.push((e, p, word)),
                        None => unmatched += 1,
                    }
                }
                let Some(&(first_creator, first_path, _)) = matched.first() else {
                    continue;
                };
                let one_creator = matched.iter().all(|(e, _, _)| *e == first_creator);
                let created = created_by(model, first_creator, false);
                let fix = (unmatched == 0 && one_creator)
                    .then(|| {
                        let target = created.get(first_path)?;
                        let rm_start = script.file_span(command.span).start;
                        let in_between_reads = (first_creator + 1..later)
                            .any(|i| reads(model, i, target, usize::MAX))
                            || reads(model, later, target, rm_start);
                        if in_between_reads {
                            return None;
                        }
                        let delete = delete_command(model, script, at)?;
                        let creator_script = model.scripts_of(first_creator).last()?;
                        let append =
                            append_to_script(creator_script, command_text(script, command));
                        let only_metadata = (first_creator + 1..later).all(|i| {
                            model
                                .instructions
                                .get(i)
                                .is_some_and(|l| is_metadata_only(l.instruction))
                        });
                        let applicability = if only_metadata {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        };
                        let mut edits = vec![append, delete];
                        crate::sort::sort(&mut edits);
                        Some((applicability, edits))
                    })
                    .flatten();
                for (n, (creator, _, word)) in matched.iter().enumerate() {
                    let line = model
                        .instructions
                        .get(*creator)
                        .map(|l| line_of(model, l.instruction.span.start))
                        .unwrap_or(0);
                    let diagnostic = checker.report(
                        script.file_span(word.span),
                        format!(
                            "`{}` was written by the RUN on line {line}: deleting it in a later RUN frees nothing; delete it in that RUN",
                            word.value
                        ),
                    );
                    if n == 0 {
                        if let Some((applicability, edits)) = fix.clone() {
                            diagnostic.fix(
                                format!(
                                    "Move `{}` into the RUN on line {line}",
                                    command_text(script, command)
                                ),
                                applicability,
                                edits,
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{check_fixture, findings, fix_all, spanned};

    #[test]
    fn points_at_the_removed_path_and_moves_the_command() {
        let text = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl\nENV A=1\nRUN echo hi && rm -rf /var/lib/apt/lists/*\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/var/lib/apt/lists/*");
        assert_eq!(found[0].span.start_position.line, 5);
        assert_eq!(found[0].span.start_position.column, 23);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::fix::Applicability::Safe)
        );
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nENV A=1\nRUN echo hi\n"
        );
    }

    #[test]
    fn a_later_apt_install_reading_the_lists_gets_no_fix() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn cleanup_of_its_own_files_or_in_builder_stages_is_fine() {
        let own = "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        assert!(findings(&RULE, own).is_empty());
        let builder = "FROM debian:12 AS build\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM scratch\nCOPY --from=build /etc/hostname /x\n";
        assert!(findings(&RULE, builder).is_empty());
        let unrelated = "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert!(findings(&RULE, unrelated).is_empty());
        let mounted = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert!(
            findings(&RULE, mounted).is_empty(),
            "the lists were never in a layer"
        );
    }

    #[test]
    fn downloads_and_heredoc_cleanups() {
        let text = "FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz\nCOPY x /x\nRUN <<EOF\nset -e\nrm -f /tmp/app.tgz\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/tmp/app.tgz");
        assert_eq!(found[0].span.start_position.line, 6);
        assert_eq!(found[0].span.start_position.column, 7);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::fix::Applicability::Unsafe)
        );
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && rm -f /tmp/app.tgz\nCOPY x /x\nRUN <<EOF\nset -e\nEOF\n"
        );
    }

    #[test]
    fn mixed_paths_are_reported_without_a_fix() {
        let text = "FROM alpine:3\nRUN apk add curl\nRUN rm -rf /var/cache/apk/* /opt/other\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/var/cache/apk/*");
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn rewrite_fixture_move_cleanup() {
        check_fixture("move-cleanup");
    }
}
