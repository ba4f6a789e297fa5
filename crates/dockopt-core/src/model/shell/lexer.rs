//! Splits script text into words, operators and redirections.
//!
//! Owns quote removal, the "dynamic" flag, comments, line continuations and
//! heredoc bodies (which are skipped, not read as commands). The bodies of
//! `$( … )` and backticks are only *located* here (as byte ranges) so that
//! the parser can read them later from its work list; nothing here recurses.

use std::borrow::Cow;

use super::{ByteRange, RedirectOp, Word};

/// A word plus the inner ranges of the command substitutions it contains,
/// in the coordinates of the lexed text (not yet mapped).
#[derive(Debug)]
pub(super) struct RawWord<'t> {
    pub word: Word<'t>,
    pub substitutions: Vec<ByteRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    And,
    Or,
    Semicolon,
    /// `;;`, `;&`, `;;&`
    CaseEnd,
    Pipe,
    Background,
    Newline,
    OpenParen,
    CloseParen,
}

#[derive(Debug)]
pub(super) struct RawRedirect<'t> {
    pub start: usize,
    pub fd: Option<u32>,
    pub op: RedirectOp,
    pub target: Option<RawWord<'t>>,
    pub heredoc_body: Option<ByteRange>,
}

#[derive(Debug)]
pub(super) enum Token<'t> {
    Word(RawWord<'t>),
    Op(Op, ByteRange),
    Redirect(RawRedirect<'t>),
}

pub(super) struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// Where reading resumes after the current line when heredoc bodies
    /// follow it; the bodies are skipped at the next newline token.
    heredoc_resume: Option<usize>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b'|' | b'&' | b';' | b'<' | b'>' | b'(' | b')'
    )
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Length in bytes of the char starting at `i` (1 for invalid positions).
fn char_len(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// Is `bytes[..i]` the start of an assignment `NAME=`?
pub(super) fn assignment_name_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first().copied().is_some_and(is_name_start) {
        return None;
    }
    let mut i = 1;
    while i < b.len() && is_name_char(b[i]) {
        i += 1;
    }
    // `A+=x` is an append assignment; treat it as an assignment to A.
    if b.get(i) == Some(&b'+') && b.get(i + 1) == Some(&b'=') {
        return Some(i);
    }
    (b.get(i) == Some(&b'=')).then_some(i)
}

/// Find the end of a nested construct that started just before `i`
/// (`$(`, `(`, `${`), whose closer is `closer`. Returns (inner end, position
/// after the closer); both are `end` when it is unterminated. Uses an
/// explicit stack, so nesting depth costs memory, not call depth.
pub(super) fn scan_nested(bytes: &[u8], mut i: usize, end: usize, closer: u8) -> (usize, usize) {
    let mut stack: Vec<u8> = vec![closer];
    let mut word_start = true;
    while i < end {
        let b = bytes[i];
        let Some(&top) = stack.last() else {
            break;
        };
        match top {
            b'\'' => {
                if b == b'\'' {
                    stack.pop();
                }
                i += 1;
            }
            b'"' | b'`' => match b {
                b'\\' => i += 2,
                _ if b == top => {
                    stack.pop();
                    i += 1;
                }
                b'`' => {
                    stack.push(b'`');
                    i += 1;
                }
                b'$' if top == b'"' && bytes.get(i + 1) == Some(&b'(') => {
                    stack.push(b')');
                    i += 2;
                }
                b'$' if top == b'"' && bytes.get(i + 1) == Some(&b'{') => {
                    stack.push(b'}');
                    i += 2;
                }
                _ => i += 1,
            },
            _ => {
                let at_word_start = word_start;
                word_start = is_meta(b);
                match b {
                    _ if b == top => {
                        stack.pop();
                        if stack.is_empty() {
                            return (i, i + 1);
                        }
                        i += 1;
                    }
                    b'\\' => i += 2,
                    b'\'' | b'"' | b'`' => {
                        stack.push(b);
                        i += 1;
                    }
                    b'(' => {
                        stack.push(b')');
                        i += 1;
                    }
                    b'$' if bytes.get(i + 1) == Some(&b'{') => {
                        stack.push(b'}');
                        i += 2;
                    }
                    b'#' if at_word_start => {
                        while i < end && bytes[i] != b'\n' {
                            i += 1;
                        }
                        word_start = true;
                    }
                    _ => i += 1,
                }
            }
        }
    }
    (end, end)
}

/// Position of the closing backtick for one opened just before `i`.
fn scan_backtick(bytes: &[u8], mut i: usize, end: usize) -> (usize, usize) {
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return (i, i + 1),
            _ => i += 1,
        }
    }
    (end, end)
}

/// Accumulates a word's value, borrowing from the text until the first quote
/// or escape forces a copy.
struct ValueBuilder {
    start: usize,
    owned: Option<Vec<u8>>,
}

impl ValueBuilder {
    fn own(&mut self, bytes: &[u8], upto: usize) -> &mut Vec<u8> {
        let start = self.start;
        self.owned
            .get_or_insert_with(|| bytes.get(start..upto).unwrap_or(&[]).to_vec())
    }

    fn push_raw(&mut self, bytes: &[u8], from: usize, to: usize) {
        if let Some(v) = &mut self.owned {
            v.extend_from_slice(bytes.get(from..to).unwrap_or(&[]));
        }
    }

    fn finish<'t>(self, text: &'t str, end: usize) -> Cow<'t, str> {
        match self.owned {
            None => Cow::Borrowed(text.get(self.start..end).unwrap_or("")),
            Some(v) => match String::from_utf8(v) {
                Ok(s) => Cow::Owned(s),
                Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            },
        }
    }
}

impl<'t> Lexer<'t> {
    pub fn new(text: &'t str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            heredoc_resume: None,
        }
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.bytes.get(self.pos + k).copied()
    }

    /// Skip blanks, line continuations and comments (not newlines).
    fn skip_trivia(&mut self) {
        loop {
            match self.peek(0) {
                Some(b) if is_blank(b) => self.pos += 1,
                Some(b'\\') if self.peek(1) == Some(b'\n') => self.pos += 2,
                Some(b'\\') if self.peek(1) == Some(b'\r') && self.peek(2) == Some(b'\n') => {
                    self.pos += 3
                }
                Some(b'#') => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    pub fn next_token(&mut self) -> Option<Token<'t>> {
        self.skip_trivia();
        let start = self.pos;
        let b = self.peek(0)?;
        let op = |lexer: &mut Self, op: Op, len: usize| {
            lexer.pos += len;
            Some(Token::Op(op, ByteRange::new(start, start + len)))
        };
        match b {
            b'\n' => {
                self.pos += 1;
                if let Some(resume) = self.heredoc_resume.take() {
                    if resume > self.pos {
                        self.pos = resume.min(self.bytes.len());
                    }
                }
                Some(Token::Op(Op::Newline, ByteRange::new(start, start + 1)))
            }
            b'&' => match self.peek(1) {
                Some(b'&') => op(self, Op::And, 2),
                Some(b'>') => {
                    let len = if self.peek(2) == Some(b'>') { 3 } else { 2 };
                    Some(self.redirect(start, None, RedirectOp::OutputAndError, len))
                }
                _ => op(self, Op::Background, 1),
            },
            b'|' => match self.peek(1) {
                Some(b'|') => op(self, Op::Or, 2),
                Some(b'&') => op(self, Op::Pipe, 2),
                _ => op(self, Op::Pipe, 1),
            },
            b';' => match (self.peek(1), self.peek(2)) {
                (Some(b';'), Some(b'&')) => op(self, Op::CaseEnd, 3),
                (Some(b';'), _) | (Some(b'&'), _) => op(self, Op::CaseEnd, 2),
                _ => op(self, Op::Semicolon, 1),
            },
            b'(' if self.peek(1) == Some(b'(') => {
                // `(( arithmetic ))`: one dynamic word, no commands inside.
                let (_, after) = scan_nested(self.bytes, start + 2, self.bytes.len(), b')');
                let after = if self.bytes.get(after) == Some(&b')') {
                    after + 1
                } else {
                    after
                };
                self.pos = after;
                Some(Token::Word(self.plain_word(start, after, true)))
            }
            b'(' => op(self, Op::OpenParen, 1),
            b')' => op(self, Op::CloseParen, 1),
            b'<' | b'>' if self.peek(1) == Some(b'(') => Some(Token::Word(self.word())),
            b'<' | b'>' => Some(self.redirect_at(start, None)),
            b'0'..=b'9' => {
                let mut i = self.pos;
                while self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                match self.bytes.get(i) {
                    Some(b'<' | b'>') if self.bytes.get(i + 1) != Some(&b'(') => {
                        let fd = self.text.get(start..i).and_then(|s| s.parse().ok());
                        self.pos = i;
                        Some(self.redirect_at(start, fd))
                    }
                    _ => Some(Token::Word(self.word())),
                }
            }
            _ => Some(Token::Word(self.word())),
        }
    }

    fn plain_word(&self, start: usize, end: usize, dynamic: bool) -> RawWord<'t> {
        let raw = Cow::Borrowed(self.text.get(start..end).unwrap_or(""));
        RawWord {
            word: Word {
                span: ByteRange::new(start, end),
                value: raw.clone(),
                raw,
                dynamic,
                quoted: false,
            },
            substitutions: Vec::new(),
        }
    }

    /// A redirection operator at `self.pos` (after any fd digits).
    fn redirect_at(&mut self, start: usize, fd: Option<u32>) -> Token<'t> {
        let (op, len) = match (self.peek(0), self.peek(1), self.peek(2)) {
            (Some(b'<'), Some(b'<'), Some(b'<')) => (RedirectOp::HereString, 3),
            (Some(b'<'), Some(b'<'), Some(b'-')) => (RedirectOp::Heredoc, 3),
            (Some(b'<'), Some(b'<'), _) => (RedirectOp::Heredoc, 2),
            (Some(b'<'), Some(b'>'), _) => (RedirectOp::ReadWrite, 2),
            (Some(b'<'), Some(b'&'), _) => (RedirectOp::DuplicateInput, 2),
            (Some(b'<'), _, _) => (RedirectOp::Input, 1),
            (Some(b'>'), Some(b'>'), _) => (RedirectOp::Append, 2),
            (Some(b'>'), Some(b'&'), _) => (RedirectOp::DuplicateOutput, 2),
            (Some(b'>'), Some(b'|'), _) => (RedirectOp::Output, 2),
            _ => (RedirectOp::Output, 1),
        };
        let strip_tabs = op == RedirectOp::Heredoc && len == 3;
        let token = self.redirect(start, fd, op, len);
        if let Token::Redirect(mut redirect) = token {
            if op == RedirectOp::Heredoc {
                if let Some(target) = &redirect.target {
                    let delimiter = target.word.value.to_string();
                    redirect.heredoc_body = Some(self.heredoc_body(&delimiter, strip_tabs));
                }
            }
            return Token::Redirect(redirect);
        }
        token
    }

    fn redirect(&mut self, start: usize, fd: Option<u32>, op: RedirectOp, len: usize) -> Token<'t> {
        self.pos += len;
        while self.peek(0).is_some_and(is_blank) {
            self.pos += 1;
        }
        let target = match self.peek(0) {
            Some(b) if !is_meta(b) => Some(self.word()),
            _ => None,
        };
        Token::Redirect(RawRedirect {
            start,
            fd,
            op,
            target,
            heredoc_body: None,
        })
    }

    /// Locate the body of a heredoc whose operator is on the current line,
    /// and arrange for it to be skipped at the end of the line.
    fn heredoc_body(&mut self, delimiter: &str, strip_tabs: bool) -> ByteRange {
        let len = self.bytes.len();
        let body_start = match self.heredoc_resume {
            Some(resume) => resume,
            None => {
                let mut i = self.pos;
                while i < len && self.bytes[i] != b'\n' {
                    i += 1;
                }
                (i + 1).min(len)
            }
        };
        let mut line_start = body_start;
        while line_start < len {
            let mut line_end = line_start;
            while line_end < len && self.bytes[line_end] != b'\n' {
                line_end += 1;
            }
            let mut line = self.text.get(line_start..line_end).unwrap_or("");
            line = line.strip_suffix('\r').unwrap_or(line);
            if strip_tabs {
                line = line.trim_start_matches('\t');
            }
            if line == delimiter {
                self.heredoc_resume = Some((line_end + 1).min(len));
                return ByteRange::new(body_start, line_start);
            }
            line_start = line_end + 1;
        }
        self.heredoc_resume = Some(len);
        ByteRange::new(body_start, len.max(body_start))
    }

    /// Read one word starting at `self.pos`.
    fn word(&mut self) -> RawWord<'t> {
        let bytes = self.bytes;
        let end = bytes.len();
        let start = self.pos;
        let mut value = ValueBuilder { start, owned: None };
        let mut dynamic = false;
        let mut quoted = false;
        let mut substitutions = Vec::new();
        let mut i = start;
        // Process substitution `<( … )` / `>( … )` at the word start.
        if matches!(bytes.get(i), Some(b'<' | b'>')) && bytes.get(i + 1) == Some(&b'(') {
            let (inner_end, after) = scan_nested(bytes, i + 2, end, b')');
            substitutions.push(ByteRange::new(i + 2, inner_end));
            dynamic = true;
            i = after;
        }
        while i < end {
            let b = bytes[i];
            match b {
                b'\\' => {
                    quoted = true;
                    match bytes.get(i + 1) {
                        Some(b'\n') => {
                            value.own(bytes, i);
                            i += 2;
                        }
                        Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => {
                            value.own(bytes, i);
                            i += 3;
                        }
                        Some(_) => {
                            let n = char_len(self.text, i + 1);
                            let v = value.own(bytes, i);
                            v.extend_from_slice(bytes.get(i + 1..i + 1 + n).unwrap_or(&[]));
                            i += 1 + n;
                        }
                        None => {
                            value.own(bytes, i).push(b'\\');
                            i += 1;
                        }
                    }
                }
                b'\'' => {
                    quoted = true;
                    value.own(bytes, i);
                    let mut j = i + 1;
                    while j < end && bytes[j] != b'\'' {
                        j += 1;
                    }
                    value.push_raw(bytes, i + 1, j);
                    i = (j + 1).min(end);
                }
                b'"' => {
                    quoted = true;
                    value.own(bytes, i);
                    i += 1;
                    while i < end && bytes[i] != b'"' {
                        match bytes[i] {
                            b'\\' => match bytes.get(i + 1) {
                                Some(b'\n') => i += 2,
                                Some(&c @ (b'$' | b'`' | b'"' | b'\\')) => {
                                    value.own(bytes, i).push(c);
                                    i += 2;
                                }
                                _ => {
                                    value.own(bytes, i).push(b'\\');
                                    i += 1;
                                }
                            },
                            b'$' => {
                                let after = self.dollar(i, &mut dynamic, &mut substitutions);
                                value.push_raw(bytes, i, after);
                                i = after;
                            }
                            b'`' => {
                                let (inner_end, after) = scan_backtick(bytes, i + 1, end);
                                substitutions.push(ByteRange::new(i + 1, inner_end));
                                dynamic = true;
                                value.push_raw(bytes, i, after);
                                i = after;
                            }
                            _ => {
                                value.push_raw(bytes, i, i + 1);
                                i += 1;
                            }
                        }
                    }
                    i = (i + 1).min(end);
                }
                b'$' if bytes.get(i + 1) == Some(&b'\'') => {
                    // ANSI-C quoting: the common escapes are enough for us.
                    quoted = true;
                    value.own(bytes, i);
                    let mut j = i + 2;
                    while j < end && bytes[j] != b'\'' {
                        if bytes[j] == b'\\' && j + 1 < end {
                            let c = match bytes[j + 1] {
                                b'n' => b'\n',
                                b't' => b'\t',
                                b'r' => b'\r',
                                other => other,
                            };
                            if c.is_ascii() {
                                value.own(bytes, j).push(c);
                                j += 2;
                                continue;
                            }
                        }
                        value.push_raw(bytes, j, j + 1);
                        j += 1;
                    }
                    i = (j + 1).min(end);
                }
                b'$' => {
                    let after = self.dollar(i, &mut dynamic, &mut substitutions);
                    value.push_raw(bytes, i, after);
                    i = after;
                }
                b'`' => {
                    let (inner_end, after) = scan_backtick(bytes, i + 1, end);
                    substitutions.push(ByteRange::new(i + 1, inner_end));
                    dynamic = true;
                    value.push_raw(bytes, i, after);
                    i = after;
                }
                b'(' if i > start
                    && bytes.get(i - 1) == Some(&b'=')
                    && self
                        .text
                        .get(start..i)
                        .and_then(assignment_name_len)
                        .is_some() =>
                {
                    // Array assignment `a=(x y)`: keep it as one word.
                    let (_, after) = scan_nested(bytes, i + 1, end, b')');
                    value.push_raw(bytes, i, after);
                    i = after;
                }
                _ if is_meta(b) => break,
                _ => {
                    value.push_raw(bytes, i, i + 1);
                    i += 1;
                }
            }
        }
        let end_pos = i.min(end);
        self.pos = end_pos;
        RawWord {
            word: Word {
                span: ByteRange::new(start, end_pos),
                raw: Cow::Borrowed(self.text.get(start..end_pos).unwrap_or("")),
                value: value.finish(self.text, end_pos),
                dynamic,
                quoted,
            },
            substitutions,
        }
    }

    /// Handle a `$` at `i`; returns the position after the expansion.
    fn dollar(&self, i: usize, dynamic: &mut bool, substitutions: &mut Vec<ByteRange>) -> usize {
        let bytes = self.bytes;
        let end = bytes.len();
        match bytes.get(i + 1) {
            Some(b'(') if bytes.get(i + 2) == Some(&b'(') => {
                *dynamic = true;
                let (_, after) = scan_nested(bytes, i + 3, end, b')');
                if bytes.get(after) == Some(&b')') {
                    after + 1
                } else {
                    after
                }
            }
            Some(b'(') => {
                *dynamic = true;
                let (inner_end, after) = scan_nested(bytes, i + 2, end, b')');
                substitutions.push(ByteRange::new(i + 2, inner_end));
                after
            }
            Some(b'{') => {
                *dynamic = true;
                scan_nested(bytes, i + 2, end, b'}').1
            }
            Some(&b) if is_name_start(b) => {
                *dynamic = true;
                let mut j = i + 2;
                while j < end && is_name_char(bytes[j]) {
                    j += 1;
                }
                j
            }
            Some(&b) if b.is_ascii_digit() || b"@*#?-$!".contains(&b) => {
                *dynamic = true;
                i + 2
            }
            _ => i + 1,
        }
    }
}
