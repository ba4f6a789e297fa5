use crate::declare_rule;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::buildkit_helpers::{var_refs, PLATFORM_ARGS};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image that uses global ARGs and, with their default
    /// values (an ARG without a default is empty), is empty or not a valid
    /// image reference: `ARG TAG` + `FROM alpine:${TAG}` gives `alpine:`.
    ///
    /// The reference is checked with Docker's grammar (lower-case path
    /// components separated by `.`, `_`, `__` or dashes, an optional
    /// registry host and port, a tag of at most 128 word characters, a
    /// digest). Names of earlier stages and `scratch` are valid. A FROM
    /// that uses an undeclared ARG is left to `UndefinedArgInFrom`, and one
    /// that uses BuildKit's platform ARGs (whose values depend on the
    /// builder) is skipped.
    ///
    /// ## Why is this bad?
    /// The build fails unless every build passes `--build-arg`; a default
    /// that gives a valid image keeps a plain `docker build` working.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG TAG=latest
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## References
    /// - BuildKit build check `InvalidDefaultArgInFrom`
    /// - <https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/>
    /// - <https://github.com/distribution/reference/blob/main/reference.go> (grammar)
    pub static RULE = {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Default value for global ARG results in an empty or invalid base image name",
        sources: &["BuildKit InvalidDefaultArgInFrom"],
        check: check,
    }
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn valid_path_component(part: &str) -> bool {
    let bytes = part.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &part[start..i];
        let ok = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// A registry host: dot-separated labels of letters, digits and inner
/// dashes, an optional `:port`; or a bracketed IPv6 address.
fn valid_domain(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || domain.starts_with('[') => (h, Some(p)),
        _ => (domain, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    if host.starts_with('[') {
        return host.ends_with(']') && host.len() > 2;
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
}

/// Whether `reference` parses as Docker's `ParseNormalizedNamed` would.
pub(crate) fn valid_reference(reference: &str) -> bool {
    let (name, digest) = match reference.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (reference, None),
    };
    if let Some(digest) = digest {
        let Some((algorithm, hex)) = digest.split_once(':') else {
            return false;
        };
        let algorithm_ok = algorithm
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && algorithm
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'.'));
        if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last_slash = name.rfind('/');
    let (path, tag) = match name.rfind(':') {
        Some(colon) if last_slash.is_none_or(|s| colon > s) => {
            (&name[..colon], Some(&name[colon + 1..]))
        }
        _ => (name, None),
    };
    if let Some(tag) = tag {
        let b = tag.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        if b.is_empty()
            || b.len() > 128
            || !word(b[0])
            || !b.iter().all(|&c| word(c) || c == b'.' || c == b'-')
        {
            return false;
        }
    }
    if path.is_empty() || path.len() > 255 {
        return false;
    }
    let mut components: Vec<&str> = path.split('/').collect();
    if components.len() > 1 {
        let first = components[0];
        if first.contains(['.', ':']) || first == "localhost" {
            if !valid_domain(first) {
                return false;
            }
            components.remove(0);
        }
    }
    components.iter().all(|c| valid_path_component(c))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let globals = &model.global_scope;
    for stage in &model.stages {
        let Some(word) = stage.from.as_from().and_then(|f| f.image()) else {
            continue;
        };
        let references = var_refs(&word.text, model.escape);
        if references.is_empty() {
            continue;
        }
        let undecided = references.iter().any(|r| {
            !r.guarded && !globals.is_set(&r.name) || PLATFORM_ARGS.contains(&r.name.as_str())
        });
        if undecided {
            continue;
        }
        if matches!(stage.base, Base::Stage(_) | Base::Scratch) {
            continue;
        }
        let value = globals.expand(&word.text, model.escape).value;
        if !value.is_empty() && valid_reference(&value) {
            continue;
        }
        checker.report(
            word.span,
            format!(
                "Default value for ARG {} results in empty or invalid base image name{}",
                word.text,
                if value.is_empty() {
                    String::new()
                } else {
                    format!(" `{value}`")
                }
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::valid_reference;
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32)> {
        test_support::found(text, "InvalidDefaultArgInFrom")
    }

    #[test]
    fn references() {
        for ok in [
            "alpine",
            "alpine:3.20",
            "library/alpine:latest",
            "ghcr.io/org/app:v1.2-rc_1",
            "localhost:5000/a/b",
            "my-registry.local:443/x__y/z.w@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(valid_reference(ok), "{ok}");
        }
        for bad in [
            "",
            "alpine:",
            "Alpine",
            ":3",
            "a//b",
            "a/-b",
            "a:b:c",
            "a@sha256:12",
            "a:.x",
            "host:/x",
        ] {
            assert!(!valid_reference(bad), "{bad}");
        }
    }

    #[test]
    fn defaults_that_break_the_image() {
        assert_eq!(
            found("ARG TAG\nFROM busybox:${TAG}\n"),
            vec![("busybox:${TAG}".into(), 2, 6)]
        );
        assert_eq!(found("ARG IMAGE=\nFROM $IMAGE\n").len(), 1);
        assert_eq!(found("ARG REPO=MyOrg/app\nFROM $REPO\n").len(), 1);
        assert!(found("ARG TAG=3.20\nFROM alpine:$TAG\n").is_empty());
        assert!(
            found("ARG TAG\nFROM alpine:${TAG:-3.20}\n").is_empty(),
            "a fallback"
        );
    }

    #[test]
    fn left_to_other_rules_or_unknowable() {
        assert!(
            found("FROM alpine:$NOPE\n").is_empty(),
            "UndefinedArgInFrom's"
        );
        assert!(
            found("FROM build-$TARGETARCH\n").is_empty(),
            "platform ARGs"
        );
        assert!(found("FROM alpine\nARG X=1\n").is_empty());
        assert!(
            found("ARG B=base\nFROM alpine AS base\nFROM $B\n").is_empty(),
            "a stage"
        );
    }
}
