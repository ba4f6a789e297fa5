//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod add_instead_of_copy;
mod apt_instead_of_apt_get;
mod cd_instead_of_workdir;
mod inline_ignore_pragma;
mod maintainer_deprecated;
mod pointless_command;
mod redundant_target_platform;
mod shell_via_symlink;
mod wget_and_curl;
mod wget_without_progress;

pub static RULES: &[&Rule] = &[
    &add_instead_of_copy::RULE,
    &apt_instead_of_apt_get::RULE,
    &cd_instead_of_workdir::RULE,
    &inline_ignore_pragma::RULE,
    &maintainer_deprecated::RULE,
    &pointless_command::RULE,
    &redundant_target_platform::RULE,
    &shell_via_symlink::RULE,
    &wget_and_curl::RULE,
    &wget_without_progress::RULE,
];
