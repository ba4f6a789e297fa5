use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Off by default. Flags a shipped image without a `HEALTHCHECK`: none
    /// in the shipped stage nor in the stages it is built on. The finding
    /// points at the shipped stage's `FROM`.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm only know whether the
    /// process runs, not whether it answers. (Kubernetes ignores
    /// `HEALTHCHECK` and uses its own probes, which is why this rule is off
    /// by default.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// ```
    ///
    /// ## References
    /// - hadolint DL3057
    /// - Trivy DS-0026, Checkov CKV_DOCKER_2
    ///
    /// ## Differences from hadolint
    /// hadolint reports every stage without a HEALTHCHECK; we report only
    /// the shipped image, and a HEALTHCHECK in a stage it is built on
    /// counts (it is inherited).
    pub static RULE = {
        code: "DL3057",
        name: "healthcheck-missing",
        family: Family::Correctness,
        severity: Severity::Info,
        enabled_by_default: false,
        summary: "`HEALTHCHECK` instruction missing",
        sources: &["hadolint DL3057", "Trivy DS-0026", "Checkov CKV_DOCKER_2"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped_stage() else {
        return;
    };
    let has = stage_chain(model, shipped.index)
        .iter()
        .filter_map(|s| model.stages.get(*s))
        .any(|s| {
            model
                .instructions
                .get(s.body.clone())
                .unwrap_or(&[])
                .iter()
                .any(|l| l.instruction.kind == InstructionKind::Healthcheck)
        });
    if !has {
        checker.report(
            shipped.from.keyword.span,
            "`HEALTHCHECK` instruction missing in the shipped image",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn only_the_shipped_stage_and_inherited() {
        let text = "FROM alpine:3.20 AS base\nHEALTHCHECK CMD true\nFROM base\nRUN true\n";
        assert!(found("DL3057", text).is_empty());
        let text = "FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nRUN true\n";
        assert_eq!(found("DL3057", text), vec![("FROM".into(), 3, 1)]);
    }

    #[test]
    fn off_by_default() {
        let report = crate::analyze("FROM alpine:3.20\n");
        assert!(report.findings.iter().all(|f| f.code != "DL3057"));
    }
}
