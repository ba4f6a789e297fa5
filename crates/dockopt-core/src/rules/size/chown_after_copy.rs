use dockopt_syntax::{Instruction, InstructionKind};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{FileTool, Invocation};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::helpers::{ships, stage_of};
use crate::rules::size_helpers::{
    delete_command, is_metadata_only, is_plain_step, normalize_path, runs,
};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `RUN chown` or `RUN chmod` of the path a COPY (or ADD) right
    /// before it just wrote, in a stage whose file system ships: recursive
    /// (`-R`), or of the one file the COPY wrote. Only metadata
    /// instructions (ENV, ARG, LABEL, EXPOSE, …) may stand between the two.
    /// A non-recursive change of a directory is not flagged: it rewrites
    /// the directory entry only.
    ///
    /// ## Why is this bad?
    /// Changing the owner or mode of a file rewrites it: the RUN's layer
    /// holds a second full copy of everything the COPY added, so the copied
    /// files count twice in the image. `COPY --chown=` and `COPY --chmod=`
    /// set them in the COPY's own layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY server.js /srv/server.js
    /// RUN chown node:node /srv/server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY --chown=node:node server.js /srv/server.js
    /// ```
    ///
    /// ## Fix safety
    /// Adds `--chown=OWNER` (or `--chmod=MODE`, for an octal mode) to the
    /// COPY and deletes the `chown`/`chmod` command (the whole RUN when it
    /// was its only command). It is safe when the COPY writes one file to a
    /// file path and the owner names both user and group. It is unsafe
    /// otherwise: `chown -R` of a directory also covers what earlier
    /// instructions put there (a `node_modules` from `npm ci`, say) and the
    /// directory itself, which `COPY --chown` leaves alone; and `COPY
    /// --chown=user` sets the group to the user's numeric id while `chown
    /// user` leaves it unchanged. No fix is offered when the RUN creates the
    /// user itself (`COPY --chown` would run before the user exists), for
    /// non-octal modes, or when the COPY already has the flag.
    ///
    /// ## Size impact
    /// The whole size of what the COPY added, once more: a metadata change
    /// copies each file up into the new layer (overlayfs copy-up). Layer
    /// semantics are what makes the difference in the published 1.135 GB →
    /// 271 MB of badges/shields#10957 (research §6); the copied size itself
    /// depends on the build context and is not estimated statically.
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#copy---chown---chmod>
    pub static RULE = {
        code: "DO2002",
        name: "chown-after-copy",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Mixed,
        summary: "chown/chmod after COPY duplicates the copied files: use COPY --chown/--chmod",
        sources: &["Docker reference: COPY --chown --chmod", "badges/shields#10957"],
        check: check,
    }
}

/// The last literal absolute WORKDIR of the stage before `index`.
fn workdir_at(model: &Model<'_>, index: usize) -> Option<String> {
    let stage = stage_of(model, index)?;
    let mut dir: Option<String> = None;
    for located in model
        .instructions
        .get(stage.body.start..index.min(stage.body.end))
        .unwrap_or(&[])
    {
        if located.instruction.kind == InstructionKind::Workdir {
            let word = located
                .instruction
                .single_word()
                .map(|w| w.text.to_string());
            dir = match word {
                Some(w) if w.contains('$') => None,
                Some(w) if w.starts_with('/') => Some(w),
                Some(w) => dir.map(|d| format!("{}/{w}", d.trim_end_matches('/'))),
                None => None,
            };
        }
    }
    dir
}

/// `path` made absolute against `workdir` (`None` when it cannot be).
fn resolve(path: &str, workdir: Option<&str>) -> Option<String> {
    if path.contains('$') {
        return None;
    }
    if path.starts_with('/') {
        return Some(normalize_path(path).to_string());
    }
    let base = workdir?.trim_end_matches('/');
    let rest = path.trim_start_matches("./");
    let rest = normalize_path(rest);
    Some(match rest {
        "" | "." => {
            if base.is_empty() {
                "/".into()
            } else {
                base.to_string()
            }
        }
        r => format!("{base}/{r}"),
    })
}

fn looks_like_one_file(copy: &Instruction) -> bool {
    let Some(paths) = copy.paths() else {
        return false;
    };
    let (Some(dest), [source]) = (paths.destination(), paths.sources()) else {
        return false;
    };
    let s = source.text.as_str();
    let name = s.rsplit('/').next().unwrap_or("");
    let dest_name = dest.text.rsplit('/').next().unwrap_or("");
    copy.heredocs.is_empty()
        && !s.ends_with('/')
        && !s.contains(['*', '?', '[', '$'])
        && name.contains('.')
        && !name.starts_with('.')
        && !dest.text.ends_with('/')
        && dest_name.contains('.')
        && !matches!(dest_name, "." | "..")
        && copy.kind == InstructionKind::Copy
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) {
            continue;
        }
        // The instruction before the RUN, metadata skipped.
        let Some(copy_index) = (0..index).rev().find(|&i| {
            model
                .instructions
                .get(i)
                .is_none_or(|l| !is_metadata_only(l.instruction))
        }) else {
            continue;
        };
        let Some(copy) = model.instructions.get(copy_index).map(|l| l.instruction) else {
            continue;
        };
        if !matches!(copy.kind, InstructionKind::Copy | InstructionKind::Add)
            || model.instructions.get(copy_index).and_then(|l| l.stage)
                != model.instructions.get(index).and_then(|l| l.stage)
        {
            continue;
        }
        let Some(dest) = copy.paths().and_then(|p| p.destination()) else {
            continue;
        };
        let workdir = workdir_at(model, copy_index);
        let Some(dest) = resolve(&dest.text, workdir.as_deref()) else {
            continue;
        };
        for script in model.scripts_of(index) {
            let mut creates_user = false;
            for (at, command) in script.script.commands.iter().enumerate() {
                let op = match &command.invocation {
                    Some(Invocation::User(_)) => {
                        creates_user = true;
                        continue;
                    }
                    Some(Invocation::File(op))
                        if matches!(op.tool, FileTool::ChangeOwner | FileTool::ChangeMode) =>
                    {
                        op
                    }
                    _ => continue,
                };
                let chown = op.tool == FileTool::ChangeOwner;
                let flag = if chown { "chown" } else { "chmod" };
                let (Some(value), [path]) =
                    (op.owner_or_mode().and_then(|w| w.literal()), op.paths())
                else {
                    continue;
                };
                if !is_plain_step(command) || op.args.flags.iter().any(|f| f.name != "-r") {
                    continue;
                }
                let same = path
                    .literal()
                    .and_then(|p| resolve(p, workdir.as_deref()))
                    .is_some_and(|p| p == dest);
                // A non-recursive change of a directory rewrites only the
                // directory entry, not what the COPY put in it.
                if !same || !(op.recursive() || looks_like_one_file(copy)) {
                    continue;
                }
                let Some(name) = command.name() else { continue };
                let keyword = copy.keyword.text.as_str();
                let has_flag = copy.flag(flag).is_some();
                let octal = value.len() >= 3
                    && value.len() <= 4
                    && value.bytes().all(|b| (b'0'..=b'7').contains(&b));
                let diagnostic = checker.report(
                    script.file_span(name.span),
                    format!(
                        "`{flag}` of what the {keyword} before it wrote stores those files a second time: use `{keyword} --{flag}={value}`"
                    ),
                );
                if has_flag || (chown && creates_user) || (!chown && !octal) {
                    continue;
                }
                let at_copy = copy.flags.first().map(|f| f.span.start).or_else(|| {
                    copy.paths()
                        .and_then(|p| p.items.first())
                        .map(|w| w.span.start)
                });
                let (Some(at_copy), Some(delete)) = (at_copy, delete_command(model, script, at))
                else {
                    continue;
                };
                let both_names = value
                    .split_once(':')
                    .is_some_and(|(u, g)| !u.is_empty() && !g.is_empty());
                let safe = looks_like_one_file(copy) && (!chown || both_names);
                let mut edits = vec![Edit::insert(at_copy, format!("--{flag}={value} ")), delete];
                crate::sort::sort(&mut edits);
                diagnostic.fix(
                    format!("Use `{keyword} --{flag}={value}` and drop the `{flag}`"),
                    if safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    edits,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::fix::Applicability;
    use crate::rules::size_helpers::test_support::{check_fixture, findings, fix_all, spanned};

    #[test]
    fn recursive_chown_of_a_copied_directory_is_unsafe_to_fold() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production\nRUN chown -R node:node /app && npm run build\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "chown");
        assert_eq!(found[0].span.start_position.line, 5);
        assert_eq!(found[0].span.start_position.column, 5);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Unsafe)
        );
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM node:22\nWORKDIR /app\nCOPY --chown=node:node . .\nENV NODE_ENV=production\nRUN npm run build\n"
        );
    }

    #[test]
    fn chmod_in_a_heredoc_with_an_octal_mode() {
        let text = "FROM alpine:3\nCOPY run.sh /usr/local/bin/run.sh\nRUN <<EOF\nchmod 0755 /usr/local/bin/run.sh\necho ok\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "chmod");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 1);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM alpine:3\nCOPY --chmod=0755 run.sh /usr/local/bin/run.sh\nRUN <<EOF\necho ok\nEOF\n"
        );
    }

    #[test]
    fn not_flagged_for_other_paths_builder_stages_or_after_a_run() {
        for text in [
            "FROM alpine:3\nCOPY a.sh /a.sh\nRUN chown -R 1:1 /data\n",
            "FROM alpine:3\nCOPY a.sh /a.sh\nRUN true\nRUN chown 1:1 /a.sh\n",
            "FROM alpine:3 AS build\nCOPY a.sh /a.sh\nRUN chown 1:1 /a.sh\nFROM scratch\nCOPY --from=build /a.sh /a.sh\n",
            "FROM alpine:3\nCOPY a.sh /a.sh\nRUN chown --reference=/etc /a.sh\n",
            "FROM alpine:3\nCOPY --from=up /opt/conda /opt/conda\nRUN chmod =2775 /opt/conda\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn no_fix_when_the_run_creates_the_user_or_the_mode_is_symbolic() {
        let user = "FROM alpine:3\nCOPY app /app\nRUN adduser -D app && chown -R app:app /app\n";
        let found = findings(&RULE, user);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        let symbolic = "FROM alpine:3\nCOPY a.sh /a.sh\nRUN chmod +x /a.sh\n";
        let found = findings(&RULE, symbolic);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn a_file_copied_into_a_directory_then_chowned_with_it_is_unsafe() {
        let text = "FROM python:3\nWORKDIR /app\nCOPY trainer.py .\nRUN chown -R ray:ray .\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Unsafe)
        );
    }

    #[test]
    fn owner_without_group_is_unsafe() {
        let text = "FROM alpine:3\nCOPY a.sh /a.sh\nRUN chown app /a.sh\n";
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Unsafe)
        );
    }

    #[test]
    fn rewrite_fixture_copy_chown() {
        check_fixture("copy-chown");
    }
}
