use dockopt_syntax::{Command, Instruction, InstructionKind};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rewrite::text::line_start;
use crate::rules::dlb_helpers::root_image;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a shell-form RUN with a pipe (`a | b`) while `pipefail` is
    /// off: the stage's `SHELL` does not set `-o pipefail` and the script
    /// does not run `set -o pipefail` before the pipe.
    ///
    /// ## Why is this bad?
    /// A pipeline's status is that of its last command: in
    /// `curl -fsSL $URL | tar -xz` a failed download still "succeeds" if
    /// `tar` exits 0, and the build goes on with a broken layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget -O - https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -O - https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the
    /// first such RUN of the stage (`["/bin/ash", "-eo", "pipefail", "-c"]`
    /// on Alpine and BusyBox bases, which have no bash). Unsafe: every
    /// later RUN of the stage now runs under that shell and fails when a
    /// pipe's first command fails, which is the point but changes what
    /// builds; and we assume the base has that shell. No fix is offered
    /// when the base is unknown, `scratch` or distroless.
    ///
    /// ## References
    /// - hadolint DL4006
    /// - <https://github.com/hadolint/hadolint/wiki/DL4006>
    ///
    /// ## Differences from hadolint
    /// A script that runs `set -o pipefail` (or `set -eo pipefail`) before
    /// its pipe is not flagged (hadolint#1137); heredoc bodies are read as
    /// the scripts they are; a stage built `FROM` an earlier stage inherits
    /// its `SHELL` (hadolint resets at every FROM); `||` is not a pipe. An
    /// exec-form RUN (`RUN ["sh", "-c", "a | b"]`) is not read: SHELL does
    /// not apply to it (hadolint flags it).
    pub static RULE = {
        code: "DL4006",
        name: "pipefail-missing",
        family: Family::Correctness,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Set the SHELL option `-o pipefail` before RUN with a pipe in it",
        sources: &["hadolint DL4006"],
        check: check,
    }
}

/// What a SHELL instruction leaves the stage with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShellState {
    /// `/bin/sh -c` or another POSIX shell without pipefail.
    NoPipefail,
    /// pipefail is on, or the shell is not POSIX (pwsh, cmd): nothing to
    /// check.
    Covered,
}

fn shell_state(instruction: &Instruction) -> ShellState {
    let Some(Command::Exec(exec)) = instruction.command() else {
        return ShellState::NoPipefail;
    };
    let args: Vec<&str> = exec.args.iter().map(|w| w.text.as_str()).collect();
    let Some(first) = args.first() else {
        return ShellState::NoPipefail;
    };
    let program = first
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(first)
        .to_ascii_lowercase();
    let program = program.trim_end_matches(".exe");
    if matches!(program, "pwsh" | "powershell" | "cmd") {
        return ShellState::Covered;
    }
    let pipefail = args.windows(2).any(|pair| {
        let flag = pair[0];
        flag.starts_with('-')
            && !flag.starts_with("--")
            && flag.ends_with('o')
            && pair[1] == "pipefail"
    });
    if pipefail && matches!(program, "bash" | "zsh" | "ash" | "ksh" | "mksh") {
        ShellState::Covered
    } else {
        ShellState::NoPipefail
    }
}

/// The SHELL to insert for a stage's base, if we know one it has.
fn shell_for(image: Option<&str>) -> Option<&'static str> {
    let image = image?.to_ascii_lowercase();
    if image.contains("distroless") || image.contains("windows") || image.contains("nanoserver") {
        return None;
    }
    let name = image.split(['@']).next().unwrap_or(&image);
    if name.contains("alpine") || name.contains("busybox") {
        Some("SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]")
    } else {
        Some("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    // The SHELL state at the end of each stage, for stages built on it.
    let mut end_state: Vec<ShellState> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let inherited = stage_chain(model, stage.index)
            .get(1)
            .and_then(|parent| end_state.get(*parent).copied());
        let mut state = inherited.unwrap_or(ShellState::NoPipefail);
        // Only the first finding while pipefail is off gets the fix: the
        // SHELL it inserts covers the rest.
        let mut fix_offered = false;
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            match instruction.kind {
                InstructionKind::Shell => {
                    state = shell_state(instruction);
                    fix_offered = false;
                }
                InstructionKind::Run if state == ShellState::NoPipefail => {
                    let pipe = model.scripts_of(index).find_map(|script| {
                        script
                            .script
                            .first_pipe_without_pipefail
                            .map(|range| script.file_span(range))
                    });
                    let Some(span) = pipe else { continue };
                    let diagnostic = checker.report(
                        span,
                        "Set the SHELL option -o pipefail before RUN with a pipe in it, or run `set -o pipefail` first",
                    );
                    if fix_offered {
                        continue;
                    }
                    if let Some(shell) = shell_for(root_image(model, stage.index)) {
                        let run_line = line_start(text, instruction.span.start);
                        let indent: String = text
                            .get(run_line..instruction.span.start)
                            .unwrap_or("")
                            .chars()
                            .take_while(|c| c.is_whitespace())
                            .collect();
                        // Above the comments attached to the RUN, so a
                        // pragma there keeps applying to the RUN.
                        let mut at = run_line;
                        while at > 0 {
                            let previous = line_start(text, at - 1);
                            let line = text.get(previous..at).unwrap_or("");
                            if !line.trim_start().starts_with('#') {
                                break;
                            }
                            at = previous;
                        }
                        diagnostic.fix(
                            "Set a SHELL with pipefail before this RUN",
                            Applicability::Unsafe,
                            vec![Edit::insert(at, format!("{indent}{shell}\n"))],
                        );
                        fix_offered = true;
                    }
                }
                _ => {}
            }
        }
        end_state.push(state);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found, spans};

    #[test]
    fn shell_set_pipefail_and_or_lists() {
        let text = "FROM debian:12\nRUN a | b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN c | d\nFROM debian:12\nRUN set -o pipefail && e | f\nRUN g || h\nRUN echo \"i | j\"\nSHELL [\"pwsh\", \"-c\"]\nRUN k | l\nSHELL [\"/bin/sh\", \"-c\"]\nRUN m  |  n\n";
        assert_eq!(
            found("DL4006", text),
            vec![("|".into(), 2, 7), ("|".into(), 12, 8)]
        );
    }

    #[test]
    fn heredoc_bodies_are_scripts() {
        let text = "FROM debian:12\nRUN <<EOF\nset -eo pipefail\ncurl x | sh\nEOF\nRUN <<EOF\ncurl y | sh\nEOF\n";
        assert_eq!(found("DL4006", text), vec![("|".into(), 7, 8)]);
    }

    #[test]
    fn child_stage_inherits_the_shell() {
        let text = "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n";
        assert!(spans("DL4006", text).is_empty());
    }

    #[test]
    fn fix_picks_ash_on_alpine_and_is_offered_once() {
        let text = "FROM alpine:3.20\n# download\nRUN a | b\nRUN c | d\n";
        assert_eq!(spans("DL4006", text).len(), 2);
        assert_eq!(
            fixed("DL4006", text),
            "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n# download\nRUN a | b\nRUN c | d\n"
        );
    }

    #[test]
    fn no_fix_on_distroless() {
        let text = "FROM gcr.io/distroless/base-debian12\nRUN a | b\n";
        assert_eq!(fixed("DL4006", text), text);
    }
}
