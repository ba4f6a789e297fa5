use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=name` inside the stage called `name` (or
    /// `--from=N` inside stage number N). The finding points at the value.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: BuildKit rejects the file with a
    /// dependency cycle.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY --from=build /src /src
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY . /src
    /// ```
    ///
    /// ## References
    /// - hadolint DL3023
    pub static RULE = {
        code: "DL3023",
        name: "copy-from-own-stage",
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "COPY --from cannot reference its own FROM alias",
        sources: &["hadolint DL3023"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        let Some(stage) = located.stage.and_then(|s| model.stages.get(s)) else {
            continue;
        };
        if instruction.kind != InstructionKind::Copy {
            continue;
        }
        let Some(value) = instruction.flag("from").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let expanded = model.global_scope.expand(&value.text, model.escape);
        if !expanded.unknown.is_empty() {
            continue;
        }
        let name = expanded.value.to_ascii_lowercase();
        let own = stage.name.as_deref() == Some(name.as_str())
            || name.parse::<usize>().ok() == Some(stage.index);
        if own {
            checker.report(
                value.span,
                "COPY --from cannot reference its own FROM alias",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn own_name_or_number() {
        let text = "FROM a:1 AS x\nCOPY --from=X /a /a\nFROM b:1\nCOPY --from=x /a /a\nCOPY --from=1 /b /b\n";
        assert_eq!(spans(text, "DL3023"), vec!["X", "1"]);
        let f = &findings(text, "DL3023")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (2, 13)
        );
    }
}
