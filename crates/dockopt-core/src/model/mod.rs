//! The semantic model over the syntax tree: build stages and their graph,
//! which stages end up in the shipped image, ARG/ENV scopes, and the shell
//! commands inside every RUN (heredoc bodies included), each mapped back to
//! exact spans of the file.
//!
//! The model reads the tree; it never changes the text and knows nothing of
//! rules. A variable whose value cannot be known (an `ARG` without default,
//! set only at build time) is [`Value::Unknown`], never guessed.

mod scope;
pub mod shell;
mod stages;

use dockopt_syntax::{
    Dockerfile, Heredoc, Instruction, InstructionKind, LineIndex, ShellText, Span,
};

pub use scope::{Scope, Value};
pub use stages::{Base, Stage};

use shell::{parse_script, ByteRange, Script};

use crate::config::Config;

/// Where the text of a RUN script comes from.
#[derive(Debug, Clone, Copy)]
pub enum ScriptSource<'d> {
    /// The shell-form command line (continuations joined).
    CommandLine(&'d ShellText),
    /// A heredoc body that the shell runs as a script (`RUN <<EOF`,
    /// `RUN bash <<EOF`).
    Heredoc(&'d Heredoc),
}

/// One shell script run by a RUN instruction, read into commands.
#[derive(Debug)]
pub struct RunScript<'d> {
    pub instruction: &'d Instruction,
    /// Index of the instruction in [`Model::instructions`].
    pub instruction_index: usize,
    pub stage: usize,
    pub source: ScriptSource<'d>,
    pub script: Script<'d>,
}

impl<'d> RunScript<'d> {
    /// The script text that [`RunScript::script`]'s ranges point into.
    pub fn text(&self) -> &'d str {
        match self.source {
            ScriptSource::CommandLine(shell) => &shell.text,
            ScriptSource::Heredoc(heredoc) => &heredoc.content,
        }
    }

    /// The file span of a range of the script text.
    pub fn file_span(&self, range: ByteRange) -> Span {
        match self.source {
            ScriptSource::CommandLine(shell) => shell.source_span(range.start..range.end),
            ScriptSource::Heredoc(heredoc) => Span::new(
                heredoc.body.start + range.start.min(heredoc.content.len()),
                heredoc.body.start + range.end.min(heredoc.content.len()),
            ),
        }
    }
}

/// An instruction in file order with the stage it belongs to (`None` before
/// the first FROM, where only ARG is allowed).
#[derive(Debug, Clone, Copy)]
pub struct Located<'d> {
    pub instruction: &'d Instruction,
    pub stage: Option<usize>,
}

/// The whole model of one Dockerfile.
#[derive(Debug)]
pub struct Model<'d> {
    pub dockerfile: &'d Dockerfile,
    pub text: &'d str,
    pub escape: char,
    pub line_index: LineIndex,
    /// Every valid top-level instruction, in file order.
    pub instructions: Vec<Located<'d>>,
    pub stages: Vec<Stage<'d>>,
    /// The stage that ships: the `[build] target`, else the last stage.
    pub shipped: Option<usize>,
    /// Every shell script of every RUN, in file order.
    pub scripts: Vec<RunScript<'d>>,
    /// ARGs declared before the first FROM, with their defaults.
    pub global_scope: Scope,
}

/// Shells whose stdin, when it is a heredoc, is a script we can read.
const SHELLS: [&str; 8] = [
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
    "ksh",
    "/bin/sh",
    "/bin/bash",
];

/// Whether a RUN's heredoc body is run by the shell: the command line is the
/// heredoc marker alone, or a shell reading stdin (`bash <<EOF`, `sh -ex
/// <<EOF`), not `cat <<EOF > file` or `python3 <<EOF`.
fn heredoc_is_script(command_line: &str, heredoc: &Heredoc, text: &str) -> bool {
    let marker = heredoc.marker.text(text);
    let rest = command_line.replacen(marker, "", 1);
    let mut words = rest.split_whitespace();
    match words.next() {
        None => true,
        Some(first) => {
            SHELLS.contains(&first) && words.all(|w| w.starts_with('-') && !w.contains('c'))
        }
    }
}

impl<'d> Model<'d> {
    pub fn new(dockerfile: &'d Dockerfile, config: &Config) -> Model<'d> {
        let text = dockerfile.source();
        let escape = dockerfile.escape();
        let mut instructions = Vec::new();
        let mut stage: Option<usize> = None;
        for instruction in dockerfile.instructions() {
            if instruction.kind == InstructionKind::From {
                stage = Some(stage.map_or(0, |s| s + 1));
            }
            instructions.push(Located { instruction, stage });
        }
        let global_scope = Scope::global(&instructions, escape);
        let stages = stages::build(&instructions, &global_scope, escape, config);
        let shipped = stages::shipped(&stages, config);
        let mut model = Model {
            dockerfile,
            text,
            escape,
            line_index: dockerfile.line_index(),
            instructions,
            stages,
            shipped,
            scripts: Vec::new(),
            global_scope,
        };
        stages::mark_shipping(&mut model.stages, model.shipped);
        model.scripts = model.read_scripts();
        model
    }

    fn read_scripts(&self) -> Vec<RunScript<'d>> {
        let mut scripts = Vec::new();
        for (index, located) in self.instructions.iter().enumerate() {
            let instruction = located.instruction;
            let (Some(stage), InstructionKind::Run) = (located.stage, instruction.kind) else {
                continue;
            };
            let Some(dockopt_syntax::Command::Shell(shell)) = instruction.command() else {
                continue;
            };
            scripts.push(RunScript {
                instruction,
                instruction_index: index,
                stage,
                source: ScriptSource::CommandLine(shell),
                script: parse_script(&shell.text),
            });
            for heredoc in &instruction.heredocs {
                if heredoc_is_script(&shell.text, heredoc, self.text) {
                    scripts.push(RunScript {
                        instruction,
                        instruction_index: index,
                        stage,
                        source: ScriptSource::Heredoc(heredoc),
                        script: parse_script(&heredoc.content),
                    });
                }
            }
        }
        scripts
    }

    /// The stage that ships, if there is any stage.
    pub fn shipped_stage(&self) -> Option<&Stage<'d>> {
        self.shipped.and_then(|i| self.stages.get(i))
    }

    /// The scripts of one RUN instruction.
    pub fn scripts_of(&self, instruction_index: usize) -> impl Iterator<Item = &RunScript<'d>> {
        self.scripts
            .iter()
            .filter(move |s| s.instruction_index == instruction_index)
    }

    /// The variables in scope just before instruction `index` (ARG and ENV of
    /// its stage and the stages it is built on).
    pub fn scope_at(&self, index: usize) -> Scope {
        let Some(located) = self.instructions.get(index) else {
            return Scope::default();
        };
        match located.stage.and_then(|s| self.stages.get(s)) {
            Some(stage) => stage.scope_before(index, &self.stages, &self.instructions, self.escape),
            None => self.global_scope.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_of(text: &str, f: impl FnOnce(&Model)) {
        let dockerfile = Dockerfile::parse(text);
        let model = Model::new(&dockerfile, &Config::default());
        f(&model);
    }

    #[test]
    fn heredoc_scripts_are_read_and_mapped_to_the_file() {
        let text = "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\nRUN cat <<EOF > /etc/motd\napt-get install nothing\nEOF\n";
        model_of(text, |model| {
            // The first RUN's command line plus its body; the second RUN's
            // body is data for cat, not a script.
            let bodies: Vec<_> = model
                .scripts
                .iter()
                .filter(|s| matches!(s.source, ScriptSource::Heredoc(_)))
                .collect();
            assert_eq!(bodies.len(), 1);
            let script = bodies[0];
            let update = script
                .script
                .commands
                .iter()
                .find(|c| c.program() == Some("apt-get"))
                .expect("apt-get is read from the heredoc body");
            let span = script.file_span(update.span);
            assert_eq!(span.text(text), "apt-get update");
        });
    }

    #[test]
    fn spans_map_across_continuation_lines() {
        let text =
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y \\\n      curl\n";
        model_of(text, |model| {
            let script = &model.scripts[0];
            let (_, install) = script.script.package_commands().nth(1).expect("install");
            let curl = &install.packages[0];
            let span = script.file_span(curl.word.span);
            assert_eq!(span.text(text), "curl");
            let pos = model.line_index.position(text, span.start);
            assert_eq!((pos.line, pos.column), (4, 7));
        });
    }
}
