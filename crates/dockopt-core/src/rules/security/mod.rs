//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod last_user_root;
mod non_numeric_user;
mod secrets_in_arg_or_env;
mod sudo_used;
mod untrusted_registry;

pub static RULES: &[&Rule] = &[
    &last_user_root::RULE,
    &non_numeric_user::RULE,
    &secrets_in_arg_or_env::RULE,
    &sudo_used::RULE,
    &untrusted_registry::RULE,
];
