//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod add_instead_of_copy;
mod apt_instead_of_apt_get;
mod cd_instead_of_workdir;
mod consecutive_runs;
mod inline_ignore_pragma;
mod label_key_invalid;
mod label_missing;
mod label_superfluous;
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
    &consecutive_runs::RULE,
    &inline_ignore_pragma::RULE,
    &label_key_invalid::RULE,
    &label_missing::RULE,
    &label_superfluous::RULE,
    &maintainer_deprecated::RULE,
    &pointless_command::RULE,
    &redundant_target_platform::RULE,
    &shell_via_symlink::RULE,
    &wget_and_curl::RULE,
    &wget_without_progress::RULE,
];
