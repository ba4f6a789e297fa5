//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod apk_unpinned;
mod apt_missing_yes;
mod apt_unpinned;
mod copy_destination_not_directory;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_relative_without_workdir;
mod dnf_missing_yes;
mod dnf_version_unpinned;
mod duplicate_stage_name;
mod env_self_reference;
mod from_platform_flag;
mod gem_unpinned;
mod go_version_unpinned;
mod healthcheck_missing;
mod http_port_without_healthcheck;
mod instruction_before_from;
mod invalid_port;
mod json_args_recommended;
mod label_empty;
mod label_not_email;
mod label_not_git_hash;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;
mod latest_tag;
mod multiple_cmd;
mod multiple_entrypoint;
mod multiple_healthchecks;
mod npm_unpinned;
mod onbuild_forbidden_trigger;
mod pip_unpinned;
mod pipefail_missing;
mod relative_workdir;
mod reserved_stage_name;
mod untagged_image;
mod yum_missing_yes;
mod yum_version_unpinned;
mod zypper_dist_upgrade;
mod zypper_missing_non_interactive;
mod zypper_version_unpinned;

pub static RULES: &[&Rule] = &[
    &apk_unpinned::RULE,
    &apt_missing_yes::RULE,
    &apt_unpinned::RULE,
    &copy_destination_not_directory::RULE,
    &copy_from_own_stage::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_relative_without_workdir::RULE,
    &dnf_missing_yes::RULE,
    &dnf_version_unpinned::RULE,
    &duplicate_stage_name::RULE,
    &env_self_reference::RULE,
    &from_platform_flag::RULE,
    &gem_unpinned::RULE,
    &go_version_unpinned::RULE,
    &healthcheck_missing::RULE,
    &http_port_without_healthcheck::RULE,
    &instruction_before_from::RULE,
    &invalid_port::RULE,
    &json_args_recommended::RULE,
    &label_empty::RULE,
    &label_not_email::RULE,
    &label_not_git_hash::RULE,
    &label_not_rfc3339::RULE,
    &label_not_semver::RULE,
    &label_not_spdx::RULE,
    &label_not_url::RULE,
    &latest_tag::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &multiple_healthchecks::RULE,
    &npm_unpinned::RULE,
    &onbuild_forbidden_trigger::RULE,
    &pip_unpinned::RULE,
    &pipefail_missing::RULE,
    &relative_workdir::RULE,
    &reserved_stage_name::RULE,
    &untagged_image::RULE,
    &yum_missing_yes::RULE,
    &yum_version_unpinned::RULE,
    &zypper_dist_upgrade::RULE,
    &zypper_missing_non_interactive::RULE,
    &zypper_version_unpinned::RULE,
];
