use dockopt_syntax::{InstructionKind, Span};

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    /// The parser also reports these lines as syntax errors (DL1000); this
    /// rule says which rule of ONBUILD they break.
    ///
    /// ## Why is this bad?
    /// Docker refuses these triggers: chaining `ONBUILD` is not allowed,
    /// and `FROM` and `MAINTAINER` cannot be triggered. The build fails
    /// with an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD RUN echo "building on the base"
    /// ```
    ///
    /// ## References
    /// - hadolint DL3043
    /// - <https://docs.docker.com/reference/dockerfile/#onbuild>
    pub static RULE = {
        code: "DL3043",
        name: "onbuild-forbidden-trigger",
        family: Family::Correctness,
        severity: Severity::Error,
        summary: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction",
        sources: &["hadolint DL3043"],
        check: check,
    }
}

/// The span of the word right after `ONBUILD`, if it is `ONBUILD`.
fn nested_onbuild(text: &str, after: usize, end: usize) -> Option<Span> {
    let rest = text.get(after..end)?;
    let skip = rest.len() - rest.trim_start().len();
    let word_len = rest[skip..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len() - skip);
    let word = &rest[skip..skip + word_len];
    word.eq_ignore_ascii_case("ONBUILD")
        .then(|| Span::new(after + skip, after + skip + word_len))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let text = checker.text();
    // The parser holds these instructions in error nodes (Docker refuses
    // them), so read every node, not only the valid instructions.
    for node in model.dockerfile.nodes() {
        let Some(instruction) = node.parsed_instruction() else {
            continue;
        };
        if instruction.kind != InstructionKind::Onbuild {
            continue;
        }
        let span = match instruction.trigger() {
            Some(trigger)
                if matches!(
                    trigger.kind,
                    InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
                ) =>
            {
                Some(trigger.keyword.span)
            }
            Some(_) => None,
            None => nested_onbuild(text, instruction.keyword.span.end, instruction.span.end),
        };
        if let Some(span) = span {
            checker.report(
                span,
                "`ONBUILD`, `FROM` or `MAINTAINER` cannot be triggered from within `ONBUILD`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn points_at_the_trigger_keyword() {
        let text = "FROM alpine:3.20\nONBUILD ONBUILD RUN x\nonbuild  from x\nONBUILD MAINTAINER me\nONBUILD RUN y\n";
        assert_eq!(
            found("DL3043", text),
            vec![
                ("ONBUILD".into(), 2, 9),
                ("from".into(), 3, 10),
                ("MAINTAINER".into(), 4, 9)
            ]
        );
    }
}
