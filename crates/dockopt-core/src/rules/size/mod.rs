//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod apt_install_recommends;
mod apt_lists_not_deleted;
mod build_toolchain_ships;
mod smaller_base_variant;

pub static RULES: &[&Rule] = &[
    &apt_lists_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &smaller_base_variant::RULE,
    &build_toolchain_ships::RULE,
];
