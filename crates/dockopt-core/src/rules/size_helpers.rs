//! Questions the size and build-cache rules (DO2xxx, DO3xxx) share: does an
//! instruction's stage ship, which paths a RUN leaves behind, and the edits
//! that move or delete one command of a RUN. Owned by those rules; general
//! questions stay in `helpers.rs`.

use dockopt_syntax::{Instruction, InstructionKind, Span};

use crate::fix::Edit;
use crate::model::shell::{ByteRange, Command, FileTool, Invocation, Joiner};
use crate::model::{Base, Model, RunScript, Value};
use crate::rules::helpers::stage_of;

/// The RUN instructions of the file, with their indices.
pub fn runs<'m, 'd>(model: &'m Model<'d>) -> impl Iterator<Item = (usize, &'d Instruction)> + 'm {
    model
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, l)| l.instruction.kind == InstructionKind::Run)
        .map(|(i, l)| (i, l.instruction))
}

/// The image the stage of instruction `index` is built on, following
/// `FROM <stage>` links (lower case, registry `docker.io/library/` removed).
pub fn base_image(model: &Model<'_>, index: usize) -> Option<String> {
    let mut stage = model.instructions.get(index)?.stage?;
    for _ in 0..=model.stages.len() {
        match &model.stages.get(stage)?.base {
            Base::Stage(parent) if *parent < stage => stage = *parent,
            Base::Image { reference, .. } => {
                let lower = reference.to_ascii_lowercase();
                let short = lower
                    .strip_prefix("docker.io/")
                    .unwrap_or(&lower)
                    .trim_start_matches("library/")
                    .to_string();
                return Some(short);
            }
            _ => return None,
        }
    }
    None
}

/// Whether the stage of `index` is built on the official image `name`
/// (`ruby`, `ruby:3.3-slim`, `docker.io/library/ruby@sha256:…`).
pub fn built_on(model: &Model<'_>, index: usize, name: &str) -> bool {
    base_image(model, index).is_some_and(|image| {
        image == name
            || image.starts_with(&format!("{name}:"))
            || image.starts_with(&format!("{name}@"))
    })
}

/// A variable's known value just before instruction `index`.
pub fn known_var(model: &Model<'_>, index: usize, name: &str) -> Option<String> {
    match model.scope_at(index).get(name)? {
        Value::Known(v) => Some(v.clone()),
        Value::Unknown => None,
    }
}

/// Whether a variable is set (ENV or ARG, known or not) before `index`.
pub fn var_is_set(model: &Model<'_>, index: usize, name: &str) -> bool {
    model.scope_at(index).is_set(name)
}

/// A non-root `USER` is in effect at instruction `index` (in its stage).
pub fn non_root_user_before(model: &Model<'_>, index: usize) -> bool {
    let Some(stage) = stage_of(model, index) else {
        return false;
    };
    let mut user: Option<String> = None;
    for located in model
        .instructions
        .get(stage.body.start..index.min(stage.body.end))
        .unwrap_or(&[])
    {
        if located.instruction.kind == InstructionKind::User {
            user = located
                .instruction
                .single_word()
                .map(|w| w.text.to_string());
        }
    }
    user.is_some_and(|u| {
        let name = u.split(':').next().unwrap_or("");
        name != "root" && name != "0"
    })
}

/// A path with `/*` and trailing slashes removed.
pub fn normalize_path(path: &str) -> &str {
    let trimmed = path.trim_end_matches("/*").trim_end_matches('/');
    if trimmed.is_empty() && path.starts_with('/') {
        "/"
    } else {
        trimmed
    }
}

/// Whether `removed` (an `rm` operand) deletes `created` or part of it.
pub fn removal_covers(removed: &str, created: &str) -> bool {
    let removed = normalize_path(removed);
    let created = normalize_path(created);
    if removed.is_empty() || created.is_empty() || removed == "/" {
        return false;
    }
    removed == created
        || created.starts_with(&format!("{removed}/"))
        || removed.starts_with(&format!("{created}/"))
}

/// Whether a RUN removes `path` (or a parent of it) with `rm`, anywhere.
pub fn run_removes_path(model: &Model<'_>, index: usize, path: &str) -> bool {
    model.scripts_of(index).any(|script| {
        script
            .script
            .commands
            .iter()
            .any(|command| match &command.invocation {
                Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                    op.paths().iter().any(|w| {
                        let removed = normalize_path(&w.value);
                        let target = normalize_path(path);
                        !removed.is_empty()
                            && removed != "/"
                            && (removed == target || target.starts_with(&format!("{removed}/")))
                    })
                }
                _ => false,
            })
    })
}

/// The command text as written in its script (continuations of a
/// command-line script are already joined).
pub fn command_text<'s>(script: &'s RunScript<'_>, command: &Command<'_>) -> &'s str {
    script
        .text()
        .get(command.span.start..command.span.end)
        .unwrap_or("")
}

/// Whether a command is a plain step of its script: at the top level, run
/// unconditionally, joined by `&&`, `;` or a newline (not `||`, `|`, `&`).
pub fn is_plain_step(command: &Command<'_>) -> bool {
    command.group.is_none()
        && command.depth == 0
        && !command.conditional
        && !command.in_pipeline
        && matches!(
            command.joiner,
            Joiner::Start | Joiner::And | Joiner::Semicolon | Joiner::Newline
        )
}

/// The node span (whole lines, final newline included) of an instruction.
pub fn instruction_lines(model: &Model<'_>, instruction: &Instruction) -> Span {
    model
        .dockerfile
        .nodes()
        .iter()
        .find(|n| n.span.start == instruction.span.start)
        .map(|n| n.full_span)
        .unwrap_or(instruction.span)
}

/// The edit that removes one plain command from a RUN, with the operator
/// that joins it to its neighbour; the whole instruction (its lines) when
/// it is the RUN's only command. `None` when the command cannot be cut out
/// cleanly (nested, conditional, or next to `||`/`|`).
pub fn delete_command(model: &Model<'_>, script: &RunScript<'_>, at: usize) -> Option<Edit> {
    let commands = &script.script.commands;
    let command = commands.get(at)?;
    if !is_plain_step(command) {
        return None;
    }
    let top: Vec<(usize, &Command<'_>)> = commands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.group.is_none() && c.depth == 0)
        .collect();
    let position = top.iter().position(|(i, _)| *i == at)?;
    let next = top.get(position + 1).map(|(_, c)| *c);
    let previous = position
        .checked_sub(1)
        .and_then(|p| top.get(p))
        .map(|(_, c)| *c);
    if let Some(next) = next {
        if !is_plain_step(next) {
            return None;
        }
    }
    let only_script_of_run = model.scripts_of(script.instruction_index).count() == 1;
    match (previous, next) {
        (None, None) if only_script_of_run && script.instruction.heredocs.is_empty() => {
            Some(delete_instruction(model, script.instruction))
        }
        (None, None) => None,
        (None, Some(next)) => {
            let span = script.file_span(ByteRange::new(command.span.start, next.span.start));
            Some(Edit::delete(span.start, span.end))
        }
        (Some(previous), _) => {
            let span = script.file_span(ByteRange::new(previous.span.end, command.span.end));
            Some(Edit::delete(span.start, span.end))
        }
    }
}

/// The edit that deletes an instruction's lines; when a blank line is on
/// both sides, one of them goes too, so no double blank line is left.
pub fn delete_instruction(model: &Model<'_>, instruction: &Instruction) -> Edit {
    let lines = instruction_lines(model, instruction);
    let text = model.text;
    let before = text.get(..lines.start).unwrap_or("");
    let after = text.get(lines.end..).unwrap_or("");
    let blank_before = before.ends_with("\n\n") || before.is_empty();
    let end = if blank_before && after.starts_with('\n') {
        lines.end + 1
    } else if blank_before && after.starts_with("\r\n") {
        lines.end + 2
    } else {
        lines.end
    };
    Edit::delete(lines.start, end)
}

/// The line number (1-based) of a byte offset, for messages.
pub fn line_of(model: &Model<'_>, offset: usize) -> u32 {
    model.line_index.position(model.text, offset).line
}

/// An instruction that changes neither files nor the user: it cannot read
/// or write what a RUN left behind.
pub fn is_metadata_only(instruction: &Instruction) -> bool {
    matches!(
        instruction.kind,
        InstructionKind::Env
            | InstructionKind::Arg
            | InstructionKind::Label
            | InstructionKind::Expose
            | InstructionKind::Maintainer
            | InstructionKind::Stopsignal
            | InstructionKind::Healthcheck
            | InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Volume
    )
}

/// Archive file names a RUN typically unpacks.
pub fn is_archive_name(name: &str) -> bool {
    const ARCHIVES: &[&str] = &[
        ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst", ".tar", ".zip",
        ".deb", ".rpm", ".apk", ".whl", ".gz", ".xz", ".bz2",
    ];
    let lower = name.to_ascii_lowercase();
    ARCHIVES.iter().any(|a| lower.ends_with(a))
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::config::Config;
    use crate::engine::Options;
    use crate::fix::FixSelection;
    use crate::report::Finding;
    use crate::rules::test_support;
    use crate::rules::Rule;

    pub fn config_for(rules: &[&Rule]) -> Config {
        let mut config = Config::default();
        for rule in rules {
            config
                .rules
                .severity
                .insert(rule.code.to_string(), rule.severity);
        }
        config
    }

    /// The findings of `rule` for `text`.
    pub fn findings(rule: &Rule, text: &str) -> Vec<Finding> {
        findings_with(rule, text, None)
    }

    pub fn findings_with(rule: &Rule, text: &str, dockerignore: Option<&str>) -> Vec<Finding> {
        let config = config_for(&[rule]);
        let options = Options {
            config: Some(&config),
            dockerignore,
        };
        test_support::findings_with(text, rule.code, options)
    }

    /// The text a finding points at.
    pub fn spanned<'t>(text: &'t str, finding: &Finding) -> &'t str {
        &text[finding.span.start..finding.span.end]
    }

    /// Apply the fixes of `rules` (whatever their applicability) to a fixed
    /// point, as the rewrite fixtures' harness does.
    pub fn fix_all(rules: &[&Rule], text: &str) -> String {
        let codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        test_support::fixed_point(text, &codes, &config_for(rules), &FixSelection::default())
    }

    /// Read a rewrite fixture: (before, after, rule codes).
    pub fn fixture(name: &str) -> (String, String, Vec<String>) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rewrites/");
        let read = |file: &str| {
            std::fs::read_to_string(format!("{dir}{name}/{file}"))
                .unwrap_or_else(|e| panic!("{name}/{file}: {e}"))
        };
        let rules = read("rules.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        (read("before.Dockerfile"), read("after.Dockerfile"), rules)
    }

    /// Check a rewrite fixture: applying the listed rules' fixes to
    /// before.Dockerfile gives after.Dockerfile.
    pub fn check_fixture(name: &str) {
        let (before, after, codes) = fixture(name);
        let rules: Vec<&Rule> = codes
            .iter()
            .map(|c| crate::rules::find(c).unwrap_or_else(|| panic!("unknown rule {c}")))
            .collect();
        let fixed = fix_all(&rules, &before);
        assert_eq!(fixed, after, "fixture {name}");
        // A fixed point: the rules have nothing left to fix in `after`.
        assert_eq!(
            fix_all(&rules, &after),
            after,
            "fixture {name} is not a fixed point"
        );
    }
}
