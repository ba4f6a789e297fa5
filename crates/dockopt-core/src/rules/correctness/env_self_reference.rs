use std::ops::Range;

use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags an `ENV` pair whose value refers to a variable that an earlier
    /// pair of the *same* `ENV` defines (`ENV A=1 B=$A`), when that
    /// variable was not already set before the instruction.
    ///
    /// ## Why is this bad?
    /// All pairs of one `ENV` are expanded with the variables as they were
    /// *before* the instruction: `B` gets the old (here: empty) value of
    /// `A`, not `1`. Split the instruction in two.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## References
    /// - hadolint DL3044
    ///
    /// ## Differences from hadolint
    /// A `$NAME` inside single quotes is literal text, not a reference, and
    /// is not flagged (hadolint flags it). We point at the reference itself.
    pub static RULE = {
        code: "DL3044",
        name: "env-self-reference",
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "Do not refer to an environment variable within the same `ENV` statement where it is defined",
        sources: &["hadolint DL3044"],
        check: check,
    }
}

/// The `$NAME` / `${NAME…}` references of a raw word: (name, byte range).
fn references(raw: &str, escape: char) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut chars = raw.char_indices().peekable();
    let mut single = false;
    let mut double = false;
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while let Some((i, c)) = chars.next() {
        if c == escape && !single {
            chars.next();
            continue;
        }
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                let braced = chars.peek().is_some_and(|(_, n)| *n == '{');
                if braced {
                    chars.next();
                }
                let mut name = String::new();
                let mut end = i + 1 + usize::from(braced);
                while let Some((j, n)) = chars.peek().copied() {
                    if !is_name(n) {
                        break;
                    }
                    name.push(n);
                    end = j + n.len_utf8();
                    chars.next();
                }
                if braced {
                    for (j, n) in chars.by_ref() {
                        if n == '}' {
                            end = j + 1;
                            break;
                        }
                    }
                }
                if !name.is_empty() {
                    out.push((name, i..end));
                }
            }
            _ => {}
        }
    }
    out
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Env {
            continue;
        }
        let pairs = instruction.key_values();
        if pairs.len() < 2 {
            continue;
        }
        let scope = model.scope_at(index);
        let mut found = Vec::new();
        for (n, pair) in pairs.iter().enumerate() {
            for (name, range) in references(&pair.value.text, model.escape) {
                let defined_here = pairs[..n].iter().any(|p| p.key.text.as_str() == name);
                if defined_here && !scope.is_set(&name) {
                    let span = pair.value.sub_span(range).unwrap_or(pair.value.span);
                    found.push((span, name));
                }
            }
        }
        for (span, name) in found {
            checker.report(
                span,
                format!("`{name}` is defined in this same `ENV`: the reference sees its value from before the instruction; split the `ENV`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn same_env_only_and_not_previously_set() {
        let text = "FROM alpine:3.20\nENV A=1\nENV A=2 B=$A\nENV PATH=/x:$PATH\nENV C=1 C=$C\nENV D=x E=\"${D}/y\"\nENV F=y G='$F'\n";
        assert_eq!(
            found("DL3044", text),
            vec![("$C".into(), 5, 11), ("${D}".into(), 6, 12)]
        );
    }
}
