//! The unified diff text (`diff -u` / git format) that `patch -p1` and
//! `git apply` accept.
//!
//! Written here rather than with `similar`'s `UnifiedDiff` because that one
//! splits lines at a lone `\r` too, which `patch` does not, and then prints
//! such a line without a newline after it.

use std::fmt::Write as _;

use similar::{DiffOp, DiffTag};

use super::LineDiff;

/// A unified diff turning `original` into `rewritten`, with 3 lines of
/// context and `--- a/<old_name>` / `+++ b/<new_name>` headers; empty when
/// the texts are equal.
///
/// The names are paths relative to the repository root (so `patch -p1` and
/// `git apply` find the file). A name containing a control character, `"`
/// or `\` is written C-quoted, as git does.
pub fn unified_diff(original: &str, rewritten: &str, old_name: &str, new_name: &str) -> String {
    if original == rewritten {
        return String::new();
    }
    let lines = LineDiff::new(original, rewritten);
    let hunks = lines.hunks();
    if hunks.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(original.len() / 4 + 64);
    out.push_str("--- ");
    out.push_str(&header_path("a/", old_name));
    out.push_str("\n+++ ");
    out.push_str(&header_path("b/", new_name));
    out.push('\n');
    for hunk in &hunks {
        write_hunk(&mut out, &lines, hunk);
    }
    out
}

fn write_hunk(out: &mut String, lines: &LineDiff<'_>, ops: &[DiffOp]) {
    let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
        return;
    };
    let old = first.old_range().start..last.old_range().end;
    let new = first.new_range().start..last.new_range().end;
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        HunkRange(old.start, old.len()),
        HunkRange(new.start, new.len())
    );
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if let DiffTag::Equal = tag {
            for index in old_range {
                write_line(out, ' ', lines.old_line(index));
            }
            continue;
        }
        for index in old_range {
            write_line(out, '-', lines.old_line(index));
        }
        for index in new_range {
            write_line(out, '+', lines.new_line(index));
        }
    }
}

fn write_line(out: &mut String, marker: char, line: &str) {
    out.push(marker);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// A hunk header range: `start,len` with a 1-based start; `len` is left out
/// when it is 1, and an empty range names the line before it (`0,0` at the
/// top of the file), as GNU diff writes them.
struct HunkRange(usize, usize);

impl std::fmt::Display for HunkRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let HunkRange(start, len) = *self;
        match len {
            0 => write!(f, "{start},0"),
            1 => write!(f, "{}", start + 1),
            _ => write!(f, "{},{len}", start + 1),
        }
    }
}

fn header_path(prefix: &str, name: &str) -> String {
    let needs_quotes = name
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\');
    if !needs_quotes {
        return format!("{prefix}{name}");
    }
    let mut quoted = String::from("\"");
    quoted.push_str(prefix);
    for c in name.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => {
                // git quotes other bytes in octal; control chars are ASCII here
                // or C1 (two UTF-8 bytes), each byte written as \ooo.
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    let _ = write!(quoted, "\\{byte:03o}");
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_ranges_follow_gnu_diff() {
        assert_eq!(HunkRange(0, 0).to_string(), "0,0");
        assert_eq!(HunkRange(4, 0).to_string(), "4,0");
        assert_eq!(HunkRange(0, 1).to_string(), "1");
        assert_eq!(HunkRange(2, 5).to_string(), "3,5");
    }

    #[test]
    fn equal_texts_give_an_empty_diff() {
        assert_eq!(
            unified_diff("FROM a\n", "FROM a\n", "Dockerfile", "Dockerfile"),
            ""
        );
        assert_eq!(unified_diff("", "", "x", "x"), "");
    }

    #[test]
    fn one_changed_line_in_the_middle() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff(old, new, "Dockerfile", "Dockerfile"),
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked_on_the_side_that_lacks_it() {
        assert_eq!(
            unified_diff("FROM a\nRUN x", "FROM a\nRUN x\n", "D", "D"),
            "--- a/D\n+++ b/D\n@@ -1,2 +1,2 @@\n FROM a\n-RUN x\n\\ No newline at end of file\n+RUN x\n"
        );
    }

    #[test]
    fn insertion_into_an_empty_file_starts_at_zero() {
        assert_eq!(
            unified_diff("", "FROM a\n", "D", "D"),
            "--- a/D\n+++ b/D\n@@ -0,0 +1 @@\n+FROM a\n"
        );
    }

    #[test]
    fn odd_names_are_quoted_like_git() {
        assert_eq!(
            header_path("a/", "docker/Dockerfile"),
            "a/docker/Dockerfile"
        );
        assert_eq!(header_path("a/", "x\ny\"z"), "\"a/x\\ny\\\"z\"");
        assert_eq!(header_path("b/", "bell\u{7}"), "\"b/bell\\007\"");
    }
}
