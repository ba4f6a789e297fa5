//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod add_instead_of_copy;
mod apt_instead_of_apt_get;
mod cd_instead_of_workdir;
mod inline_ignore_pragma;
mod pointless_command;

pub static RULES: &[&Rule] = &[
    &pointless_command::RULE,
    &cd_instead_of_workdir::RULE,
    &add_instead_of_copy::RULE,
    &apt_instead_of_apt_get::RULE,
    &inline_ignore_pragma::RULE,
];
