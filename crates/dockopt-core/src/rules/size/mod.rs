//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod apt_install_recommends;
mod apt_lists_not_deleted;
mod copy_entire_filesystem;
mod dnf_clean_missing;
mod pip_no_cache_dir;
mod useradd_without_no_log_init;
mod yarn_cache_clean_missing;
mod yum_clean_missing;
mod zypper_clean_missing;

pub static RULES: &[&Rule] = &[
    &apt_lists_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &yum_clean_missing::RULE,
    &zypper_clean_missing::RULE,
    &dnf_clean_missing::RULE,
    &pip_no_cache_dir::RULE,
    &useradd_without_no_log_init::RULE,
    &yarn_cache_clean_missing::RULE,
    &copy_entire_filesystem::RULE,
];
