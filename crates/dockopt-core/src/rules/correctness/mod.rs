//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod dnf_missing_yes;
mod dnf_version_unpinned;
mod go_version_unpinned;
mod multiple_cmd;
mod multiple_entrypoint;
mod pipefail_missing;
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
    &go_version_unpinned::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &pipefail_missing::RULE,
];
