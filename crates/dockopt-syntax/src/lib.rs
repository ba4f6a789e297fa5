//! The Dockerfile parser: text → lossless syntax tree with byte spans.
//!
//! This crate has no dependencies and does no I/O. Offsets are bytes of the
//! input; [`LineIndex`] turns them into line/column positions (in Unicode
//! scalar values and in UTF-16 code units, the browser's unit).

mod line_index;

pub use line_index::{LineIndex, Position};
