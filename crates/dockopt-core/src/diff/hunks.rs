//! Structured hunks for a side-by-side view: numbered rows on both sides and,
//! for a changed line paired with its replacement, which words changed.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use super::LineDiff;

/// Above this many bytes (old line + new line) a changed pair is shown as
/// wholly changed: a word diff costs time proportional to length times
/// differences, and no real Dockerfile line is that long.
const MAX_WORD_DIFF_BYTES: usize = 8 * 1024;

/// One hunk: a run of changes with up to [`super::CONTEXT_LINES`] unchanged
/// lines around them.
///
/// `old_start`/`new_start` are 1-based numbers of the hunk's first line on
/// each side; when a side is empty (`*_len == 0`) its start is the number the
/// next line on that side has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hunk {
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub rows: Vec<Row>,
}

/// One row of the side-by-side view. Line numbers are 1-based. Texts are
/// exactly the file's lines, terminator included (`\n`, `\r\n`, or nothing on
/// a last line that has none), so a side's rows join back into its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Row {
    Equal {
        old_line: usize,
        new_line: usize,
        text: String,
    },
    Delete {
        old_line: usize,
        text: String,
    },
    Insert {
        new_line: usize,
        text: String,
    },
    /// A changed line next to its replacement. Each side's segments join
    /// into that side's line; `changed` marks the words that differ.
    Replace {
        old_line: usize,
        new_line: usize,
        old: Vec<Segment>,
        new: Vec<Segment>,
    },
}

/// A run of a line's text that is either all changed or all unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// The hunks turning `original` into `rewritten`; empty when they are equal.
///
/// Within a block of changed lines, the n-th removed line is paired with the
/// n-th added line as a [`Row::Replace`]; lines left over on the longer side
/// become [`Row::Delete`] or [`Row::Insert`] rows after the pairs.
pub fn diff_hunks(original: &str, rewritten: &str) -> Vec<Hunk> {
    if original == rewritten {
        return Vec::new();
    }
    let lines = LineDiff::new(original, rewritten);
    lines
        .hunks()
        .iter()
        .filter_map(|ops| build_hunk(&lines, ops))
        .collect()
}

fn build_hunk(lines: &LineDiff<'_>, ops: &[DiffOp]) -> Option<Hunk> {
    let first = ops.first()?;
    let last = ops.last()?;
    let old = first.old_range().start..last.old_range().end;
    let new = first.new_range().start..last.new_range().end;
    let mut rows = Vec::new();
    for op in ops {
        push_rows(&mut rows, lines, op);
    }
    Some(Hunk {
        old_start: old.start + 1,
        old_len: old.len(),
        new_start: new.start + 1,
        new_len: new.len(),
        rows,
    })
}

fn push_rows(rows: &mut Vec<Row>, lines: &LineDiff<'_>, op: &DiffOp) {
    let old_range = op.old_range();
    let new_range = op.new_range();
    if let DiffOp::Equal { .. } = op {
        for (old_index, new_index) in old_range.zip(new_range) {
            rows.push(Row::Equal {
                old_line: old_index + 1,
                new_line: new_index + 1,
                text: lines.old_line(old_index).to_string(),
            });
        }
        return;
    }
    let pairs = old_range.len().min(new_range.len());
    for (old_index, new_index) in old_range.clone().zip(new_range.clone()) {
        let (old, new) = word_segments(lines.old_line(old_index), lines.new_line(new_index));
        rows.push(Row::Replace {
            old_line: old_index + 1,
            new_line: new_index + 1,
            old,
            new,
        });
    }
    for old_index in old_range.skip(pairs) {
        rows.push(Row::Delete {
            old_line: old_index + 1,
            text: lines.old_line(old_index).to_string(),
        });
    }
    for new_index in new_range.skip(pairs) {
        rows.push(Row::Insert {
            new_line: new_index + 1,
            text: lines.new_line(new_index).to_string(),
        });
    }
}

/// Word-level segments of a changed line pair: words are runs of
/// non-whitespace, and whitespace runs are tokens of their own.
fn word_segments(old: &str, new: &str) -> (Vec<Segment>, Vec<Segment>) {
    if old.len() + new.len() > MAX_WORD_DIFF_BYTES {
        return (whole_line_changed(old), whole_line_changed(new));
    }
    let words = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_words(old, new);
    let mut old_segments = Vec::new();
    let mut new_segments = Vec::new();
    for change in words.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push_segment(&mut old_segments, text, false);
                push_segment(&mut new_segments, text, false);
            }
            ChangeTag::Delete => push_segment(&mut old_segments, text, true),
            ChangeTag::Insert => push_segment(&mut new_segments, text, true),
        }
    }
    (old_segments, new_segments)
}

fn whole_line_changed(line: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    push_segment(&mut segments, line, true);
    segments
}

/// Append `text`, merging it into the previous segment when both have the
/// same `changed` flag, so the view gets the fewest spans.
fn push_segment(segments: &mut Vec<Segment>, text: &str, changed: bool) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_string(),
            changed,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(text: &str, changed: bool) -> Segment {
        Segment {
            text: text.to_string(),
            changed,
        }
    }

    #[test]
    fn replaced_word_is_the_only_changed_segment() {
        let (old, new) = word_segments(
            "FROM debian:12 AS build\n",
            "FROM debian:12-slim AS build\n",
        );
        assert_eq!(
            old,
            [
                segment("FROM ", false),
                segment("debian:12", true),
                segment(" AS build\n", false)
            ]
        );
        assert_eq!(
            new,
            [
                segment("FROM ", false),
                segment("debian:12-slim", true),
                segment(" AS build\n", false)
            ]
        );
    }

    #[test]
    fn very_long_lines_are_wholly_changed() {
        let old = "a ".repeat(MAX_WORD_DIFF_BYTES);
        let new = format!("{old}b");
        let (old_segments, new_segments) = word_segments(&old, &new);
        assert_eq!(old_segments, [segment(&old, true)]);
        assert_eq!(new_segments, [segment(&new, true)]);
    }

    #[test]
    fn leftover_lines_follow_the_pairs() {
        let hunks = diff_hunks("keep\nold 1\nold 2\nkeep\n", "keep\nnew 1\nkeep\n");
        assert_eq!(hunks.len(), 1);
        let hunk = &hunks[0];
        assert_eq!(
            (hunk.old_start, hunk.old_len, hunk.new_start, hunk.new_len),
            (1, 4, 1, 3)
        );
        let kinds: Vec<(&str, Option<usize>, Option<usize>)> = hunk
            .rows
            .iter()
            .map(|row| match row {
                Row::Equal {
                    old_line, new_line, ..
                } => ("equal", Some(*old_line), Some(*new_line)),
                Row::Delete { old_line, .. } => ("delete", Some(*old_line), None),
                Row::Insert { new_line, .. } => ("insert", None, Some(*new_line)),
                Row::Replace {
                    old_line, new_line, ..
                } => ("replace", Some(*old_line), Some(*new_line)),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("equal", Some(1), Some(1)),
                ("replace", Some(2), Some(2)),
                ("delete", Some(3), None),
                ("equal", Some(4), Some(3)),
            ]
        );
    }
}
