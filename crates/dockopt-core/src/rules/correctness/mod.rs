//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod copy_relative_without_workdir;
mod dnf_missing_yes;
mod dnf_version_unpinned;
mod env_self_reference;
mod go_version_unpinned;
mod healthcheck_missing;
mod instruction_before_from;
mod multiple_cmd;
mod multiple_entrypoint;
mod onbuild_forbidden_trigger;
mod pipefail_missing;
mod reserved_stage_name;
mod yum_missing_yes;
mod yum_version_unpinned;
mod zypper_dist_upgrade;
mod zypper_missing_non_interactive;
mod zypper_version_unpinned;

pub static RULES: &[&Rule] = &[
    &yum_missing_yes::RULE,
    &yum_version_unpinned::RULE,
    &zypper_missing_non_interactive::RULE,
    &zypper_dist_upgrade::RULE,
    &zypper_version_unpinned::RULE,
    &dnf_missing_yes::RULE,
    &dnf_version_unpinned::RULE,
    &onbuild_forbidden_trigger::RULE,
    &env_self_reference::RULE,
    &copy_relative_without_workdir::RULE,
    &healthcheck_missing::RULE,
    &instruction_before_from::RULE,
    &go_version_unpinned::RULE,
    &reserved_stage_name::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &pipefail_missing::RULE,
];
