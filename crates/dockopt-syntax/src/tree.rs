//! The parsed file: a flat list of tokens that covers every byte, and the
//! nodes (directives, instructions, error nodes) built on top of them.

use crate::instruction::{Instruction, Keyword};
use crate::line_index::LineIndex;
use crate::span::Span;

/// What a token is. Every byte of the input is in exactly one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A UTF-8 byte order mark at the start of the file.
    Bom,
    /// Spaces and tabs (and other Unicode white space) inside a line.
    Whitespace,
    /// A line ending: `\n`, `\r\n` (and any `\r` before it).
    Newline,
    /// A `#` comment line, without its newline. Also comment lines inside a
    /// continued instruction.
    Comment,
    /// A parser directive line (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive,
    /// An instruction keyword (`RUN`, `from`).
    Keyword,
    /// A `--flag[=value]` word.
    Flag,
    /// Any other run of non-white-space text in an instruction line.
    Word,
    /// The escape character ending a line (plus spaces/tabs after it).
    LineContinuation,
    /// The lines of a heredoc body, newlines included.
    HeredocBody,
    /// A heredoc terminator line, without its newline.
    HeredocEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectiveKind {
    Syntax,
    Escape,
    Check,
}

impl DirectiveKind {
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "syntax" => Some(DirectiveKind::Syntax),
            "escape" => Some(DirectiveKind::Escape),
            "check" => Some(DirectiveKind::Check),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            DirectiveKind::Syntax => "syntax",
            DirectiveKind::Escape => "escape",
            DirectiveKind::Check => "check",
        }
    }
}

/// A parser directive at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The line without leading white space and newline.
    pub span: Span,
    /// The name as written (`escape`, `ESCAPE`).
    pub name: String,
    pub name_span: Span,
    pub value: String,
    pub value_span: Span,
}

/// A line that could not become a valid instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorNode {
    pub message: String,
    /// The precise place of the problem (a flag, a word), inside the node.
    pub detail: Span,
    pub keyword: Option<Keyword>,
    /// What was parsed, when the line is a well-formed instruction that
    /// BuildKit's builder would still refuse (an unknown flag, a missing
    /// argument, an unterminated heredoc).
    pub instruction: Option<Box<Instruction>>,
}

/// What a node is. Boxed, so that the node list of a large file stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Directive(Box<Directive>),
    Instruction(Box<Instruction>),
    Error(Box<ErrorNode>),
}

/// A top-level node: one directive line, or one instruction with its
/// continuation lines and heredoc bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// The meaningful text: from the keyword (or directive) to the end of the
    /// last argument or heredoc terminator.
    pub span: Span,
    /// Whole lines: leading indentation through the final newline.
    pub full_span: Span,
    /// The node's tokens, an index range of [`Dockerfile::tokens`].
    pub tokens: std::ops::Range<usize>,
}

impl Node {
    pub fn as_instruction(&self) -> Option<&Instruction> {
        match &self.kind {
            NodeKind::Instruction(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_error(&self) -> Option<&ErrorNode> {
        match &self.kind {
            NodeKind::Error(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_directive(&self) -> Option<&Directive> {
        match &self.kind {
            NodeKind::Directive(d) => Some(d),
            _ => None,
        }
    }

    /// The instruction, valid or held by an error node.
    pub fn parsed_instruction(&self) -> Option<&Instruction> {
        match &self.kind {
            NodeKind::Instruction(i) => Some(i),
            NodeKind::Error(e) => e.instruction.as_deref(),
            NodeKind::Directive(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    pub(crate) source: String,
    pub(crate) tokens: Vec<Token>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) escape: char,
}

impl Dockerfile {
    /// Parses `text`. Never fails and never panics: problems become error
    /// nodes and diagnostics.
    pub fn parse(text: &str) -> Dockerfile {
        crate::parser::parse(text)
    }

    /// The input, as given.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The text printed back from the tokens; equal to the input for every
    /// input.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for token in &self.tokens {
            out.push_str(token.span.text(&self.source));
        }
        out
    }

    /// Every token, in order; together they cover the text exactly.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The text of a token.
    pub fn token_text(&self, token: &Token) -> &str {
        token.span.text(&self.source)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Errors and warnings, in file order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The escape character in effect (`\` unless `# escape=` changed it).
    pub fn escape(&self) -> char {
        self.escape
    }

    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.nodes.iter().filter_map(Node::as_directive)
    }

    pub fn directive(&self, kind: DirectiveKind) -> Option<&Directive> {
        self.directives().find(|d| d.kind == kind)
    }

    /// The valid instructions, in order (error nodes are skipped).
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.nodes.iter().filter_map(Node::as_instruction)
    }

    pub fn error_nodes(&self) -> impl Iterator<Item = &ErrorNode> {
        self.nodes.iter().filter_map(Node::as_error)
    }

    /// Every comment (including comment lines inside continued
    /// instructions), as its span and text.
    pub fn comments(&self) -> impl Iterator<Item = (Span, &str)> {
        self.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Comment)
            .map(|t| (t.span, t.span.text(&self.source)))
    }

    /// The node whose lines contain byte `offset`.
    pub fn node_at(&self, offset: usize) -> Option<&Node> {
        let i = self.nodes.partition_point(|n| n.full_span.end <= offset);
        self.nodes.get(i).filter(|n| n.full_span.contains(offset))
    }

    /// A line index for this text.
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.source)
    }
}
