//! Everything pure about dockopt: analysis, fixes, size estimates, diffs and
//! the share-link codec. No I/O: the CLI and the web app feed text in and
//! render the [`report::Report`] that comes out.

pub mod config;
pub mod diff;
pub mod engine;
pub mod estimate;
pub mod examples;
pub mod fix;
pub mod model;
pub mod playground;
pub mod pragma;
pub mod report;
pub mod rewrite;
pub mod rules;
pub mod share;
pub mod sort;

pub use engine::{analyze_with, fix_text, fix_text_after, Options};
pub use report::{Finding, Report, Severity, Span};

/// Analyse one Dockerfile with the default configuration.
pub fn analyze(text: &str) -> Report {
    engine::analyze_with(text, Options::default())
}
