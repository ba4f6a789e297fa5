use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=…`, except `--platform=$BUILDPLATFORM` (the
    /// cross-compiling pattern) and `$TARGETPLATFORM` (DL3065's business),
    /// as hadolint 2.15 does. The finding points at the flag.
    ///
    /// ## Why is this bad?
    /// A platform written into the Dockerfile overrides what the person
    /// building asks for (`docker build --platform`): the image is built
    /// for (and, under emulation, runs as) that platform everywhere. Leave
    /// the choice to the build, or use the build's own platform variables.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:bookworm-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ```
    ///
    /// ## References
    /// - hadolint DL3029
    /// - BuildKit FromPlatformFlagConstDisallowed (a narrower check)
    pub static RULE = {
        code: "DL3029",
        name: "from-platform-flag",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Do not use --platform flag with FROM",
        sources: &["hadolint DL3029"],
        check: check,
    }
}

/// The value refers to `$BUILDPLATFORM` or `$TARGETPLATFORM`.
fn uses_platform_variable(value: &str) -> bool {
    value.contains('$') && (value.contains("BUILDPLATFORM") || value.contains("TARGETPLATFORM"))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::From {
            continue;
        }
        if let Some(flag) = instruction.flag("platform").filter(|f| {
            let value = f.value_str();
            !value.is_empty() && !uses_platform_variable(value)
        }) {
            checker.report(flag.span, "Do not use --platform flag with FROM");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn the_flag_is_pointed_at() {
        let text = "ARG P=linux/arm64\nFROM  --platform=$P golang:1.23 AS b\nFROM alpine:3.20\n";
        assert_eq!(spans(text, "DL3029"), vec!["--platform=$P"]);
        assert_eq!(findings(text, "DL3029")[0].span.start_position.column, 7);
    }

    #[test]
    fn build_and_target_platform_variables_are_accepted() {
        let text = "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1\nFROM --platform=linux/amd64 c:1\n";
        assert_eq!(spans(text, "DL3029"), vec!["--platform=linux/amd64"]);
    }
}
