use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a relative `WORKDIR` (`WORKDIR app`) when no absolute `WORKDIR`
    /// came before it in the stage or in the stages it is built on. Only the
    /// first such WORKDIR of a stage is flagged: fixing it fixes the rest.
    /// A path that depends on a variable whose value is unknown is skipped.
    ///
    /// BuildKit forgets, in a stage built on another stage, that the parent
    /// set an absolute WORKDIR, and flags the child's relative one; here
    /// the parent's counts, since it is declared within the build.
    ///
    /// ## Why is this bad?
    /// A relative WORKDIR is resolved against the base image's working
    /// directory, which the image may change from one tag to the next: the
    /// files then land elsewhere and later instructions break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// Prefixes the path with `/`. A suggestion: that is where the WORKDIR
    /// goes only if the base image's working directory is `/`.
    ///
    /// ## References
    /// - BuildKit build check `WorkdirRelativePath`
    /// - hadolint DL3000 (flags every relative WORKDIR)
    /// - <https://docs.docker.com/reference/build-checks/workdir-relative-path/>
    pub static RULE = {
        code: "WorkdirRelativePath",
        name: "workdir-relative-path",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Suggestion,
        summary: "Relative WORKDIR without an absolute WORKDIR declared within the build",
        sources: &["BuildKit WorkdirRelativePath"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    // Whether an absolute (or any) WORKDIR was set in each stage, in order:
    // a stage built on an earlier one starts with that stage's state.
    let mut set_in: Vec<bool> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let mut set = match stage.base {
            Base::Stage(parent) => set_in.get(parent).copied().unwrap_or(false),
            _ => false,
        };
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            if located.instruction.kind != InstructionKind::Workdir {
                continue;
            }
            let Some(word) = located.instruction.single_word() else {
                continue;
            };
            if set {
                continue;
            }
            set = true;
            let expanded = model.scope_at(index).expand(&word.text, model.escape);
            if !expanded.unknown.is_empty() {
                continue;
            }
            let path = expanded.value;
            let windows_absolute = path.as_bytes().get(1) == Some(&b':');
            if path.starts_with('/') || path.starts_with('\\') || windows_absolute {
                continue;
            }
            checker
                .report(
                    word.span,
                    format!("Relative workdir {path:?} can have unexpected results if the base image changes"),
                )
                .fix(
                    "Make the WORKDIR absolute",
                    Applicability::Suggestion,
                    vec![Edit::insert(word.span.start, "/")],
                );
        }
        set_in.push(set);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32)> {
        test_support::found(text, "WorkdirRelativePath")
    }

    #[test]
    fn only_the_first_workdir_of_a_stage_chain_counts() {
        assert_eq!(
            found("FROM alpine\nWORKDIR src\nWORKDIR more\n"),
            vec![("src".into(), 2, 9)]
        );
        assert!(found("FROM alpine\nWORKDIR /src\nWORKDIR more\n").is_empty());
        assert!(
            found("FROM alpine AS base\nWORKDIR /app\nFROM base\nWORKDIR sub\n").is_empty(),
            "the parent stage set it"
        );
        assert_eq!(
            found("FROM alpine AS base\nWORKDIR /app\nFROM alpine\nWORKDIR sub\n"),
            vec![("sub".into(), 4, 9)]
        );
    }

    #[test]
    fn variables_are_expanded_or_skipped() {
        assert!(found("FROM alpine\nENV D=/srv\nWORKDIR $D/x\n").is_empty());
        assert_eq!(
            found("FROM alpine\nENV D=srv\nWORKDIR $D\n"),
            vec![("$D".into(), 3, 9)]
        );
        assert!(
            found("FROM alpine\nARG D\nWORKDIR $D\n").is_empty(),
            "unknown value"
        );
    }
}
