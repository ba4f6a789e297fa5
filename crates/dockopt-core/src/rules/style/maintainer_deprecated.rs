use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13. The OCI label
    /// `org.opencontainers.image.authors` says the same thing in the place
    /// registries and tools read.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Replaces the instruction with the label, the value quoted (with `"`,
    /// `\` and `$` escaped, since LABEL expands variables and MAINTAINER
    /// does not). Safe: both are metadata that nothing in the container
    /// reads; only the deprecated `Author` field of the image config is no
    /// longer set.
    ///
    /// ## References
    /// - hadolint DL4000
    /// - BuildKit MaintainerDeprecated
    /// - <https://docs.docker.com/reference/dockerfile/#maintainer-deprecated>
    pub static RULE = {
        code: "DL4000",
        name: "maintainer-deprecated",
        aliases: &["MaintainerDeprecated"],
        family: Family::Style,
        severity: Severity::Error,
        fix: FixAvailability::Safe,
        summary: "MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors`",
        sources: &["hadolint DL4000", "BuildKit MaintainerDeprecated"],
        check: check,
    }
}

fn quote(value: &str, escape: char) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Maintainer {
            continue;
        }
        let keyword = instruction.keyword.span;
        let diagnostic = checker.report(
            keyword,
            "MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors=\"…\"`",
        );
        let Some(word) = instruction.single_word() else {
            continue;
        };
        let value = word.unquoted(model.escape);
        if value.contains('\n') {
            continue;
        }
        diagnostic.fix(
            "Replace with LABEL org.opencontainers.image.authors",
            Applicability::Safe,
            vec![Edit::replace(
                keyword.start,
                word.span.end,
                format!(
                    "LABEL org.opencontainers.image.authors={}",
                    quote(&value, model.escape)
                ),
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn keyword_span_and_quoting() {
        let text = "FROM alpine:3.20\nmaintainer \"Jane $HOME\" # not a comment\n";
        assert_eq!(found("DL4000", text), vec![("maintainer".into(), 2, 1)]);
        let text = "FROM alpine:3.20\nMAINTAINER Jane \"J\" $x\n";
        assert_eq!(
            fixed("DL4000", text),
            "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane J \\$x\"\n"
        );
    }

    #[test]
    fn answers_to_the_buildkit_name() {
        assert_eq!(
            crate::rules::find("MaintainerDeprecated").map(|r| r.code),
            Some("DL4000")
        );
    }
}
