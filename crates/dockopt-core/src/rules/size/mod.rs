//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod add_remote_archive;
mod apk_virtual_not_deleted;
mod apt_install_recommends;
mod apt_lists_not_deleted;
mod chown_after_copy;
mod cleanup_in_later_layer;
mod composer_cache_left;
mod composer_dev_dependencies;
mod conda_cache_not_cleaned;
mod copied_archive_extracted;
mod copy_context_without_dockerignore;
mod doc_packages_installed;
mod download_not_removed;
mod duplicate_package_install;
mod gem_install_documentation;
mod go_cache_left;
mod node_dev_dependencies_shipped;
mod npm_cache_not_cleaned;
mod npm_install_with_lockfile;
mod package_upgrade_in_image;
mod poetry_cache_left;
mod rpm_weak_dependencies;
mod uv_cache_left;

pub static RULES: &[&Rule] = &[
    &apt_lists_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &cleanup_in_later_layer::RULE,
    &chown_after_copy::RULE,
    &npm_install_with_lockfile::RULE,
    &node_dev_dependencies_shipped::RULE,
    &npm_cache_not_cleaned::RULE,
    &uv_cache_left::RULE,
    &poetry_cache_left::RULE,
    &gem_install_documentation::RULE,
    &package_upgrade_in_image::RULE,
    &download_not_removed::RULE,
    &add_remote_archive::RULE,
    &duplicate_package_install::RULE,
    &doc_packages_installed::RULE,
    &rpm_weak_dependencies::RULE,
    &apk_virtual_not_deleted::RULE,
    &copied_archive_extracted::RULE,
    &copy_context_without_dockerignore::RULE,
    &conda_cache_not_cleaned::RULE,
    &composer_dev_dependencies::RULE,
    &composer_cache_left::RULE,
    &go_cache_left::RULE,
];
