use dockopt_syntax::{InstructionKind, Span};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM image AS Name`) that is not all lower case.
    ///
    /// ## Why is this bad?
    /// BuildKit compares stage names in lower case, so `Builder`, `builder`
    /// and `BUILDER` are the same stage. Writing them in lower case keeps
    /// them apart from instruction keywords and makes `COPY --from=` and
    /// `FROM` references read the same as the definition.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS Builder
    /// RUN echo hi > /hi
    /// FROM alpine:3.20
    /// COPY --from=Builder /hi /hi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder
    /// RUN echo hi > /hi
    /// FROM alpine:3.20
    /// COPY --from=builder /hi /hi
    /// ```
    ///
    /// ## Fix safety
    /// Lower-cases the name and every reference to it (`FROM name`,
    /// `COPY --from=name`, `RUN --mount=from=name`). Safe: BuildKit
    /// compares stage names case-insensitively, so every reference still
    /// names the same stage (`docker build --target` is case-insensitive
    /// too).
    ///
    /// ## References
    /// - BuildKit build check `StageNameCasing`
    /// - <https://docs.docker.com/reference/build-checks/stage-name-casing/>
    pub static RULE = {
        code: "StageNameCasing",
        name: "stage-name-casing",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Stage names should be lowercase",
        sources: &["BuildKit StageNameCasing"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let Some(word) = stage.name_word else {
            continue;
        };
        let lower = word.text.to_ascii_lowercase();
        if word.text == lower {
            continue;
        }
        let mut edits = Vec::new();
        if word.verbatim {
            edits.push(Edit::replace(word.span.start, word.span.end, lower.clone()));
        }
        let mut reference = |span: Span, text: &str| {
            if span.text(model.text) == text && text.eq_ignore_ascii_case(&lower) && text != lower {
                edits.push(Edit::replace(span.start, span.end, lower.clone()));
            }
        };
        for later in model.stages.iter().filter(|s| s.index > stage.index) {
            if later.base == Base::Stage(stage.index) {
                if let Some(image) = later.from.as_from().and_then(|f| f.image()) {
                    reference(image.span, &image.text);
                }
            }
            for located in model.instructions.get(later.body.clone()).unwrap_or(&[]) {
                let instruction = located.instruction;
                if matches!(
                    instruction.kind,
                    InstructionKind::Copy | InstructionKind::Add
                ) {
                    if let Some(value) = instruction.flag("from").and_then(|f| f.value.as_ref()) {
                        reference(value.span, &value.text);
                    }
                }
                for mount in instruction.flags_named("mount") {
                    for option in mount.mount().options {
                        if !option.key.eq_ignore_ascii_case("from") {
                            continue;
                        }
                        let Some(value) = option.value.as_deref() else {
                            continue;
                        };
                        // The option span covers `from=value`: place the value.
                        let field = option.span.text(model.text);
                        if let Some(at) = field
                            .rfind(value)
                            .filter(|&at| at + value.len() == field.len())
                        {
                            let start = option.span.start + at;
                            reference(Span::new(start, start + value.len()), value);
                        }
                    }
                }
            }
        }
        let diagnostic = checker.report(
            word.span,
            format!("Stage name '{}' should be lowercase", word.text),
        );
        if word.verbatim {
            diagnostic.fix(
                format!("Rename the stage to `{lower}`"),
                Applicability::Safe,
                edits,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    #[test]
    fn flags_the_name_and_renames_every_reference() {
        let text = "FROM alpine AS Build\nRUN true\nFROM Build AS Next\nRUN --mount=type=bind,from=Build,target=/b true\nFROM alpine\nCOPY --from=BUILD /a /a\nCOPY --from=next /b /b\n";
        let report = analyze(text);
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "StageNameCasing")
            .collect();
        assert_eq!(found.len(), 2);
        let f = found[0];
        assert_eq!(&text[f.span.start..f.span.end], "Build");
        assert_eq!(
            (f.span.start_position.line, f.span.start_position.column),
            (1, 16)
        );
        let fix = f.fix.as_ref().expect("a fix");
        let edited: Vec<&str> = fix.edits.iter().map(|e| &text[e.start..e.end]).collect();
        assert_eq!(edited, vec!["Build", "Build", "Build", "BUILD"]);
        assert!(fix.edits.iter().all(|e| e.replacement == "build"));
        let second = found[1];
        assert_eq!(&text[second.span.start..second.span.end], "Next");
        assert_eq!(second.span.start_position.line, 3);
    }

    #[test]
    fn lowercase_names_and_nameless_stages_pass() {
        let report = analyze("FROM Alpine\nFROM alpine AS build-1\n");
        assert!(report.findings.iter().all(|f| f.code != "StageNameCasing"));
    }
}
