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
pub mod text;

pub use ecosystem::{detect, Ecosystem, PythonFramework};
pub use text::TextStyle;
