//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod maintainer_deprecated;
mod redundant_target_platform;
mod shell_via_symlink;
mod wget_and_curl;
mod wget_without_progress;

pub static RULES: &[&Rule] = &[
    &wget_without_progress::RULE,
    &redundant_target_platform::RULE,
    &maintainer_deprecated::RULE,
    &wget_and_curl::RULE,
    &shell_via_symlink::RULE,
];
