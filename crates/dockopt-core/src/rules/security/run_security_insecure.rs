use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `RUN --security=insecure`. The span is the flag.
    ///
    /// ## Why is this bad?
    /// The RUN then executes without the sandbox of a build step: all
    /// capabilities, no seccomp or AppArmor profile, access to the host's
    /// devices — like `docker run --privileged`. A compromised dependency
    /// fetched in that step can take over the build host. BuildKit only
    /// allows it when the builder was started with the
    /// `security.insecure` entitlement, so the Dockerfile also stops
    /// building on ordinary builders.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1-labs
    /// FROM debian:bookworm-slim
    /// RUN --security=insecure mount -t tmpfs none /mnt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1-labs
    /// FROM debian:bookworm-slim
    /// RUN --mount=type=tmpfs,target=/mnt ls /mnt
    /// ```
    ///
    /// ## References
    /// - Semgrep `dockerfile.security.security-insecure` (run-security-insecure)
    /// - <https://docs.docker.com/reference/dockerfile/#run---security>
    pub static RULE = {
        code: "DO1023",
        name: "run-security-insecure",
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not run build steps with --security=insecure",
        sources: &["Semgrep run-security-insecure"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        for flag in instruction.flags_named("security") {
            if flag.value_str().eq_ignore_ascii_case("insecure") {
                checker.report(
                    flag.span,
                    "`--security=insecure` runs this step without the build sandbox, like a privileged container",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_the_flag() {
        let text = "FROM debian:12\nRUN --network=none --security=insecure make\nRUN --security=sandbox make\nRUN echo --security=insecure\n";
        assert_eq!(
            spans(text, "DO1023"),
            [("--security=insecure".to_string(), 2, 20)]
        );
    }

    #[test]
    fn heredoc_runs_are_read_too() {
        let text = "FROM debian:12\nRUN --security=insecure <<EOF\nmount -t tmpfs none /mnt\nEOF\n";
        assert_eq!(
            spans(text, "DO1023"),
            [("--security=insecure".to_string(), 2, 5)]
        );
    }
}
