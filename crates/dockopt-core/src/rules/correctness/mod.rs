//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod label_empty;
mod label_not_email;
mod label_not_git_hash;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;

pub static RULES: &[&Rule] = &[
    &label_empty::RULE,
    &label_not_url::RULE,
    &label_not_rfc3339::RULE,
    &label_not_spdx::RULE,
    &label_not_git_hash::RULE,
    &label_not_semver::RULE,
    &label_not_email::RULE,
];
