//! Questions many rules ask of the model, answered once.

use dockopt_syntax::{Instruction, Span};

use crate::fix::Edit;
use crate::model::shell::{
    Command, FileTool, Invocation, PackageAction, PackageCommand, PackageManager,
};
use crate::model::{Base, Model, RunScript, ScriptSource, Stage};

/// The stage instruction `index` belongs to (`None` before the first FROM).
pub fn stage_of<'m, 'd>(model: &'m Model<'d>, index: usize) -> Option<&'m Stage<'d>> {
    model
        .instructions
        .get(index)
        .and_then(|l| l.stage)
        .and_then(|s| model.stages.get(s))
}

/// Whether instruction `index` is in a stage whose whole file system is in
/// the shipped image.
pub fn ships(model: &Model<'_>, index: usize) -> bool {
    stage_of(model, index).is_some_and(|s| s.in_image)
}

/// The stages `stage` is built on (`FROM <stage>`), itself first, then its
/// parent stage and so on (bounded, never loops).
pub fn stage_chain(model: &Model<'_>, stage: usize) -> Vec<usize> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(Base::Stage(parent)) = model.stages.get(current).map(|s| &s.base) {
        if *parent >= current || chain.contains(parent) {
            break;
        }
        chain.push(*parent);
        current = *parent;
    }
    chain
}

/// The targets of `--mount=type=cache` and `--mount=type=tmpfs` of a RUN:
/// what is written there is not kept in the layer.
pub fn cache_mount_targets(instruction: &Instruction) -> Vec<String> {
    instruction
        .flags_named("mount")
        .map(|flag| flag.mount())
        .filter(|mount| matches!(mount.kind(), "cache" | "tmpfs"))
        .filter_map(|mount| mount.target().map(|t| t.trim_end_matches('/').to_string()))
        .collect()
}

/// Whether a cache or tmpfs mount of the RUN covers `path`.
pub fn mounts_cache_at(instruction: &Instruction, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    cache_mount_targets(instruction)
        .iter()
        .any(|target| path == target || path.starts_with(&format!("{target}/")))
}

/// Every command of every script of a RUN, with its script.
pub fn commands_of<'m, 'd>(
    model: &'m Model<'d>,
    instruction_index: usize,
) -> impl Iterator<Item = (&'m RunScript<'d>, &'m Command<'d>)> {
    model
        .scripts_of(instruction_index)
        .flat_map(|script| script.script.commands.iter().map(move |c| (script, c)))
}

/// Every package command of a RUN, with its script and command.
pub fn package_commands_of<'m, 'd>(
    model: &'m Model<'d>,
    instruction_index: usize,
) -> impl Iterator<Item = (&'m RunScript<'d>, &'m Command<'d>, &'m PackageCommand<'d>)> {
    commands_of(model, instruction_index).filter_map(|(s, c)| c.package().map(|p| (s, c, p)))
}

pub fn is_apt(manager: PackageManager) -> bool {
    matches!(
        manager,
        PackageManager::AptGet | PackageManager::Apt | PackageManager::Aptitude
    )
}

/// Whether the RUN deletes `path` (or a parent, or `path/*`) with `rm`.
pub fn run_removes(model: &Model<'_>, instruction_index: usize, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    commands_of(model, instruction_index).any(|(_, command)| match &command.invocation {
        Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
            op.paths().iter().any(|word| {
                let value = word.value.trim_end_matches("/*").trim_end_matches('/');
                !value.is_empty() && (path == value || path.starts_with(&format!("{value}/")))
            })
        }
        _ => false,
    })
}

/// The file span of a package command's subcommand (`update`, `install`),
/// or of its program name when it has none.
pub fn subcommand_span(
    script: &RunScript<'_>,
    command: &Command<'_>,
    package: &PackageCommand<'_>,
) -> Span {
    match (package.subcommand.first(), package.subcommand.last()) {
        (Some(first), Some(last)) => script.file_span(crate::model::shell::ByteRange::new(
            first.span.start,
            last.span.end,
        )),
        _ => command
            .name()
            .map(|n| script.file_span(n.span))
            .unwrap_or_else(|| script.file_span(command.span)),
    }
}

/// An edit that inserts `text` right after the subcommand of `package`
/// (`install` → `install --no-install-recommends`).
pub fn insert_after_subcommand(
    script: &RunScript<'_>,
    package: &PackageCommand<'_>,
    text: &str,
) -> Edit {
    let at = script
        .file_span(crate::model::shell::ByteRange::new(
            package.insert_at,
            package.insert_at,
        ))
        .start;
    Edit::insert(at, text)
}

/// An edit that appends a shell command to the end of a RUN script:
/// ` && cmd` on the command line, or a new line at the end of a heredoc
/// body.
pub fn append_to_script(script: &RunScript<'_>, command: &str) -> Edit {
    match script.source {
        ScriptSource::CommandLine(shell) => {
            let end = shell.text.trim_end().len();
            let at = shell.source_span(end..end).end;
            Edit::insert(at, format!(" && {command}"))
        }
        ScriptSource::Heredoc(heredoc) => {
            let needs_newline = !heredoc.content.is_empty() && !heredoc.content.ends_with('\n');
            let line = if needs_newline {
                format!("\n{command}\n")
            } else {
                format!("{command}\n")
            };
            Edit::insert(heredoc.body.end, line)
        }
    }
}

/// Whether any later RUN in the same stage, or in a stage built on it,
/// installs apt packages without its own `apt-get update` first (it would
/// rely on the lists this RUN leaves behind).
pub fn later_apt_install_relies_on_lists(model: &Model<'_>, instruction_index: usize) -> bool {
    let Some(stage) = model
        .instructions
        .get(instruction_index)
        .and_then(|l| l.stage)
    else {
        return false;
    };
    let descends = |s: usize| {
        let mut current = Some(s);
        let mut steps = 0;
        while let Some(c) = current {
            if c == stage {
                return true;
            }
            steps += 1;
            current = match model.stages.get(c).map(|st| &st.base) {
                Some(crate::model::Base::Stage(p)) if *p < c && steps <= model.stages.len() => {
                    Some(*p)
                }
                _ => None,
            };
        }
        false
    };
    model
        .scripts
        .iter()
        .filter(|s| s.instruction_index > instruction_index && descends(s.stage))
        .any(|script| {
            let mut updated = false;
            for (_, package) in script.script.package_commands() {
                if !is_apt(package.manager) {
                    continue;
                }
                match package.action {
                    PackageAction::Update => updated = true,
                    PackageAction::Install
                    | PackageAction::Upgrade
                    | PackageAction::DistUpgrade
                        if !updated =>
                    {
                        return true
                    }
                    _ => {}
                }
            }
            false
        })
}
