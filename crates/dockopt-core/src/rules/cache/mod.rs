//! The `cache` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod dependencies_after_source;

pub static RULES: &[&Rule] = &[&dependencies_after_source::RULE];
