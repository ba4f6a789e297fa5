//! Builds the [`Script`] from tokens: simple commands, their joiners and the
//! nesting of compound commands.
//!
//! Owns keyword handling (`if`, loops, `case`, `{ }`, `( )`), the pipefail
//! state, and the work list through which command substitutions and
//! `sh -c` strings are read: each is a separate *unit* parsed in a loop, never
//! by recursion, and at most [`MAX_NESTING`] units deep.

use std::borrow::Cow;

use super::lexer::{assignment_name_len, Lexer, Op, RawRedirect, RawWord, Token};
use super::wrappers::unwrap;
use super::{
    invocation, Assignment, ByteRange, Command, Group, GroupKind, Joiner, Redirect, Script, Word,
    MAX_NESTING,
};

/// Where a unit's text comes from.
enum Source {
    /// A range of the text given to [`parse`]: spans are that range's
    /// offsets and values can borrow from it.
    Original(ByteRange),
    /// Text that is not a plain substring (an `sh -c "…"` string whose quote
    /// removal changed it). `map[i]` is the original offset of byte `i`;
    /// `map` has one extra entry for the end.
    Owned { text: String, map: Vec<usize> },
}

struct WorkItem {
    source: Source,
    kind: GroupKind,
    parent: Option<usize>,
    start: usize,
    depth: u8,
    pipefail: bool,
    conditional: bool,
}

#[derive(Default)]
struct Collector {
    groups: Vec<Group>,
    work: Vec<WorkItem>,
    first_pipe: Option<ByteRange>,
    first_pipe_without_pipefail: Option<ByteRange>,
    pipefail_set: Option<ByteRange>,
    depth_limit_reached: bool,
}

fn earliest(slot: &mut Option<ByteRange>, range: ByteRange) {
    if slot.is_none_or(|r| range.start < r.start) {
        *slot = Some(range);
    }
}

/// Maps offsets of a unit's text to offsets of the original text.
#[derive(Clone, Copy)]
struct Mapper<'m> {
    offset: usize,
    map: Option<&'m [usize]>,
}

impl Mapper<'_> {
    fn pos(&self, p: usize) -> usize {
        match self.map {
            None => self.offset + p,
            Some(map) => map
                .get(p)
                .or_else(|| map.last())
                .copied()
                .unwrap_or(self.offset),
        }
    }

    fn range(&self, r: ByteRange) -> ByteRange {
        match self.map {
            None => ByteRange::new(self.offset + r.start, self.offset + r.end),
            // An escaped character maps to its backslash, and an end maps to
            // where the next character's source starts, so a span covers
            // the escapes of its first and last characters.
            Some(_) => ByteRange::new(self.pos(r.start), self.pos(r.end)),
        }
    }

    fn word<'t>(&self, mut w: Word<'t>) -> Word<'t> {
        w.span = self.range(w.span);
        w
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Subshell,
    Brace,
    IfCondition,
    IfBranch,
    LoopCondition,
    LoopBody,
    ForHeader,
    CaseHeader,
    CasePatterns,
    CaseArm,
}

impl FrameKind {
    fn group_kind(self) -> Option<GroupKind> {
        Some(match self {
            FrameKind::Subshell => GroupKind::Subshell,
            FrameKind::Brace => GroupKind::BraceGroup,
            FrameKind::IfCondition => GroupKind::IfCondition,
            FrameKind::IfBranch => GroupKind::IfBranch,
            FrameKind::LoopCondition => GroupKind::LoopCondition,
            FrameKind::LoopBody => GroupKind::LoopBody,
            FrameKind::CaseArm => GroupKind::CaseArm,
            FrameKind::ForHeader | FrameKind::CaseHeader | FrameKind::CasePatterns => return None,
        })
    }

    fn is_conditional(self) -> bool {
        matches!(
            self,
            FrameKind::IfBranch | FrameKind::LoopBody | FrameKind::CaseArm
        )
    }
}

struct Frame {
    kind: FrameKind,
    group: Option<usize>,
}

struct Builder<'t> {
    start: usize,
    end: usize,
    joiner: Joiner,
    group: Option<usize>,
    conditional: bool,
    assignments: Vec<RawWord<'t>>,
    words: Vec<RawWord<'t>>,
    redirects: Vec<RawRedirect<'t>>,
    double_bracket: bool,
}

struct UnitParser<'t, 'c, 'm> {
    text: &'t str,
    lexer: Lexer<'t>,
    mapper: Mapper<'m>,
    depth: u8,
    base_group: Option<usize>,
    base_conditional: bool,
    pipefail: bool,
    collector: &'c mut Collector,
    frames: Vec<Frame>,
    current: Option<Builder<'t>>,
    joiner: Joiner,
    commands: Vec<Command<'t>>,
    function_paren: bool,
    skip_function_name: bool,
    /// Nothing has run yet in the innermost group: a newline or `;` here
    /// does not change the joiner of the group's first command.
    fresh: bool,
}

fn keyword<'w>(w: &'w RawWord<'_>) -> Option<&'w str> {
    let word = &w.word;
    (!word.quoted && !word.dynamic).then_some(&*word.raw)
}

impl<'t, 'c, 'm> UnitParser<'t, 'c, 'm> {
    fn current_group(&self) -> Option<usize> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.group)
            .or(self.base_group)
    }

    fn conditional(&self) -> bool {
        self.base_conditional || self.frames.iter().any(|f| f.kind.is_conditional())
    }

    fn top(&self) -> Option<FrameKind> {
        self.frames.last().map(|f| f.kind)
    }

    fn push_frame(&mut self, kind: FrameKind, at: usize) {
        let group = kind.group_kind().map(|group_kind| {
            let parent = self.current_group();
            self.collector.groups.push(Group {
                kind: group_kind,
                parent,
                start: self.mapper.pos(at),
            });
            self.collector.groups.len() - 1
        });
        self.frames.push(Frame { kind, group });
        self.joiner = Joiner::Start;
        self.fresh = true;
    }

    fn replace_frame(&mut self, kind: FrameKind, at: usize) {
        self.frames.pop();
        self.push_frame(kind, at);
    }

    fn run(mut self) -> Vec<Command<'t>> {
        while let Some(token) = self.lexer.next_token() {
            match token {
                Token::Word(w) => self.word(w),
                Token::Op(op, range) => self.op(op, range),
                Token::Redirect(r) => self.redirect(r),
            }
        }
        self.finish();
        self.commands
    }

    fn builder(&mut self, start: usize) -> &mut Builder<'t> {
        let joiner = self.joiner;
        let group = self.current_group();
        let conditional = self.conditional();
        if self.current.is_none() {
            self.fresh = false;
        }
        self.current.get_or_insert_with(|| Builder {
            start,
            end: start,
            joiner,
            group,
            conditional,
            assignments: Vec::new(),
            words: Vec::new(),
            redirects: Vec::new(),
            double_bracket: false,
        })
    }

    fn queue_substitutions(&mut self, w: &RawWord<'t>) {
        let parent = self.current_group();
        let conditional = self.conditional();
        for &range in &w.substitutions {
            self.queue(range, parent, conditional);
        }
    }

    /// Queue a `$( … )` body (a range of this unit's text) for reading.
    fn queue(&mut self, range: ByteRange, parent: Option<usize>, conditional: bool) {
        if self.depth >= MAX_NESTING {
            self.collector.depth_limit_reached = true;
            return;
        }
        let source = match self.mapper.map {
            None => Source::Original(self.mapper.range(range)),
            Some(map) => Source::Owned {
                text: self
                    .text
                    .get(range.start..range.end)
                    .unwrap_or("")
                    .to_string(),
                map: map
                    .get(range.start..=range.end)
                    .map(<[usize]>::to_vec)
                    .unwrap_or_default(),
            },
        };
        self.collector.work.push(WorkItem {
            source,
            kind: GroupKind::CommandSubstitution,
            parent,
            start: self.mapper.pos(range.start),
            depth: self.depth + 1,
            pipefail: self.pipefail,
            conditional,
        });
    }

    fn word(&mut self, w: RawWord<'t>) {
        if let Some(b) = &mut self.current {
            if b.double_bracket {
                if keyword(&w) == Some("]]") {
                    b.double_bracket = false;
                }
                b.end = w.word.span.end;
                self.queue_substitutions(&w);
                if let Some(b) = &mut self.current {
                    b.words.push(w);
                }
                return;
            }
        }
        let start = w.word.span.start;
        if self.current.is_none() {
            match (self.top(), keyword(&w)) {
                (Some(FrameKind::ForHeader), Some("do")) => {
                    self.replace_frame(FrameKind::LoopBody, start);
                    return;
                }
                (Some(FrameKind::ForHeader), _) => {
                    self.queue_substitutions(&w);
                    return;
                }
                (Some(FrameKind::CaseHeader), Some("in")) => {
                    self.replace_frame(FrameKind::CasePatterns, start);
                    return;
                }
                (Some(FrameKind::CaseHeader | FrameKind::CasePatterns), Some("esac")) => {
                    self.frames.pop();
                    return;
                }
                (Some(FrameKind::CaseHeader | FrameKind::CasePatterns), _) => {
                    self.queue_substitutions(&w);
                    return;
                }
                _ => {}
            }
            if self.skip_function_name {
                self.skip_function_name = false;
                return;
            }
            if let Some(k) = keyword(&w) {
                if self.keyword(k, start) {
                    return;
                }
            }
        }
        self.queue_substitutions(&w);
        let b = self.builder(start);
        b.end = w.word.span.end;
        if b.words.is_empty() && assignment_name_len(&w.word.raw).is_some() {
            b.assignments.push(w);
        } else {
            if b.words.is_empty() && keyword(&w) == Some("[[") {
                b.double_bracket = true;
            }
            b.words.push(w);
        }
    }

    /// Handle a reserved word at command position; false when it does not
    /// fit the open constructs and is just a command name.
    fn keyword(&mut self, k: &str, at: usize) -> bool {
        let top = self.top();
        match k {
            "if" => self.push_frame(FrameKind::IfCondition, at),
            "then" if top == Some(FrameKind::IfCondition) => {
                self.replace_frame(FrameKind::IfBranch, at)
            }
            "elif" if top == Some(FrameKind::IfBranch) => {
                self.replace_frame(FrameKind::IfCondition, at)
            }
            "else" if top == Some(FrameKind::IfBranch) => {
                self.replace_frame(FrameKind::IfBranch, at)
            }
            "fi" if matches!(top, Some(FrameKind::IfBranch | FrameKind::IfCondition)) => {
                self.frames.pop();
            }
            "while" | "until" => self.push_frame(FrameKind::LoopCondition, at),
            "for" | "select" => self.push_frame(FrameKind::ForHeader, at),
            "do" if top == Some(FrameKind::LoopCondition) => {
                self.replace_frame(FrameKind::LoopBody, at)
            }
            "done" if top == Some(FrameKind::LoopBody) => {
                self.frames.pop();
            }
            "case" => self.push_frame(FrameKind::CaseHeader, at),
            "esac" if top == Some(FrameKind::CaseArm) => {
                self.frames.pop();
                if self.top() == Some(FrameKind::CasePatterns) {
                    self.frames.pop();
                }
            }
            "{" => self.push_frame(FrameKind::Brace, at),
            "}" if top == Some(FrameKind::Brace) => {
                self.frames.pop();
            }
            "!" => {}
            "function" => self.skip_function_name = true,
            _ => return false,
        }
        if matches!(k, "fi" | "done" | "esac" | "}") {
            self.fresh = false;
        }
        true
    }

    fn op(&mut self, op: Op, range: ByteRange) {
        if let Some(b) = &mut self.current {
            if b.double_bracket && op != Op::Newline {
                // `[[ a && b ]]`: operators are words of the test.
                let text = self.text.get(range.start..range.end).unwrap_or("");
                b.end = range.end;
                b.words.push(RawWord {
                    word: Word {
                        span: range,
                        raw: Cow::Borrowed(text),
                        value: Cow::Borrowed(text),
                        dynamic: false,
                        quoted: false,
                    },
                    substitutions: Vec::new(),
                });
                return;
            }
        }
        let top = self.top();
        match op {
            Op::Newline | Op::Semicolon => {
                self.finish();
                if !matches!(
                    top,
                    Some(FrameKind::ForHeader | FrameKind::CaseHeader | FrameKind::CasePatterns)
                ) && !self.fresh
                {
                    self.joiner = if op == Op::Newline {
                        Joiner::Newline
                    } else {
                        Joiner::Semicolon
                    };
                }
            }
            Op::And | Op::Or => {
                self.finish();
                self.joiner = if op == Op::And {
                    Joiner::And
                } else {
                    Joiner::Or
                };
            }
            Op::Pipe => {
                if top == Some(FrameKind::CasePatterns) {
                    return;
                }
                self.finish();
                if let Some(last) = self.commands.last_mut() {
                    last.in_pipeline = true;
                }
                let mapped = self.mapper.range(range);
                earliest(&mut self.collector.first_pipe, mapped);
                if !self.pipefail {
                    earliest(&mut self.collector.first_pipe_without_pipefail, mapped);
                }
                self.joiner = Joiner::Pipe;
            }
            Op::Background => {
                self.finish();
                self.joiner = Joiner::Background;
            }
            Op::CaseEnd => {
                self.finish();
                if top == Some(FrameKind::CaseArm) {
                    self.frames.pop();
                }
                self.joiner = Joiner::Semicolon;
            }
            Op::OpenParen => {
                if top == Some(FrameKind::CasePatterns) {
                    return;
                }
                let function_name = self
                    .current
                    .as_ref()
                    .is_some_and(|b| b.words.len() == 1 && b.assignments.is_empty());
                if function_name {
                    // `name() { … }`: a definition, not a command.
                    self.current = None;
                    self.function_paren = true;
                    return;
                }
                self.finish();
                self.push_frame(FrameKind::Subshell, range.start);
            }
            Op::CloseParen => {
                if self.function_paren {
                    self.function_paren = false;
                    return;
                }
                if top == Some(FrameKind::CasePatterns) {
                    self.push_frame(FrameKind::CaseArm, range.start);
                    return;
                }
                self.finish();
                if top == Some(FrameKind::Subshell) {
                    self.frames.pop();
                    self.fresh = false;
                }
            }
        }
    }

    fn redirect(&mut self, r: RawRedirect<'t>) {
        if let Some(target) = &r.target {
            self.queue_substitutions(target);
        }
        let end = r
            .target
            .as_ref()
            .map_or(r.start, |t| t.word.span.end)
            .max(r.start + 1);
        let b = self.builder(r.start);
        b.end = b.end.max(end);
        b.redirects.push(r);
    }

    /// Close the command being built, if any.
    fn finish(&mut self) {
        let Some(b) = self.current.take() else {
            return;
        };
        let words: Vec<Word<'t>> = b.words.into_iter().map(|w| w.word).collect();
        let unwrapped = unwrap(&words);
        if let Some(index) = unwrapped.shell_string {
            if let Some(word) = words.get(index) {
                self.queue_shell_string(word, b.group, b.conditional, unwrapped.shell_pipefail);
            }
        }
        let mut assignments: Vec<Assignment<'t>> = b
            .assignments
            .into_iter()
            .map(|w| self.assignment(w.word, false))
            .collect();
        for &i in &unwrapped.assignment_words {
            if let Some(w) = words.get(i) {
                assignments.push(self.assignment(w.clone(), true));
            }
        }
        let program = unwrapped
            .name_index
            .and_then(|i| words.get(i))
            .filter(|w| !w.dynamic);
        if program.is_some_and(|w| w.value == "set") {
            let args = unwrapped
                .name_index
                .map_or(&words[..0], |i| words.get(i + 1..).unwrap_or(&[]));
            self.apply_set(args, ByteRange::new(b.start, b.end));
        }
        let in_pipeline = b.joiner == Joiner::Pipe;
        let redirects = b
            .redirects
            .into_iter()
            .map(|r| Redirect {
                span: self.mapper.range(ByteRange::new(
                    r.start,
                    r.target.as_ref().map_or(r.start, |t| t.word.span.end),
                )),
                fd: r.fd,
                op: r.op,
                target: r.target.map(|t| self.mapper.word(t.word)),
                heredoc_body: r.heredoc_body.map(|h| self.mapper.range(h)),
            })
            .collect();
        let mut wrappers = unwrapped.wrappers;
        for w in &mut wrappers {
            w.span = self.mapper.range(w.span);
        }
        let words = words.into_iter().map(|w| self.mapper.word(w)).collect();
        self.commands.push(Command {
            span: self.mapper.range(ByteRange::new(b.start, b.end)),
            joiner: b.joiner,
            group: b.group,
            in_pipeline,
            conditional: b.conditional,
            depth: self.depth,
            assignments,
            words,
            name_index: unwrapped.name_index,
            wrappers,
            redirects,
            invocation: None,
        });
    }

    fn assignment(&self, word: Word<'t>, via_wrapper: bool) -> Assignment<'t> {
        let name_len = assignment_name_len(&word.raw).unwrap_or(0);
        let value_from = if word.raw.as_bytes().get(name_len) == Some(&b'+') {
            name_len + 2
        } else {
            name_len + 1
        };
        let name = super::sub_cow(&word.raw, 0, name_len);
        let value = self
            .mapper
            .word(word.tail(value_from.min(word.value.len())));
        Assignment {
            span: self.mapper.range(word.span),
            name,
            value,
            via_wrapper,
        }
    }

    /// Track `set -o pipefail`, `set -eo pipefail`, `set +o pipefail` ….
    fn apply_set(&mut self, args: &[Word<'t>], span: ByteRange) {
        for (i, w) in args.iter().enumerate() {
            let v: &str = &w.value;
            let on = v.starts_with('-');
            let takes_option_name = (on || v.starts_with('+'))
                && v.len() > 1
                && !v.starts_with("--")
                && v.ends_with('o');
            if takes_option_name && args.get(i + 1).is_some_and(|n| n.is("pipefail")) {
                self.pipefail = on;
                if on && self.collector.pipefail_set.is_none() {
                    self.collector.pipefail_set = Some(self.mapper.range(span));
                }
            }
        }
    }

    /// Queue the script string of `sh -c`, keeping spans pointing into the
    /// quoted text.
    fn queue_shell_string(
        &mut self,
        word: &Word<'t>,
        parent: Option<usize>,
        conditional: bool,
        pipefail: bool,
    ) {
        if self.depth >= MAX_NESTING {
            self.collector.depth_limit_reached = true;
            return;
        }
        let raw_start = word.span.start;
        let (value, positions, tail) = unquote_with_positions(&word.raw);
        let first = positions.first().copied().unwrap_or(0);
        let contiguous = positions.iter().enumerate().all(|(k, &p)| p == first + k);
        let source = if contiguous {
            let inner = ByteRange::new(raw_start + first, raw_start + first + value.len());
            match self.mapper.map {
                None => Source::Original(self.mapper.range(inner)),
                Some(map) => Source::Owned {
                    text: self
                        .text
                        .get(inner.start..inner.end)
                        .unwrap_or("")
                        .to_string(),
                    map: map
                        .get(inner.start..=inner.end)
                        .map(<[usize]>::to_vec)
                        .unwrap_or_default(),
                },
            }
        } else {
            let text = match String::from_utf8(value) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            };
            let mut map: Vec<usize> = positions
                .iter()
                .map(|&p| self.mapper.pos(raw_start + p))
                .collect();
            map.push(self.mapper.pos(raw_start + tail));
            Source::Owned { text, map }
        };
        self.collector.work.push(WorkItem {
            source,
            kind: GroupKind::ShellString,
            parent,
            start: self.mapper.pos(raw_start),
            depth: self.depth + 1,
            pipefail,
            conditional,
        });
    }
}

/// Quote removal of one word's raw text (quotes and backslashes only;
/// expansions stay as written), with the raw offset of every value byte (of
/// the backslash, for an escaped character) and the raw offset just after
/// the last value byte's source.
fn unquote_with_positions(raw: &str) -> (Vec<u8>, Vec<usize>, usize) {
    let bytes = raw.as_bytes();
    let mut value = Vec::with_capacity(bytes.len());
    let mut positions = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let mut tail = 0;
    while i < bytes.len() {
        if let Some(&p) = positions.last() {
            tail = tail.max(p + 1);
        }
        let b = bytes[i];
        match (quote, b) {
            (Some(b'\''), b'\'') | (Some(b'"'), b'"') => quote = None,
            (Some(b'\''), _) => {
                value.push(b);
                positions.push(i);
            }
            (Some(_), b'\\') => match bytes.get(i + 1) {
                Some(b'\n') => i += 1,
                Some(&c @ (b'$' | b'`' | b'"' | b'\\')) => {
                    value.push(c);
                    positions.push(i);
                    i += 1;
                    tail = i + 1;
                }
                _ => {
                    value.push(b);
                    positions.push(i);
                }
            },
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'\\') => {
                if let Some(&c) = bytes.get(i + 1) {
                    if c != b'\n' {
                        value.push(c);
                        positions.push(i);
                        tail = i + 2;
                    }
                    i += 1;
                }
            }
            _ => {
                value.push(b);
                positions.push(i);
            }
        }
        i += 1;
    }
    if let Some(&p) = positions.last() {
        tail = tail.max(p + 1);
    }
    (value, positions, tail)
}

fn into_owned<'x>(c: Command<'_>) -> Command<'x> {
    Command {
        span: c.span,
        joiner: c.joiner,
        group: c.group,
        in_pipeline: c.in_pipeline,
        conditional: c.conditional,
        depth: c.depth,
        assignments: c
            .assignments
            .into_iter()
            .map(Assignment::into_owned)
            .collect(),
        words: c.words.into_iter().map(Word::into_owned).collect(),
        name_index: c.name_index,
        wrappers: c.wrappers,
        redirects: c.redirects.into_iter().map(Redirect::into_owned).collect(),
        invocation: None,
    }
}

struct UnitSettings<'m> {
    mapper: Mapper<'m>,
    depth: u8,
    group: Option<usize>,
    conditional: bool,
    pipefail: bool,
}

fn parse_unit<'t>(
    text: &'t str,
    settings: UnitSettings<'_>,
    collector: &mut Collector,
) -> Vec<Command<'t>> {
    UnitParser {
        text,
        lexer: Lexer::new(text),
        mapper: settings.mapper,
        depth: settings.depth,
        base_group: settings.group,
        base_conditional: settings.conditional,
        pipefail: settings.pipefail,
        collector,
        frames: Vec::new(),
        current: None,
        joiner: Joiner::Start,
        commands: Vec::new(),
        function_paren: false,
        skip_function_name: false,
        fresh: true,
    }
    .run()
}

pub(super) fn parse(text: &str) -> Script<'_> {
    let mut collector = Collector::default();
    let top = UnitSettings {
        mapper: Mapper {
            offset: 0,
            map: None,
        },
        depth: 0,
        group: None,
        conditional: false,
        pipefail: false,
    };
    let mut commands = parse_unit(text, top, &mut collector);
    while let Some(item) = collector.work.pop() {
        collector.groups.push(Group {
            kind: item.kind,
            parent: item.parent,
            start: item.start,
        });
        let group = Some(collector.groups.len() - 1);
        match &item.source {
            Source::Original(range) => {
                let settings = UnitSettings {
                    mapper: Mapper {
                        offset: range.start,
                        map: None,
                    },
                    depth: item.depth,
                    group,
                    conditional: item.conditional,
                    pipefail: item.pipefail,
                };
                let inner = text.get(range.start..range.end).unwrap_or("");
                commands.extend(parse_unit(inner, settings, &mut collector));
            }
            Source::Owned { text: inner, map } => {
                let settings = UnitSettings {
                    mapper: Mapper {
                        offset: 0,
                        map: Some(map),
                    },
                    depth: item.depth,
                    group,
                    conditional: item.conditional,
                    pipefail: item.pipefail,
                };
                let parsed = parse_unit(inner, settings, &mut collector);
                commands.extend(parsed.into_iter().map(into_owned));
            }
        }
    }
    for command in &mut commands {
        command.invocation = invocation::recognize(command);
    }
    crate::sort::sort_by_key(&mut commands, |c| c.span.start);
    Script {
        commands,
        groups: collector.groups,
        first_pipe: collector.first_pipe,
        first_pipe_without_pipefail: collector.first_pipe_without_pipefail,
        pipefail_set: collector.pipefail_set,
        depth_limit_reached: collector.depth_limit_reached,
    }
}
