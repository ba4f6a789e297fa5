//! Everything pure about dockopt: analysis, fixes, size estimates, diffs and
//! the share-link codec. No I/O: the CLI and the web app feed text in and
//! render the [`report::Report`] that comes out.

pub mod config;
pub mod diff;
pub mod estimate;
pub mod examples;
pub mod fix;
pub mod model;
pub mod pragma;
pub mod report;
pub mod share;
mod slice;

pub use report::{Finding, Report, Severity, Span};

/// Analyse one Dockerfile and return its report.
pub fn analyze(text: &str) -> Report {
    slice::analyze(text)
}
