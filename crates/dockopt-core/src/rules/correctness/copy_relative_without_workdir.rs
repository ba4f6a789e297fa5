use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `COPY` to a relative destination (`COPY app.py .`) in a stage
    /// where no `WORKDIR` was set before it, in the stage or in a stage it
    /// is built on. Destinations that start with `/`, a variable (`$DEST`)
    /// or a Windows drive (`C:\`) are not relative.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory,
    /// which then comes from the base image and can change under you
    /// (often it is `/`, scattering files into the root).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py .
    /// ```
    ///
    /// ## References
    /// - hadolint DL3045
    ///
    /// ## Differences from hadolint
    /// hadolint remembers WORKDIR per base-image *name*, so two unrelated
    /// stages `FROM alpine` share it; we follow the stage graph. A stage
    /// built on `FROM scratch` (directly or through earlier stages) is not
    /// flagged: it has no base image to inherit a working directory from,
    /// so a relative destination is always under `/` (`FROM scratch` +
    /// `COPY --from=build /out .`, which hadolint flags).
    pub static RULE = {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "`COPY` to a relative destination without `WORKDIR` set",
        sources: &["hadolint DL3045"],
        check: check,
    }
}

fn is_absolute(dest: &str) -> bool {
    let bytes = dest.as_bytes();
    dest.starts_with('/')
        || dest.starts_with('$')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && (bytes[2] == b'\\' || bytes[2] == b'/'))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let has_workdir = |range: std::ops::Range<usize>| {
        model
            .instructions
            .get(range)
            .unwrap_or(&[])
            .iter()
            .any(|l| l.instruction.kind == InstructionKind::Workdir)
    };
    for stage in &model.stages {
        let chain = stage_chain(model, stage.index);
        let inherited = chain
            .iter()
            .skip(1)
            .filter_map(|s| model.stages.get(*s))
            .any(|s| has_workdir(s.body.clone()));
        // Scratch has no image config: the working directory is `/`.
        let from_scratch = chain
            .last()
            .and_then(|root| model.stages.get(*root))
            .is_some_and(|root| root.base == Base::Scratch);
        if inherited || from_scratch {
            continue;
        }
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            if instruction.kind == InstructionKind::Workdir {
                break;
            }
            if instruction.kind != InstructionKind::Copy {
                continue;
            }
            let Some(dest) = instruction.paths().and_then(|p| p.destination()) else {
                continue;
            };
            if !is_absolute(&dest.unquoted(model.escape)) {
                checker.report(
                    dest.span,
                    "`COPY` to a relative destination without `WORKDIR` set",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn stage_graph_and_absolute_forms() {
        let text = "FROM alpine:3.20 AS a\nCOPY x y\nCOPY x /abs\nCOPY x $D\nCOPY x \"C:\\\\w\"\nWORKDIR /w\nCOPY x rel\nFROM a\nCOPY x rel2\nFROM alpine:3.20\nCOPY [\"x\", \"rel3\"]\n";
        assert_eq!(
            found("DL3045", text),
            vec![("y".into(), 2, 8), ("\"rel3\"".into(), 11, 12)]
        );
    }

    #[test]
    fn scratch_has_root_as_its_working_directory() {
        // The corpus case (docker/cli): `FROM scratch AS binary` +
        // `COPY --from=build /out .` puts the files under `/`.
        let text = "FROM golang:1.23 AS build\nWORKDIR /src\nFROM scratch AS binary\nCOPY --from=build /out .\nFROM binary\nCOPY x rel\nFROM alpine:3.20\nCOPY x rel2\n";
        assert_eq!(found("DL3045", text), vec![("rel2".into(), 8, 8)]);
    }
}
