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

/// Test helper: apply the fixes (of every applicability) of the rule
/// `code` alone, to a fixed point.
#[cfg(test)]
pub(crate) fn fix_only(code: &str, text: &str) -> String {
    let mut config = crate::config::Config::default();
    config.rules.severity.insert(
        code.to_string(),
        crate::rules::find(code).map_or(crate::report::Severity::Info, |r| r.severity),
    );
    let options = crate::engine::Options {
        config: Some(&config),
        dockerignore: None,
    };
    crate::fix::apply_fixes(text, &crate::fix::FixSelection::default(), |current| {
        crate::engine::analyze_with(current, options)
            .findings
            .into_iter()
            .filter(|f| f.code == code)
            .filter_map(|f| f.fix)
            .map(|mut fix| {
                fix.applicability = crate::fix::Applicability::Safe;
                fix
            })
            .collect()
    })
    .text
}

/// Test helper: analyse with the rule `code` enabled (even when it is off
/// by default).
#[cfg(test)]
pub(crate) fn analyze_enabled(code: &str, text: &str) -> crate::report::Report {
    let mut config = crate::config::Config::default();
    config.rules.severity.insert(
        code.to_string(),
        crate::rules::find(code).map_or(crate::report::Severity::Info, |r| r.severity),
    );
    crate::engine::analyze_with(
        text,
        crate::engine::Options {
            config: Some(&config),
            dockerignore: None,
        },
    )
}
