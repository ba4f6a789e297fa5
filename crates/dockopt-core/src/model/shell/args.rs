//! Splits a program's arguments into flags (with their values) and operands,
//! from a per-program table of the options it knows.
//!
//! Owns flag spelling equivalence: every option has a canonical name (the
//! first in its table row), so `--yes`, `--assume-yes` and the `y` inside
//! `-qy` all answer to `has_flag("-y")`.

use std::borrow::Cow;

use serde::Serialize;

use super::{ByteRange, Word};

/// One option a program accepts. `names[0]` is the canonical spelling.
pub(super) struct OptionSpec {
    pub names: &'static [&'static str],
    pub takes_value: bool,
}

/// How a program spells its short options.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FlagStyle {
    /// GNU/getopt: `-abc` is `-a -b -c`, `-ofile` is `-o file`.
    Gnu,
    /// Go's flag package: `-name` is one option, never a cluster.
    SingleDash,
}

pub(super) struct OptionTable {
    pub style: FlagStyle,
    pub specs: &'static [OptionSpec],
}

impl OptionTable {
    fn find(&self, name: &str) -> Option<&'static OptionSpec> {
        self.specs.iter().find(|s| s.names.contains(&name))
    }

    /// The canonical spelling of `name`, or `name` itself if unknown.
    pub fn canonical<'n>(&self, name: &'n str) -> &'n str
    where
        'static: 'n,
    {
        self.find(name).map_or(name, |s| s.names[0])
    }
}

pub(super) const fn flag(names: &'static [&'static str]) -> OptionSpec {
    OptionSpec {
        names,
        takes_value: false,
    }
}

pub(super) const fn valued(names: &'static [&'static str]) -> OptionSpec {
    OptionSpec {
        names,
        takes_value: true,
    }
}

/// A table with no known options: every `-x` is a value-less flag.
pub(super) static NO_OPTIONS: OptionTable = OptionTable {
    style: FlagStyle::Gnu,
    specs: &[],
};

/// One flag as written, e.g. `--no-install-recommends`, `-t bookworm`, the
/// `y` of `-qy`, or `--omit=dev`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag<'a> {
    /// The flag itself: the whole word, or for a letter inside a cluster
    /// such as `-qy`, that letter (exact when the word has no quotes).
    pub span: ByteRange,
    /// The canonical spelling (`-y` for `--yes`), or as written if the
    /// program's table does not know it.
    pub name: Cow<'a, str>,
    /// Index into the argument list given to the parser (the words after
    /// the subcommand's program name).
    pub word_index: usize,
    /// Its value: the next word, or the part after `=`, or the rest of a
    /// short cluster (`-ofile`).
    pub value: Option<Word<'a>>,
}

/// A program's arguments, split.
#[derive(Clone, Serialize)]
pub struct ParsedArgs<'a> {
    pub flags: Vec<Flag<'a>>,
    /// Non-flag words, in order (after `--`, everything is an operand).
    pub operands: Vec<Word<'a>>,
    #[serde(skip)]
    pub(super) table: &'static OptionTable,
}

impl std::fmt::Debug for ParsedArgs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedArgs")
            .field("flags", &self.flags)
            .field("operands", &self.operands)
            .finish()
    }
}

impl PartialEq for ParsedArgs<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.flags == other.flags && self.operands == other.operands
    }
}

impl<'a> ParsedArgs<'a> {
    /// Is the option present, under any of its spellings? `name` may be any
    /// spelling the program's table knows (`"-y"`, `"--yes"` …).
    pub fn has_flag(&self, name: &str) -> bool {
        self.flag(name).is_some()
    }

    /// The first occurrence of the option, under any of its spellings.
    pub fn flag(&self, name: &str) -> Option<&Flag<'a>> {
        let canonical = self.table.canonical(name);
        self.flags.iter().find(|f| f.name == canonical)
    }

    /// Every occurrence of the option.
    pub fn flags_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Flag<'a>> + 's {
        let canonical = self.table.canonical(name);
        self.flags.iter().filter(move |f| f.name == canonical)
    }

    /// The value of the first occurrence of the option.
    pub fn value_of(&self, name: &str) -> Option<&Word<'a>> {
        self.flag(name).and_then(|f| f.value.as_ref())
    }
}

/// Split `words` according to `table`.
pub(super) fn parse_args<'a>(words: &[Word<'a>], table: &'static OptionTable) -> ParsedArgs<'a> {
    let mut flags = Vec::new();
    let mut operands = Vec::new();
    let mut i = 0;
    let mut options_ended = false;
    while let Some(word) = words.get(i) {
        let index = i;
        i += 1;
        let v: &str = &word.value;
        if options_ended || v.len() < 2 || !v.starts_with('-') || v.starts_with("-$") {
            operands.push(word.clone());
            continue;
        }
        if v == "--" {
            options_ended = true;
            continue;
        }
        let long = v.starts_with("--") || table.style == FlagStyle::SingleDash;
        if long || table.find(v).is_some() {
            let (name, inline) = match v.find('=') {
                Some(eq) => (&v[..eq], Some(eq + 1)),
                None => (v, None),
            };
            let spec = table.find(name);
            let value = match inline {
                Some(at) => Some(word.tail(at)),
                None if spec.is_some_and(|s| s.takes_value) => {
                    i += 1;
                    words.get(index + 1).cloned()
                }
                None => None,
            };
            flags.push(Flag {
                span: word.value_span(0, name.len()),
                name: canonical_name(word, name, spec),
                word_index: index,
                value,
            });
            continue;
        }
        // A short cluster `-abc`, possibly ending in a valued option.
        let letters = &v[1..];
        for (k, c) in letters.char_indices() {
            let at = 1 + k;
            let name_end = at + c.len_utf8();
            if c == '=' {
                break;
            }
            let name = format!("-{c}");
            let spec = table.find(&name);
            let takes_value = spec.is_some_and(|s| s.takes_value);
            let canonical: Cow<'a, str> = match spec {
                Some(s) => Cow::Borrowed(s.names[0]),
                None => Cow::Owned(name),
            };
            let rest = v.get(name_end..).unwrap_or("");
            let value = if takes_value {
                if rest.is_empty() {
                    i += 1;
                    words.get(index + 1).cloned()
                } else {
                    let from = name_end + usize::from(rest.starts_with('='));
                    Some(word.tail(from))
                }
            } else if rest.starts_with('=') {
                // `-q=2` (apt): the value belongs to the letter.
                Some(word.tail(name_end + 1))
            } else {
                None
            };
            let ends_cluster = value.is_some();
            flags.push(Flag {
                span: word.value_span(at, name_end),
                name: canonical,
                word_index: index,
                value,
            });
            if ends_cluster {
                break;
            }
        }
    }
    ParsedArgs {
        flags,
        operands,
        table,
    }
}

fn canonical_name<'a>(
    word: &Word<'a>,
    name: &str,
    spec: Option<&'static OptionSpec>,
) -> Cow<'a, str> {
    match spec {
        Some(s) => Cow::Borrowed(s.names[0]),
        None => super::sub_cow(&word.value, 0, name.len()),
    }
}
