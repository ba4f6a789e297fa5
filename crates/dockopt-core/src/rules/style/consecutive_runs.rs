use dockopt_syntax::{Command as SyntaxCommand, Instruction, InstructionKind};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::Joiner;
use crate::model::{Model, ScriptSource};
use crate::report::Severity;
use crate::rewrite::TextStyle;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that directly follows another `RUN` with the same
    /// flags (`--mount`, `--network`, `--security`), when each runs a single
    /// command. Comment lines between them do not break the sequence; any
    /// other instruction does.
    ///
    /// hadolint's source limits each RUN to "at most 2" of its command
    /// count, but its count of `a && b`, `a | b`, `a; b` or `a $(b)` is
    /// already above that: hadolint 2.15.1 only flags RUNs of one command
    /// each, and so does this rule. RUNs that chain commands were split on
    /// purpose.
    ///
    /// ## Differences from hadolint
    /// - Only stages whose file system ships are checked. In a builder
    ///   stage, separate RUNs are usually deliberate: each is its own cache
    ///   step, and the layers never reach the image (hadolint#1056).
    /// - Exec-form (`RUN ["a", "b"]`) and heredoc RUNs are never counted:
    ///   they cannot be joined with `&&`.
    ///
    /// ## Why is this bad?
    /// Each RUN is a layer and a cache step of its own. Short RUNs in a row
    /// cost layers, and files one creates and the next deletes stay in the
    /// image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// # the tools the entry point needs
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && \
    /// # the tools the entry point needs
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix joins the second RUN to the first with ` && \`, a new line and
    /// indentation; comment lines between them are kept (Dockerfile comment
    /// lines may sit inside a continued instruction), blank lines are
    /// dropped. It is unsafe: the second command now runs in the shell of
    /// the first, so a `cd`, `export` or `set` in the first now affects it,
    /// and the layer cache splits differently. It is not offered when the
    /// join would change which failures stop the build: the first RUN ends
    /// in `;`, `&` or `|`, or has a shell comment; the second joins its
    /// commands with `;`, `||`, `&` or a new line.
    ///
    /// ## References
    /// - hadolint DL3059
    /// - <https://github.com/hadolint/hadolint/issues/1056>
    pub static RULE = {
        code: "DL3059",
        name: "multiple-consecutive-runs",
        family: Family::Style,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Multiple consecutive `RUN` instructions: consider consolidation",
        sources: &["hadolint DL3059"],
        check: check,
    }
}

/// A shell-form RUN without heredocs that runs a single command.
fn small_shell_run(model: &Model<'_>, index: usize) -> bool {
    let Some(located) = model.instructions.get(index) else {
        return false;
    };
    let instruction = located.instruction;
    if instruction.kind != InstructionKind::Run || !instruction.heredocs.is_empty() {
        return false;
    }
    if !matches!(instruction.command(), Some(SyntaxCommand::Shell(_))) {
        return false;
    }
    let commands = model
        .scripts_of(index)
        .filter(|s| matches!(s.source, ScriptSource::CommandLine(_)))
        .flat_map(|s| s.script.commands.iter())
        .count();
    commands <= 1
}

fn flags_of(instruction: &Instruction) -> Vec<String> {
    let mut flags: Vec<String> = instruction.flags.iter().map(|f| f.text()).collect();
    crate::sort::sort(&mut flags);
    flags
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in model.stages.iter().filter(|s| s.in_image) {
        let mut previous: Option<usize> = None;
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            if !small_shell_run(model, index) {
                previous = None;
                continue;
            }
            if let Some(prev) = previous.and_then(|p| model.instructions.get(p)) {
                if flags_of(prev.instruction) == flags_of(instruction) {
                    let fix = merge(model, previous.unwrap_or(index), index);
                    let diagnostic = checker.report(
                        instruction.keyword.span,
                        "Multiple consecutive `RUN` instructions: consider consolidation",
                    );
                    if let Some(edit) = fix {
                        diagnostic.fix(
                            "Merge into the RUN above",
                            Applicability::Unsafe,
                            vec![edit],
                        );
                    }
                }
            }
            previous = Some(index);
        }
    }
}

/// Whether `text` (a shell command line) has an unquoted `#` comment.
fn has_shell_comment(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' {
                escaped = true;
            }
        } else if c == '\\' {
            escaped = true;
        } else if c == '\'' || c == '"' {
            quote = Some(c);
        } else if c == '#' && previous.is_whitespace() {
            return true;
        }
        previous = c;
    }
    false
}

/// The edit that joins RUN `current` to RUN `previous`, when the join keeps
/// the meaning of failures.
fn merge(model: &Model<'_>, previous: usize, current: usize) -> Option<Edit> {
    let text = model.text;
    let prev = model.instructions.get(previous)?.instruction;
    let cur = model.instructions.get(current)?.instruction;
    let Some(SyntaxCommand::Shell(prev_shell)) = prev.command() else {
        return None;
    };
    let Some(SyntaxCommand::Shell(cur_shell)) = cur.command() else {
        return None;
    };
    let prev_text = prev_shell.text.trim_end();
    if prev_text.ends_with([';', '&', '|', '\\']) || has_shell_comment(&prev_shell.text) {
        return None;
    }
    let background = |index: usize, top_only: bool| {
        model.scripts_of(index).any(|s| {
            s.script.commands.iter().any(|c| {
                c.joiner == Joiner::Background
                    || (top_only
                        && c.depth == 0
                        && c.group.is_none()
                        && !matches!(c.joiner, Joiner::Start | Joiner::And | Joiner::Pipe))
            })
        })
    };
    if background(previous, false) || background(current, true) {
        return None;
    }
    let style = TextStyle::of(model);
    let escape = model.escape;
    // Comment lines between the two RUNs (the first piece is the rest of
    // the first RUN's line).
    let between = text.get(prev.span.end..cur.keyword.span.start)?;
    let mut comments = Vec::new();
    for line in between.split('\n').skip(1) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_start().starts_with('#') {
            comments.push(line);
        }
    }
    let indent = continuation_indent(text, prev);
    let mut replacement = format!(" && {escape}{}", style.newline);
    for comment in comments {
        replacement.push_str(comment);
        replacement.push_str(style.newline);
    }
    replacement.push_str(&indent);
    Some(Edit::replace(
        prev.span.end,
        cur_shell.span.start,
        replacement,
    ))
}

/// The indentation of the first RUN's last line when it is a continuation
/// line, else four spaces.
fn continuation_indent(text: &str, run: &Instruction) -> String {
    let start = crate::rewrite::text::line_start(text, run.span.end);
    if start > run.span.start {
        let line = text.get(start..run.span.end).unwrap_or("");
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if !indent.is_empty() {
            return indent;
        }
    }
    "    ".to_string()
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    fn dl3059(text: &str) -> Vec<(String, usize, bool)> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "DL3059")
            .map(|f| {
                (
                    text[f.span.start..f.span.end].to_string(),
                    f.span.start_position.line as usize,
                    f.fix.is_some(),
                )
            })
            .collect()
    }

    fn fixed(text: &str) -> String {
        crate::rewrite::fix_only("DL3059", text)
    }

    #[test]
    fn flags_the_second_run_keyword() {
        let text = "FROM alpine\nRUN a\n\n# note\nrun b\n";
        assert_eq!(dl3059(text), vec![("run".to_string(), 5, true)]);
    }

    #[test]
    fn big_runs_other_flags_exec_and_heredocs_break_the_sequence() {
        assert!(dl3059("FROM alpine\nRUN a && b && c\nRUN d\n").is_empty());
        // As hadolint 2.15.1: two chained commands already break it.
        assert!(dl3059("FROM alpine\nRUN a && b\nRUN c\n").is_empty());
        assert!(dl3059("FROM alpine\nRUN a $(b)\nRUN c\n").is_empty());
        assert_eq!(dl3059("FROM alpine\nRUN a b c d\nRUN c\n").len(), 1);
        assert!(dl3059("FROM alpine\nRUN --network=none a\nRUN b\n").is_empty());
        assert!(dl3059("FROM alpine\nRUN [\"a\"]\nRUN b\n").is_empty());
        assert!(dl3059("FROM alpine\nRUN <<EOF\na\nEOF\nRUN b\n").is_empty());
        assert!(dl3059("FROM alpine\nRUN a\nENV X=1\nRUN b\n").is_empty());
        assert_eq!(
            dl3059("FROM alpine\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c b\n").len(),
            1
        );
    }

    #[test]
    fn builder_stages_are_left_alone() {
        let text = "FROM golang:1.23 AS build\nRUN go mod download\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        assert!(dl3059(text).is_empty());
    }

    #[test]
    fn three_runs_merge_into_one_and_comments_survive() {
        let text = "FROM alpine\nRUN apk add curl\n# b\n\nRUN echo b\nRUN echo c\n";
        assert_eq!(
            fixed(text),
            "FROM alpine\nRUN apk add curl && \\\n# b\n    echo b && \\\n    echo c\n"
        );
    }

    #[test]
    fn crlf_and_continuation_indent_are_kept() {
        let text = "FROM alpine\r\nRUN apk add \\\r\n  curl\r\nRUN echo b\r\n";
        assert_eq!(
            fixed(text),
            "FROM alpine\r\nRUN apk add \\\r\n  curl && \\\r\n  echo b\r\n"
        );
    }

    #[test]
    fn joins_that_would_hide_failures_are_not_offered() {
        assert_eq!(
            dl3059("FROM alpine\nRUN a # why\nRUN b\n"),
            vec![("RUN".to_string(), 3, false)]
        );
        assert_eq!(
            dl3059("FROM alpine\nRUN a &\nRUN b\n"),
            vec![("RUN".to_string(), 3, false)]
        );
        assert_eq!(
            dl3059("FROM alpine\nRUN a;\nRUN b\n"),
            vec![("RUN".to_string(), 3, false)]
        );
        // A quoted `#` is not a comment.
        assert_eq!(
            dl3059("FROM alpine\nRUN echo '# x'\nRUN b\n"),
            vec![("RUN".to_string(), 3, true)]
        );
    }
}
