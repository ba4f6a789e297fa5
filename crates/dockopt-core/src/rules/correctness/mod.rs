//! The `correctness` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod http_port_without_healthcheck;

pub static RULES: &[&Rule] = &[&http_port_without_healthcheck::RULE];
