//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod apk_no_cache;
mod apt_install_recommends;
mod apt_lists_not_deleted;
mod copy_then_extract_archive;

pub static RULES: &[&Rule] = &[
    &apt_lists_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &apk_no_cache::RULE,
    &copy_then_extract_archive::RULE,
];
