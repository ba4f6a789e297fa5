use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `ENV key value` and `LABEL key value`, the legacy form with a
    /// space instead of `=`.
    ///
    /// ## Why is this bad?
    /// The legacy form sets one variable to the whole rest of the line, so
    /// `ENV A 1 B 2` sets `A` to `1 B 2`. It is deprecated in favour of
    /// `key=value`, which can set several at once unambiguously.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV GREETING hello world
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV GREETING="hello world"
    /// ```
    ///
    /// ## Fix safety
    /// Replaces the space after the key with `=`, quoting the value in
    /// double quotes when it holds white space. Safe when the value is one
    /// shell word, or holds white space but no quote, escape character or
    /// `$` (double quotes then keep it as it was). Otherwise — the value
    /// mixes quotes, escapes or variables with spaces — the quoting is our
    /// best reading and the fix is unsafe.
    ///
    /// ## References
    /// - BuildKit build check `LegacyKeyValueFormat`
    /// - <https://docs.docker.com/reference/build-checks/legacy-key-value-format/>
    pub static RULE = {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Mixed,
        summary: "Legacy key/value format with whitespace separator should not be used",
        sources: &["BuildKit LegacyKeyValueFormat"],
        check: check,
    }
}

/// Whether `value` has white space outside quotes (it is not one word).
fn has_unquoted_space(value: &str, escape: char) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => {
                chars.next();
            }
            Some(_) => {}
            None if c == escape => {
                chars.next();
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => return true,
            None => {}
        }
    }
    false
}

/// The `=value` replacement for the gap and value, and whether it is safe.
fn rewrite(value: &str, escape: char) -> (String, Applicability) {
    if !has_unquoted_space(value, escape) {
        return (value.to_string(), Applicability::Safe);
    }
    let special = value
        .chars()
        .any(|c| c == '"' || c == '\'' || c == '$' || c == escape);
    if !special {
        return (format!("\"{value}\""), Applicability::Safe);
    }
    let mut quoted = String::from("\"");
    for c in value.chars() {
        if c == '"' || c == escape {
            quoted.push(escape);
        }
        quoted.push(c);
    }
    quoted.push('"');
    (quoted, Applicability::Unsafe)
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if !matches!(
            instruction.kind,
            InstructionKind::Env | InstructionKind::Label
        ) {
            continue;
        }
        let keyword = instruction.kind.as_str();
        for pair in instruction.key_values().iter().filter(|p| !p.equals) {
            let diagnostic = checker.report(
                pair.key.span,
                format!("\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format"),
            );
            let value = &pair.value;
            if !(pair.key.verbatim && value.verbatim) || value.span.start < pair.key.span.end {
                continue;
            }
            let (text, applicability) = rewrite(&value.text, model.escape);
            diagnostic.fix(
                "Use the key=value form",
                applicability,
                vec![Edit::replace(
                    pair.key.span.end,
                    value.span.end,
                    format!("={text}"),
                )],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::fix::Applicability;

    type Found = (String, u32, Option<(String, Applicability)>);

    fn found(text: &str) -> Vec<Found> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "LegacyKeyValueFormat")
            .map(|f| {
                let fix = f
                    .fix
                    .map(|x| (x.edits[0].replacement.clone(), x.applicability));
                (
                    text[f.span.start..f.span.end].to_string(),
                    f.span.start_position.column,
                    fix,
                )
            })
            .collect()
    }

    #[test]
    fn legacy_pairs_and_their_rewrites() {
        assert_eq!(
            found("FROM a\nENV  A   1\n"),
            vec![("A".into(), 6, Some(("=1".into(), Applicability::Safe)))]
        );
        assert_eq!(
            found("FROM a\nLABEL desc two words\n"),
            vec![(
                "desc".into(),
                7,
                Some(("=\"two words\"".into(), Applicability::Safe))
            )]
        );
        assert_eq!(
            found("FROM a\nENV A \"quoted value\"\n")[0].2,
            Some(("=\"quoted value\"".into(), Applicability::Safe)),
            "one quoted word stays as it is"
        );
        assert_eq!(
            found("FROM a\nENV A $B and \"c\"\n")[0].2,
            Some(("=\"$B and \\\"c\\\"\"".into(), Applicability::Unsafe))
        );
    }

    #[test]
    fn the_equals_form_passes() {
        assert!(found("FROM a\nENV A=1 B=\"x y\"\nLABEL a=b\n").is_empty());
    }
}
