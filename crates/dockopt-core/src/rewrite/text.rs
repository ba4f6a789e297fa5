//! Writing new Dockerfile text in the file's own style, and finding the
//! whole lines an instruction occupies.

use dockopt_syntax::{Instruction, InstructionKind, Node};

use crate::fix::Edit;
use crate::model::Model;

/// How the file writes lines and keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// `"\r\n"` when the file's first line ending is CRLF, else `"\n"`.
    pub newline: &'static str,
    /// Keywords in lower case (`from`, `run`): most of the file's keywords are.
    pub lowercase: bool,
}

impl TextStyle {
    /// The style of the model's text.
    pub fn of(model: &Model<'_>) -> TextStyle {
        let newline = newline_of(model.text);
        let (mut lower, mut upper) = (0usize, 0usize);
        for located in &model.instructions {
            let keyword = located.instruction.keyword.text.as_str();
            if keyword.chars().all(|c| !c.is_ascii_uppercase()) {
                lower += 1;
            } else {
                upper += 1;
            }
        }
        TextStyle {
            newline,
            lowercase: lower > upper,
        }
    }

    /// A keyword (`"COPY"`, `"AS"`) in the file's casing.
    pub fn keyword(&self, keyword: &str) -> String {
        if self.lowercase {
            keyword.to_ascii_lowercase()
        } else {
            keyword.to_ascii_uppercase()
        }
    }

    /// One instruction line: the keyword in the file's casing, a space, the
    /// rest, and the file's line ending.
    pub fn line(&self, keyword: &str, rest: &str) -> String {
        format!("{} {rest}{}", self.keyword(keyword), self.newline)
    }

    /// Lines written with `\n` in the code, given the file's line ending.
    pub fn lines(&self, text: &str) -> String {
        if self.newline == "\n" {
            text.to_string()
        } else {
            text.replace("\r\n", "\n").replace('\n', self.newline)
        }
    }
}

/// `"\r\n"` when the first line ending of `text` is CRLF, else `"\n"`.
pub fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The node (whole lines, comments above excluded) of an instruction.
pub fn node_of<'d>(model: &Model<'d>, instruction: &Instruction) -> Option<&'d Node> {
    model
        .dockerfile
        .nodes()
        .iter()
        .find(|n| n.span.start == instruction.span.start)
}

/// The byte offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The whole lines of an instruction (leading blanks through its final
/// line ending), together with the comment lines directly above it (no
/// blank line between), which describe it and should travel with it.
pub fn lines_with_comments(model: &Model<'_>, instruction: &Instruction) -> Option<(usize, usize)> {
    let node = node_of(model, instruction)?;
    let text = model.text;
    let mut start = node.full_span.start;
    loop {
        if start == 0 {
            break;
        }
        let previous = line_start(text, start - 1);
        let line = text.get(previous..start).unwrap_or("").trim();
        if line.starts_with('#') && !is_directive_or_pragma(line) {
            start = previous;
        } else {
            break;
        }
    }
    Some((start, node.full_span.end))
}

/// Parser directives and suppression pragmas stay where they are.
fn is_directive_or_pragma(line: &str) -> bool {
    let body = line
        .trim_start_matches('#')
        .trim_start()
        .to_ascii_lowercase();
    ["syntax", "escape", "check"]
        .iter()
        .any(|d| body.starts_with(d) && body[d.len()..].trim_start().starts_with('='))
        || body.starts_with("hadolint")
        || body.starts_with("dockopt")
}

/// The text of `start..end`, ending with a line ending (the file's) even
/// when it is the last line of a file without a final newline.
pub fn as_lines(model: &Model<'_>, start: usize, end: usize) -> String {
    let mut out = model.text.get(start..end).unwrap_or("").to_string();
    if !out.ends_with('\n') {
        out.push_str(newline_of(model.text));
    }
    out
}

/// An edit that inserts whole lines before the line of `instruction`.
pub fn insert_lines_before(model: &Model<'_>, instruction: &Instruction, lines: &str) -> Edit {
    let at = node_of(model, instruction)
        .map(|n| n.full_span.start)
        .unwrap_or_else(|| line_start(model.text, instruction.span.start));
    Edit::insert(at, lines)
}

/// Whether the text before `end` stops in a line continuation (its last
/// non-blank line, not a comment, ends with the escape character): a line
/// put after it would join that instruction.
pub fn dangling_continuation(model: &Model<'_>, end: usize) -> bool {
    let before = model.text.get(..end).unwrap_or("");
    before
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| !l.trim_start().starts_with('#') && l.trim_end().ends_with(model.escape))
}

/// An edit that appends whole lines at the end of the file (adding a line
/// ending first when the file has no final one).
pub fn append_lines(model: &Model<'_>, lines: &str) -> Edit {
    let text = model.text;
    if text.is_empty() || text.ends_with('\n') {
        Edit::insert(text.len(), lines)
    } else {
        Edit::insert(text.len(), format!("{}{lines}", newline_of(text)))
    }
}

/// The first instruction of `kinds` in a stage's body, by model index.
pub fn first_in_stage(model: &Model<'_>, stage: usize, kinds: &[InstructionKind]) -> Option<usize> {
    let body = model.stages.get(stage)?.body.clone();
    body.into_iter().find(|&i| {
        model
            .instructions
            .get(i)
            .is_some_and(|l| kinds.contains(&l.instruction.kind))
    })
}

/// Where a runtime instruction such as `USER` or `HEALTHCHECK` goes in a
/// stage: before its first CMD or ENTRYPOINT, else at the end of the stage.
pub enum Placement {
    /// Before the instruction with this model index.
    Before(usize),
    /// After the last instruction of the stage (model index).
    After(usize),
}

pub fn runtime_placement(model: &Model<'_>, stage: usize) -> Option<Placement> {
    if let Some(i) = first_in_stage(
        model,
        stage,
        &[InstructionKind::Cmd, InstructionKind::Entrypoint],
    ) {
        return Some(Placement::Before(i));
    }
    let s = model.stages.get(stage)?;
    let last = s.body.end.checked_sub(1).filter(|&i| i >= s.from_index)?;
    Some(Placement::After(last))
}

/// An edit that puts `lines` at a [`Placement`].
pub fn insert_at(model: &Model<'_>, placement: &Placement, lines: &str) -> Option<Edit> {
    match *placement {
        Placement::Before(i) => {
            let instruction = model.instructions.get(i)?.instruction;
            Some(insert_lines_before(model, instruction, lines))
        }
        Placement::After(i) => {
            let instruction = model.instructions.get(i)?.instruction;
            let node = node_of(model, instruction)?;
            let end = node.full_span.end;
            if dangling_continuation(model, end) {
                return None;
            }
            if model.text.get(..end).is_some_and(|t| t.ends_with('\n')) {
                Some(Edit::insert(end, lines))
            } else {
                Some(Edit::insert(
                    end,
                    format!("{}{lines}", newline_of(model.text)),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use dockopt_syntax::Dockerfile;

    fn with_model(text: &str, f: impl FnOnce(&Model)) {
        let dockerfile = Dockerfile::parse(text);
        let model = Model::new(&dockerfile, &Config::default());
        f(&model);
    }

    #[test]
    fn style_follows_the_file() {
        with_model("from alpine\r\nrun true\r\nCMD x\r\n", |model| {
            let style = TextStyle::of(model);
            assert_eq!(style.newline, "\r\n");
            assert!(style.lowercase);
            assert_eq!(style.line("COPY", "a b"), "copy a b\r\n");
            assert_eq!(style.lines("a\nb\n"), "a\r\nb\r\n");
        });
        with_model("FROM alpine\nRUN true\n", |model| {
            let style = TextStyle::of(model);
            assert_eq!(style.newline, "\n");
            assert_eq!(style.keyword("as"), "AS");
        });
    }

    #[test]
    fn comments_above_travel_but_pragmas_do_not() {
        let text = "FROM alpine\n# hadolint ignore=DL3025\n# start it\nCMD x\n";
        with_model(text, |model| {
            let cmd = model.instructions[1].instruction;
            let (start, end) = lines_with_comments(model, cmd).expect("lines");
            assert_eq!(&text[start..end], "# start it\nCMD x\n");
        });
    }

    #[test]
    fn nothing_goes_after_a_dangling_continuation() {
        with_model("FROM alpine\nENV a=1 \\\n", |model| {
            assert!(dangling_continuation(model, model.text.len()));
            let placement = runtime_placement(model, 0).expect("placement");
            assert!(insert_at(model, &placement, "USER 1\n").is_none());
        });
        with_model("FROM alpine\n# a comment \\\n", |model| {
            assert!(!dangling_continuation(model, model.text.len()));
        });
    }

    #[test]
    fn appending_to_a_file_without_a_final_newline() {
        with_model("FROM alpine\r\nCMD x", |model| {
            let edit = append_lines(model, "USER 1\r\n");
            assert_eq!(edit.replacement, "\r\nUSER 1\r\n");
            assert_eq!(edit.start, model.text.len());
        });
    }
}
