//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod apk_no_cache;
mod apt_install_recommends;
mod apt_lists_not_deleted;
mod copy_entire_filesystem;
mod copy_then_extract_archive;
mod dnf_clean_missing;
mod pip_no_cache_dir;
mod useradd_without_no_log_init;
mod yarn_cache_clean_missing;
mod yum_clean_missing;
mod zypper_clean_missing;

pub static RULES: &[&Rule] = &[
    &apk_no_cache::RULE,
    &apt_install_recommends::RULE,
    &apt_lists_not_deleted::RULE,
    &copy_entire_filesystem::RULE,
    &copy_then_extract_archive::RULE,
    &dnf_clean_missing::RULE,
    &pip_no_cache_dir::RULE,
    &useradd_without_no_log_init::RULE,
    &yarn_cache_clean_missing::RULE,
    &yum_clean_missing::RULE,
    &zypper_clean_missing::RULE,
];
