//! The `cache` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod apt_cache_mount_not_locked;
mod apt_install_on_cached_update;
mod builder_without_cache_mount;
mod cache_mount_defeated;
mod dependencies_after_source;
mod volatile_arg_before_installs;

pub static RULES: &[&Rule] = &[
    &apt_cache_mount_not_locked::RULE,
    &apt_install_on_cached_update::RULE,
    &builder_without_cache_mount::RULE,
    &cache_mount_defeated::RULE,
    &dependencies_after_source::RULE,
    &volatile_arg_before_installs::RULE,
];
