use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=name` where `name` is not an earlier stage's
    /// name or index. The finding points at the value.
    ///
    /// ## Differences from hadolint
    /// An earlier stage's number (`--from=0`) is accepted, and so is a
    /// value that is written like an image reference (with a `:` tag, a
    /// `/` path or an `@` digest: `--from=nginx:1.27`), which BuildKit pulls
    /// (hadolint flags those, issue #859). Variables are expanded with the
    /// global ARG defaults; an unknown value is not flagged.
    ///
    /// ## Why is this bad?
    /// A name that is no earlier stage is taken for an image on Docker Hub:
    /// a typo in a stage name pulls (or fails to pull) an unrelated image
    /// instead of failing clearly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=biuld /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## References
    /// - hadolint DL3022
    pub static RULE = {
        code: "DL3022",
        name: "copy-from-unknown-stage",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "COPY --from should reference a previously defined FROM alias",
        sources: &["hadolint DL3022"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        let Some(stage) = located.stage else { continue };
        if instruction.kind != InstructionKind::Copy {
            continue;
        }
        let Some(flag) = instruction.flag("from") else {
            continue;
        };
        let Some(value) = &flag.value else { continue };
        let expanded = model.global_scope.expand(&value.text, model.escape);
        if !expanded.unknown.is_empty() || expanded.value.is_empty() {
            continue;
        }
        let name = expanded.value.to_ascii_lowercase();
        if let Ok(n) = name.parse::<usize>() {
            // `n == stage` is DL3023's business.
            if n <= stage {
                continue;
            }
        }
        if name.contains([':', '/', '@']) {
            continue;
        }
        let known = model
            .stages
            .iter()
            .take(stage)
            .any(|s| s.name.as_deref() == Some(name.as_str()));
        // Its own name is DL3023's business.
        let own = model.stages.get(stage).and_then(|s| s.name.as_deref()) == Some(name.as_str());
        if !known && !own {
            checker.report(
                value.span,
                format!(
                    "COPY --from=`{}` is not a previously defined FROM alias",
                    expanded.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn names_numbers_images_and_variables() {
        let text = "ARG S=b\nARG U\nFROM a:1 AS B\nFROM c:1\nCOPY --from=b /x /x\nCOPY --from=0 /x /x\nCOPY --from=1 /x /x\nCOPY --from=nginx:1.27 /x /x\nCOPY --from=$S /x /x\nCOPY --from=$U /x /x\nCOPY --from=later /x /x\nFROM d:1 AS later\n";
        assert_eq!(spans(text, "DL3022"), vec!["later"]);
        let f = &findings(text, "DL3022")[0];
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (11, 13)
        );
    }
}
