//! One logical line → one [`Instruction`]: BuildKit's `splitCommand`,
//! `extractBuilderFlags` and the per-instruction argument parsers
//! (`parseMaybeJSON`, `parseNameVal`, `parseWords`, …), reproduced on the
//! joined text and mapped back to file spans.
//!
//! Two byte-level quirks of BuildKit are deliberately not copied: it treats
//! the bytes 0x85 and 0xA0 as spaces when it scans flags and the HEALTHCHECK
//! type byte by byte, which splits UTF-8 characters; we treat only ASCII
//! whitespace as separators there.

use crate::instruction::{
    ArgDecl, Body, Command, Exec, Flag, From, Healthcheck, Instruction, InstructionKind, KeyValue,
    Keyword, Paths, ShellText, Word,
};
use crate::json::{self, JsonArray};
use crate::span::{SourceMap, Span};
use crate::text::Text;

/// An instruction's text with continuations joined, and where it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Logical {
    pub text: String,
    pub map: SourceMap,
}

impl Logical {
    pub(crate) fn new() -> Self {
        Logical {
            text: String::new(),
            map: SourceMap::new(),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.map.clear();
    }

    pub(crate) fn push(&mut self, piece: &str, source_start: usize) {
        self.map.push(self.text.len(), source_start);
        self.text.push_str(piece);
    }
}

/// Why a line could not become an instruction.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub span: Span,
    pub message: String,
    pub keyword: Option<Keyword>,
}

pub(crate) struct Ctx<'a> {
    pub source: &'a str,
    pub line: &'a Logical,
    pub escape: char,
}

/// `[\t\v\f\r ]`: the separators of BuildKit's `tokenWhitespace`/`reWhitespace`.
fn is_separator(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Go's `unicode.IsSpace` on an ASCII byte.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `strings.TrimSpace` on `text[a..b]`, as a range.
pub(crate) fn trim_range(text: &str, a: usize, b: usize) -> (usize, usize) {
    let Some(sub) = text.get(a..b) else {
        return (a, a);
    };
    let start = a + (sub.len() - sub.trim_start().len());
    let end = a + sub.trim_end().len();
    (start, end.max(start))
}

impl Ctx<'_> {
    fn text(&self) -> &str {
        &self.line.text
    }

    fn span(&self, a: usize, b: usize) -> Span {
        self.line.map.span(a, b)
    }

    fn word_with(&self, a: usize, b: usize, text: impl Into<Text>) -> Word {
        let text = text.into();
        let span = self.span(a, b);
        let verbatim = span.len() == text.len() && span.text(self.source) == text;
        Word {
            span,
            text,
            verbatim,
        }
    }

    fn word(&self, a: usize, b: usize) -> Word {
        let text = self.text().get(a..b).unwrap_or("");
        if self.line.map.piece_count() == 1 {
            // One piece: the logical text is the file text.
            return Word {
                span: self.span(a, b),
                text: Text::new(text),
                verbatim: true,
            };
        }
        self.word_with(a, b, text)
    }

    /// BuildKit's `reWhitespace.Split`: words of `text[a..b]` (already trimmed).
    fn separated_words(&self, a: usize, b: usize) -> Vec<Word> {
        let bytes = self.text().as_bytes();
        let mut words = Vec::new();
        let mut i = a;
        while i < b {
            let start = i;
            while i < b && !is_separator(bytes[i]) {
                i += 1;
            }
            words.push(self.word(start, i));
            while i < b && is_separator(bytes[i]) {
                i += 1;
            }
        }
        words
    }

    /// BuildKit's `parseWords`: whitespace-separated words where quotes and
    /// escaped characters stay inside a word (and in its text). Returns, per
    /// word, its logical `start..end` and where its text ends: the text is
    /// the logical text of the range, except that an escape character ending
    /// the arguments is dropped.
    fn shell_words(&self, a: usize, b: usize) -> Vec<(usize, usize, usize)> {
        let escape = self.escape;
        let text = self.text();
        let rest = text.get(a..b).unwrap_or("");
        let mut words = Vec::new();
        let mut word_start: Option<usize> = None;
        let mut quote: Option<char> = None;
        // A word of only `""` is still a word (BuildKit's `blankOK`); any
        // word here has at least one character, so every word is kept.
        let mut chars = rest.char_indices();
        let mut dropped_escape = false;
        while let Some((pos, ch)) = chars.next() {
            let Some(start) = word_start else {
                if ch.is_whitespace() {
                    continue;
                }
                word_start = Some(pos);
                // Fall through: this character starts the word.
                self.word_char(ch, escape, &mut quote, &mut chars, &mut dropped_escape);
                continue;
            };
            if quote.is_none() && ch.is_whitespace() {
                words.push((a + start, a + pos, a + pos));
                word_start = None;
                continue;
            }
            self.word_char(ch, escape, &mut quote, &mut chars, &mut dropped_escape);
        }
        if let Some(start) = word_start {
            let end = if dropped_escape {
                rest.len() - escape.len_utf8()
            } else {
                rest.len()
            };
            // A word made only of a dropped escape is no word (BuildKit keeps
            // empty words only when they were quoted).
            if end > start {
                words.push((a + start, b, a + end));
            }
        }
        words
    }

    /// One character inside a word: tracks quotes and skips the character an
    /// escape protects. Sets `dropped` when an escape ends the input.
    fn word_char(
        &self,
        ch: char,
        escape: char,
        quote: &mut Option<char>,
        chars: &mut std::str::CharIndices<'_>,
        dropped: &mut bool,
    ) {
        match *quote {
            Some(q) => {
                if ch == q {
                    *quote = None;
                } else if ch == escape && q != '\'' && chars.next().is_none() {
                    *quote = None;
                    *dropped = true;
                }
            }
            None => {
                if ch == '\'' || ch == '"' {
                    *quote = Some(ch);
                } else if ch == escape && chars.next().is_none() {
                    *dropped = true;
                }
            }
        }
    }

    /// BuildKit's `extractBuilderFlags`: leading `--flag[=value]` words of
    /// `text[a..b]`. Returns the flags and where the arguments start.
    fn flags(&self, a: usize, b: usize) -> (Vec<Flag>, usize) {
        let bytes = &self.text().as_bytes()[..b];
        let mut flags = Vec::new();
        let mut pos = a;
        loop {
            while pos < b && is_space_byte(bytes[pos]) {
                pos += 1;
            }
            if pos >= b || bytes[pos] != b'-' || bytes.get(pos + 1) != Some(&b'-') || pos + 1 >= b {
                return (flags, pos);
            }
            let start = pos;
            // Fast path: a flag without quotes or escapes is its own text.
            let plain_end = bytes[pos..]
                .iter()
                .position(|&c| is_space_byte(c) || c == b'\'' || c == b'"' || c == b'\\')
                .map_or(b, |i| pos + i);
            if plain_end == b || is_space_byte(bytes[plain_end]) {
                let text = &self.text()[start..plain_end];
                pos = plain_end;
                if text == "--" {
                    return (flags, plain_end);
                }
                flags.push(self.flag(start, plain_end, text));
                continue;
            }
            let mut word: Vec<u8> = Vec::with_capacity(plain_end - start + 16);
            let mut quote: Option<u8> = None;
            let mut blank_ok = false;
            while pos < b {
                let c = bytes[pos];
                if let Some(q) = quote {
                    pos += 1;
                    if c == q {
                        quote = None;
                        continue;
                    }
                    if c == b'\\' {
                        if pos == b {
                            quote = None;
                            continue;
                        }
                        word.push(bytes[pos]);
                        pos += 1;
                        continue;
                    }
                    word.push(c);
                    continue;
                }
                if is_space_byte(c) {
                    break;
                }
                pos += 1;
                if c == b'\'' || c == b'"' {
                    quote = Some(c);
                    blank_ok = true;
                    continue;
                }
                if c == b'\\' {
                    if pos == b {
                        continue;
                    }
                    word.push(bytes[pos]);
                    pos += 1;
                    continue;
                }
                word.push(c);
            }
            let end = pos;
            if word == b"--" {
                // `--` ends the flags and is not one.
                return (flags, end);
            }
            if blank_ok || !word.is_empty() {
                let text = String::from_utf8_lossy(&word);
                flags.push(self.flag(start, end, &text));
            }
        }
    }

    fn flag(&self, start: usize, end: usize, text: &str) -> Flag {
        let raw = self.text().get(start..end).unwrap_or("");
        let body = text.strip_prefix("--").unwrap_or(text);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let raw_eq = raw.find('=').map(|i| start + i);
        let name_start = (start + 2).min(end);
        let name_span = self.span(name_start, raw_eq.unwrap_or(end).max(name_start));
        let value = value.map(|v| match raw_eq {
            Some(eq) => self.word_with(eq + 1, end, v),
            None => Word {
                span: self.span(start, end),
                text: Text::new(v),
                verbatim: false,
            },
        });
        Flag {
            span: self.span(start, end),
            name: Text::new(name),
            name_span,
            value,
        }
    }

    /// BuildKit's `parseMaybeJSON`.
    fn command(&self, a: usize, b: usize) -> Result<Option<Command>, Failure> {
        if a >= b {
            return Ok(None);
        }
        let text = self.text().get(a..b).unwrap_or("");
        match json::parse_array(text) {
            JsonArray::Strings(items) => Ok(Some(Command::Exec(Exec {
                span: self.span(a, b),
                args: items
                    .iter()
                    .map(|s| self.word_with(a + s.start, a + s.end, s.value(text)))
                    .collect(),
            }))),
            JsonArray::NotStrings { start, end } => Err(self.not_strings(a + start, a + end)),
            JsonArray::Invalid => Ok(Some(Command::Shell(ShellText {
                span: self.span(a, b),
                text: text.to_string(),
                map: self.line.map.slice(a, b),
            }))),
        }
    }

    fn not_strings(&self, a: usize, b: usize) -> Failure {
        Failure {
            span: self.span(a, b),
            message: "when using JSON array syntax, arrays must be comprised of strings only"
                .into(),
            keyword: None,
        }
    }

    /// BuildKit's `parseMaybeJSONToList`.
    fn paths(&self, a: usize, b: usize) -> Result<Paths, Failure> {
        if a < b {
            let text = self.text().get(a..b).unwrap_or("");
            match json::parse_array(text) {
                JsonArray::Strings(items) => {
                    return Ok(Paths {
                        json: Some(self.span(a, b)),
                        items: items
                            .iter()
                            .map(|s| self.word_with(a + s.start, a + s.end, s.value(text)))
                            .collect(),
                    })
                }
                JsonArray::NotStrings { start, end } => {
                    return Err(self.not_strings(a + start, a + end))
                }
                JsonArray::Invalid => {}
            }
        }
        Ok(Paths {
            json: None,
            items: self.separated_words(a, b),
        })
    }

    fn single(&self, a: usize, b: usize) -> Option<Word> {
        (a < b).then(|| self.word(a, b))
    }

    /// BuildKit's `parseNameVal` for `ENV` and `LABEL`.
    fn key_values(&self, keyword: &str, a: usize, b: usize) -> Result<Vec<KeyValue>, Failure> {
        let words = self.shell_words(a, b);
        let Some(&(first_start, _, first_text_end)) = words.first() else {
            return Ok(Vec::new());
        };
        if !self.text()[first_start..first_text_end].contains('=') {
            // Legacy `KEY value…`: the value is the rest of the line.
            let bytes = self.text().as_bytes();
            let Some(sep) = (a..b).find(|&i| is_separator(bytes[i])) else {
                return Err(Failure {
                    span: self.span(a, b),
                    message: format!("{keyword} must have two arguments"),
                    keyword: None,
                });
            };
            let mut value = sep;
            while value < b && is_separator(bytes[value]) {
                value += 1;
            }
            return Ok(vec![KeyValue {
                span: self.span(a, b),
                key: self.word(a, sep),
                value: self.word(value, b),
                equals: false,
            }]);
        }
        let mut pairs = Vec::with_capacity(words.len());
        for (start, end, text_end) in words {
            let text = &self.text()[start..text_end];
            let Some(eq) = text.find('=') else {
                return Err(Failure {
                    span: self.span(start, end),
                    message: format!(
                        "Syntax error - can't find = in \"{text}\". Must be of the form: name=value"
                    ),
                    keyword: None,
                });
            };
            pairs.push(self.split_at_equals(start, end, text_end, eq));
        }
        Ok(pairs)
    }

    /// Splits the `name=value` word at `start..end`, whose text ends at
    /// `text_end`, at byte `eq` of its text.
    fn split_at_equals(&self, start: usize, end: usize, text_end: usize, eq: usize) -> KeyValue {
        let value_start = start + eq + 1;
        let text = self.text();
        KeyValue {
            span: self.span(start, end),
            key: self.word_with(start, start + eq, &text[start..start + eq]),
            value: self.word_with(
                value_start.min(end),
                end,
                &text[value_start.min(text_end)..text_end],
            ),
            equals: true,
        }
    }

    fn arg_decls(&self, a: usize, b: usize) -> Vec<ArgDecl> {
        self.shell_words(a, b)
            .into_iter()
            .map(
                |(start, end, text_end)| match self.text()[start..text_end].find('=') {
                    Some(eq) => {
                        let kv = self.split_at_equals(start, end, text_end, eq);
                        ArgDecl {
                            span: kv.span,
                            name: kv.key,
                            default: Some(kv.value),
                        }
                    }
                    None => {
                        let name = self.word_with(start, end, &self.text()[start..text_end]);
                        ArgDecl {
                            span: name.span,
                            name,
                            default: None,
                        }
                    }
                },
            )
            .collect()
    }

    /// BuildKit's `parseHealthConfig`.
    fn healthcheck(&self, a: usize, b: usize) -> Result<Healthcheck, Failure> {
        if a >= b {
            return Ok(Healthcheck {
                kind: None,
                command: None,
            });
        }
        let bytes = self.text().as_bytes();
        let mut sep = a;
        while sep < b && !is_space_byte(bytes[sep]) {
            sep += 1;
        }
        let mut next = sep;
        while next < b && is_space_byte(bytes[next]) {
            next += 1;
        }
        Ok(Healthcheck {
            kind: Some(self.word(a, sep)),
            command: self.command(next, b)?,
        })
    }
}

/// Parses `line.text[a..b]` as one instruction. `nested` is true for an
/// `ONBUILD` trigger, whose own `ONBUILD` is never descended into.
pub(crate) fn parse_instruction(
    ctx: &Ctx<'_>,
    a: usize,
    b: usize,
    nested: bool,
) -> Result<Instruction, Failure> {
    let text = ctx.text();
    let (a, b) = trim_range(text, a, b);
    if a >= b {
        return Err(Failure {
            span: ctx.span(a, b),
            message: "empty instruction (a line continuation with nothing to continue)".into(),
            keyword: None,
        });
    }
    let bytes = text.as_bytes();
    let mut keyword_end = a;
    while keyword_end < b && !is_separator(bytes[keyword_end]) {
        keyword_end += 1;
    }
    let keyword = Keyword {
        span: ctx.span(a, keyword_end),
        text: Text::new(&text[a..keyword_end]),
    };
    let mut rest = keyword_end;
    while rest < b && is_separator(bytes[rest]) {
        rest += 1;
    }
    let (flags, args_start) = ctx.flags(rest, b);
    let (aa, ab) = trim_range(text, args_start, b);
    let Some(kind) = InstructionKind::from_keyword(&keyword.text) else {
        return Err(Failure {
            span: keyword.span,
            message: unknown_instruction_message(&keyword.text),
            keyword: Some(keyword),
        });
    };
    let with_keyword = |mut f: Failure| {
        f.keyword = Some(keyword.clone());
        f
    };
    let body = match kind {
        InstructionKind::Add => Body::Add(ctx.paths(aa, ab).map_err(with_keyword)?),
        InstructionKind::Copy => Body::Copy(ctx.paths(aa, ab).map_err(with_keyword)?),
        InstructionKind::Volume => Body::Volume(ctx.paths(aa, ab).map_err(with_keyword)?),
        InstructionKind::Arg => Body::Arg(ctx.arg_decls(aa, ab)),
        InstructionKind::Cmd => Body::Cmd(ctx.command(aa, ab).map_err(with_keyword)?),
        InstructionKind::Entrypoint => Body::Entrypoint(ctx.command(aa, ab).map_err(with_keyword)?),
        InstructionKind::Run => Body::Run(ctx.command(aa, ab).map_err(with_keyword)?),
        InstructionKind::Shell => Body::Shell(ctx.command(aa, ab).map_err(with_keyword)?),
        InstructionKind::Env => Body::Env(ctx.key_values("ENV", aa, ab).map_err(with_keyword)?),
        InstructionKind::Label => {
            Body::Label(ctx.key_values("LABEL", aa, ab).map_err(with_keyword)?)
        }
        InstructionKind::Expose => Body::Expose(ctx.separated_words(aa, ab)),
        InstructionKind::From => Body::From(From {
            words: ctx.separated_words(aa, ab),
        }),
        InstructionKind::Healthcheck => {
            Body::Healthcheck(ctx.healthcheck(aa, ab).map_err(with_keyword)?)
        }
        InstructionKind::Maintainer => Body::Maintainer(ctx.single(aa, ab)),
        InstructionKind::Stopsignal => Body::Stopsignal(ctx.single(aa, ab)),
        InstructionKind::User => Body::User(ctx.single(aa, ab)),
        InstructionKind::Workdir => Body::Workdir(ctx.single(aa, ab)),
        InstructionKind::Onbuild => {
            if nested || aa >= ab {
                Body::Onbuild(None)
            } else {
                let trigger = parse_instruction(ctx, aa, ab, true).map_err(with_keyword)?;
                Body::Onbuild(Some(Box::new(trigger)))
            }
        }
    };
    Ok(Instruction {
        kind,
        keyword,
        span: ctx.span(a, b),
        flags,
        body,
        heredocs: Vec::new(),
    })
}

/// "unknown instruction: X", with a suggestion when X is a near miss.
pub(crate) fn unknown_instruction_message(keyword: &str) -> String {
    let upper = keyword.to_ascii_uppercase();
    let best = InstructionKind::ALL
        .iter()
        .map(|k| (edit_distance(&upper, k.as_str()), k.as_str()))
        .min();
    match best {
        Some((d, name)) if d <= 2 && d * 3 <= name.len() => {
            format!("unknown instruction: {keyword} (did you mean {name}?)")
        }
        _ => format!("unknown instruction: {keyword}"),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
