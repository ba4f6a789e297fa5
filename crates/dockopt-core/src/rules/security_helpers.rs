//! Questions the `security` rules (DO1010–DO1099) ask of the model: where a
//! variable is set (ENV, ARG defaults, `NAME=value cmd`, `export`), whether
//! an instruction's stage ships, and flag edits.

use dockopt_syntax::{InstructionKind, Span};

use crate::fix::Edit;
use crate::model::shell::{ByteRange, Command, Flag, Word};
use crate::model::{Model, RunScript, Value};

/// Where a variable is given a value.
#[derive(Debug, Clone)]
pub struct EnvSetting {
    /// The variable name as written.
    pub name: String,
    /// The file span of the name.
    pub name_span: Span,
    /// The value after quote removal and expansion; `None` when it depends
    /// on something unknown (an ARG without default).
    pub value: Option<String>,
}

/// Every place a variable gets a value: `ENV`, `ARG` defaults, prefix
/// assignments of RUN commands (`A=b cmd`, `env A=b cmd`) and `export A=b`.
pub fn env_settings(model: &Model<'_>) -> Vec<EnvSetting> {
    let mut out = Vec::new();
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        match instruction.kind {
            InstructionKind::Env => {
                let scope = model.scope_at(index);
                for pair in instruction.key_values() {
                    let expanded = scope.expand(&pair.value.text, model.escape);
                    out.push(EnvSetting {
                        name: pair.key.text.to_string(),
                        name_span: pair.key.span,
                        value: expanded.unknown.is_empty().then_some(expanded.value),
                    });
                }
            }
            InstructionKind::Arg => {
                let scope = model.scope_at(index);
                for decl in instruction.arg_decls() {
                    let Some(default) = &decl.default else {
                        continue;
                    };
                    let expanded = scope.expand(&default.text, model.escape);
                    out.push(EnvSetting {
                        name: decl.name.text.to_string(),
                        name_span: decl.name.span,
                        value: expanded.unknown.is_empty().then_some(expanded.value),
                    });
                }
            }
            _ => {}
        }
    }
    for script in &model.scripts {
        for command in &script.script.commands {
            for assignment in &command.assignments {
                out.push(EnvSetting {
                    name: assignment.name.to_string(),
                    name_span: name_span(script, assignment.span, assignment.name.len()),
                    value: script_value(model, script, &assignment.value),
                });
            }
            if command.program() == Some("export") {
                for word in command.arguments() {
                    let Some((name, _)) = word.value.split_once('=') else {
                        continue;
                    };
                    if !is_name(name) {
                        continue;
                    }
                    let value = word.tail(name.len() + 1);
                    out.push(EnvSetting {
                        name: name.to_string(),
                        name_span: name_span(script, word.span, name.len()),
                        value: script_value(model, script, &value),
                    });
                }
            }
        }
    }
    crate::sort::sort_by_key(&mut out, |s| s.name_span.start);
    out
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The span of the first `len` bytes of a word or assignment (its name).
fn name_span(script: &RunScript<'_>, range: ByteRange, len: usize) -> Span {
    let end = (range.start + len).min(range.end);
    script.file_span(ByteRange::new(range.start, end))
}

/// The value of a word in a RUN script: literal, or a plain `$VAR` /
/// `${VAR}` known from the ARG/ENV scope of the RUN.
fn script_value(model: &Model<'_>, script: &RunScript<'_>, word: &Word<'_>) -> Option<String> {
    if !word.dynamic {
        return Some(word.value.to_string());
    }
    let name = word
        .value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| word.value.strip_prefix('$'))?;
    if !is_name(name) {
        return None;
    }
    match model.scope_at(script.instruction_index).get(name) {
        Some(Value::Known(v)) => Some(v.clone()),
        _ => None,
    }
}

/// Is the value "false" for a boolean setting (`false`, `0`, `no`, `off`),
/// case-insensitively?
pub fn is_false(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

/// The file span of a flag as written (the whole word, or the letter of a
/// short cluster).
pub fn flag_span(script: &RunScript<'_>, flag: &Flag<'_>) -> Span {
    script.file_span(flag.span)
}

/// An edit that deletes a flag from a command: the letter alone from a
/// cluster (`-fsSLk` → `-fsSL`), or the whole word and the blank before it.
/// `None` when the flag cannot be removed exactly (it has a value, or the
/// word is quoted).
pub fn delete_flag(
    script: &RunScript<'_>,
    command: &Command<'_>,
    args: &[Word<'_>],
    flag: &Flag<'_>,
) -> Option<Edit> {
    if flag.value.is_some() {
        return None;
    }
    let word = args.get(flag.word_index)?;
    let inside = word.span.start <= flag.span.start && flag.span.end <= word.span.end;
    if !inside || word.quoted || word.span.len() != word.value.len() {
        return None;
    }
    if flag.span == word.span {
        return delete_word(script, command, word);
    }
    // One letter of a cluster: the cluster must keep at least one letter.
    if word.value.len() <= 2 {
        return None;
    }
    let span = script.file_span(flag.span);
    Some(Edit::delete(span.start, span.end))
}

/// An edit that deletes an unquoted word of a command with the blanks
/// before it (or, when those cross a line continuation, the blanks after
/// it). `None` when the word is quoted, first in its command, or no
/// deletion stays on the word's own line.
pub fn delete_word(script: &RunScript<'_>, command: &Command<'_>, word: &Word<'_>) -> Option<Edit> {
    if word.quoted || word.span.len() != word.value.len() || word.span.start <= command.span.start {
        return None;
    }
    let text = script.text();
    // The mapped span equals the script range only when no continuation
    // (or dropped comment line) lies inside it.
    let exact = |start: usize, end: usize| {
        let span = script.file_span(ByteRange::new(start, end));
        (span.end - span.start == end - start).then_some(span)
    };
    let before = text.get(..word.span.start)?;
    let start = before.trim_end_matches([' ', '\t']).len();
    if start < word.span.start {
        if let Some(span) = exact(start, word.span.end) {
            return Some(Edit::delete(span.start, span.end));
        }
    }
    let after = text.get(word.span.end..)?;
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    if blanks > 0 && after.len() > blanks {
        if let Some(span) = exact(word.span.start, word.span.end + blanks) {
            return Some(Edit::delete(span.start, span.end));
        }
    }
    None
}

/// The command whose output `command` (the one at `index` in the script)
/// reads through a `|`: the nearest earlier command of the same group.
pub fn pipe_source<'s, 'a>(
    script: &'s crate::model::shell::Script<'a>,
    index: usize,
) -> Option<&'s Command<'a>> {
    let command = script.commands.get(index)?;
    if command.joiner != crate::model::shell::Joiner::Pipe {
        return None;
    }
    script
        .commands
        .get(..index)?
        .iter()
        .rev()
        .find(|c| c.group == command.group && c.span.end <= command.span.start)
}

#[cfg(test)]
pub mod testing {
    //! Running one rule over a text, for the rules' unit tests.

    use crate::report::Finding;
    use crate::rules::test_support;

    /// The findings of rule `code` (enabled whatever its default).
    pub fn findings(text: &str, code: &str) -> Vec<Finding> {
        test_support::enabled_findings(text, code)
    }

    /// `(text under the span, line, column)` of each finding of `code`.
    pub fn spans(text: &str, code: &str) -> Vec<(String, u32, u32)> {
        test_support::enabled_found(text, code)
    }

    /// The text after applying every fix of `code` (one pass).
    pub fn fixed(text: &str, code: &str) -> String {
        let mut edits: Vec<_> = findings(text, code)
            .into_iter()
            .filter_map(|f| f.fix)
            .flat_map(|f| f.edits)
            .collect();
        crate::sort::sort_by_key(&mut edits, |e| std::cmp::Reverse(e.start));
        let mut out = text.to_string();
        for edit in edits {
            out.replace_range(edit.start..edit.end, &edit.replacement);
        }
        out
    }
}
