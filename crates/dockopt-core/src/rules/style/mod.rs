//! The `style` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod label_key_invalid;
mod label_missing;
mod label_superfluous;

pub static RULES: &[&Rule] = &[
    &label_key_invalid::RULE,
    &label_missing::RULE,
    &label_superfluous::RULE,
];
