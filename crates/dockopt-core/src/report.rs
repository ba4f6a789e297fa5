//! The serde types every consumer renders: the CLI prints them as JSON, the
//! web app draws them. They carry data only, never behaviour.

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A byte range of the analysed text, with its human positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    pub start_position: Position,
    pub end_position: Position,
}

/// A 1-based line and column; `column` counts Unicode scalar values,
/// `utf16_column` counts UTF-16 code units (what a browser editor uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub utf16_column: u32,
}

impl From<dockopt_syntax::Position> for Position {
    fn from(p: dockopt_syntax::Position) -> Self {
        Position {
            line: p.line,
            column: p.column,
            utf16_column: p.utf16_column,
        }
    }
}

impl Span {
    /// The span of bytes `start..end` of `text`, with positions from `index`.
    pub fn new(text: &str, index: &dockopt_syntax::LineIndex, start: usize, end: usize) -> Self {
        Span {
            start,
            end,
            start_position: index.position(text, start).into(),
            end_position: index.position(text, end).into(),
        }
    }
}

/// One thing wrong with a Dockerfile, pointing at the exact offending text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule code, e.g. `DL3009` (hadolint's code where the meaning is the same).
    pub code: String,
    /// Kebab-case rule name, e.g. `apt-lists-not-deleted`.
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Index of the build stage (0-based, in FROM order) the finding is in.
    pub stage: Option<usize>,
    /// Where the rule's documentation lives (relative to the site root).
    pub docs: String,
    /// The fix for this finding, when the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::fix::Fix>,
}

/// A finding that a pragma suppressed: counted and kept, not lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    pub finding: Finding,
    /// The pragma, as written (e.g. `# hadolint ignore=DL3008`).
    pub by: String,
}

/// Everything dockopt says about one Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Report {
    /// Findings in source order.
    pub findings: Vec<Finding>,
    /// Findings suppressed by pragmas, in source order.
    #[serde(default)]
    pub suppressed: Vec<Suppressed>,
}

impl Report {
    /// The fixes of the findings, in source order.
    pub fn fixes(&self) -> impl Iterator<Item = &crate::fix::Fix> {
        self.findings.iter().filter_map(|f| f.fix.as_ref())
    }
}
