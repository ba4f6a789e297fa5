//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod consecutive_runs;

pub static RULES: &[&Rule] = &[&consecutive_runs::RULE];
