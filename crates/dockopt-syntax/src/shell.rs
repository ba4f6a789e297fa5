//! BuildKit's word rules: quotes, escapes and `$VAR` expansion.
//!
//! The parser keeps arguments raw (quotes and escapes in place), as BuildKit's
//! parser does. This module is the second step BuildKit applies when it uses
//! a word: [`ShellLexer::process_word`] removes quotes and escapes and expands
//! `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`,
//! `${VAR:?x}`, `${VAR?x}`, `${VAR#x}`, `${VAR##x}`, `${VAR%x}`, `${VAR%%x}`,
//! `${VAR/x/y}` and `${VAR//x/y}` with a given environment, and reports which
//! variables it could not resolve.
//!
//! It does not run a shell: `$(…)`, backquotes, arithmetic and globbing are
//! plain text, as in BuildKit. Nested `${…}` is handled by recursion bounded
//! by [`MAX_NESTING`], so hostile input cannot exhaust the stack.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// Deepest `${…${…}…}` nesting accepted before giving up with an error.
pub const MAX_NESTING: usize = 16;

/// A source of variable values for expansion.
pub trait Env {
    /// The value of `name`, or `None` if the variable is not set.
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// An environment where nothing is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEnv;

impl Env for NoEnv {
    fn lookup(&self, _: &str) -> Option<Cow<'_, str>> {
        None
    }
}

/// An environment backed by a closure.
pub struct EnvFn<F>(pub F);

impl<F: Fn(&str) -> Option<String>> Env for EnvFn<F> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        (self.0)(name).map(Cow::Owned)
    }
}

impl<K, V, S> Env for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_ref()))
    }
}

impl<K: Borrow<str> + Ord, V: AsRef<str>> Env for BTreeMap<K, V> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_ref()))
    }
}

/// A list of `(name, value)` pairs; a later pair overrides an earlier one.
impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| Cow::Borrowed(v.as_ref()))
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.as_slice().lookup(name)
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        (**self).lookup(name)
    }
}

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    pub value: String,
    /// Variables that were looked up and set, in order of first use.
    pub used: Vec<String>,
    /// Variables whose value was needed but not set (a `${X:-default}` or
    /// `${X+alt}` form has a defined result and is not counted), in order of
    /// first use.
    pub unknown: Vec<String>,
}

/// The result of expanding a text into several words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordsExpansion {
    pub words: Vec<String>,
    pub used: Vec<String>,
    pub unknown: Vec<String>,
}

/// A malformed word: unterminated quote, bad `${…}` and the like. The message
/// is BuildKit's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

fn error<T>(message: impl Into<String>) -> Result<T, ExpandError> {
    Err(ExpandError {
        message: message.into(),
    })
}

/// BuildKit's `shell.Lex`: how one word is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShellLexer {
    escape: char,
    raw_quotes: bool,
    raw_escapes: bool,
    keep_unknown: bool,
}

impl ShellLexer {
    /// A lexer with the given escape character (`\` unless the Dockerfile
    /// says `# escape=` followed by a backtick).
    pub fn new(escape: char) -> Self {
        ShellLexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            keep_unknown: false,
        }
    }

    /// Keep quote characters in the output.
    pub fn raw_quotes(mut self, yes: bool) -> Self {
        self.raw_quotes = yes;
        self
    }

    /// Keep escape characters in the output.
    pub fn raw_escapes(mut self, yes: bool) -> Self {
        self.raw_escapes = yes;
        self
    }

    /// Leave references to unset variables as written (`$X`, `${X:-y}`)
    /// instead of expanding them to the empty string.
    pub fn keep_unknown(mut self, yes: bool) -> Self {
        self.keep_unknown = yes;
        self
    }

    /// Expands `word` as one word (whitespace is kept).
    pub fn process_word<E: Env + ?Sized>(
        &self,
        word: &str,
        env: &E,
    ) -> Result<Expansion, ExpandError> {
        let mut run = Run::new(*self, word, env);
        let value = run.stop_on(None, false, None)?;
        Ok(Expansion {
            value,
            used: run.used,
            unknown: run.unknown,
        })
    }

    /// Expands `text` and splits it into words on unquoted whitespace,
    /// including whitespace that comes out of an unquoted variable.
    pub fn process_words<E: Env + ?Sized>(
        &self,
        text: &str,
        env: &E,
    ) -> Result<WordsExpansion, ExpandError> {
        let (words, used, unknown) = self.words_with_offsets(text, env)?;
        Ok(WordsExpansion {
            words: words.into_iter().map(|w| w.text).collect(),
            used,
            unknown,
        })
    }

    pub(crate) fn words_with_offsets<E: Env + ?Sized>(
        &self,
        text: &str,
        env: &E,
    ) -> Result<PlacedWords, ExpandError> {
        let mut run = Run::new(*self, text, env);
        let mut acc = WordsAcc::default();
        run.stop_on(None, false, Some(&mut acc))?;
        acc.finish();
        Ok((acc.words, run.used, run.unknown))
    }
}

/// Expands `word` with `env` using the default rules (the usual entry point).
pub fn expand_word<E: Env + ?Sized>(
    word: &str,
    escape: char,
    env: &E,
) -> Result<Expansion, ExpandError> {
    ShellLexer::new(escape).process_word(word, env)
}

/// Expands and splits `text` into words using the default rules.
pub fn expand_words<E: Env + ?Sized>(
    text: &str,
    escape: char,
    env: &E,
) -> Result<WordsExpansion, ExpandError> {
    ShellLexer::new(escape).process_words(text, env)
}

/// Removes quotes and escapes but leaves every `$VAR` reference as written.
pub fn unquote(word: &str, escape: char) -> Result<String, ExpandError> {
    ShellLexer::new(escape)
        .keep_unknown(true)
        .process_word(word, &NoEnv)
        .map(|e| e.value)
}

/// Words with their places, the variables used and the unknown ones.
pub(crate) type PlacedWords = (Vec<PlacedWord>, Vec<String>, Vec<String>);

/// A word with the byte range of the input it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlacedWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `wordsStruct`: collects words while the lexer runs.
#[derive(Default)]
struct WordsAcc {
    words: Vec<PlacedWord>,
    word: String,
    in_word: bool,
    start: usize,
    end: usize,
}

impl WordsAcc {
    fn add_char(&mut self, ch: char, start: usize, end: usize) {
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.push_current();
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch, start, end);
        }
    }

    fn add_raw_char(&mut self, ch: char, start: usize, end: usize) {
        if !self.in_word {
            self.start = start;
        }
        self.word.push(ch);
        self.in_word = true;
        self.end = end;
    }

    fn add_string(&mut self, s: &str, start: usize, end: usize) {
        for ch in s.chars() {
            self.add_char(ch, start, end);
        }
    }

    fn add_raw_string(&mut self, s: &str, start: usize, end: usize) {
        if !self.in_word {
            self.start = start;
        }
        self.word.push_str(s);
        self.in_word = true;
        self.end = end;
    }

    fn push_current(&mut self) {
        self.words.push(PlacedWord {
            text: std::mem::take(&mut self.word),
            start: self.start,
            end: self.end,
        });
    }

    fn finish(&mut self) {
        if !self.word.is_empty() {
            self.push_current();
        }
    }
}

struct Run<'a, E: Env + ?Sized> {
    lexer: ShellLexer,
    src: &'a str,
    pos: usize,
    env: &'a E,
    used: Vec<String>,
    unknown: Vec<String>,
    depth: usize,
    raw_escapes: bool,
}

fn note(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

impl<'a, E: Env + ?Sized> Run<'a, E> {
    fn new(lexer: ShellLexer, src: &'a str, env: &'a E) -> Self {
        Run {
            lexer,
            src,
            pos: 0,
            env,
            used: Vec::new(),
            unknown: Vec::new(),
            depth: 0,
            raw_escapes: lexer.raw_escapes,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        let value = self.env.lookup(name).map(Cow::into_owned);
        if value.is_some() {
            note(&mut self.used, name);
        }
        value
    }

    /// BuildKit's `processStopOn`: reads up to `stop` (consumed) or the end.
    fn stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        mut words: Option<&mut WordsAcc>,
    ) -> Result<String, ExpandError> {
        if self.depth >= MAX_NESTING {
            return error("substitution nested too deeply");
        }
        self.depth += 1;
        let saved = self.raw_escapes;
        if raw_escapes {
            self.raw_escapes = true;
        }
        let result = self.stop_on_inner(stop, &mut words);
        self.raw_escapes = saved;
        self.depth -= 1;
        result
    }

    fn stop_on_inner(
        &mut self,
        stop: Option<char>,
        words: &mut Option<&mut WordsAcc>,
    ) -> Result<String, ExpandError> {
        let escape = self.lexer.escape;
        let mut result = String::new();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok(result);
            }
            let start = self.pos;
            match ch {
                '$' => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                    if let Some(w) = words.as_deref_mut() {
                        w.add_string(&value, start, self.pos);
                    }
                }
                '\'' => {
                    let value = self.single_quote()?;
                    result.push_str(&value);
                    if let Some(w) = words.as_deref_mut() {
                        w.add_raw_string(&value, start, self.pos);
                    }
                }
                '"' => {
                    let value = self.double_quote()?;
                    result.push_str(&value);
                    if let Some(w) = words.as_deref_mut() {
                        w.add_raw_string(&value, start, self.pos);
                    }
                }
                _ => {
                    self.next();
                    if ch == escape {
                        if self.raw_escapes {
                            result.push(ch);
                            if let Some(w) = words.as_deref_mut() {
                                w.add_raw_char(ch, start, self.pos);
                            }
                        }
                        let Some(escaped) = self.next() else {
                            break;
                        };
                        result.push(escaped);
                        if let Some(w) = words.as_deref_mut() {
                            w.add_raw_char(escaped, start, self.pos);
                        }
                    } else {
                        result.push(ch);
                        if let Some(w) = words.as_deref_mut() {
                            w.add_char(ch, start, self.pos);
                        }
                    }
                }
            }
        }
        match stop {
            Some(stop) => error(format!(
                "unexpected end of statement while looking for matching {stop}"
            )),
            None => Ok(result),
        }
    }

    fn single_quote(&mut self) -> Result<String, ExpandError> {
        let mut out = String::new();
        self.next();
        if self.lexer.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.next() {
                None => {
                    return error(
                        "unexpected end of statement while looking for matching single-quote",
                    )
                }
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quote(&mut self) -> Result<String, ExpandError> {
        let escape = self.lexer.escape;
        let mut out = String::new();
        self.next();
        if self.lexer.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return error(
                        "unexpected end of statement while looking for matching double-quote",
                    )
                }
                Some('"') => {
                    self.next();
                    if self.lexer.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let value = self.dollar()?;
                    out.push_str(&value);
                }
                Some(_) => {
                    let Some(mut ch) = self.next() else {
                        continue;
                    };
                    if ch == escape {
                        if self.raw_escapes {
                            out.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == escape => {
                                self.next();
                                ch = c;
                            }
                            Some(_) => {}
                        }
                    }
                    out.push(ch);
                }
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(d) = self.peek().filter(|&c| is_digit(c)) {
                    self.next();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && is_special_param(ch) {
                self.next();
                name.push(ch);
                return name;
            }
            if !(ch.is_alphabetic() || is_digit(ch) || ch == '_') {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }

    /// A `}`-terminated word inside `${…}`, with BuildKit's error when the
    /// brace is missing.
    fn brace_word(&mut self, stop: char, raw_escapes: bool) -> Result<String, ExpandError> {
        match self.stop_on(Some(stop), raw_escapes, None) {
            Ok(word) => Ok(word),
            Err(_) if self.peek().is_none() => error("syntax error: missing '}'"),
            Err(e) => Err(e),
        }
    }

    fn dollar(&mut self) -> Result<String, ExpandError> {
        self.next(); // `$`
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value,
                None => {
                    note(&mut self.unknown, &name);
                    if self.lexer.keep_unknown {
                        format!("${name}")
                    } else {
                        String::new()
                    }
                }
            });
        }
        self.next(); // `{`
        match self.peek() {
            None => return error("syntax error: missing '}'"),
            Some('{' | '}' | ':') => return error("syntax error: bad substitution"),
            Some(_) => {}
        }
        let name = self.name();
        let Some(op) = self.next() else {
            return error("syntax error: missing '}'");
        };
        match op {
            '}' => Ok(match self.lookup(&name) {
                Some(value) => value,
                None => {
                    note(&mut self.unknown, &name);
                    if self.lexer.keep_unknown {
                        format!("${{{name}}}")
                    } else {
                        String::new()
                    }
                }
            }),
            ':' | '+' | '-' | '?' | '#' | '%' => {
                let mut modifier = String::from(op);
                let null_is_unset = op == ':';
                let mut op = Some(op);
                if null_is_unset {
                    op = self.next();
                    modifier.push(op.unwrap_or('\u{FFFD}'));
                }
                let raw = matches!(op, Some('#' | '%'));
                if null_is_unset && raw {
                    return error(format!("unsupported modifier ({modifier}) in substitution"));
                }
                let word = self.brace_word('}', raw)?;
                let value = self.lookup(&name);
                let has_default = matches!(op, Some('-' | '+'));
                if value.is_none() {
                    if !has_default {
                        note(&mut self.unknown, &name);
                    }
                    if self.lexer.keep_unknown {
                        return Ok(format!("${{{name}{modifier}{word}}}"));
                    }
                }
                let unset = value.is_none();
                let empty = value.as_deref().is_none_or(str::is_empty);
                match op {
                    Some('-') => Ok(if unset || (null_is_unset && empty) {
                        word
                    } else {
                        value.unwrap_or_default()
                    }),
                    Some('+') => Ok(if unset || (null_is_unset && empty) {
                        String::new()
                    } else {
                        word
                    }),
                    Some('?') => {
                        if unset {
                            let message = if word.is_empty() {
                                "is not allowed to be unset"
                            } else {
                                &word
                            };
                            return error(format!("{name}: {message}"));
                        }
                        if null_is_unset && empty {
                            let message = if word.is_empty() {
                                "is not allowed to be empty"
                            } else {
                                &word
                            };
                            return error(format!("{name}: {message}"));
                        }
                        Ok(value.unwrap_or_default())
                    }
                    Some(c @ ('#' | '%')) => {
                        let value = value.unwrap_or_default();
                        let (greedy, pattern) = match word.strip_prefix(c) {
                            Some(rest) => (true, rest),
                            None => (false, word.as_str()),
                        };
                        let pattern = Pattern::parse(pattern)?;
                        Ok(if c == '#' {
                            pattern.trim_prefix(&value, greedy)
                        } else {
                            pattern.trim_suffix(&value, greedy)
                        })
                    }
                    _ => error(format!("unsupported modifier ({modifier}) in substitution")),
                }
            }
            '/' => {
                let replace_all = self.peek() == Some('/');
                if replace_all {
                    self.next();
                }
                let pattern = self.brace_word('/', true)?;
                let replacement = self.brace_word('}', true)?;
                let value = self.lookup(&name);
                let Some(value) = value else {
                    note(&mut self.unknown, &name);
                    return Ok(if self.lexer.keep_unknown {
                        format!("${{{name}/{pattern}/{replacement}}}")
                    } else {
                        String::new()
                    });
                };
                Ok(Pattern::parse(&pattern)?.replace(&value, &replacement, replace_all))
            }
            other => error(format!("unsupported modifier ({other}) in substitution")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternToken {
    Literal(char),
    /// `?`: any character but a newline.
    Any,
    /// `*`: any run of characters without a newline.
    Star,
}

/// A shell pattern as BuildKit reads it for `#`, `%` and `/`: `*`, `?` and
/// `\` escaping `*`, `?`, `\` (an escaped `}` or `/` is that character).
/// Bracket expressions are not supported by BuildKit either.
struct Pattern {
    tokens: Vec<PatternToken>,
}

impl Pattern {
    fn parse(text: &str) -> Result<Self, ExpandError> {
        let mut tokens = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => PatternToken::Star,
                '?' => PatternToken::Any,
                '\\' => match chars.peek() {
                    Some('}' | '/') => continue,
                    Some(&e @ ('*' | '?' | '\\')) => {
                        chars.next();
                        PatternToken::Literal(e)
                    }
                    Some(&e) => return error(format!("invalid escape '\\{e}'")),
                    None => return error("invalid escape '\\'"),
                },
                c => PatternToken::Literal(c),
            });
        }
        Ok(Pattern { tokens })
    }

    fn reversed(&self) -> Pattern {
        Pattern {
            tokens: self.tokens.iter().rev().copied().collect(),
        }
    }

    /// Lengths `k` (in chars) such that `chars[from..from + k]` matches,
    /// reported through `on_match`; stops early when it returns false.
    fn match_lengths(&self, chars: &[char], from: usize, mut on_match: impl FnMut(usize) -> bool) {
        let m = self.tokens.len();
        let mut active = vec![false; m + 1];
        let mut next = vec![false; m + 1];
        active[0] = true;
        self.close(&mut active);
        let mut k = 0;
        loop {
            if active[m] && !on_match(k) {
                return;
            }
            let Some(&c) = chars.get(from + k) else {
                return;
            };
            next.iter_mut().for_each(|s| *s = false);
            let mut any = false;
            for (i, token) in self.tokens.iter().enumerate() {
                if !active[i] {
                    continue;
                }
                match *token {
                    PatternToken::Literal(l) if l == c => next[i + 1] = true,
                    PatternToken::Any if c != '\n' => next[i + 1] = true,
                    PatternToken::Star if c != '\n' => next[i] = true,
                    _ => continue,
                }
                any = true;
            }
            if !any {
                return;
            }
            self.close(&mut next);
            std::mem::swap(&mut active, &mut next);
            k += 1;
        }
    }

    /// Adds the states reachable by letting `*` match nothing.
    fn close(&self, states: &mut [bool]) {
        for (i, token) in self.tokens.iter().enumerate() {
            if states[i] && *token == PatternToken::Star {
                states[i + 1] = true;
            }
        }
    }

    fn prefix_len(&self, chars: &[char], greedy: bool) -> Option<usize> {
        let mut found = None;
        self.match_lengths(chars, 0, |k| {
            found = Some(k);
            greedy
        });
        found
    }

    fn trim_prefix(&self, value: &str, greedy: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        match self.prefix_len(&chars, greedy) {
            Some(k) => chars[k..].iter().collect(),
            None => value.to_string(),
        }
    }

    fn trim_suffix(&self, value: &str, greedy: bool) -> String {
        let mut chars: Vec<char> = value.chars().collect();
        chars.reverse();
        match self.reversed().prefix_len(&chars, greedy) {
            Some(k) => chars[k..].iter().rev().collect(),
            None => value.to_string(),
        }
    }

    /// Leftmost match, longest at that position.
    fn find(&self, chars: &[char], from: usize) -> Option<(usize, usize)> {
        (from..=chars.len()).find_map(|start| {
            let mut longest = None;
            self.match_lengths(chars, start, |k| {
                longest = Some(k);
                true
            });
            longest.map(|k| (start, start + k))
        })
    }

    fn replace(&self, value: &str, replacement: &str, all: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut out = String::new();
        let mut copied = 0;
        let mut from = 0;
        while let Some((start, end)) = self.find(&chars, from) {
            out.extend(&chars[copied..start]);
            out.push_str(replacement);
            copied = end;
            if !all {
                break;
            }
            if end == start {
                // An empty match: keep the next char and move past it.
                if let Some(&c) = chars.get(end) {
                    out.push(c);
                }
                copied = end + 1;
                from = end + 1;
                if from > chars.len() {
                    break;
                }
            } else {
                from = end;
            }
        }
        if copied < chars.len() {
            out.extend(&chars[copied..]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Vec<(&'static str, &'static str)> {
        vec![
            ("A", "alpha"),
            ("EMPTY", ""),
            ("PATHV", "/usr/local/bin:/usr/bin"),
            ("FILE", "archive.tar.gz"),
            ("SPACED", "a b  c"),
        ]
    }

    fn x(word: &str) -> String {
        expand_word(word, '\\', &env()).unwrap().value
    }

    #[test]
    fn plain_and_braced_variables() {
        assert_eq!(x("$A"), "alpha");
        assert_eq!(x("${A}"), "alpha");
        assert_eq!(x("x${A}y"), "xalphay");
        assert_eq!(x("$A.b"), "alpha.b");
        assert_eq!(x("$"), "$");
        assert_eq!(x("a$"), "a$");
        assert_eq!(x("$NOPE"), "");
        let e = expand_word("$NOPE-${A}-${OTHER}", '\\', &env()).unwrap();
        assert_eq!(e.value, "-alpha-");
        assert_eq!(e.unknown, vec!["NOPE", "OTHER"]);
        assert_eq!(e.used, vec!["A"]);
    }

    #[test]
    fn defaults_and_alternatives() {
        assert_eq!(x("${NOPE:-dflt}"), "dflt");
        assert_eq!(x("${EMPTY:-dflt}"), "dflt");
        assert_eq!(x("${EMPTY-dflt}"), "");
        assert_eq!(x("${NOPE-dflt}"), "dflt");
        assert_eq!(x("${A:-dflt}"), "alpha");
        assert_eq!(x("${A:+alt}"), "alt");
        assert_eq!(x("${EMPTY:+alt}"), "");
        assert_eq!(x("${EMPTY+alt}"), "alt");
        assert_eq!(x("${NOPE+alt}"), "");
        assert_eq!(x("${NOPE:-${A}}"), "alpha");
        let e = expand_word("${NOPE:-x}", '\\', &env()).unwrap();
        assert!(e.unknown.is_empty(), "a default makes the result defined");
        assert_eq!(
            expand_word("${NOPE?must be set}", '\\', &env())
                .unwrap_err()
                .message,
            "NOPE: must be set"
        );
        assert_eq!(
            expand_word("${EMPTY:?}", '\\', &env()).unwrap_err().message,
            "EMPTY: is not allowed to be empty"
        );
    }

    #[test]
    fn prefix_and_suffix_removal() {
        assert_eq!(x("${FILE#*.}"), "tar.gz");
        assert_eq!(x("${FILE##*.}"), "gz");
        assert_eq!(x("${FILE%.*}"), "archive.tar");
        assert_eq!(x("${FILE%%.*}"), "archive");
        assert_eq!(x("${PATHV#*:}"), "/usr/bin");
        assert_eq!(x("${PATHV%:*}"), "/usr/local/bin");
        assert_eq!(x("${FILE#nomatch}"), "archive.tar.gz");
        assert_eq!(x("${FILE#arch?ve}"), ".tar.gz");
        assert_eq!(x("${FILE#\\*}"), "archive.tar.gz");
        assert_eq!(x("${NOPE#x}"), "");
        assert!(expand_word("${A:#x}", '\\', &env()).is_err());
    }

    #[test]
    fn replacement() {
        assert_eq!(x("${FILE/a/A}"), "Archive.tar.gz");
        assert_eq!(x("${FILE//a/A}"), "Archive.tAr.gz");
        assert_eq!(x("${FILE//.*/}"), "archive");
        assert_eq!(x("${PATHV//:/ }"), "/usr/local/bin /usr/bin");
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(x("'$A'"), "$A");
        assert_eq!(x("\"$A b\""), "alpha b");
        assert_eq!(x("a\\ b"), "a b");
        assert_eq!(x("\\$A"), "$A");
        assert_eq!(x("\"a\\\"b\""), "a\"b");
        assert_eq!(x("\"a\\nb\""), "a\\nb");
        assert_eq!(x("it\\'s"), "it's");
        assert_eq!(expand_word("`$A", '`', &env()).unwrap().value, "$A");
        assert!(expand_word("'open", '\\', &env()).is_err());
        assert!(expand_word("\"open", '\\', &env()).is_err());
        assert!(expand_word("${A", '\\', &env()).is_err());
        assert!(expand_word("${}", '\\', &env()).is_err());
        assert!(expand_word("${A!}", '\\', &env()).is_err());
    }

    #[test]
    fn words_split_on_unquoted_whitespace() {
        let w = expand_words("a \"b c\" $SPACED '$A'", '\\', &env()).unwrap();
        assert_eq!(w.words, vec!["a", "b c", "a", "b", "c", "$A"]);
        let w = expand_words("\"$SPACED\"", '\\', &env()).unwrap();
        assert_eq!(w.words, vec!["a b  c"]);
    }

    #[test]
    fn keep_unknown_leaves_references() {
        let lx = ShellLexer::new('\\').keep_unknown(true);
        assert_eq!(
            lx.process_word("$X ${Y:-z} $A", &env()).unwrap().value,
            "$X ${Y:-z} alpha"
        );
        assert_eq!(unquote("\"a b\"\\ $X", '\\').unwrap(), "a b $X");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "${A:-".repeat(10_000) + &"}".repeat(10_000);
        assert!(expand_word(&deep, '\\', &env()).is_err());
        let ok = "${NOPE:-".repeat(10) + "x" + &"}".repeat(10);
        assert_eq!(x(&ok), "x");
    }
}
