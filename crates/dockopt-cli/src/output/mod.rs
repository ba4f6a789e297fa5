//! Rendering a [`CheckRun`] in each `--format`. One file per format; each
//! exposes `render(run, options) -> String` and is pure (no I/O), so tests
//! can call it directly.
//!
//! Positions: text, github, checkstyle, junit and gitlab use 1-based lines
//! and columns counted in characters (what editors and CI UIs show); SARIF
//! uses UTF-16 code units, its default `columnKind`.

pub mod checkstyle;
pub mod fingerprint;
pub mod frame;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
pub mod xml;

use crate::check::CheckRun;
use crate::cli::{Format, Threshold};
use crate::color::Painter;

/// What a renderer needs besides the run.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    pub painter: Painter,
    pub threshold: Threshold,
}

/// `run` in `format`.
pub fn render(format: Format, run: &CheckRun, options: &OutputOptions) -> String {
    match format {
        Format::Text => text::render(run, options),
        Format::Json => json::render(run, options),
        Format::Sarif => sarif::render(run, options),
        Format::Github => github::render(run, options),
        Format::Checkstyle => checkstyle::render(run, options),
        Format::Junit => junit::render(run, options),
        Format::Gitlab => gitlab::render(run, options),
    }
}

/// `n thing` or `n things`.
pub(crate) fn plural(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {plural}")
    }
}
