//! Line and word diffs between an original Dockerfile and its rewrite.
//!
//! This module owns how a change is *shown*: the unified diff the CLI prints
//! or writes as a patch ([`unified_diff`]), the structured hunks the
//! playground draws side by side with changed words highlighted
//! ([`diff_hunks`]), and the added/removed counts ([`diff_stats`]). It does
//! not decide what changes: fixes and rewrites produce the new text, this
//! module only compares two texts. The diff algorithm is `similar`'s.
//!
//! Lines are split after each `\n` only, the way `patch`, `git apply` and
//! BuildKit read a file: a `\r` before the `\n` stays part of the line, so
//! CRLF files diff and patch without losing it, and a lone `\r` is ordinary
//! text.

mod hunks;
mod unified;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, TextDiff};

pub use hunks::{diff_hunks, Hunk, Row, Segment};
pub use unified::unified_diff;

/// Unchanged lines shown around each change, as `diff -u` and git do.
pub const CONTEXT_LINES: usize = 3;

/// Time budget for one line diff on native targets. Fixes change a handful of
/// lines and finish in microseconds; the budget only stops two huge, wholly
/// different texts from stalling the CLI (past it, `similar` reports the rest
/// as replaced). In the browser `similar` has no clock and ignores it.
const LINE_DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// How many lines a rewrite adds and removes (a changed line counts once
/// each way, as in a unified diff).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffStats {
    pub lines_added: usize,
    pub lines_removed: usize,
}

/// Count the lines `rewritten` adds to and removes from `original`.
pub fn diff_stats(original: &str, rewritten: &str) -> DiffStats {
    let lines = LineDiff::new(original, rewritten);
    let mut stats = DiffStats::default();
    for op in &lines.ops {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_len, .. } => stats.lines_removed += old_len,
            DiffOp::Insert { new_len, .. } => stats.lines_added += new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => {
                stats.lines_removed += old_len;
                stats.lines_added += new_len;
            }
        }
    }
    stats
}

/// The two texts split into lines (terminators kept) and the line-level
/// operations that turn one into the other.
struct LineDiff<'a> {
    old: Vec<&'a str>,
    new: Vec<&'a str>,
    ops: Vec<DiffOp>,
}

impl<'a> LineDiff<'a> {
    fn new(original: &'a str, rewritten: &'a str) -> Self {
        let old = split_lines(original);
        let new = split_lines(rewritten);
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .timeout(LINE_DIFF_TIMEOUT)
            .diff_slices(&old, &new);
        let ops = recount_positions(diff.ops());
        LineDiff { old, new, ops }
    }

    /// Operations grouped into hunks with [`CONTEXT_LINES`] of context;
    /// empty when the texts are equal.
    fn hunks(&self) -> Vec<Vec<DiffOp>> {
        similar::group_diff_ops(self.ops.clone(), CONTEXT_LINES)
    }

    fn old_line(&self, index: usize) -> &'a str {
        self.old.get(index).copied().unwrap_or_default()
    }

    fn new_line(&self, index: usize) -> &'a str {
        self.new.get(index).copied().unwrap_or_default()
    }
}

/// The same operations with their positions recounted from their lengths.
///
/// `similar`'s Myers sometimes reports a `Delete`'s `new_index` past where the
/// deletion happens (mitsuhiko/similar#78, open in 2.7); a hunk header or row
/// number taken from it would be wrong. The operations come in order and
/// their lengths are right, so running totals give the true positions.
fn recount_positions(ops: &[DiffOp]) -> Vec<DiffOp> {
    let (mut old, mut new) = (0, 0);
    ops.iter()
        .map(|op| {
            let recounted = match *op {
                DiffOp::Equal { len, .. } => DiffOp::Equal {
                    old_index: old,
                    new_index: new,
                    len,
                },
                DiffOp::Delete { old_len, .. } => DiffOp::Delete {
                    old_index: old,
                    old_len,
                    new_index: new,
                },
                DiffOp::Insert { new_len, .. } => DiffOp::Insert {
                    old_index: old,
                    new_index: new,
                    new_len,
                },
                DiffOp::Replace {
                    old_len, new_len, ..
                } => DiffOp::Replace {
                    old_index: old,
                    old_len,
                    new_index: new,
                    new_len,
                },
            };
            old += recounted.old_range().len();
            new += recounted.new_range().len();
            recounted
        })
        .collect()
}

/// Split after every `\n`, keeping it; a last line without one is kept too.
fn split_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_keeps_terminators_and_lone_carriage_returns() {
        assert_eq!(split_lines(""), Vec::<&str>::new());
        assert_eq!(split_lines("a"), ["a"]);
        assert_eq!(split_lines("a\r\nb\rc\n\n"), ["a\r\n", "b\rc\n", "\n"]);
    }

    #[test]
    fn positions_are_recounted_where_myers_misplaces_a_delete() {
        // The sequences of mitsuhiko/similar#78: Myers puts the Delete of
        // old[1] at new_index 4, but it happens at new position 2.
        let old = ["1", "1", "0", "2"];
        let new = ["2", "1", "0", "0", "0", "0"];
        let ops = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
        let recounted = recount_positions(&ops);
        assert!(recounted.contains(&DiffOp::Delete {
            old_index: 1,
            old_len: 1,
            new_index: 2
        }));
        // Every op starts where the previous one ended, on both sides.
        for pair in recounted.windows(2) {
            assert_eq!(pair[0].old_range().end, pair[1].old_range().start);
            assert_eq!(pair[0].new_range().end, pair[1].new_range().start);
        }
    }

    #[test]
    fn stats_count_changed_lines_both_ways() {
        let stats = diff_stats("a\nb\nc\n", "a\nB\nc\nd\n");
        assert_eq!(
            stats,
            DiffStats {
                lines_added: 2,
                lines_removed: 1
            }
        );
        assert_eq!(diff_stats("same\n", "same\n"), DiffStats::default());
        // Only the missing final newline differs: the last line changes.
        assert_eq!(
            diff_stats("a\nb", "a\nb\n"),
            DiffStats {
                lines_added: 1,
                lines_removed: 1
            }
        );
    }
}
