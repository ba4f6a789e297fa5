//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod add_remote_archive;
mod apk_no_cache;
mod apk_virtual_not_deleted;
mod apt_install_recommends;
mod apt_lists_not_deleted;
mod build_toolchain_ships;
mod chown_after_copy;
mod cleanup_in_later_layer;
mod composer_cache_left;
mod composer_dev_dependencies;
mod conda_cache_not_cleaned;
mod copied_archive_extracted;
mod copy_context_without_dockerignore;
mod copy_entire_filesystem;
mod copy_then_extract_archive;
mod dnf_clean_missing;
mod doc_packages_installed;
mod download_not_removed;
mod duplicate_package_install;
mod gem_install_documentation;
mod go_cache_left;
mod node_dev_dependencies_shipped;
mod npm_cache_not_cleaned;
mod npm_install_with_lockfile;
mod package_upgrade_in_image;
mod pip_no_cache_dir;
mod poetry_cache_left;
mod rpm_weak_dependencies;
mod smaller_base_variant;
mod useradd_without_no_log_init;
mod uv_cache_left;
mod yarn_cache_clean_missing;
mod yum_clean_missing;
mod zypper_clean_missing;

pub static RULES: &[&Rule] = &[
    &add_remote_archive::RULE,
    &apk_no_cache::RULE,
    &apk_virtual_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &apt_lists_not_deleted::RULE,
    &build_toolchain_ships::RULE,
    &chown_after_copy::RULE,
    &cleanup_in_later_layer::RULE,
    &composer_cache_left::RULE,
    &composer_dev_dependencies::RULE,
    &conda_cache_not_cleaned::RULE,
    &copied_archive_extracted::RULE,
    &copy_context_without_dockerignore::RULE,
    &copy_entire_filesystem::RULE,
    &copy_then_extract_archive::RULE,
    &dnf_clean_missing::RULE,
    &doc_packages_installed::RULE,
    &download_not_removed::RULE,
    &duplicate_package_install::RULE,
    &gem_install_documentation::RULE,
    &go_cache_left::RULE,
    &node_dev_dependencies_shipped::RULE,
    &npm_cache_not_cleaned::RULE,
    &npm_install_with_lockfile::RULE,
    &package_upgrade_in_image::RULE,
    &pip_no_cache_dir::RULE,
    &poetry_cache_left::RULE,
    &rpm_weak_dependencies::RULE,
    &smaller_base_variant::RULE,
    &useradd_without_no_log_init::RULE,
    &uv_cache_left::RULE,
    &yarn_cache_clean_missing::RULE,
    &yum_clean_missing::RULE,
    &zypper_clean_missing::RULE,
];
