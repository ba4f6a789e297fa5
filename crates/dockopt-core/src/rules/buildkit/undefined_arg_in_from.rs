use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::buildkit_helpers::{did_you_mean, ref_span, var_refs, PLATFORM_ARGS};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a variable used in a `FROM` line (the image, or `--platform`)
    /// that no `ARG` before the first `FROM` declares and that is not one of
    /// BuildKit's automatic platform ARGs (`BUILDPLATFORM`, `TARGETARCH`,
    /// …). Suggests the closest declared name. A reference with a default
    /// (`${TAG:-3.20}`) is left alone: the fallback is intended.
    ///
    /// ## Why is this bad?
    /// Only global ARGs are visible in FROM. An undeclared (or misspelt)
    /// one expands to nothing, so `FROM alpine:${TAG}` pulls `alpine:` and
    /// fails, or worse, `FROM ${REGISTRY}app` pulls from Docker Hub.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// FROM alpine:${VERSOIN}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// FROM alpine:${VERSION}
    /// ```
    ///
    /// ## Fix safety
    /// Replaces the name with the suggested declared one. A suggestion: the
    /// intended name is a guess.
    ///
    /// ## References
    /// - BuildKit build check `UndefinedArgInFrom`
    /// - <https://docs.docker.com/reference/build-checks/undefined-arg-in-from/>
    pub static RULE = {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        aliases: &["UndeclaredArgInFrom"],
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Suggestion,
        summary: "FROM command must use declared ARGs",
        sources: &["BuildKit UndefinedArgInFrom"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let globals = &model.global_scope;
    let mut options: Vec<&str> = globals.names();
    options.extend(PLATFORM_ARGS);
    for stage in &model.stages {
        let from = stage.from;
        let words = from
            .as_from()
            .and_then(|f| f.image())
            .into_iter()
            .chain(from.flag("platform").and_then(|f| f.value.as_ref()));
        for word in words {
            for reference in var_refs(&word.text, model.escape) {
                if reference.guarded
                    || globals.is_set(&reference.name)
                    || PLATFORM_ARGS.contains(&reference.name.as_str())
                {
                    continue;
                }
                let suggestion = did_you_mean(&reference.name, options.iter().copied());
                let mut message = format!("FROM argument '{}' is not declared", reference.name);
                if let Some(s) = &suggestion {
                    message.push_str(&format!(" (did you mean {s}?)"));
                }
                let span = ref_span(word, &reference);
                let diagnostic = checker.report(span, message);
                if let Some(s) = suggestion.filter(|_| span.text(model.text) == reference.name) {
                    diagnostic.fix(
                        format!("Use `{s}`"),
                        Applicability::Suggestion,
                        vec![Edit::replace(span.start, span.end, s)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32, String)> {
        test_support::found_messages(text, "UndefinedArgInFrom")
    }

    #[test]
    fn undeclared_names_with_suggestions() {
        assert_eq!(
            found("ARG VERSION=3.20\nFROM alpine:$VERSOIN\n"),
            vec![(
                "VERSOIN".into(),
                2,
                14,
                "FROM argument 'VERSOIN' is not declared (did you mean VERSION?)".into()
            )]
        );
        assert_eq!(
            found("FROM --platform=$PLATFORM ${IMAGE}\n")
                .iter()
                .map(|f| f.0.as_str())
                .collect::<Vec<_>>(),
            vec!["PLATFORM", "IMAGE"],
        );
    }

    #[test]
    fn declared_automatic_and_defaulted_names_pass() {
        assert!(found("ARG TAG\nFROM alpine:$TAG\n").is_empty());
        assert!(found("FROM --platform=$BUILDPLATFORM golang:1.22\n").is_empty());
        assert!(found("FROM alpine:${TAG:-3.20}\n").is_empty());
        assert!(found("FROM alpine:\\$TAG\n").is_empty(), "escaped");
    }

    #[test]
    fn an_arg_declared_after_the_first_from_does_not_count() {
        let f = found("FROM alpine\nARG TAG=1\nFROM alpine:$TAG\n");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].1, f[0].2), (3, 14));
    }
}
