//! A shell-aware reading of RUN commands.
//!
//! Owns the step from "the text a shell would run" to a flat list of simple
//! commands: how each is joined to the previous one, where it is nested
//! (subshells, `if`, loops, `case`, command substitutions, `sh -c` strings),
//! its words with quotes removed, its assignments and redirections, the
//! wrappers it runs under (`sudo`, `env`, `xargs`, …) and, when we know the
//! program, a typed [`Invocation`] (package managers, downloads, file and user
//! commands).
//!
//! It does not know about Dockerfiles: the caller hands in the joined text of
//! a shell-form RUN (continuations removed) or a heredoc body, and maps the
//! byte ranges it gets back onto the original file. It never evaluates
//! anything: a word that contains `$VAR`, `${…}`, `$(…)` or backticks is
//! *dynamic*, and rules must treat its value as unknown rather than guess.
//!
//! Guarantees: never panics, runs in time linear in the input, and never
//! recurses on the input (nested `sh -c` strings and command substitutions
//! are read from a work list, at most [`MAX_NESTING`] levels deep).

mod args;
mod invocation;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;
mod wrappers;

use std::borrow::Cow;

use serde::Serialize;

pub use args::{Flag, ParsedArgs};
pub(crate) use invocation::is_python;
pub use invocation::{
    Download, DownloadTool, FileOperation, FileTool, Invocation, Package, PackageAction,
    PackageCommand, PackageKind, PackageManager, UserCommand, UserTool, VersionPin,
};
pub use wrappers::{Wrapper, WrapperUse};

/// How many `sh -c` strings / command substitutions deep we still read
/// commands. Deeper text stays a dynamic word; [`Script::depth_limit_reached`]
/// says so.
pub const MAX_NESTING: u8 = 4;

/// A byte range `start..end` of the text given to [`parse_script`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct ByteRange {
    pub start: usize,
    pub end: usize,
}

impl ByteRange {
    pub fn new(start: usize, end: usize) -> Self {
        ByteRange {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this range covers, or `None` when it is not a valid range of
    /// `text` (never the case for ranges produced from that same text).
    pub fn text<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

/// One shell word as written, with its meaning after quote removal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word<'a> {
    /// Where the word is, in the text given to [`parse_script`]. For a word
    /// inside an `sh -c "…"` string this points into the quoted text.
    pub span: ByteRange,
    /// The word exactly as written in the script it was read from.
    pub raw: Cow<'a, str>,
    /// The word after quote and backslash removal. Expansions (`$X`,
    /// `${X:-y}`, `$(cmd)`, backticks) are kept as written, since we do not
    /// evaluate them; see [`Word::dynamic`].
    pub value: Cow<'a, str>,
    /// The word contains an unquoted or double-quoted parameter expansion,
    /// command substitution or arithmetic: its value at run time is unknown.
    pub dynamic: bool,
    /// The word has quotes or backslashes, so `raw != value`.
    pub quoted: bool,
}

impl<'a> Word<'a> {
    /// The literal value, or `None` when the word is dynamic.
    pub fn literal(&self) -> Option<&str> {
        if self.dynamic {
            None
        } else {
            Some(&self.value)
        }
    }

    /// True when the word is exactly `s` after quote removal and not dynamic.
    pub fn is(&self, s: &str) -> bool {
        !self.dynamic && self.value == s
    }

    /// The part of the value from byte `from` on, as a word of its own. Its
    /// span is exact when the word has no quotes (raw and value coincide),
    /// otherwise it is the whole word's span.
    pub(crate) fn tail(&self, from: usize) -> Word<'a> {
        let value = sub_cow(&self.value, from, self.value.len());
        let exact = !self.quoted && self.span.len() == self.value.len();
        let span = if exact {
            ByteRange::new(self.span.start + from, self.span.end)
        } else {
            self.span
        };
        Word {
            span,
            raw: if exact {
                sub_cow(&self.raw, from, self.raw.len())
            } else {
                self.raw.clone()
            },
            dynamic: self.dynamic && value.contains(['$', '`']),
            quoted: self.quoted,
            value,
        }
    }

    /// The span of value bytes `from..to`, exact when the word has no quotes.
    pub(crate) fn value_span(&self, from: usize, to: usize) -> ByteRange {
        if !self.quoted && self.span.len() == self.value.len() {
            ByteRange::new(self.span.start + from, self.span.start + to)
        } else {
            self.span
        }
    }

    pub(crate) fn into_owned(self) -> Word<'static> {
        Word {
            span: self.span,
            raw: Cow::Owned(self.raw.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            dynamic: self.dynamic,
            quoted: self.quoted,
        }
    }
}

/// `s[from..to]`, borrowed when `s` is borrowed. Out-of-range or
/// non-boundary positions give an empty string rather than a panic.
pub(crate) fn sub_cow<'a>(s: &Cow<'a, str>, from: usize, to: usize) -> Cow<'a, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.get(from..to).unwrap_or("")),
        Cow::Owned(o) => Cow::Owned(o.get(from..to).unwrap_or("").to_string()),
    }
}

/// `NAME=value` before a command name (or given to `env`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment<'a> {
    pub span: ByteRange,
    pub name: Cow<'a, str>,
    /// The value part (after `=`), possibly empty.
    pub value: Word<'a>,
    /// Set through a wrapper (`env A=b cmd`, `sudo A=b cmd`) rather than as a
    /// shell prefix.
    pub via_wrapper: bool,
}

impl Assignment<'_> {
    pub(crate) fn into_owned(self) -> Assignment<'static> {
        Assignment {
            span: self.span,
            name: Cow::Owned(self.name.into_owned()),
            value: self.value.into_owned(),
            via_wrapper: self.via_wrapper,
        }
    }
}

/// The operator of a redirection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>` or `>|`
    Output,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>&` (or `&>` / `&>>` when `fd` is `None` and the target is a file)
    DuplicateOutput,
    /// `<&`
    DuplicateInput,
    /// `&>` and `&>>`: both stdout and stderr.
    OutputAndError,
    /// `<<` or `<<-`
    Heredoc,
    /// `<<<`
    HereString,
}

/// A redirection such as `> f`, `2>&1`, `>/dev/null` or `<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect<'a> {
    /// From the file descriptor (if any) to the end of the target.
    pub span: ByteRange,
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// The file, descriptor or heredoc delimiter word.
    pub target: Option<Word<'a>>,
    /// For a heredoc: the body lines (delimiter line excluded).
    pub heredoc_body: Option<ByteRange>,
}

impl Redirect<'_> {
    pub(crate) fn into_owned(self) -> Redirect<'static> {
        Redirect {
            span: self.span,
            fd: self.fd,
            op: self.op,
            target: self.target.map(Word::into_owned),
            heredoc_body: self.heredoc_body,
        }
    }
}

/// How a command is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Joiner {
    /// First command of the script or of a nested group (`then`, `do`, `(`,
    /// `{`, a `case` arm, a substitution or an `sh -c` string).
    Start,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` (also `;;` and friends ending a `case` arm)
    Semicolon,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
    /// A newline.
    Newline,
}

/// What kind of construct a [`Group`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GroupKind {
    /// `( … )`
    Subshell,
    /// `{ …; }`
    BraceGroup,
    /// `$( … )`, backticks, `<( … )` or `>( … )`
    CommandSubstitution,
    /// The string given to `sh -c`, `bash -c` or `su -c`.
    ShellString,
    /// Between `if`/`elif` and `then`.
    IfCondition,
    /// After `then` or `else`.
    IfBranch,
    /// Between `while`/`until` and `do`.
    LoopCondition,
    /// Between `do` and `done`.
    LoopBody,
    /// One arm of a `case`.
    CaseArm,
}

/// A nesting level. Groups form a tree through `parent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Group {
    pub kind: GroupKind,
    /// Index into [`Script::groups`] of the enclosing group.
    pub parent: Option<usize>,
    /// Where the group opens (the keyword, bracket or string start).
    pub start: usize,
}

/// One simple command: assignments, words and redirections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command<'a> {
    /// From the first assignment, word or redirection to the last.
    pub span: ByteRange,
    pub joiner: Joiner,
    /// Innermost enclosing group (index into [`Script::groups`]), `None` at
    /// the top level.
    pub group: Option<usize>,
    /// Joined by `|` to the command before or after it.
    pub in_pipeline: bool,
    /// Inside an `if`/`elif`/`else` branch, a `case` arm or a loop body: it
    /// may run zero times (or several).
    pub conditional: bool,
    /// How many `sh -c` strings / substitutions deep the command is (0 at the
    /// top level).
    pub depth: u8,
    pub assignments: Vec<Assignment<'a>>,
    /// All words as written, wrappers included.
    pub words: Vec<Word<'a>>,
    /// Index into `words` of the program that actually runs, after wrappers
    /// such as `sudo`, `env`, `nice`, `xargs` are seen through. `None` for a
    /// command of assignments or redirections only.
    pub name_index: Option<usize>,
    pub wrappers: Vec<WrapperUse>,
    pub redirects: Vec<Redirect<'a>>,
    /// The recognised program, if we know it.
    pub invocation: Option<Invocation<'a>>,
}

impl<'a> Command<'a> {
    /// The program that runs (after wrappers).
    pub fn name(&self) -> Option<&Word<'a>> {
        self.name_index.and_then(|i| self.words.get(i))
    }

    /// The program's name without its directory (`/usr/bin/pip3` → `pip3`),
    /// or `None` when there is no name or it is dynamic.
    pub fn program(&self) -> Option<&str> {
        let name = self.name()?.literal()?;
        Some(name.rsplit('/').next().unwrap_or(name))
    }

    /// The words after the program name.
    pub fn arguments(&self) -> &[Word<'a>] {
        match self.name_index {
            Some(i) => self.words.get(i + 1..).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The `sudo` wrapper, if the command runs under one (DL3004).
    pub fn sudo(&self) -> Option<ByteRange> {
        self.wrapper(Wrapper::Sudo)
    }

    /// The span of the first wrapper of this kind.
    pub fn wrapper(&self, kind: Wrapper) -> Option<ByteRange> {
        self.wrappers
            .iter()
            .find(|w| w.kind == kind)
            .map(|w| w.span)
    }

    /// The value of a prefix (or `env`) assignment to `name`, if any.
    pub fn assignment(&self, name: &str) -> Option<&Assignment<'a>> {
        self.assignments.iter().find(|a| a.name == name)
    }

    pub fn package(&self) -> Option<&PackageCommand<'a>> {
        match &self.invocation {
            Some(Invocation::Package(p)) => Some(p),
            _ => None,
        }
    }
}

/// The commands of one script, in source order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script<'a> {
    pub commands: Vec<Command<'a>>,
    pub groups: Vec<Group>,
    /// The first `|` (or `|&`) operator anywhere in the script.
    pub first_pipe: Option<ByteRange>,
    /// The first pipe that runs while `pipefail` is off in its shell: the
    /// script neither ran `set -o pipefail` (or `-eo`, `-euxo` …) before it
    /// nor was started with `-o pipefail` (`bash -o pipefail -c`). Whether
    /// the Dockerfile's SHELL already sets it is the caller's business.
    pub first_pipe_without_pipefail: Option<ByteRange>,
    /// The first `set` command that turns `pipefail` on.
    pub pipefail_set: Option<ByteRange>,
    /// Some `sh -c` string or substitution was nested deeper than
    /// [`MAX_NESTING`] and left unread.
    pub depth_limit_reached: bool,
}

impl<'a> Script<'a> {
    /// The group of `command` and every group around it, innermost first.
    pub fn ancestors(&self, command: &Command<'_>) -> impl Iterator<Item = &Group> + '_ {
        let mut next = command.group;
        // Parents always have smaller indices than their children, so this
        // walk ends; the bound is a belt against a malformed tree.
        let mut budget = self.groups.len();
        std::iter::from_fn(move || {
            let group = self.groups.get(next?)?;
            if budget == 0 {
                return None;
            }
            budget -= 1;
            next = group.parent;
            Some(group)
        })
    }

    /// True when `command` is nested (at any depth) in a group of `kind`.
    pub fn is_inside(&self, command: &Command<'_>, kind: GroupKind) -> bool {
        self.ancestors(command).any(|g| g.kind == kind)
    }

    /// Every recognised package-manager command, in source order.
    pub fn package_commands(&self) -> impl Iterator<Item = (&Command<'a>, &PackageCommand<'a>)> {
        self.commands
            .iter()
            .filter_map(|c| c.package().map(|p| (c, p)))
    }

    /// Every command whose program (after wrappers) is `program`.
    pub fn commands_named<'s>(
        &'s self,
        program: &'s str,
    ) -> impl Iterator<Item = &'s Command<'a>> + 's {
        self.commands
            .iter()
            .filter(move |c| c.program() == Some(program))
    }
}

/// Read `text` as a POSIX/bash script. Never fails: malformed input gives a
/// best-effort reading.
pub fn parse_script(text: &str) -> Script<'_> {
    parser::parse(text)
}
