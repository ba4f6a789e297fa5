//! The driver: physical lines → logical lines → nodes and tokens.
//!
//! It follows BuildKit's `parser.Parse` loop line for line (directives at the
//! top, comments, blank lines, continuations with comment and blank lines
//! inside, heredoc bodies after the line), but never stops: what BuildKit
//! would reject becomes an error node and the next line is read as usual.
//! Everything is a loop over lines; nothing recurses per line.

use crate::args::{self, trim_range, Ctx, Failure, Logical};
use crate::heredoc::{self, Heredoc};
use crate::instruction::{Body, Command, Instruction, InstructionKind};
use crate::span::Span;
use crate::tree::{
    Diagnostic, Directive, DirectiveKind, Dockerfile, ErrorNode, Node, NodeKind, Severity, Token,
    TokenKind,
};
use crate::validate;

/// BuildKit reads lines with a 64 KiB buffer: a longer line is an error.
const MAX_LINE: usize = 65_535;

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// End of the text, before any trailing `\r` and the `\n`.
    content_end: usize,
    /// After the `\n` (or at the end of the file).
    end: usize,
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    nodes: Vec<Node>,
    diagnostics: Vec<Diagnostic>,
    escape: u8,
    directives_open: bool,
    seen: [bool; 3],
    saw_instruction: bool,
    /// Reused for every instruction, to save allocations.
    logical: Logical,
    /// End of the last token: debug builds check that each token starts
    /// exactly where the previous one ended, so the tokens tile the text.
    covered: usize,
}

pub(crate) fn parse(src: &str) -> Dockerfile {
    let mut parser = Parser {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        // About one token per 5 bytes in real files; reserving generously avoids
        // regrowing a large vector, which costs more than the unused space.
        tokens: Vec::with_capacity(src.len() / 3 + 1),
        nodes: Vec::new(),
        diagnostics: Vec::new(),
        escape: b'\\',
        directives_open: true,
        seen: [false; 3],
        saw_instruction: false,
        logical: Logical::new(),
        covered: 0,
    };
    parser.run();
    debug_assert_eq!(parser.covered, src.len(), "tokens do not reach the end");
    let Parser {
        tokens,
        nodes,
        mut diagnostics,
        escape,
        ..
    } = parser;
    diagnostics.sort_by_key(|d| d.span.start);
    Dockerfile {
        source: src.to_string(),
        tokens,
        nodes,
        diagnostics,
        escape: char::from(escape),
    }
}

impl Parser<'_> {
    fn run(&mut self) {
        if self.src.starts_with('\u{feff}') {
            self.emit(TokenKind::Bom, 0, 3);
            self.pos = 3;
        }
        while let Some(line) = self.next_line() {
            self.top_level_line(line);
        }
        if !self.saw_instruction {
            let end = self.src.len();
            self.error(Span::empty(end), "file with no instructions".into());
        }
    }

    fn error(&mut self, span: Span, message: String) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            span,
            message,
        });
    }

    fn next_line(&mut self) -> Option<Line> {
        let start = self.pos;
        if start >= self.bytes.len() {
            return None;
        }
        let rest = &self.bytes[start..];
        let (end, mut content_end) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (start + i + 1, start + i),
            None => (self.bytes.len(), self.bytes.len()),
        };
        while content_end > start && self.bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        self.pos = end;
        let length = end - start - usize::from(self.bytes[end - 1] == b'\n');
        if length > MAX_LINE {
            self.error(
                Span::new(start, content_end),
                format!("dockerfile line greater than max allowed size of {MAX_LINE}"),
            );
        }
        Some(Line {
            start,
            content_end,
            end,
        })
    }

    fn emit(&mut self, kind: TokenKind, start: usize, end: usize) {
        if end > start {
            debug_assert_eq!(
                start, self.covered,
                "gap or overlap before a {kind:?} token"
            );
            self.covered = end;
            self.tokens.push(Token {
                kind,
                span: Span::new(start, end),
            });
        }
    }

    fn emit_newline(&mut self, line: Line) {
        self.emit(TokenKind::Newline, line.content_end, line.end);
    }

    /// Whether the character at byte `i` is white space, and its length.
    fn space_at(&self, i: usize) -> (bool, usize) {
        let b = self.bytes[i];
        if b < 0x80 {
            return (matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r'), 1);
        }
        match self.src.get(i..).and_then(|s| s.chars().next()) {
            Some(c) => (c.is_whitespace(), c.len_utf8()),
            None => (false, 1),
        }
    }

    /// Tokens for instruction text: alternating white space and words.
    fn emit_content(&mut self, start: usize, end: usize) {
        let bytes = self.bytes;
        let mut i = start;
        while i < end {
            let run = i;
            let (space, len) = self.space_at(i);
            i += len;
            while i < end {
                let b = bytes[i];
                // Fast paths for plain ASCII; anything else asks `space_at`.
                let same = if b > b' ' && b < 0x80 {
                    !space
                } else if b == b' ' || b == b'\t' {
                    space
                } else {
                    let (s, l) = self.space_at(i);
                    if s != space {
                        break;
                    }
                    i += l;
                    continue;
                };
                if !same {
                    break;
                }
                i += 1;
            }
            let kind = if space {
                TokenKind::Whitespace
            } else {
                TokenKind::Word
            };
            self.emit(kind, run, i);
        }
    }

    /// Where the text of `start..end` stops if the line ends with the escape
    /// character (BuildKit's `([^E])E[ \t]*$|^E[ \t]*$`), and whether it does.
    fn continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let mut last = end;
        while last > start && matches!(self.bytes[last - 1], b' ' | b'\t') {
            last -= 1;
        }
        if last == start || self.bytes[last - 1] != self.escape {
            return (end, false);
        }
        let escape_at = last - 1;
        if escape_at > start && self.bytes[escape_at - 1] == self.escape {
            return (end, false);
        }
        (escape_at, true)
    }

    fn top_level_line(&mut self, line: Line) {
        let content = &self.src[line.start..line.content_end];
        let lead = content.len() - content.trim_start().len();
        let text_start = line.start + lead;
        let text = &self.src[text_start..line.content_end];
        if self.directives_open {
            match match_directive(text) {
                Some(found) => match DirectiveKind::from_name(&text[found.name.0..found.name.1]) {
                    Some(kind) => {
                        self.directive(line, text_start, kind, found);
                        return;
                    }
                    None => self.directives_open = false,
                },
                None => self.directives_open = false,
            }
        }
        if text.starts_with('#') {
            self.emit(TokenKind::Whitespace, line.start, text_start);
            self.emit(TokenKind::Comment, text_start, line.content_end);
            self.emit_newline(line);
        } else if text.is_empty() {
            self.emit(TokenKind::Whitespace, line.start, line.content_end);
            self.emit_newline(line);
        } else {
            self.instruction(line, text_start);
        }
    }

    fn directive(&mut self, line: Line, text_start: usize, kind: DirectiveKind, found: Found) {
        let first_token = self.tokens.len();
        self.emit(TokenKind::Whitespace, line.start, text_start);
        self.emit(TokenKind::Directive, text_start, line.content_end);
        self.emit_newline(line);
        let at = |r: (usize, usize)| Span::new(text_start + r.0, text_start + r.1);
        let directive = Directive {
            kind,
            span: Span::new(text_start, line.content_end),
            name: self.src[at(found.name).range()].to_string(),
            name_span: at(found.name),
            value: self.src[at(found.value).range()].to_string(),
            value_span: at(found.value),
        };
        let slot = kind as usize;
        let problem = if self.seen[slot] {
            Some(format!(
                "only one {} parser directive can be used",
                kind.as_str()
            ))
        } else {
            self.seen[slot] = true;
            match (kind, directive.value.as_str()) {
                (DirectiveKind::Escape, "\\") => {
                    self.escape = b'\\';
                    None
                }
                (DirectiveKind::Escape, "`") => {
                    self.escape = b'`';
                    None
                }
                (DirectiveKind::Escape, other) => Some(format!(
                    "invalid escape token '{other}' does not match ` or \\"
                )),
                _ => None,
            }
        };
        let span = directive.span;
        let kind = match problem {
            Some(message) => {
                self.error(directive.value_span, message.clone());
                NodeKind::Error(Box::new(ErrorNode {
                    message,
                    detail: directive.value_span,
                    keyword: None,
                    instruction: None,
                }))
            }
            None => NodeKind::Directive(Box::new(directive)),
        };
        self.nodes.push(Node {
            kind,
            span,
            full_span: Span::new(line.start, line.end),
            tokens: first_token..self.tokens.len(),
        });
    }

    fn instruction(&mut self, first: Line, text_start: usize) {
        self.saw_instruction = true;
        let first_token = self.tokens.len();
        let mut logical = std::mem::take(&mut self.logical);
        logical.clear();
        self.emit(TokenKind::Whitespace, first.start, text_start);
        let (piece_end, mut continues) = self.continuation(text_start, first.content_end);
        logical.push(&self.src[text_start..piece_end], text_start);
        self.emit_content(text_start, piece_end);
        self.emit(TokenKind::LineContinuation, piece_end, first.content_end);
        self.emit_newline(first);
        while continues {
            let Some(line) = self.next_line() else {
                break;
            };
            let content = &self.src[line.start..line.content_end];
            let trimmed = content.trim_start();
            let text_start = line.start + (content.len() - trimmed.len());
            if trimmed.starts_with('#') {
                self.emit(TokenKind::Whitespace, line.start, text_start);
                self.emit(TokenKind::Comment, text_start, line.content_end);
                self.emit_newline(line);
                continue;
            }
            if trimmed.is_empty() {
                self.emit(TokenKind::Whitespace, line.start, line.content_end);
                self.emit_newline(line);
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    span: Span::new(line.start, line.content_end),
                    message: "Empty continuation line: empty continuation lines will become errors in a future release".into(),
                });
                continue;
            }
            let (piece_end, more) = self.continuation(line.start, line.content_end);
            logical.push(&self.src[line.start..piece_end], line.start);
            self.emit_content(line.start, piece_end);
            self.emit(TokenKind::LineContinuation, piece_end, line.content_end);
            self.emit_newline(line);
            continues = more;
        }

        let ctx = Ctx {
            source: self.src,
            line: &logical,
            escape: char::from(self.escape),
        };
        let (a, b) = trim_range(&logical.text, 0, logical.text.len());
        let text_span = logical.map.span(a, b);
        let parsed = args::parse_instruction(&ctx, 0, logical.text.len(), false);
        let kind = match parsed {
            Err(failure) => self.failure(failure, text_span),
            Ok(mut instruction) => {
                let mut problem = None;
                if takes_heredocs(&instruction) {
                    match heredoc::find_markers(&logical.text) {
                        Ok(markers) => {
                            for marker in markers {
                                let heredoc = self.heredoc_body(&logical, marker);
                                let end = heredoc.terminator.map_or(heredoc.body.end, |t| t.end);
                                instruction.span.end = instruction.span.end.max(end);
                                let terminated = heredoc.terminator.is_some();
                                instruction.heredocs.push(heredoc);
                                if !terminated {
                                    problem = Some((
                                        instruction.span,
                                        "unterminated heredoc".to_string(),
                                    ));
                                    break;
                                }
                            }
                        }
                        Err(message) => problem = Some((text_span, message)),
                    }
                }
                let problem = problem.or_else(|| validate::check(&instruction));
                self.classify(first_token, &instruction);
                match problem {
                    None => NodeKind::Instruction(Box::new(instruction)),
                    Some((detail, message)) => {
                        self.error(detail, message.clone());
                        NodeKind::Error(Box::new(ErrorNode {
                            message,
                            detail,
                            keyword: Some(instruction.keyword.clone()),
                            instruction: Some(Box::new(instruction)),
                        }))
                    }
                }
            }
        };
        let span = match &kind {
            NodeKind::Instruction(i) => i.span,
            NodeKind::Error(e) => match &e.instruction {
                Some(i) => i.span,
                None => text_span,
            },
            _ => text_span,
        };
        self.nodes.push(Node {
            kind,
            span,
            full_span: Span::new(first.start, self.pos),
            tokens: first_token..self.tokens.len(),
        });
        self.logical = logical;
    }

    fn failure(&mut self, failure: Failure, text_span: Span) -> NodeKind {
        self.error(failure.span, failure.message.clone());
        NodeKind::Error(Box::new(ErrorNode {
            message: failure.message,
            detail: if failure.span.is_empty() {
                text_span
            } else {
                failure.span
            },
            keyword: failure.keyword,
            instruction: None,
        }))
    }

    /// Reads the body of one heredoc: every line up to its terminator.
    fn heredoc_body(&mut self, logical: &Logical, marker: heredoc::Marker) -> Heredoc {
        let body_start = self.pos;
        let mut terminator = None;
        while let Some(line) = self.next_line() {
            let text = &self.src[line.start..line.content_end];
            let candidate = if marker.chomp {
                text.trim_start_matches('\t')
            } else {
                text
            };
            if candidate == marker.name {
                terminator = Some(line);
                break;
            }
        }
        let body_end = terminator.map_or(self.pos, |l| l.start);
        self.emit(TokenKind::HeredocBody, body_start, body_end);
        if let Some(line) = terminator {
            self.emit(TokenKind::HeredocEnd, line.start, line.content_end);
            self.emit_newline(line);
        }
        Heredoc {
            name: marker.name,
            marker: logical.map.span(marker.start, marker.end),
            fd: marker.fd,
            chomp: marker.chomp,
            expand: marker.expand,
            body: Span::new(body_start, body_end),
            content: self.src[body_start..body_end].to_string(),
            terminator: terminator.map(|l| Span::new(l.start, l.content_end)),
        }
    }

    /// Turns the word tokens of the keyword and flags into `Keyword`/`Flag`.
    fn classify(&mut self, first_token: usize, instruction: &Instruction) {
        let trigger = instruction.trigger();
        let keywords = || {
            std::iter::once(instruction)
                .chain(trigger)
                .map(|i| i.keyword.span)
        };
        let flags = || {
            std::iter::once(instruction)
                .chain(trigger)
                .flat_map(|i| i.flags.iter().map(|f| f.span))
        };
        for token in &mut self.tokens[first_token..] {
            if token.kind != TokenKind::Word {
                continue;
            }
            if keywords().any(|k| k.encloses(token.span)) {
                token.kind = TokenKind::Keyword;
            } else if flags().any(|f| f.encloses(token.span)) {
                token.kind = TokenKind::Flag;
            }
        }
    }
}

/// Whether BuildKit reads heredoc bodies after this instruction: `RUN`,
/// `COPY`, `ADD` (also as an `ONBUILD` trigger), not in JSON form.
fn takes_heredocs(instruction: &Instruction) -> bool {
    let target = match instruction.trigger() {
        Some(trigger) => trigger,
        None if instruction.kind == InstructionKind::Onbuild => return false,
        None => instruction,
    };
    target.kind.takes_heredocs()
        && match &target.body {
            Body::Run(Some(Command::Exec(_))) => false,
            Body::Copy(p) | Body::Add(p) => p.json.is_none(),
            _ => true,
        }
}

/// Byte ranges (within the line text) of a directive's name and value.
#[derive(Clone, Copy)]
struct Found {
    name: (usize, usize),
    value: (usize, usize),
}

/// BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, where `\s` is
/// `[\t\n\f\r ]`.
fn match_directive(text: &str) -> Option<Found> {
    let b = text.as_bytes();
    let is_s = |c: u8| matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ');
    if b.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && is_s(b[i]) {
        i += 1;
    }
    let name_start = i;
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name_end = i;
    while i < b.len() && is_s(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    if i >= b.len() {
        return None;
    }
    let mut value_start = i;
    while value_start < b.len() && is_s(b[value_start]) {
        value_start += 1;
    }
    let value = if value_start == b.len() {
        // Only white space: the lazy group still takes the last character.
        (b.len() - 1, b.len())
    } else {
        let mut end = b.len();
        while end > value_start && is_s(b[end - 1]) {
            end -= 1;
        }
        (value_start, end)
    };
    Some(Found {
        name: (name_start, name_end),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_regex() {
        let f = match_directive("# escape = ` ").unwrap();
        assert_eq!(f.value, (11, 12));
        let f = match_directive("#syntax=docker/dockerfile:1").unwrap();
        assert_eq!((f.name, f.value), ((1, 7), (8, 27)));
        assert!(match_directive("# escape=").is_none());
        assert!(match_directive("# 1escape=x").is_none());
        assert!(match_directive("#!/bin/sh").is_none());
        assert!(match_directive("# escape x").is_none());
        let f = match_directive("#escape=  ").unwrap();
        assert_eq!(f.value, (9, 10));
    }
}
