use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags the shipped image's last `USER` when it is root (`root`, `0`,
    /// `root:group`, `0:0`). The last USER is looked for in the shipped
    /// stage, then in the stages it is built on (`FROM base`). When no
    /// stage sets a USER the rule is silent (as hadolint). The finding
    /// points at the user.
    ///
    /// ## Differences from hadolint
    /// hadolint checks the last USER of every stage, so a builder stage
    /// that ends as root is flagged although it never ships (issue #1068);
    /// we look only at what ships: the `[build] target` or the last stage,
    /// and the stages it is built on. A USER from a variable is expanded
    /// from known ARG/ENV values; an unknown one is not flagged.
    ///
    /// ## Why is this bad?
    /// A container that runs as root is root on its file system and, if it
    /// escapes its namespaces, can be root on the host; most services do
    /// not need it. Switch to an unprivileged user at the end.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER root
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER root
    /// RUN useradd --no-log-init -r app
    /// USER app
    /// ```
    ///
    /// ## References
    /// - hadolint DL3002
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub static RULE = {
        code: "DL3002",
        name: "last-user-root",
        family: Family::Security,
        severity: Severity::Warning,
        summary: "Last USER should not be root",
        sources: &["hadolint DL3002"],
        check: check,
    }
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped else { return };
    for stage in stage_chain(model, shipped) {
        let Some(stage) = model.stages.get(stage) else {
            return;
        };
        let last = stage.body.clone().rev().find(|&i| {
            model
                .instructions
                .get(i)
                .is_some_and(|l| l.instruction.kind == InstructionKind::User)
        });
        let Some(index) = last else { continue };
        let Some(word) = model
            .instructions
            .get(index)
            .and_then(|l| l.instruction.single_word())
        else {
            return;
        };
        let expanded = model.scope_at(index).expand(&word.text, model.escape);
        if expanded.unknown.is_empty() && is_root(&expanded.value) {
            checker.report(word.span, "Last USER should not be root");
        }
        // The nearest USER decides.
        return;
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{BuildConfig, Config};
    use crate::rules::dla_helpers::test::{config, findings, findings_with, spans};

    #[test]
    fn only_the_shipped_stage_counts() {
        let text = "FROM a:1 AS build\nUSER root\nRUN make\nFROM b:1\nCOPY --from=build /o /o\n";
        assert!(spans(text, "DL3002").is_empty());
        let root_last = "FROM a:1 AS build\nUSER app\nFROM build\nUSER  0:0\n";
        assert_eq!(spans(root_last, "DL3002"), vec!["0:0"]);
        let f = &findings(root_last, "DL3002")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (4, 7)
        );
    }

    #[test]
    fn inherited_users_variables_and_targets() {
        let inherited = "FROM a:1 AS base\nUSER root\nFROM base\nRUN true\n";
        assert_eq!(spans(inherited, "DL3002"), vec!["root"]);
        let variable = "FROM a:1\nARG U=root\nARG V\nUSER $U\nFROM a:1\nARG V\nUSER $V\n";
        assert!(spans(variable, "DL3002").is_empty());
        let known = "FROM a:1\nARG U=root\nUSER $U\n";
        assert_eq!(spans(known, "DL3002"), vec!["$U"]);
        let mut config = config("DL3002");
        config.build = BuildConfig {
            target: Some("dev".into()),
        };
        let targeted = "FROM a:1 AS dev\nUSER root\nFROM a:1\nUSER app\n";
        assert_eq!(findings_with(targeted, "DL3002", &config).len(), 1);
        assert!(findings_with(targeted, "DL3002", &Config::default()).is_empty());
    }
}
