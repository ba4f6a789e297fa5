//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod no_user_in_shipped_stage;

pub static RULES: &[&Rule] = &[&no_user_in_shipped_stage::RULE];
