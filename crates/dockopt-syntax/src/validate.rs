//! The checks BuildKit's instruction layer makes after parsing: known flags
//! and their values, argument counts, allowed ONBUILD triggers, HEALTHCHECK
//! forms. BuildKit refuses to build a file that fails one, so the parser
//! turns such an instruction into an error node (keeping what it parsed).
//!
//! Flags are accepted when any current Dockerfile frontend knows them,
//! including the `-labs` channel, since the `# syntax=` line decides which one
//! builds the file.

use crate::heredoc;
use crate::instruction::{Body, Command, Instruction, InstructionKind, Word};
use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagType {
    /// `--name=value`, once.
    Text,
    /// `--name`, `--name=true|false`, once.
    Bool,
    /// `--name=value`, any number of times.
    Repeated,
}

use FlagType::{Bool, Repeated, Text};

fn known_flags(kind: InstructionKind) -> &'static [(&'static str, FlagType)] {
    match kind {
        InstructionKind::From => &[("platform", Text)],
        InstructionKind::Run => &[
            ("mount", Repeated),
            ("network", Text),
            ("security", Text),
            ("device", Repeated),
        ],
        InstructionKind::Copy => &[
            ("from", Text),
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Repeated),
        ],
        InstructionKind::Add => &[
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", Text),
            ("exclude", Repeated),
            ("unpack", Bool),
        ],
        InstructionKind::Healthcheck => &[
            ("interval", Text),
            ("timeout", Text),
            ("start-period", Text),
            ("start-interval", Text),
            ("retries", Text),
        ],
        _ => &[],
    }
}

type Problem = (Span, String);

fn problem(span: Span, message: impl Into<String>) -> Option<Problem> {
    Some((span, message.into()))
}

fn check_flags(instruction: &Instruction) -> Option<Problem> {
    let known = known_flags(instruction.kind);
    for (i, flag) in instruction.flags.iter().enumerate() {
        let Some(&(_, kind)) = known.iter().find(|(n, _)| *n == flag.name) else {
            return problem(flag.span, format!("unknown flag: {}", flag.name));
        };
        if kind != Repeated && instruction.flags[..i].iter().any(|f| f.name == flag.name) {
            return problem(
                flag.span,
                format!("duplicate flag specified: {}", flag.name),
            );
        }
        match (kind, &flag.value) {
            (Bool, Some(v)) if v.text.is_empty() => {
                return problem(flag.span, format!("missing a value on flag: {}", flag.name))
            }
            (Bool, Some(v))
                if !matches!(v.text.to_ascii_lowercase().as_str(), "true" | "false") =>
            {
                return problem(
                    v.span,
                    format!(
                        "expecting boolean value for flag {}, not: {}",
                        flag.name, v.text
                    ),
                )
            }
            (Text | Repeated, None) => {
                return problem(flag.span, format!("missing a value on flag: {}", flag.name))
            }
            _ => {}
        }
    }
    None
}

fn at_least_one(instruction: &Instruction) -> Option<Problem> {
    problem(
        instruction.span,
        format!("{} requires at least one argument", instruction.kind),
    )
}

fn exactly_one(instruction: &Instruction, word: &Option<Word>) -> Option<Problem> {
    if word.is_none() {
        return problem(
            instruction.span,
            format!("{} requires exactly one argument", instruction.kind),
        );
    }
    None
}

/// A Go duration (`30s`, `1m30s`, `1.5h`, `0`), in nanoseconds. Integer
/// arithmetic only: float parsing would cost kilobytes of wasm.
fn go_duration(text: &str) -> Option<i128> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int, after) = rest.split_at(int_len);
        let (frac, after) = match after.strip_prefix('.') {
            Some(f) => {
                let n = f.bytes().take_while(u8::is_ascii_digit).count();
                (&f[..n], &f[n..])
            }
            None => ("", after),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let scale: i128 = match &after[..unit_len] {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        let mut value: i128 = 0;
        for d in int.bytes() {
            value = value
                .saturating_mul(10)
                .saturating_add(i128::from(d - b'0'));
        }
        total = total.saturating_add(value.saturating_mul(scale));
        let mut unit = scale;
        for d in frac.bytes().take(18) {
            unit /= 10;
            total = total.saturating_add(i128::from(d - b'0') * unit);
        }
        rest = &after[unit_len..];
    }
    Some(if negative { -total } else { total })
}

fn check_healthcheck(instruction: &Instruction) -> Option<Problem> {
    let Body::Healthcheck(health) = &instruction.body else {
        return None;
    };
    let Some(kind) = &health.kind else {
        return at_least_one(instruction);
    };
    let arg_count = match &health.command {
        None => 0,
        Some(Command::Exec(e)) => e.args.len(),
        Some(Command::Shell(_)) => 1,
    };
    if kind.text.eq_ignore_ascii_case("NONE") {
        if arg_count != 0 {
            return problem(instruction.span, "HEALTHCHECK NONE takes no arguments");
        }
        return None;
    }
    if let Some(p) = check_flags(instruction) {
        return Some(p);
    }
    if !kind.text.eq_ignore_ascii_case("CMD") {
        return problem(
            kind.span,
            format!(
                "Unknown type \"{}\" in HEALTHCHECK (try CMD)",
                kind.text.to_ascii_uppercase()
            ),
        );
    }
    if arg_count == 0 {
        return problem(instruction.span, "Missing command after HEALTHCHECK CMD");
    }
    for flag in &instruction.flags {
        let Some(value) = &flag.value else { continue };
        if value.text.is_empty() {
            continue;
        }
        if flag.name == "retries" {
            match value.text.parse::<i64>() {
                Ok(n) if n < 0 => {
                    return problem(value.span, format!("--retries cannot be negative ({n})"))
                }
                Ok(n) if n > i64::from(i32::MAX) => {
                    return problem(
                        value.span,
                        format!("invalid value for --retries: {}", value.text),
                    )
                }
                Ok(_) => {}
                Err(_) => {
                    return problem(
                        value.span,
                        format!("invalid value for --retries: {}", value.text),
                    )
                }
            }
        } else {
            match go_duration(&value.text) {
                None => {
                    return problem(
                        value.span,
                        format!("time: invalid duration \"{}\"", value.text),
                    )
                }
                Some(d) if d != 0 && d < 1_000_000 => {
                    return problem(
                        value.span,
                        format!("Interval \"{}\" cannot be less than 1ms", flag.name),
                    )
                }
                Some(_) => {}
            }
        }
    }
    None
}

/// The first problem BuildKit's builder would report for this instruction.
pub(crate) fn check(instruction: &Instruction) -> Option<Problem> {
    use InstructionKind as K;
    // STOPSIGNAL never looks at its flags, HEALTHCHECK only for CMD.
    if !matches!(instruction.kind, K::Stopsignal | K::Healthcheck) {
        if let Some(p) = check_flags(instruction) {
            return Some(p);
        }
    }
    match &instruction.body {
        Body::From(from) => {
            let words = &from.words;
            if words.len() == 3 && words[1].text.eq_ignore_ascii_case("as") {
                let name = words[2].text.to_lowercase();
                let mut chars = name.chars();
                let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                    && chars
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
                if !valid {
                    return problem(
                        words[2].span,
                        format!(
                            "invalid name for build stage: \"{}\", name can't start with a number or contain symbols",
                            words[2].text
                        ),
                    );
                }
            } else if words.len() != 1 {
                return problem(
                    instruction.span,
                    "FROM requires either one or three arguments",
                );
            }
        }
        Body::Copy(paths) | Body::Add(paths) => {
            if paths.items.len() < 2 {
                return problem(
                    instruction.span,
                    format!(
                        "{} requires at least two arguments, but only one was provided. Destination could not be determined",
                        instruction.kind
                    ),
                );
            }
            if let Some(dest) = paths.items.last() {
                if paths.json.is_none() && heredoc::is_marker(&dest.text) {
                    return problem(
                        dest.span,
                        format!(
                            "{} cannot accept a heredoc as a destination",
                            instruction.kind
                        ),
                    );
                }
            }
        }
        Body::Env(pairs) | Body::Label(pairs) => {
            if pairs.is_empty() {
                return at_least_one(instruction);
            }
            if let Some(pair) = pairs.iter().find(|p| p.key.text.is_empty()) {
                return problem(
                    pair.span,
                    format!("{} names can not be blank", instruction.kind),
                );
            }
        }
        Body::Arg(decls) => {
            if decls.is_empty() {
                return at_least_one(instruction);
            }
            if let Some(decl) = decls.iter().find(|d| d.name.text.is_empty()) {
                return problem(decl.span, "ARG names can not be blank");
            }
        }
        Body::Expose(words) => {
            if words.is_empty() {
                return at_least_one(instruction);
            }
        }
        Body::Volume(paths) => {
            if paths.items.is_empty() {
                return at_least_one(instruction);
            }
            if let Some(empty) = paths.items.iter().find(|w| w.text.trim().is_empty()) {
                return problem(empty.span, "VOLUME specified can not be an empty string");
            }
        }
        Body::User(word)
        | Body::Workdir(word)
        | Body::Stopsignal(word)
        | Body::Maintainer(word) => {
            return exactly_one(instruction, word);
        }
        Body::Healthcheck(_) => return check_healthcheck(instruction),
        Body::Shell(command) => match command {
            None => return at_least_one(instruction),
            Some(Command::Exec(e)) if e.args.is_empty() => return at_least_one(instruction),
            Some(Command::Shell(_)) => {
                return problem(
                    instruction.span,
                    "SHELL requires the arguments to be in JSON form",
                )
            }
            Some(Command::Exec(_)) => {}
        },
        Body::Onbuild(trigger) => {
            let Some(trigger) = trigger else {
                return at_least_one(instruction);
            };
            match trigger.kind {
                K::Onbuild => {
                    return problem(
                        trigger.keyword.span,
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                    )
                }
                K::From | K::Maintainer => {
                    return problem(
                        trigger.keyword.span,
                        format!("{} isn't allowed as an ONBUILD trigger", trigger.kind),
                    )
                }
                _ => return check(trigger),
            }
        }
        Body::Run(_) | Body::Cmd(_) | Body::Entrypoint(_) => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::go_duration;

    #[test]
    fn go_durations() {
        const S: i128 = 1_000_000_000;
        assert_eq!(go_duration("30s"), Some(30 * S));
        assert_eq!(go_duration("1m30s"), Some(90 * S));
        assert_eq!(go_duration("1.5h"), Some(5400 * S));
        assert_eq!(go_duration("0"), Some(0));
        assert_eq!(go_duration("500ms"), Some(S / 2));
        assert_eq!(go_duration(".5s"), Some(S / 2));
        assert_eq!(go_duration("-1s"), Some(-S));
        assert_eq!(go_duration("1.s"), Some(S));
        assert_eq!(go_duration("100us"), Some(100_000));
        assert_eq!(go_duration("10"), None);
        assert_eq!(go_duration("s"), None);
        assert_eq!(go_duration(""), None);
        assert_eq!(go_duration("1x"), None);
        assert_eq!(go_duration("."), None);
    }
}
