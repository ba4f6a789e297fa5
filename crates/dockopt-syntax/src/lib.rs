//! The Dockerfile parser: text → lossless syntax tree with byte spans.
//!
//! ```
//! let file = dockopt_syntax::parse("FROM alpine:3.20 AS base\nRUN apk add --no-cache curl\n");
//! assert_eq!(file.text(), file.source()); // lossless
//! let from = file.instructions().next().unwrap().as_from().unwrap();
//! assert_eq!(from.image_ref().unwrap().tag(), Some("3.20"));
//! assert_eq!(from.stage_name().unwrap().text, "base");
//! ```
//!
//! What it owns:
//! - reading a Dockerfile exactly as BuildKit's parser does (directives,
//!   continuations, heredocs, flags, JSON and shell forms, `ENV`/`LABEL`/`ARG`
//!   forms, `ONBUILD`), and the checks BuildKit's builder makes on each
//!   instruction;
//! - a token list that covers every byte, so printing gives back the input;
//! - typed instructions with byte spans into the input;
//! - BuildKit's word rules ([`shell`]), image references ([`ImageRef`]) and
//!   a [`LineIndex`] for line/column in UTF-8 and UTF-16.
//!
//! What it must not do: I/O, analysis beyond one instruction (stages, scopes
//! and rules live in `dockopt-core`), or depend on any crate — it ships in the
//! wasm playground. It never panics and never recurses per line.

mod args;
mod dump;
mod heredoc;
mod image;
mod instruction;
mod json;
mod line_index;
mod mount;
mod parser;
pub mod shell;
mod span;
mod text;
mod tree;
mod validate;

pub use heredoc::Heredoc;
pub use image::ImageRef;
pub use instruction::{
    ArgDecl, Body, Command, Exec, Flag, From, Healthcheck, Instruction, InstructionKind, KeyValue,
    Keyword, Paths, ShellText, Word,
};
pub use line_index::{LineIndex, Position};
pub use mount::{Mount, MountOption};
pub use span::{SourceMap, Span};
pub use text::Text;
pub use tree::{
    Diagnostic, Directive, DirectiveKind, Dockerfile, ErrorNode, Node, NodeKind, Severity, Token,
    TokenKind,
};

/// Parses a Dockerfile. Never fails: problems become error nodes and
/// diagnostics, and parsing goes on at the next line.
pub fn parse(text: &str) -> Dockerfile {
    Dockerfile::parse(text)
}
