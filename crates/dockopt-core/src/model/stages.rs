//! Build stages and their graph: what each stage is built FROM, which stages
//! it copies from (`COPY --from`, `RUN --mount=from=`), and which stages end
//! up in the shipped image.

use std::ops::Range;

use dockopt_syntax::{Instruction, InstructionKind, Word};

use super::scope::Scope;
use super::Located;
use crate::config::Config;

/// What a stage is built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// An earlier stage of this file.
    Stage(usize),
    /// `FROM scratch`: an empty file system.
    Scratch,
    /// An image, with variables expanded from the global ARGs' defaults.
    Image {
        reference: String,
        /// Variables the reference depends on that have no default.
        unknown: Vec<String>,
    },
}

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone)]
pub struct Stage<'d> {
    pub index: usize,
    pub from: &'d Instruction,
    /// Index of the FROM in [`super::Model::instructions`].
    pub from_index: usize,
    /// The `AS name` word, if any.
    pub name_word: Option<&'d Word>,
    /// The stage name in lower case (BuildKit compares names that way).
    pub name: Option<String>,
    pub base: Base,
    /// Indices (in [`super::Model::instructions`]) of the instructions after
    /// the FROM, up to the next FROM.
    pub body: Range<usize>,
    /// Earlier stages this stage copies files from.
    pub copies_from: Vec<usize>,
    /// Images (not stages) this stage copies files from.
    pub copies_from_images: Vec<String>,
    /// This stage is the shipped one, or a stage it is built on: its whole
    /// file system is in the image.
    pub in_image: bool,
    /// Files of this stage reach the image: it is in the image, or a stage
    /// that does copies from it.
    pub feeds_image: bool,
}

impl Stage<'_> {
    /// A label for messages: the stage name, or its index.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("`{name}`"),
            None => format!("#{}", self.index),
        }
    }

    /// The variables in scope just before instruction `index` of this
    /// stage: ENV inherited along the chain of stages it is built on, then
    /// this stage's own ARG and ENV.
    pub fn scope_before(
        &self,
        index: usize,
        stages: &[Stage<'_>],
        instructions: &[Located<'_>],
        escape: char,
    ) -> Scope {
        let globals = Scope::global(instructions, escape);
        let mut chain = Vec::new();
        let mut current = self.index;
        while let Some(Base::Stage(parent)) = stages.get(current).map(|s| &s.base) {
            if *parent >= current || chain.contains(parent) {
                break;
            }
            chain.push(*parent);
            current = *parent;
        }
        let mut scope = Scope::default();
        for &ancestor in chain.iter().rev() {
            if let Some(stage) = stages.get(ancestor) {
                for located in instructions.get(stage.body.clone()).unwrap_or(&[]) {
                    scope.apply(located.instruction, escape, Some(&globals));
                }
            }
            scope = scope.env_only();
        }
        let end = index.clamp(self.body.start, self.body.end);
        for located in instructions.get(self.body.start..end).unwrap_or(&[]) {
            scope.apply(located.instruction, escape, Some(&globals));
        }
        scope
    }
}

/// Resolve a `--from` value to an earlier stage: a stage name, or a number.
fn stage_ref(value: &str, stages: &[Stage<'_>], before: usize) -> Option<usize> {
    let lower = value.to_ascii_lowercase();
    if let Ok(n) = lower.parse::<usize>() {
        return (n < before).then_some(n);
    }
    stages
        .iter()
        .take(before)
        .rev()
        .find(|s| s.name.as_deref() == Some(lower.as_str()))
        .map(|s| s.index)
}

pub(super) fn build<'d>(
    instructions: &[Located<'d>],
    globals: &Scope,
    escape: char,
    _config: &Config,
) -> Vec<Stage<'d>> {
    let from_indices: Vec<usize> = instructions
        .iter()
        .enumerate()
        .filter(|(_, l)| l.instruction.kind == InstructionKind::From)
        .map(|(i, _)| i)
        .collect();
    let mut stages: Vec<Stage<'d>> = Vec::new();
    for (n, &from_index) in from_indices.iter().enumerate() {
        let from = instructions[from_index].instruction;
        let body_end = from_indices
            .get(n + 1)
            .copied()
            .unwrap_or(instructions.len());
        let parsed = from.as_from();
        let name_word = parsed.and_then(|f| f.stage_name());
        let image = parsed.and_then(|f| f.image());
        let base = match image {
            None => Base::Image {
                reference: String::new(),
                unknown: Vec::new(),
            },
            Some(word) => {
                let expanded = globals.expand(&word.text, escape);
                if let Some(parent) = stage_ref(&expanded.value, &stages, n)
                    .filter(|_| expanded.value.parse::<usize>().is_err())
                {
                    Base::Stage(parent)
                } else if expanded.value.eq_ignore_ascii_case("scratch") {
                    Base::Scratch
                } else {
                    Base::Image {
                        reference: expanded.value,
                        unknown: expanded.unknown,
                    }
                }
            }
        };
        stages.push(Stage {
            index: n,
            from,
            from_index,
            name_word,
            name: name_word.map(|w| w.text.to_ascii_lowercase()),
            base,
            body: from_index + 1..body_end,
            copies_from: Vec::new(),
            copies_from_images: Vec::new(),
            in_image: false,
            feeds_image: false,
        });
    }
    // Copies may only name earlier stages (or images).
    for n in 0..stages.len() {
        let mut stage_refs = Vec::new();
        let mut image_refs = Vec::new();
        for located in instructions.get(stages[n].body.clone()).unwrap_or(&[]) {
            let instruction = located.instruction;
            let mut sources: Vec<String> = Vec::new();
            if matches!(
                instruction.kind,
                InstructionKind::Copy | InstructionKind::Add
            ) {
                sources.extend(instruction.flag("from").map(|f| f.value_str().to_string()));
            }
            for mount in instruction.flags_named("mount") {
                let mount = mount.mount();
                if let Some(from) = mount.get("from") {
                    sources.push(from.to_string());
                }
            }
            for source in sources {
                let value = globals.expand(&source, escape).value;
                match stage_ref(&value, &stages, n) {
                    Some(s) if !stage_refs.contains(&s) => stage_refs.push(s),
                    Some(_) => {}
                    None if !value.is_empty() => image_refs.push(value),
                    None => {}
                }
            }
        }
        stages[n].copies_from = stage_refs;
        stages[n].copies_from_images = image_refs;
    }
    stages
}

pub(super) fn shipped(stages: &[Stage<'_>], config: &Config) -> Option<usize> {
    if let Some(target) = &config.build.target {
        let target = target.to_ascii_lowercase();
        if let Some(stage) = stages.iter().find(|s| s.name.as_deref() == Some(&target)) {
            return Some(stage.index);
        }
    }
    stages.len().checked_sub(1)
}

/// Mark the stages whose file systems are in the image (`in_image`) and the
/// stages whose files reach it (`feeds_image`), with a work list.
pub(super) fn mark_shipping(stages: &mut [Stage<'_>], shipped: Option<usize>) {
    let Some(shipped) = shipped else { return };
    let mut work = vec![(shipped, true)];
    while let Some((index, whole)) = work.pop() {
        let Some(stage) = stages.get_mut(index) else {
            continue;
        };
        let seen = if whole {
            stage.in_image
        } else {
            stage.feeds_image
        };
        if seen {
            continue;
        }
        if whole {
            stage.in_image = true;
        }
        stage.feeds_image = true;
        if let Base::Stage(parent) = stage.base {
            work.push((parent, whole));
        }
        for &source in &stage.copies_from {
            work.push((source, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::model::{Base, Model, Value};
    use dockopt_syntax::Dockerfile;

    #[test]
    fn the_stage_graph_and_what_ships() {
        let text = "ARG PY=3.12\nFROM python:${PY}-slim AS base\nENV A=1\nFROM base AS build\nARG PY\nRUN make\nFROM golang:1.23 AS tools\nFROM base AS runtime\nCOPY --from=build /app /app\nRUN --mount=type=bind,from=tools,target=/t true\nFROM alpine AS unused\n";
        let dockerfile = Dockerfile::parse(text);
        let config = Config {
            build: crate::config::BuildConfig {
                target: Some("Runtime".into()),
            },
            ..Config::default()
        };
        let model = Model::new(&dockerfile, &config);
        assert_eq!(model.stages.len(), 5);
        assert_eq!(
            model.stages[0].base,
            Base::Image {
                reference: "python:3.12-slim".into(),
                unknown: vec![]
            }
        );
        assert_eq!(model.stages[1].base, Base::Stage(0));
        assert_eq!(model.shipped, Some(3));
        assert_eq!(model.stages[3].copies_from, vec![1, 2]);
        let flags: Vec<(bool, bool)> = model
            .stages
            .iter()
            .map(|s| (s.in_image, s.feeds_image))
            .collect();
        assert_eq!(
            flags,
            vec![
                (true, true),
                (false, true),
                (false, true),
                (true, true),
                (false, false)
            ]
        );
        // Scope at `RUN make`: ENV A inherited from base, ARG PY from the
        // global default.
        let run = model
            .instructions
            .iter()
            .position(|l| l.instruction.keyword.text == "RUN")
            .unwrap();
        let scope = model.scope_at(run);
        assert_eq!(scope.get("A"), Some(&Value::Known("1".into())));
        assert_eq!(scope.get("PY"), Some(&Value::Known("3.12".into())));
        assert_eq!(
            model.scope_at(1).get("PY"),
            None,
            "ARGs are not inherited by a stage"
        );
    }

    #[test]
    fn unknown_build_args_stay_unknown() {
        let text = "ARG TAG\nFROM node:${TAG}\nARG TOKEN\nENV X=$TOKEN\nRUN true\n";
        let dockerfile = Dockerfile::parse(text);
        let model = Model::new(&dockerfile, &Config::default());
        assert_eq!(
            model.stages[0].base,
            Base::Image {
                reference: "node:".into(),
                unknown: vec!["TAG".into()]
            }
        );
        let scope = model.scope_at(4);
        assert_eq!(scope.get("X"), Some(&Value::Unknown));
    }
}
