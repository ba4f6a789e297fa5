//! Running rules over a snippet, shared by the rules' unit tests (and by the
//! per-family test helpers in `*_helpers.rs`, which wrap these).

use crate::config::Config;
use crate::engine::{analyze_with, Options};
use crate::fix::{apply_fixes, Applicability, FixSelection};
use crate::report::Finding;

/// A config that enables `code` at its default severity (even when the rule
/// is off by default); the default config when there is no such rule.
pub fn enabling(code: &str) -> Config {
    let mut config = Config::default();
    if let Some(rule) = crate::rules::find(code) {
        config
            .rules
            .severity
            .insert(rule.code.to_string(), rule.severity);
    }
    config
}

/// The findings of rule `code` in `text` under `options`.
pub fn findings_with(text: &str, code: &str, options: Options<'_>) -> Vec<Finding> {
    analyze_with(text, options)
        .findings
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

/// The findings of rule `code` in `text`, the rule enabled (see [`enabling`]).
pub fn enabled_findings(text: &str, code: &str) -> Vec<Finding> {
    let config = enabling(code);
    findings_with(
        text,
        code,
        Options {
            config: Some(&config),
            dockerignore: None,
        },
    )
}

/// `(text under the span, line, column)` of a finding.
pub fn located(text: &str, finding: &Finding) -> (String, u32, u32) {
    (
        text[finding.span.start..finding.span.end].to_string(),
        finding.span.start_position.line,
        finding.span.start_position.column,
    )
}

/// [`located`] for each finding of `code` in `text` under `options`.
pub fn found_with(text: &str, code: &str, options: Options<'_>) -> Vec<(String, u32, u32)> {
    findings_with(text, code, options)
        .iter()
        .map(|f| located(text, f))
        .collect()
}

/// [`located`] for each finding of `code` in `text` (default config).
pub fn found(text: &str, code: &str) -> Vec<(String, u32, u32)> {
    found_with(text, code, Options::default())
}

/// [`located`] for each finding of `code` in `text`, the rule enabled.
pub fn enabled_found(text: &str, code: &str) -> Vec<(String, u32, u32)> {
    enabled_findings(text, code)
        .iter()
        .map(|f| located(text, f))
        .collect()
}

/// [`found`] with each finding's message.
pub fn found_messages(text: &str, code: &str) -> Vec<(String, u32, u32, String)> {
    findings_with(text, code, Options::default())
        .into_iter()
        .map(|f| {
            let (span, line, column) = located(text, &f);
            (span, line, column, f.message)
        })
        .collect()
}

/// The text under each finding of `code` in `text` (default config).
pub fn span_texts(text: &str, code: &str) -> Vec<String> {
    found(text, code).into_iter().map(|f| f.0).collect()
}

/// `text` after applying every fix of the rules `codes` (each made safe,
/// whatever its applicability) under `config` and `selection`, to a fixed
/// point.
pub fn fixed_point(
    text: &str,
    codes: &[&str],
    config: &Config,
    selection: &FixSelection,
) -> String {
    let options = Options {
        config: Some(config),
        dockerignore: None,
    };
    apply_fixes(text, selection, |current| {
        analyze_with(current, options)
            .findings
            .into_iter()
            .filter(|f| codes.contains(&f.code.as_str()))
            .filter_map(|f| f.fix)
            .map(|mut fix| {
                fix.applicability = Applicability::Safe;
                fix
            })
            .collect()
    })
    .text
}
