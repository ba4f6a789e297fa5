//! Shared building blocks of the structural rewrites (multi-stage splits,
//! merged RUNs, a non-root user, a HEALTHCHECK, cache-friendly install
//! order): which ecosystem a stage builds, and how to write new lines that
//! look like the file they go into (its line ending, its keyword casing).
//!
//! Everything here produces byte-range [`crate::fix::Edit`]s of the
//! original text or text to put into one; nothing reprints a file from the
//! tree, and nothing here decides whether a rule fires.

pub mod deps;
pub mod ecosystem;
pub mod split;
pub mod text;

pub use ecosystem::{detect, Ecosystem, PythonFramework};
pub use text::TextStyle;

/// Test helper: the default config with the rule `code` enabled (even when
/// it is off by default).
#[cfg(test)]
fn enabling(code: &str) -> crate::config::Config {
    let mut config = crate::config::Config::default();
    config.rules.severity.insert(
        code.to_string(),
        crate::rules::find(code).map_or(crate::report::Severity::Info, |r| r.severity),
    );
    config
}

/// Test helper: apply the fixes (of every applicability) of the rule
/// `code` alone, to a fixed point.
#[cfg(test)]
pub(crate) fn fix_only(code: &str, text: &str) -> String {
    crate::rules::test_support::fixed_point(
        text,
        &[code],
        &enabling(code),
        &crate::fix::FixSelection::default(),
    )
}

/// Test helper: analyse with the rule `code` enabled (even when it is off
/// by default).
#[cfg(test)]
pub(crate) fn analyze_enabled(code: &str, text: &str) -> crate::report::Report {
    let config = enabling(code);
    crate::engine::analyze_with(
        text,
        crate::engine::Options {
            config: Some(&config),
            dockerignore: None,
        },
    )
}
