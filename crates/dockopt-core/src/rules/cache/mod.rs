//! The `cache` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod builder_without_cache_mount;

pub static RULES: &[&Rule] = &[&builder_without_cache_mount::RULE];
