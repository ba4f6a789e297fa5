use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=<constant>` (`--platform=linux/amd64`), unless
    /// the stage name contains the platform's OS or architecture
    /// (`AS build-amd64`), which marks a deliberately per-platform stage.
    /// Values with variables (`$BUILDPLATFORM`) pass.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one platform: the Dockerfile
    /// can no longer build a multi-platform image, and on another platform
    /// it runs under emulation.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20 AS base
    /// RUN apk add --no-cache git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM alpine:3.20 AS base
    /// RUN apk add --no-cache git
    /// ```
    ///
    /// ## References
    /// - BuildKit build check `FromPlatformFlagConstDisallowed`
    /// - hadolint DL3029 (flags every `--platform`)
    /// - <https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/>
    pub static RULE = {
        code: "FromPlatformFlagConstDisallowed",
        name: "from-platform-flag-const-disallowed",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "FROM --platform flag should not use a constant value",
        sources: &["BuildKit FromPlatformFlagConstDisallowed"],
        check: check,
    }
}

/// Architecture names as the platform parser normalises them.
fn normalize_arch(arch: &str) -> &str {
    match arch {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        other => other,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let Some(value) = stage.from.flag("platform").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        if value.text.contains('$') {
            continue;
        }
        let platform = value.text.to_ascii_lowercase();
        let mut parts = platform.split('/');
        let (first, second) = (parts.next().unwrap_or(""), parts.next());
        if first.is_empty() || second.is_some_and(str::is_empty) {
            continue;
        }
        let name = stage.name.as_deref().unwrap_or("");
        let named_for_it = match second {
            Some(arch) => name.contains(first) || name.contains(normalize_arch(arch)),
            None => name.contains(normalize_arch(first)),
        };
        if named_for_it && !name.is_empty() {
            continue;
        }
        checker.report(
            value.span,
            format!(
                "FROM --platform flag should not use constant value {:?}",
                value.text.as_str()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    fn found(text: &str) -> Vec<(String, u32)> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "FromPlatformFlagConstDisallowed")
            .map(|f| {
                (
                    text[f.span.start..f.span.end].to_string(),
                    f.span.start_position.column,
                )
            })
            .collect()
    }

    #[test]
    fn constants_are_flagged_at_the_value() {
        assert_eq!(
            found("FROM --platform=linux/amd64 alpine\n"),
            vec![("linux/amd64".into(), 17)]
        );
        assert_eq!(
            found("FROM --platform=linux/arm64 alpine AS build\n").len(),
            1
        );
    }

    #[test]
    fn variables_and_platform_named_stages_pass() {
        assert!(found("FROM --platform=$BUILDPLATFORM alpine\n").is_empty());
        assert!(found("FROM --platform=${TARGETPLATFORM} alpine\n").is_empty());
        assert!(found("FROM --platform=linux/amd64 alpine AS build_amd64\n").is_empty());
        assert!(found("FROM --platform=linux/x86_64 alpine AS build-amd64\n").is_empty());
        assert!(found("FROM --platform=windows/amd64 alpine AS windows-build\n").is_empty());
        assert!(found("FROM alpine\n").is_empty());
    }
}
