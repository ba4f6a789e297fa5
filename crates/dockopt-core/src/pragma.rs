//! Inline suppression comments, in every dialect people already have in their
//! Dockerfiles:
//!
//! | comment | scope |
//! |---|---|
//! | `# dockopt ignore=DL3008,DL3015 [reason]` | the next instruction |
//! | `# dockopt global ignore=…` | the whole file |
//! | `# dockopt stage ignore=…` | the rest of the current stage (from the next FROM when placed right before one) |
//! | `# hadolint ignore=…`, `# hadolint global ignore=…`, `# hadolint stage ignore=…` | as hadolint reads them |
//! | `# check=skip=Rule1,Rule2` (parser directive at the top) | the whole file (BuildKit) |
//! | `# check=skip=…` right above an instruction | that instruction (BuildKit's per-instruction form) |
//!
//! `all` (in `check=skip=all`, or as a code) suppresses every rule. This
//! module only reads comment text; which instruction a pragma applies to is
//! decided by the engine, which knows the tree.

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PragmaScope {
    NextInstruction,
    Stage,
    File,
}

/// Which tool's syntax the pragma was written in (reported with suppressed
/// findings, and needed for DL1001 which flags hadolint's own pragmas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PragmaDialect {
    Dockopt,
    Hadolint,
    BuildKit,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragma {
    pub dialect: PragmaDialect,
    pub scope: PragmaScope,
    /// Rule codes or names as written (`DL3008`, `SecretsUsedInArgOrEnv`,
    /// `all`); matching is case-insensitive.
    pub codes: Vec<String>,
    /// Text after the code list (hadolint allows a trailing reason).
    pub reason: Option<String>,
}

impl Pragma {
    /// Whether this pragma suppresses the rule with this code or alias.
    pub fn covers(&self, code: &str, aliases: &[&str]) -> bool {
        self.codes.iter().any(|c| {
            c.eq_ignore_ascii_case("all")
                || c.eq_ignore_ascii_case(code)
                || aliases.iter().any(|a| c.eq_ignore_ascii_case(a))
        })
    }
}

/// Split `A,B , C reason words` into codes and the reason.
fn codes_and_reason(list: &str) -> (Vec<String>, Option<String>) {
    let list = list.trim_start();
    // The code list ends at the first whitespace that is not next to a comma.
    let mut end = list.len();
    let bytes = list.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            let before_comma = list[..i].trim_end().ends_with(',');
            let after = list[i..].trim_start();
            if !before_comma && !after.starts_with(',') {
                end = i;
                break;
            }
        }
        i += 1;
    }
    let codes = list[..end]
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    let reason = list[end..].trim();
    let reason = reason.trim_start_matches('#').trim();
    (codes, (!reason.is_empty()).then(|| reason.to_string()))
}

/// Read a `# tool [global|stage] ignore=…` comment body (after the tool name).
fn tool_pragma(dialect: PragmaDialect, rest: &str) -> Option<Pragma> {
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        (PragmaScope::File, r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        (PragmaScope::Stage, r.trim_start())
    } else {
        (PragmaScope::NextInstruction, rest)
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let (codes, reason) = codes_and_reason(list);
    (!codes.is_empty()).then_some(Pragma {
        dialect,
        scope,
        codes,
        reason,
    })
}

/// Read BuildKit's `check=skip=…[;error=true]` (the text after `#`).
fn check_directive(body: &str, scope: PragmaScope) -> Option<Pragma> {
    let (key, value) = body.split_once('=')?;
    if !key.trim().eq_ignore_ascii_case("check") {
        return None;
    }
    // `//` starts a comment after a directive's value.
    let value = value.split("//").next().unwrap_or("");
    let codes: Vec<String> = value
        .split(';')
        .filter_map(|part| {
            let (k, v) = part.split_once('=')?;
            k.trim().eq_ignore_ascii_case("skip").then_some(v)
        })
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    (!codes.is_empty()).then_some(Pragma {
        dialect: PragmaDialect::BuildKit,
        scope,
        codes,
        reason: None,
    })
}

/// Read one comment (its full text, starting with `#`). `is_directive` is true
/// when the comment is in the parser-directive block at the top of the file
/// (where BuildKit's `check=` applies to the whole file).
pub fn parse_comment(comment: &str, is_directive: bool) -> Option<Pragma> {
    let body = comment.trim_start().strip_prefix('#')?.trim();
    if let Some(rest) = body.strip_prefix("dockopt") {
        if rest.starts_with(char::is_whitespace) {
            return tool_pragma(PragmaDialect::Dockopt, rest);
        }
    }
    if let Some(rest) = body.strip_prefix("hadolint") {
        if rest.starts_with(char::is_whitespace) {
            return tool_pragma(PragmaDialect::Hadolint, rest);
        }
    }
    let scope = if is_directive {
        PragmaScope::File
    } else {
        PragmaScope::NextInstruction
    };
    check_directive(body, scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(c: &str) -> Option<Pragma> {
        parse_comment(c, false)
    }

    fn pragma(
        dialect: PragmaDialect,
        scope: PragmaScope,
        codes: &[&str],
        reason: Option<&str>,
    ) -> Option<Pragma> {
        Some(Pragma {
            dialect,
            scope,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            reason: reason.map(str::to_string),
        })
    }

    #[test]
    fn hadolint_pragmas_in_all_scopes() {
        assert_eq!(
            parse("# hadolint ignore=DL3008,DL3015"),
            pragma(
                PragmaDialect::Hadolint,
                PragmaScope::NextInstruction,
                &["DL3008", "DL3015"],
                None
            )
        );
        assert_eq!(
            parse("#hadolint global ignore=DL3059 # too noisy here"),
            pragma(
                PragmaDialect::Hadolint,
                PragmaScope::File,
                &["DL3059"],
                Some("too noisy here")
            )
        );
        assert_eq!(
            parse("# hadolint stage ignore=DL3002, DL3009 builder only"),
            pragma(
                PragmaDialect::Hadolint,
                PragmaScope::Stage,
                &["DL3002", "DL3009"],
                Some("builder only")
            )
        );
    }

    #[test]
    fn dockopt_pragmas_with_reasons() {
        assert_eq!(
            parse("# dockopt ignore=DO2001 the cache is mounted"),
            pragma(
                PragmaDialect::Dockopt,
                PragmaScope::NextInstruction,
                &["DO2001"],
                Some("the cache is mounted")
            )
        );
        assert_eq!(
            parse("# dockopt global ignore=all"),
            pragma(PragmaDialect::Dockopt, PragmaScope::File, &["all"], None)
        );
    }

    #[test]
    fn buildkit_check_skip() {
        let p = parse_comment(
            "# check=skip=JSONArgsRecommended,StageNameCasing;error=true",
            true,
        )
        .unwrap();
        assert_eq!(p.dialect, PragmaDialect::BuildKit);
        assert_eq!(p.scope, PragmaScope::File);
        assert_eq!(p.codes, vec!["JSONArgsRecommended", "StageNameCasing"]);
        assert!(p.covers("DL3025", &["JSONArgsRecommended"]));
        assert!(!p.covers("DL3025", &[]));
        let p = parse_comment("#check=skip=all // the base is vendored", false).unwrap();
        assert_eq!(p.scope, PragmaScope::NextInstruction);
        assert!(p.covers("DL3000", &[]));
        assert_eq!(parse_comment("# check=error=true", true), None);
    }

    #[test]
    fn ordinary_comments_are_not_pragmas() {
        for c in [
            "# install the hadolint binary",
            "# hadolint is great",
            "# hadolint ignore=",
            "# dockopted ignore=DL3008",
            "# checkout=skip=x",
            "no hash",
            "#",
        ] {
            assert_eq!(parse_comment(c, false), None, "{c}");
        }
    }
}
