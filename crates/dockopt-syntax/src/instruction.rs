//! Typed instructions: the 18 Dockerfile instructions, their flags and their
//! arguments, each with a byte span into the file.
//!
//! Arguments are split exactly as BuildKit's parser splits them and are kept
//! raw (quotes, escapes and `$VARS` in place); [`Word::unquoted`] and the
//! [`crate::shell`] module apply BuildKit's word rules when a value is needed.

use crate::heredoc::Heredoc;
use crate::image::ImageRef;
use crate::mount::Mount;
use crate::shell;
use crate::span::{SourceMap, Span};
use crate::text::Text;

/// The instructions BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl InstructionKind {
    pub const ALL: [InstructionKind; 18] = [
        InstructionKind::Add,
        InstructionKind::Arg,
        InstructionKind::Cmd,
        InstructionKind::Copy,
        InstructionKind::Entrypoint,
        InstructionKind::Env,
        InstructionKind::Expose,
        InstructionKind::From,
        InstructionKind::Healthcheck,
        InstructionKind::Label,
        InstructionKind::Maintainer,
        InstructionKind::Onbuild,
        InstructionKind::Run,
        InstructionKind::Shell,
        InstructionKind::Stopsignal,
        InstructionKind::User,
        InstructionKind::Volume,
        InstructionKind::Workdir,
    ];

    /// The instruction a keyword names, in any case.
    pub fn from_keyword(keyword: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(keyword))
    }

    /// The keyword in upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            InstructionKind::Add => "ADD",
            InstructionKind::Arg => "ARG",
            InstructionKind::Cmd => "CMD",
            InstructionKind::Copy => "COPY",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            InstructionKind::Env => "ENV",
            InstructionKind::Expose => "EXPOSE",
            InstructionKind::From => "FROM",
            InstructionKind::Healthcheck => "HEALTHCHECK",
            InstructionKind::Label => "LABEL",
            InstructionKind::Maintainer => "MAINTAINER",
            InstructionKind::Onbuild => "ONBUILD",
            InstructionKind::Run => "RUN",
            InstructionKind::Shell => "SHELL",
            InstructionKind::Stopsignal => "STOPSIGNAL",
            InstructionKind::User => "USER",
            InstructionKind::Volume => "VOLUME",
            InstructionKind::Workdir => "WORKDIR",
        }
    }

    /// Whether BuildKit reads heredocs (`<<EOF`) for this instruction.
    pub const fn takes_heredocs(self) -> bool {
        matches!(
            self,
            InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
        )
    }
}

impl std::fmt::Display for InstructionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The instruction keyword as written (`RUN`, `run`, `Run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    pub span: Span,
    pub text: Text,
}

/// One argument, as BuildKit passes it on: a raw shell word (quotes and
/// escapes kept) or, in JSON form, the decoded string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the file. For a JSON string this includes the
    /// quotes; for a word continued over lines it covers the continuation.
    pub span: Span,
    pub text: Text,
    /// Whether `text` is byte for byte the text at `span`, so that a range of
    /// `text` is a range of the file (see [`Word::sub_span`]).
    pub verbatim: bool,
}

impl Word {
    /// The file span of `range` (a byte range of [`Word::text`]), when the
    /// word is written verbatim in the file.
    pub fn sub_span(&self, range: std::ops::Range<usize>) -> Option<Span> {
        (self.verbatim && range.start <= range.end && range.end <= self.text.len())
            .then(|| Span::new(self.span.start + range.start, self.span.start + range.end))
    }

    /// The value with quotes and escapes removed and `$VARS` left as written;
    /// the raw text if the word is malformed (an unterminated quote).
    pub fn unquoted(&self, escape: char) -> String {
        shell::unquote(&self.text, escape).unwrap_or_else(|_| self.text.to_string())
    }

    /// Expands the word with `env` (see [`shell::expand_word`]).
    pub fn expand<E: shell::Env + ?Sized>(
        &self,
        escape: char,
        env: &E,
    ) -> Result<shell::Expansion, shell::ExpandError> {
        shell::expand_word(&self.text, escape, env)
    }
}

/// A `--name[=value]` flag before the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag word.
    pub span: Span,
    /// The name without the leading `--`.
    pub name: Text,
    pub name_span: Span,
    /// The value after `=`, with quotes and escapes removed as BuildKit does
    /// for flags. `None` for a bare flag such as `--link`.
    pub value: Option<Word>,
}

impl Flag {
    /// The flag as BuildKit keeps it (`--from=build`): quotes and escapes
    /// removed.
    pub fn text(&self) -> String {
        match &self.value {
            Some(v) => format!("--{}={}", self.name, v.text),
            None => format!("--{}", self.name),
        }
    }

    /// The value as a string (`""` for a bare flag).
    pub fn value_str(&self) -> &str {
        self.value.as_ref().map_or("", |v| v.text.as_str())
    }

    /// For `--mount`: the value split into its comma-separated fields.
    pub fn mount(&self) -> Mount {
        match &self.value {
            Some(value) => Mount::parse(&value.text, |a, b| {
                value.sub_span(a..b).unwrap_or(value.span)
            }),
            None => Mount::default(),
        }
    }
}

/// A shell-form command line: the joined text of the instruction's
/// arguments, with a map back to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellText {
    pub span: Span,
    /// The command as the shell receives it: continuations joined, comment
    /// lines inside the continuation dropped.
    pub text: String,
    pub map: SourceMap,
}

impl ShellText {
    /// The file span of `range`, a byte range of [`ShellText::text`].
    pub fn source_span(&self, range: std::ops::Range<usize>) -> Span {
        self.map.span(range.start, range.end)
    }
}

/// The exec (JSON array) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exec {
    /// The array, brackets included.
    pub span: Span,
    pub args: Vec<Word>,
}

/// What `RUN`, `CMD`, `ENTRYPOINT`, `SHELL` and `HEALTHCHECK CMD` run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Exec(Exec),
    Shell(ShellText),
}

impl Command {
    pub fn span(&self) -> Span {
        match self {
            Command::Exec(e) => e.span,
            Command::Shell(s) => s.span,
        }
    }

    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec(_))
    }
}

/// `FROM [--platform=…] image [AS name]`, as whitespace-separated words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct From {
    pub words: Vec<Word>,
}

impl From {
    pub fn image(&self) -> Option<&Word> {
        self.words.first()
    }

    /// The `AS` word, when the line has the `image AS name` shape.
    pub fn as_keyword(&self) -> Option<&Word> {
        self.words
            .get(1)
            .filter(|w| w.text.eq_ignore_ascii_case("as"))
    }

    /// The stage name as written (BuildKit compares stage names in lower case).
    pub fn stage_name(&self) -> Option<&Word> {
        self.as_keyword().and_then(|_| self.words.get(2))
    }

    /// The image reference, parts kept (`registry/path:tag@digest`).
    pub fn image_ref(&self) -> Option<ImageRef<'_>> {
        self.image().map(|w| ImageRef::parse(&w.text))
    }
}

/// The paths of `COPY`, `ADD` (sources then destination) and `VOLUME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The JSON array's span when the JSON form was used.
    pub json: Option<Span>,
    pub items: Vec<Word>,
}

impl Paths {
    /// `COPY`/`ADD`: every path but the last. A heredoc source appears as
    /// its `<<NAME` word; see [`Instruction::heredoc_for`].
    pub fn sources(&self) -> &[Word] {
        match self.items.split_last() {
            Some((_, sources)) => sources,
            None => &[],
        }
    }

    /// `COPY`/`ADD`: the last path, when there are at least two.
    pub fn destination(&self) -> Option<&Word> {
        if self.items.len() >= 2 {
            self.items.last()
        } else {
            None
        }
    }
}

/// An `ENV` or `LABEL` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub span: Span,
    pub key: Word,
    /// Raw, quotes kept (`"a b"`); in the legacy form the rest of the line.
    pub value: Word,
    /// `key=value` (true) or the legacy `key value` (false).
    pub equals: bool,
}

/// One `ARG` declaration: `name` or `name=default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    pub span: Span,
    pub name: Word,
    /// `Some` (possibly empty) when an `=` was written.
    pub default: Option<Word>,
}

/// `HEALTHCHECK [flags] CMD command`, `HEALTHCHECK NONE`, or a bare
/// `HEALTHCHECK` (which BuildKit's parser accepts and its builder rejects).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    /// `CMD`, `NONE`, or whatever word was written.
    pub kind: Option<Word>,
    pub command: Option<Command>,
}

impl Healthcheck {
    pub fn is_none(&self) -> bool {
        self.kind
            .as_ref()
            .is_some_and(|k| k.text.eq_ignore_ascii_case("NONE"))
    }

    pub fn is_cmd(&self) -> bool {
        self.kind
            .as_ref()
            .is_some_and(|k| k.text.eq_ignore_ascii_case("CMD"))
    }
}

/// The arguments of an instruction, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Add(Paths),
    Arg(Vec<ArgDecl>),
    Cmd(Option<Command>),
    Copy(Paths),
    Entrypoint(Option<Command>),
    Env(Vec<KeyValue>),
    Expose(Vec<Word>),
    From(From),
    Healthcheck(Healthcheck),
    Label(Vec<KeyValue>),
    Maintainer(Option<Word>),
    /// The trigger instruction. `None` when nothing follows `ONBUILD`, or
    /// when the trigger is itself `ONBUILD` (not allowed, and never nested).
    Onbuild(Option<Box<Instruction>>),
    Run(Option<Command>),
    Shell(Option<Command>),
    Stopsignal(Option<Word>),
    User(Option<Word>),
    Volume(Paths),
    Workdir(Option<Word>),
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: InstructionKind,
    pub keyword: Keyword,
    /// From the keyword to the end of the last argument, or of the last
    /// heredoc terminator. Excludes the final newline and trailing blanks.
    pub span: Span,
    pub flags: Vec<Flag>,
    pub body: Body,
    /// Heredocs, in order. For `ONBUILD` they belong to the trigger.
    pub heredocs: Vec<Heredoc>,
}

impl Instruction {
    /// The first flag called `name` (without `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Every flag called `name` (`--mount` may repeat).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The command of `RUN`, `CMD`, `ENTRYPOINT`, `SHELL` and
    /// `HEALTHCHECK CMD`.
    pub fn command(&self) -> Option<&Command> {
        match &self.body {
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => c.as_ref(),
            Body::Healthcheck(h) => h.command.as_ref(),
            _ => None,
        }
    }

    pub fn as_from(&self) -> Option<&From> {
        match &self.body {
            Body::From(f) => Some(f),
            _ => None,
        }
    }

    /// The paths of `COPY`, `ADD` and `VOLUME`.
    pub fn paths(&self) -> Option<&Paths> {
        match &self.body {
            Body::Copy(p) | Body::Add(p) | Body::Volume(p) => Some(p),
            _ => None,
        }
    }

    /// The pairs of `ENV` and `LABEL`.
    pub fn key_values(&self) -> &[KeyValue] {
        match &self.body {
            Body::Env(kv) | Body::Label(kv) => kv,
            _ => &[],
        }
    }

    pub fn arg_decls(&self) -> &[ArgDecl] {
        match &self.body {
            Body::Arg(a) => a,
            _ => &[],
        }
    }

    /// The single argument of `USER`, `WORKDIR`, `STOPSIGNAL`, `MAINTAINER`.
    pub fn single_word(&self) -> Option<&Word> {
        match &self.body {
            Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
                w.as_ref()
            }
            _ => None,
        }
    }

    /// The `ONBUILD` trigger.
    pub fn trigger(&self) -> Option<&Instruction> {
        match &self.body {
            Body::Onbuild(t) => t.as_deref(),
            _ => None,
        }
    }

    /// The heredoc a `COPY`/`ADD` source word (`<<NAME`) refers to.
    pub fn heredoc_for(&self, word: &Word) -> Option<&Heredoc> {
        self.heredocs
            .iter()
            .find(|h| h.marker.encloses(word.span) || word.span.encloses(h.marker))
    }
}
