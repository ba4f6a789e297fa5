use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage or image> / /`: copying a whole file
    /// system from another stage onto the root.
    ///
    /// ## Why is this bad?
    /// It duplicates every file of the source (its package manager, caches,
    /// build tools) into the image, defeating the point of a multi-stage
    /// build, and overwrites the target's own `/etc`, libraries and users.
    /// Copy the directories the program needs instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app ./...
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app ./...
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Size impact
    /// The whole source stage's file system is added again: at least its
    /// base image's uncompressed size (our base-image table), plus what
    /// its RUNs installed.
    ///
    /// ## References
    /// - hadolint DL3067
    pub static RULE = {
        code: "DL3067",
        name: "copy-entire-filesystem",
        family: Family::Size,
        severity: Severity::Warning,
        summary: "Do not copy an entire filesystem from another stage",
        sources: &["hadolint DL3067"],
        check: check,
    }
}

fn is_root(text: &str) -> bool {
    text.trim_matches(|c| c == '"' || c == '\'') == "/"
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let escape = model.escape;
    for located in &model.instructions {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Copy || instruction.flag("from").is_none() {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let target_root = paths
            .destination()
            .is_some_and(|d| is_root(&d.unquoted(escape)));
        if !target_root {
            continue;
        }
        if let Some(source) = paths
            .sources()
            .iter()
            .find(|s| is_root(&s.unquoted(escape)))
        {
            checker.report(
                source.span,
                "Do not copy an entire filesystem from another stage",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn root_to_root_only_with_from() {
        let text = "FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a / /\nCOPY --from=a \"/\" /x/\nCOPY / /\nCOPY --from=a [\"/\", \"/\"]\n";
        assert_eq!(
            found("DL3067", text),
            vec![("/".into(), 3, 15), ("\"/\"".into(), 6, 16)]
        );
    }
}
