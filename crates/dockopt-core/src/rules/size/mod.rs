//! The `size` rules: what makes an image bigger than it needs to be.
//! One file per rule; list each in `RULES`.

use super::Rule;

mod apt_install_recommends;
mod apt_lists_not_deleted;
mod chown_after_copy;
mod cleanup_in_later_layer;

pub static RULES: &[&Rule] = &[
    &apt_lists_not_deleted::RULE,
    &apt_install_recommends::RULE,
    &cleanup_in_later_layer::RULE,
    &chown_after_copy::RULE,
];
