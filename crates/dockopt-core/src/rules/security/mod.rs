//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

pub static RULES: &[&Rule] = &[];
