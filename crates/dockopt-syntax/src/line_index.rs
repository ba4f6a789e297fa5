//! Byte offset → line/column conversion.
//!
//! A line ends after `\n` (so CRLF lines end after the LF, and the CR belongs
//! to the line it terminates). Offsets inside a multi-byte character are
//! clamped to the start of that character; offsets past the end are clamped
//! to the end of the text.

/// A position in the text: 1-based line, and 1-based columns counted in
/// Unicode scalar values, in UTF-16 code units (the browser's unit) and in
/// UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub utf16_column: u32,
    pub byte_column: u32,
}

/// Start offsets of every line of a text, for fast offset → position lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    text_len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            line_starts,
            text_len: text.len(),
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the 0-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// The position of byte `offset` in `text` (which must be the text this
    /// index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(self.text_len).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let prefix = text.get(start..offset).unwrap_or("");
        Position {
            line: line as u32 + 1,
            column: prefix.chars().count() as u32 + 1,
            utf16_column: prefix.encode_utf16().count() as u32 + 1,
            byte_column: prefix.len() as u32 + 1,
        }
    }
}

impl LineIndex {
    /// The byte offset of 1-based `line` and 1-based `utf16_column` (the
    /// browser's position) in `text`, the text this index was built from.
    /// `None` when the line does not exist, the column is past the end of
    /// the line, or it falls inside a character.
    pub fn offset(&self, text: &str, line: u32, utf16_column: u32) -> Option<usize> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text_len, |&next| next - 1);
        let line_text = text.get(start..end)?;
        let mut remaining = utf16_column.checked_sub(1)? as usize;
        for (i, c) in line_text.char_indices() {
            if remaining == 0 {
                return Some(start + i);
            }
            remaining = remaining.checked_sub(c.len_utf16())?;
        }
        (remaining == 0).then_some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let text = "FROM a\r\nRUN echo 😀 é x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find('x').unwrap();
        let p = index.position(text, x);
        assert_eq!(p.line, 2);
        // "RUN echo 😀 é " is 13 chars; the emoji is 2 UTF-16 units.
        assert_eq!(p.column, 14);
        assert_eq!(p.utf16_column, 15);
        assert_eq!(
            index.position(text, 0),
            Position {
                line: 1,
                column: 1,
                utf16_column: 1,
                byte_column: 1,
            }
        );
        // Past the end clamps to the end.
        assert_eq!(index.position(text, 10_000).line, 3);
        // And back: UTF-16 columns to byte offsets.
        assert_eq!(index.offset(text, p.line, p.utf16_column), Some(x));
        assert_eq!(index.offset(text, 1, 1), Some(0));
        assert_eq!(index.offset(text, 1, 7), Some(6));
        // The CR belongs to line 1; past it is the end of the line.
        assert_eq!(index.offset(text, 1, 8), Some(7));
        assert_eq!(index.offset(text, 1, 9), None);
        assert_eq!(index.offset(text, 3, 1), Some(text.len()));
        assert_eq!(index.offset(text, 4, 1), None);
        assert_eq!(index.offset(text, 0, 1), None);
        let emoji16 = index.position(text, text.find('😀').unwrap()).utf16_column;
        assert_eq!(
            index.offset(text, 2, emoji16 + 1),
            None,
            "inside a surrogate pair"
        );
        // Inside a multi-byte char clamps to its start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.position(text, emoji + 1), index.position(text, emoji));
    }
}
