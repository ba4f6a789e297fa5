//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod last_user_root;
mod sudo_used;

pub static RULES: &[&Rule] = &[&last_user_root::RULE, &sudo_used::RULE];
