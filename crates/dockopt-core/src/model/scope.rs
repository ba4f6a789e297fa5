//! ARG and ENV scopes: which variables are set at a point of the file, and
//! to what. A build argument without a default can be set at build time to
//! anything, so its value is [`Value::Unknown`]; an ARG with a default is
//! read at its default, as BuildKit does when no `--build-arg` is given.

use std::borrow::Cow;

use dockopt_syntax::shell::{expand_word, Env};
use dockopt_syntax::{Instruction, InstructionKind};

use super::Located;

/// What a variable holds at some point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Known(String),
    /// Declared, but its value is only known at build time.
    Unknown,
}

/// Where a variable was defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Arg,
    Env,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Var {
    name: String,
    value: Value,
    origin: Origin,
}

/// Variables in scope, the latest definition of a name winning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    vars: Vec<Var>,
}

/// The result of expanding a word in a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub value: String,
    /// Variables the value depends on that are unset or unknown: the value
    /// is not what the build will see when this is not empty.
    pub unknown: Vec<String>,
}

impl Env for Scope {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        match self.get(name)? {
            Value::Known(v) => Some(Cow::Borrowed(v)),
            Value::Unknown => None,
        }
    }
}

impl Scope {
    /// The ARGs declared before the first FROM (visible in FROM lines).
    pub fn global(instructions: &[Located<'_>], escape: char) -> Scope {
        let mut scope = Scope::default();
        for located in instructions.iter().take_while(|l| l.stage.is_none()) {
            scope.apply(located.instruction, escape, None);
        }
        scope
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| &v.value)
    }

    pub fn origin(&self, name: &str) -> Option<Origin> {
        self.vars
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| v.origin)
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn set(&mut self, name: &str, value: Value, origin: Origin) {
        self.vars.push(Var {
            name: name.to_string(),
            value,
            origin,
        });
    }

    /// Names in scope, each once, in order of first definition.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for var in &self.vars {
            if !names.contains(&var.name.as_str()) {
                names.push(&var.name);
            }
        }
        names
    }

    /// Expand `text` (a raw word) in this scope.
    pub fn expand(&self, text: &str, escape: char) -> Expanded {
        match expand_word(text, escape, self) {
            Ok(expansion) => Expanded {
                value: expansion.value,
                unknown: expansion.unknown,
            },
            // A malformed word (unterminated `${`) expands to itself and
            // is reported as depending on something unknown.
            Err(_) => Expanded {
                value: text.to_string(),
                unknown: vec![text.to_string()],
            },
        }
    }

    /// Apply one ARG or ENV instruction. `globals` gives the defaults of
    /// global ARGs, which an `ARG NAME` inside a stage brings into scope.
    pub fn apply(&mut self, instruction: &Instruction, escape: char, globals: Option<&Scope>) {
        match instruction.kind {
            InstructionKind::Arg => {
                for decl in instruction.arg_decls() {
                    let name = decl.name.text.clone();
                    let value = match &decl.default {
                        Some(default) => {
                            let expanded = self.expand(&default.text, escape);
                            if expanded.unknown.is_empty() {
                                Value::Known(expanded.value)
                            } else {
                                Value::Unknown
                            }
                        }
                        None => globals
                            .and_then(|g| g.get(&name).cloned())
                            // An ENV of the same name keeps its value.
                            .or_else(|| self.get(&name).cloned())
                            .unwrap_or(Value::Unknown),
                    };
                    self.set(&name, value, Origin::Arg);
                }
            }
            InstructionKind::Env => {
                for pair in instruction.key_values() {
                    let expanded = self.expand(&pair.value.text, escape);
                    let value = if expanded.unknown.is_empty() {
                        Value::Known(expanded.value)
                    } else {
                        Value::Unknown
                    };
                    self.set(&pair.key.text, value, Origin::Env);
                }
            }
            _ => {}
        }
    }

    /// Only the ENV variables (what a stage built FROM this one inherits).
    pub fn env_only(&self) -> Scope {
        Scope {
            vars: self
                .vars
                .iter()
                .filter(|v| v.origin == Origin::Env)
                .cloned()
                .collect(),
        }
    }
}
