//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod apk_unpinned;
mod apt_missing_yes;
mod apt_unpinned;
mod copy_destination_not_directory;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod duplicate_stage_name;
mod from_platform_flag;
mod gem_unpinned;
mod invalid_port;
mod json_args_recommended;
mod latest_tag;
mod multiple_healthchecks;
mod npm_unpinned;
mod pip_unpinned;
mod relative_workdir;
mod untagged_image;

pub static RULES: &[&Rule] = &[
    &relative_workdir::RULE,
    &untagged_image::RULE,
    &latest_tag::RULE,
    &apt_unpinned::RULE,
    &invalid_port::RULE,
    &multiple_healthchecks::RULE,
    &pip_unpinned::RULE,
    &apt_missing_yes::RULE,
    &npm_unpinned::RULE,
    &apk_unpinned::RULE,
    &copy_destination_not_directory::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_from_own_stage::RULE,
    &duplicate_stage_name::RULE,
    &gem_unpinned::RULE,
    &from_platform_flag::RULE,
    &json_args_recommended::RULE,
];
