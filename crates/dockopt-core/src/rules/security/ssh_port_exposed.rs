use dockopt_syntax::{Body, InstructionKind};

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE 22` (also `22/tcp`, `22/udp`, a port range that
    /// contains 22, or an ARG/ENV whose value is 22) in a stage that ships.
    ///
    /// ## Why is this bad?
    /// Port 22 is SSH. A container that runs an SSH server is a second way
    /// in, with its own keys and passwords to leak and patch; `docker exec`
    /// (or `kubectl exec`) already gives a shell without one. Exposing the
    /// port also advertises it to tools that publish every exposed port
    /// (`docker run -P`).
    ///
    /// `EXPOSE 2222` or `EXPOSE 8022` are not flagged, nor EXPOSE in a
    /// builder stage that does not ship.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// EXPOSE 80 22/tcp
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// EXPOSE 80
    /// ```
    ///
    /// ## References
    /// - Trivy DS-0004 (AVD-DS-0004, `no-ssh-port`)
    /// - Checkov CKV_DOCKER_1 ("Ensure port 22 is not exposed")
    pub static RULE = {
        code: "DO1010",
        name: "ssh-port-exposed",
        aliases: &["CKV_DOCKER_1", "DS-0004", "DS004", "AVD-DS-0004"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not expose port 22 (SSH)",
        sources: &["Trivy DS-0004", "Checkov CKV_DOCKER_1"],
        check: check,
    }
}

/// Whether a port spec (`22`, `22/tcp`, `20-25/udp`) covers port 22.
fn covers_ssh(spec: &str) -> bool {
    let port = spec.split('/').next().unwrap_or("").trim();
    let parse = |s: &str| s.trim().parse::<u32>().ok();
    match port.split_once('-') {
        Some((low, high)) => match (parse(low), parse(high)) {
            (Some(low), Some(high)) => low <= 22 && 22 <= high,
            _ => false,
        },
        None => parse(port) == Some(22),
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Expose || !ships(model, index) {
            continue;
        }
        let Body::Expose(ports) = &instruction.body else {
            continue;
        };
        let scope = model.scope_at(index);
        for word in ports {
            let expanded = scope.expand(&word.text, model.escape);
            if !expanded.unknown.is_empty() {
                continue;
            }
            if covers_ssh(&expanded.value) {
                checker.report(
                    word.span,
                    format!(
                        "Port 22 (SSH) is exposed by `{}`: use `docker exec` instead of an SSH server",
                        word.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_port_22_with_and_without_protocol() {
        let text = "FROM alpine:3.20\nEXPOSE 22\nEXPOSE 8080 22/udp\n";
        assert_eq!(
            spans(text, "DO1010"),
            [("22".to_string(), 2, 8), ("22/udp".to_string(), 3, 13)]
        );
    }

    #[test]
    fn look_alikes_are_not_port_22() {
        let text = "FROM alpine:3.20\nEXPOSE 2222 8022 220 122/tcp 23-80\n# EXPOSE 22\n";
        assert!(spans(text, "DO1010").is_empty());
    }

    #[test]
    fn ranges_and_variables_that_reach_22() {
        let text = "FROM alpine:3.20\nARG SSH=22\nEXPOSE 20-25 ${SSH}/tcp $UNSET\n";
        assert_eq!(
            spans(text, "DO1010"),
            [
                ("20-25".to_string(), 3, 8),
                ("${SSH}/tcp".to_string(), 3, 14)
            ]
        );
    }

    #[test]
    fn builder_stages_do_not_ship() {
        let text =
            "FROM alpine:3.20 AS build\nEXPOSE 22\nFROM alpine:3.20\nCOPY --from=build /x /x\n";
        assert!(spans(text, "DO1010").is_empty());
    }
}
