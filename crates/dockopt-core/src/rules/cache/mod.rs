//! The `cache` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod apt_cache_mount_not_locked;
mod builder_without_cache_mount;
mod cache_mount_defeated;

pub static RULES: &[&Rule] = &[
    &builder_without_cache_mount::RULE,
    &apt_cache_mount_not_locked::RULE,
    &cache_mount_defeated::RULE,
];
