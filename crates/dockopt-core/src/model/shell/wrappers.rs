//! Sees through programs that run another program: `sudo`, `env`, `nice`,
//! `time`, `exec`, `nohup`, `timeout`, `xargs`, `command`, `gosu`, `su-exec`,
//! and finds the script string of `sh -c` / `bash -c` / `su -c`.
//!
//! Owns only the word-level unwrapping; reading the `-c` string is the
//! parser's job (from its work list, depth-bounded).

use serde::Serialize;

use super::lexer::assignment_name_len;
use super::{ByteRange, Word};

/// A program that runs another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Wrapper {
    Sudo,
    Env,
    Nice,
    Time,
    Exec,
    Nohup,
    Timeout,
    /// The program runs once per input line/batch, with extra arguments.
    Xargs,
    /// `command cmd` (not `command -v`, which is a lookup).
    Command,
    /// `gosu USER cmd`, `su-exec USER cmd`.
    Gosu,
    /// `su [USER] -c "…"`: the string is read as a script.
    Su,
    /// `sh -c "…"`, `bash -c '…'` and other shells.
    Shell,
}

/// One wrapper around a command, with the span of its program word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WrapperUse {
    pub kind: Wrapper,
    pub span: ByteRange,
}

/// What unwrapping found.
#[derive(Debug, Default)]
pub(super) struct Unwrapped {
    pub name_index: Option<usize>,
    pub wrappers: Vec<WrapperUse>,
    /// Indices of `NAME=value` words given to `env` or `sudo`.
    pub assignment_words: Vec<usize>,
    /// Index of the word holding an `-c` script string.
    pub shell_string: Option<usize>,
    /// The shell was started with `-o pipefail`.
    pub shell_pipefail: bool,
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

fn is_shell(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh"
    )
}

/// Skip options starting at `i`: `valued` options consume the next word too.
/// Returns the index of the first non-option word.
fn skip_options(words: &[Word<'_>], mut i: usize, valued: &[&str]) -> usize {
    while let Some(w) = words.get(i) {
        let v: &str = &w.value;
        if v == "--" {
            return i + 1;
        }
        if !v.starts_with('-') || v.len() < 2 {
            return i;
        }
        i += if valued.contains(&v) { 2 } else { 1 };
    }
    i
}

pub(super) fn unwrap(words: &[Word<'_>]) -> Unwrapped {
    let mut out = Unwrapped::default();
    let mut i = 0;
    // Each pass consumes at least one word, so this ends.
    while let Some(word) = words.get(i) {
        if word.dynamic {
            out.name_index = Some(i);
            return out;
        }
        let name = basename(&word.value);
        let kind = match name {
            "sudo" => Wrapper::Sudo,
            "env" => Wrapper::Env,
            "nice" => Wrapper::Nice,
            "time" => Wrapper::Time,
            "exec" => Wrapper::Exec,
            "nohup" => Wrapper::Nohup,
            "timeout" => Wrapper::Timeout,
            "xargs" => Wrapper::Xargs,
            "command" => Wrapper::Command,
            "gosu" | "su-exec" => Wrapper::Gosu,
            "su" => Wrapper::Su,
            _ if is_shell(name) => Wrapper::Shell,
            _ => {
                out.name_index = Some(i);
                return out;
            }
        };
        let next = i + 1;
        let after = match kind {
            Wrapper::Sudo => skip_options(
                words,
                next,
                &[
                    "-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "-T", "-D", "-R",
                ],
            ),
            Wrapper::Env => skip_options(words, next, &["-u", "-C", "-S", "--unset", "--chdir"]),
            Wrapper::Nice => skip_options(words, next, &["-n", "--adjustment"]),
            Wrapper::Time => skip_options(words, next, &["-f", "-o", "--format", "--output"]),
            Wrapper::Exec => skip_options(words, next, &["-a"]),
            Wrapper::Nohup => next,
            Wrapper::Timeout => {
                let j = skip_options(words, next, &["-s", "-k", "--signal", "--kill-after"]);
                j + 1 // the duration
            }
            Wrapper::Xargs => skip_options(
                words,
                next,
                &[
                    "-I",
                    "-L",
                    "-n",
                    "-P",
                    "-d",
                    "-E",
                    "-s",
                    "-a",
                    "--max-args",
                    "--max-procs",
                ],
            ),
            Wrapper::Command => {
                if words.get(next).is_some_and(|w| w.is("-v") || w.is("-V")) {
                    out.name_index = Some(i);
                    return out;
                }
                skip_options(words, next, &[])
            }
            Wrapper::Gosu => next + 1, // the user
            Wrapper::Su | Wrapper::Shell => {
                let (string, pipefail) = shell_string(words, next, kind == Wrapper::Su);
                out.wrappers.push(WrapperUse {
                    kind,
                    span: word.span,
                });
                out.shell_string = string;
                out.shell_pipefail = pipefail;
                // The shell (or su) is the program; its string is read apart.
                out.name_index = Some(i);
                return out;
            }
        };
        out.wrappers.push(WrapperUse {
            kind,
            span: word.span,
        });
        i = after;
        if matches!(kind, Wrapper::Sudo | Wrapper::Env) {
            while words
                .get(i)
                .is_some_and(|w| assignment_name_len(&w.value).is_some())
            {
                out.assignment_words.push(i);
                i += 1;
            }
        }
    }
    out
}

/// Find the `-c` string of a shell (or `su`) invocation whose options start
/// at `i`. Also reports `-o pipefail` among the shell's options.
fn shell_string(words: &[Word<'_>], mut i: usize, su: bool) -> (Option<usize>, bool) {
    let mut pipefail = false;
    let mut wants_string = false;
    while let Some(w) = words.get(i) {
        let v: &str = &w.value;
        if wants_string {
            return (Some(i), pipefail);
        }
        if v == "--command" || (su && v == "-c") {
            wants_string = true;
        } else if (v == "-o" || v == "+o") && !su {
            pipefail |= v == "-o" && words.get(i + 1).is_some_and(|n| n.is("pipefail"));
            i += 1;
        } else if v.len() > 1 && (v.starts_with('-') || v.starts_with('+')) && !v.starts_with("--")
        {
            let letters = &v[1..];
            if letters.contains('c') {
                wants_string = true;
            }
            if letters.ends_with('o') && !su {
                pipefail |=
                    v.starts_with('-') && words.get(i + 1).is_some_and(|n| n.is("pipefail"));
                i += 1;
            }
        } else if v.starts_with("--") {
            // Long options such as `--login`, `--norc`: no value.
        } else if su {
            // `su USER -c …`: the user name.
        } else {
            // A script file: no `-c` string.
            return (None, pipefail);
        }
        i += 1;
    }
    (None, pipefail)
}
