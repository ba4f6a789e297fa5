use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port (or either end of a `low-high` range) above
    /// 65535. The finding points at the port.
    ///
    /// ## Differences from hadolint
    /// A port from a variable is expanded with known ARG/ENV values; an
    /// unknown one is not checked.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers: such a port cannot be
    /// published, and the instruction is a typo.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80 8080
    /// ```
    ///
    /// ## References
    /// - hadolint DL3011
    pub static RULE = {
        code: "DL3011",
        name: "invalid-port",
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "Valid UNIX ports range from 0 to 65535",
        sources: &["hadolint DL3011"],
        check: check,
    }
}

/// Whether `value` (`80`, `80/tcp`, `8000-8010/udp`) names a port above
/// 65535. Non-numeric values are not this rule's business.
fn out_of_range(value: &str) -> bool {
    let ports = value.split('/').next().unwrap_or(value);
    ports
        .split('-')
        .filter_map(|p| p.trim().parse::<u64>().ok())
        .any(|p| p > 65535)
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Expose {
            continue;
        }
        let Body::Expose(words) = &instruction.body else {
            continue;
        };
        let scope = model.scope_at(index);
        for word in words {
            let expanded = scope.expand(&word.text, model.escape);
            if expanded.unknown.is_empty() && out_of_range(&expanded.value) {
                checker.report(word.span, "Valid UNIX ports range from 0 to 65535");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn ports_ranges_protocols_and_variables() {
        let text =
            "FROM a:1\nARG P=70000\nARG Q\nEXPOSE 65535 0 8000-8010/udp 1-65536/tcp $P $Q 99999\n";
        assert_eq!(spans(text, "DL3011"), vec!["1-65536/tcp", "$P", "99999"]);
        let f = &findings(text, "DL3011")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (4, 30)
        );
    }
}
