//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod non_numeric_user;
mod secrets_in_arg_or_env;

pub static RULES: &[&Rule] = &[&secrets_in_arg_or_env::RULE, &non_numeric_user::RULE];
