//! The code frame under a finding: the source lines a span covers, and where
//! the `^^^` go, in terminal cells.
//!
//! Everything is computed from the span's byte offsets into the analysed
//! text, never from its columns: a column counts characters, but a tab takes
//! [`TAB_WIDTH`] cells and a CJK character or an emoji takes two.

use dockopt_syntax::LineIndex;
use unicode_width::UnicodeWidthChar as _;

/// Cells a tab is shown as (tabs are expanded so the underline can match).
pub const TAB_WIDTH: usize = 4;

/// Longest source line shown whole, in cells; longer ones are windowed.
pub const MAX_LINE_CELLS: usize = 200;

/// Cells kept before the underline when a long line is windowed.
const LINE_CONTEXT_CELLS: usize = 40;

/// Spans longer than this many lines show their first and last lines only.
pub const MAX_FRAME_LINES: usize = 6;

/// One row of a code frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameLine {
    /// A source line (1-based `number`) as displayed, and the cells to underline.
    Source {
        number: usize,
        shown: String,
        underline: Option<Underline>,
    },
    /// Lines left out of a long span.
    Elided,
}

/// `width` cells of carets, starting `indent` cells into the displayed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Underline {
    pub indent: usize,
    pub width: usize,
}

/// The frame for bytes `start..end` of `text`. Offsets out of range or inside
/// a character are clamped, so a wrong span from the analysis still prints.
pub fn frame(text: &str, index: &LineIndex, start: usize, end: usize) -> Vec<FrameLine> {
    let start = floor_char_boundary(text, start);
    let end = ceil_char_boundary(text, end.max(start));
    let first_line = line_of(index, start);
    let mut last_line = line_of(index, end);
    // A span that ends right after a newline does not touch the next line.
    if last_line > first_line && index.line_start(last_line) == Some(end) {
        last_line -= 1;
    }

    let mut rows = Vec::new();
    let count = last_line - first_line + 1;
    for line in first_line..=last_line {
        if count > MAX_FRAME_LINES {
            let head_end = first_line + MAX_FRAME_LINES / 2;
            let tail_start = last_line + 1 - (MAX_FRAME_LINES - MAX_FRAME_LINES / 2 - 1);
            if line == head_end {
                rows.push(FrameLine::Elided);
            }
            if line >= head_end && line < tail_start {
                continue;
            }
        }
        let line_start = index.line_start(line).unwrap_or(text.len());
        let line_end = index
            .line_start(line + 1)
            .unwrap_or(text.len())
            .min(text.len());
        let content = text.get(line_start..line_end).unwrap_or("");
        let content = content
            .strip_suffix('\n')
            .unwrap_or(content)
            .trim_end_matches('\r');
        let content_end = line_start + content.len();
        let from = start.clamp(line_start, content_end) - line_start;
        let to = end.clamp(line_start, content_end) - line_start;
        let before = content.get(..from).unwrap_or("");
        let inside = content.get(from..to).unwrap_or("");
        let indent = display_width(before);
        let width = display_width(inside);
        let underline = if width > 0 {
            Some(Underline { indent, width })
        } else if line == first_line {
            // An empty span (an insertion point) or one covering only
            // zero-width characters still gets one caret where it starts.
            Some(Underline { indent, width: 1 })
        } else {
            None
        };
        let (shown, underline) = window(display(content), underline);
        rows.push(FrameLine::Source {
            number: line + 1,
            shown,
            underline,
        });
    }
    rows
}

/// Cut a displayed line longer than [`MAX_LINE_CELLS`] down to a window
/// around its underline, marking each cut with `…`: a minified 5 MB line
/// must not flood the terminal.
fn window(shown: String, underline: Option<Underline>) -> (String, Option<Underline>) {
    if display_width(&shown) <= MAX_LINE_CELLS {
        return (shown, underline);
    }
    let first_cell = underline.map_or(0, |u| u.indent.saturating_sub(LINE_CONTEXT_CELLS));
    let budget = MAX_LINE_CELLS - 2; // room for the two `…`
    let mut out = String::new();
    if first_cell > 0 {
        out.push('…');
    }
    let mut cell = 0;
    let mut kept_from = None;
    let mut cut_at_end = false;
    for c in shown.chars() {
        let width = c.width().unwrap_or(0);
        if cell >= first_cell {
            let start = *kept_from.get_or_insert(cell);
            if cell + width > start + budget {
                cut_at_end = true;
                break;
            }
            out.push(c);
        }
        cell += width;
    }
    let kept_from = kept_from.unwrap_or(first_cell);
    if cut_at_end {
        out.push('…');
    }
    let prefix = usize::from(first_cell > 0);
    let underline = underline.map(|u| {
        let indent = u.indent.saturating_sub(kept_from) + prefix;
        let room = (budget + prefix).saturating_sub(indent).max(1);
        Underline {
            indent,
            width: u.width.min(room).max(1),
        }
    });
    (out, underline)
}

/// 0-based line containing byte `offset`.
fn line_of(index: &LineIndex, offset: usize) -> usize {
    // `line_start` is monotonic, so a binary search over line numbers works.
    let (mut low, mut high) = (0, index.line_count());
    while low + 1 < high {
        let middle = (low + high) / 2;
        match index.line_start(middle) {
            Some(begin) if begin <= offset => low = middle,
            _ => high = middle,
        }
    }
    low
}

/// How a character is shown in a frame: tabs expanded, control characters
/// (which would move the cursor or ring the bell) replaced by `�`.
fn shown_char(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str(&" ".repeat(TAB_WIDTH)),
        c if c.is_control() => out.push('\u{FFFD}'),
        c => out.push(c),
    }
}

fn display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        shown_char(c, &mut out);
    }
    out
}

/// Terminal cells `text` takes once displayed by [`display`].
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '\t' => TAB_WIDTH,
            c if c.is_control() => 1,
            c => c.width().unwrap_or(0),
        })
        .sum()
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frame as plain text: `N | line` and `  | ^^^` rows.
    fn draw(text: &str, needle: &str) -> String {
        let start = text.find(needle).expect("needle in text");
        draw_range(text, start, start + needle.len())
    }

    fn draw_range(text: &str, start: usize, end: usize) -> String {
        let index = LineIndex::new(text);
        let mut out = String::new();
        for row in frame(text, &index, start, end) {
            match row {
                FrameLine::Source {
                    number,
                    shown,
                    underline,
                } => {
                    out.push_str(&format!("{number}|{shown}\n"));
                    if let Some(u) = underline {
                        out.push_str(&format!(
                            " |{}{}\n",
                            " ".repeat(u.indent),
                            "^".repeat(u.width)
                        ));
                    }
                }
                FrameLine::Elided => out.push_str("...\n"),
            }
        }
        out
    }

    #[test]
    fn underlines_the_exact_bytes() {
        assert_eq!(
            draw("FROM a\nFROM python:latest\n", "python:latest"),
            "2|FROM python:latest\n |     ^^^^^^^^^^^^^\n"
        );
    }

    #[test]
    fn tabs_are_expanded_in_line_and_underline() {
        assert_eq!(
            draw("RUN\tapt-get\tinstall x\n", "install"),
            "1|RUN    apt-get    install x\n |                  ^^^^^^^\n"
        );
    }

    #[test]
    fn wide_and_multibyte_characters_take_their_cells() {
        // "é" is 2 bytes, 1 cell; "日本" is 6 bytes, 4 cells; "😀" is 4 bytes, 2 cells.
        assert_eq!(
            draw("LABEL é=\"日本\" 😀 x=latest\n", "latest"),
            "1|LABEL é=\"日本\" 😀 x=latest\n |                    ^^^^^^\n"
        );
        assert_eq!(
            draw("LABEL a=\"日本\"\n", "日本"),
            "1|LABEL a=\"日本\"\n |         ^^^^\n"
        );
    }

    #[test]
    fn crlf_lines_do_not_show_the_carriage_return() {
        assert_eq!(
            draw("FROM a\r\nUSER root\r\n", "root"),
            "2|USER root\n |     ^^^^\n"
        );
    }

    #[test]
    fn multi_line_spans_underline_each_line_part() {
        let text = "RUN a \\\n    b \\\n    c\nUSER x\n";
        let start = text.find("a \\").unwrap();
        let end = text.find("c\n").unwrap() + 1;
        assert_eq!(
            draw_range(text, start, end),
            "1|RUN a \\\n |    ^^^\n2|    b \\\n |^^^^^^^\n3|    c\n |^^^^^\n"
        );
    }

    #[test]
    fn a_span_ending_after_a_newline_stays_on_its_line() {
        let text = "FROM a\nUSER x\n";
        assert_eq!(draw_range(text, 0, 7), "1|FROM a\n |^^^^^^\n");
    }

    #[test]
    fn empty_spans_get_one_caret_and_end_of_text_works() {
        assert_eq!(draw_range("FROM a\n", 4, 4), "1|FROM a\n |    ^\n");
        assert_eq!(draw_range("FROM a", 6, 6), "1|FROM a\n |      ^\n");
        assert_eq!(draw_range("", 0, 0), "1|\n |^\n");
    }

    #[test]
    fn bad_offsets_are_clamped_not_panicked_on() {
        let text = "FROM é\n";
        // 6 is inside "é" (bytes 5..7); 100 is past the end.
        assert_eq!(draw_range(text, 6, 100), "1|FROM é\n |     ^\n");
        assert_eq!(draw_range(text, 100, 3), "2|\n |^\n");
    }

    #[test]
    fn long_lines_are_windowed_around_the_underline() {
        let text = format!(
            "RUN {} pip install x {}\n",
            "a".repeat(5000),
            "b".repeat(5000)
        );
        let drawn = draw(&text, "install");
        let lines: Vec<&str> = drawn.lines().collect();
        assert_eq!(lines.len(), 2);
        let shown = lines[0].trim_start_matches("1|");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(display_width(shown), MAX_LINE_CELLS);
        // The carets still sit under "install" in the windowed line.
        let carets = lines[1].trim_start_matches(" |");
        let indent = carets.len() - carets.trim_start().len();
        let under: String = shown.chars().skip(indent).take(7).collect();
        assert_eq!(under, "install");
        assert_eq!(carets.trim(), "^^^^^^^");
        // A line ending within the budget keeps its start.
        let short = format!("FROM python:latest {}\n", "c".repeat(300));
        let drawn = draw(&short, "python:latest");
        assert!(drawn.starts_with("1|FROM python:latest ccc"), "{drawn}");
        assert!(drawn.lines().next().unwrap_or("").ends_with('…'));
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(draw("RUN \u{7}x\n", "x"), "1|RUN \u{FFFD}x\n |     ^\n");
    }

    #[test]
    fn long_spans_are_elided_in_the_middle() {
        let text: String = (1..=10).map(|i| format!("l{i}\n")).collect();
        let drawn = draw_range(&text, 0, text.len() - 1);
        let numbers: Vec<&str> = drawn
            .lines()
            .filter(|l| !l.starts_with(' '))
            .map(|l| l.split('|').next().unwrap_or(""))
            .collect();
        assert_eq!(numbers, ["1", "2", "3", "...", "9", "10"]);
    }
}
