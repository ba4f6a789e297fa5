//! The `buildkit` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod consistent_instruction_casing;
mod copy_ignored_file;
mod from_as_casing;
mod legacy_key_value_format;
mod no_empty_continuation;
mod stage_name_casing;
mod undefined_arg_in_from;
mod undefined_var;
mod workdir_relative_path;

pub static RULES: &[&Rule] = &[
    &stage_name_casing::RULE,
    &from_as_casing::RULE,
    &no_empty_continuation::RULE,
    &consistent_instruction_casing::RULE,
    &undefined_arg_in_from::RULE,
    &workdir_relative_path::RULE,
    &undefined_var::RULE,
    &legacy_key_value_format::RULE,
    &copy_ignored_file::RULE,
];
