//! Shared code of the BuildKit build-check rules: where `$VAR` references sit
//! inside a raw word, BuildKit-style "did you mean" suggestions, the stage
//! chain a stage is built on, and `.dockerignore` matching as Docker does it.
//!
//! Everything here is pure and bounded: scanners are loops over bytes, the
//! glob matcher is iterative, nothing panics on input.

use std::ops::Range;

use dockopt_syntax::{Span, Word};

use crate::model::{Base, Model};

/// One `$NAME` or `${NAME…}` reference in a raw word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// The byte range of the name (without `$` and braces) in the word text.
    pub range: Range<usize>,
    /// `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`, `${NAME:?x}`,
    /// `${NAME?x}`: the form says what happens when the variable is unset,
    /// so an unset variable is intended.
    pub guarded: bool,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The variable references of a raw word, as BuildKit's word expansion
/// reads them: not inside single quotes, not after the escape character.
/// References nested in the operand of `${A:-$B}` are not listed (whether
/// they are used depends on `A`).
pub fn var_refs(text: &str, escape: char) -> Vec<VarRef> {
    let bytes = text.as_bytes();
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let mut refs = Vec::new();
    let mut in_single = false;
    let mut in_double = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_single {
            if b == b'\'' {
                in_single = false;
            }
            i += 1;
            continue;
        }
        if b == escape {
            i += 2;
            continue;
        }
        match b {
            b'\'' if !in_double => in_single = true,
            b'"' => in_double = !in_double,
            b'$' => {
                if bytes.get(i + 1) == Some(&b'{') {
                    let start = i + 2;
                    let mut end = start;
                    while end < bytes.len() && is_name_byte(bytes[end]) {
                        end += 1;
                    }
                    let guarded = match bytes.get(end) {
                        Some(b':') => matches!(bytes.get(end + 1), Some(b'-' | b'+' | b'?')),
                        Some(b'-' | b'+' | b'?') => true,
                        _ => false,
                    };
                    if end > start && is_name_start(bytes[start]) {
                        refs.push(VarRef {
                            name: text[start..end].to_string(),
                            range: start..end,
                            guarded,
                        });
                    }
                    // Skip to the matching brace.
                    let mut depth = 1usize;
                    let mut j = end;
                    while j < bytes.len() && depth > 0 {
                        match bytes[j] {
                            b'{' => depth += 1,
                            b'}' => depth -= 1,
                            c if c == escape => j += 1,
                            _ => {}
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                let start = i + 1;
                if bytes.get(start).copied().is_some_and(is_name_start) {
                    let mut end = start;
                    while end < bytes.len() && is_name_byte(bytes[end]) {
                        end += 1;
                    }
                    refs.push(VarRef {
                        name: text[start..end].to_string(),
                        range: start..end,
                        guarded: false,
                    });
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    refs
}

/// The file span of a reference's name, or the whole word when the word is
/// not written verbatim (a JSON string with escapes).
pub fn ref_span(word: &Word, reference: &VarRef) -> Span {
    word.sub_span(reference.range.clone()).unwrap_or(word.span)
}

/// Levenshtein distance over bytes, two rows.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The closest of `options` to `name`, as BuildKit's `suggest.Search`
/// proposes one: the same name in another case, else the option with the
/// smallest edit distance, if that distance is at most half the name's
/// length (at least 1, at most 3), so short names get no far-fetched
/// suggestions while `PAHT` still finds `PATH`.
pub fn did_you_mean<'a>(name: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for option in options {
        if option == name {
            continue;
        }
        if option.eq_ignore_ascii_case(name) {
            return Some(option.to_string());
        }
        let distance = edit_distance(name, option);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, option));
        }
    }
    let limit = (name.len() / 2).clamp(1, 3);
    best.filter(|(d, _)| *d <= limit)
        .map(|(_, o)| o.to_string())
}

/// BuildKit's automatic platform ARGs: set in the global scope (usable in
/// FROM without a declaration), and in a stage once declared with `ARG`.
pub const PLATFORM_ARGS: [&str; 9] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// Predefined proxy ARGs: usable without a declaration.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Whether every stage in the chain `stage` is built on ends in `scratch`,
/// so that the only variables set are those of this file (and the `PATH`
/// BuildKit adds). A chain ending in an image inherits that image's unknown
/// environment.
pub fn rooted_in_scratch(model: &Model<'_>, stage: usize) -> bool {
    let mut current = stage;
    for _ in 0..=model.stages.len() {
        match model.stages.get(current).map(|s| &s.base) {
            Some(Base::Scratch) => return true,
            Some(Base::Stage(parent)) if *parent < current => current = *parent,
            _ => return false,
        }
    }
    false
}

/// One line of a `.dockerignore`: a pattern, possibly an exception (`!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    pub pattern: String,
    pub exclusion: bool,
}

/// Clean a path as Go's `filepath.Clean` does for slashes: drop empty and
/// `.` components, resolve `..`, and a leading `/`.
pub fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if path.starts_with('/') {
                    // `/..` is `/`.
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Read a `.dockerignore` as Docker does: `#` comment lines and blank lines
/// skipped, surrounding white space trimmed, `!` marks an exception, each
/// pattern cleaned and relative to the context root.
pub fn parse_dockerignore(text: &str) -> Vec<IgnorePattern> {
    let mut patterns = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        let mut pattern = line.trim();
        if pattern.is_empty() {
            continue;
        }
        let exclusion = pattern.starts_with('!');
        if exclusion {
            pattern = pattern[1..].trim();
            if pattern.is_empty() {
                continue;
            }
        }
        let cleaned = clean_path(pattern);
        if cleaned == "." {
            continue;
        }
        patterns.push(IgnorePattern {
            pattern: cleaned,
            exclusion,
        });
    }
    patterns
}

/// Whether `path` (clean, relative) is excluded: the last pattern matching
/// the path or one of its parent directories decides.
pub fn is_ignored(patterns: &[IgnorePattern], path: &str) -> bool {
    let mut ignored = false;
    let prefixes: Vec<&str> = path
        .match_indices('/')
        .map(|(i, _)| &path[..i])
        .chain(std::iter::once(path))
        .collect();
    for pattern in patterns {
        let matches = prefixes.iter().any(|p| glob_match(&pattern.pattern, p));
        if matches {
            ignored = !pattern.exclusion;
        }
    }
    ignored
}

/// Docker's pattern syntax on `/`-separated paths: `*` any run of non-`/`
/// characters, `?` one non-`/` character, `[…]` a class (`^`/`!` negates,
/// ranges with `-`), `\` escapes the next character, and `**` any number of
/// directories (`**/x` also matches `x`). The whole path must match.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = path.chars().collect();
    // Backtracking points for `*` (within a component) and `**` (anywhere).
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    // For `**`: where the pattern resumes, the path offset tried, and whether
    // a `/` followed it (then it may only end at a directory boundary).
    let mut double_star: Option<(usize, usize, bool)> = None;
    loop {
        if pi < p.len() {
            if p[pi] == '*' && p.get(pi + 1) == Some(&'*') {
                // `**`, with an optional `/` after it.
                let mut next = pi + 2;
                while p.get(next) == Some(&'*') {
                    next += 1;
                }
                let slash = p.get(next) == Some(&'/');
                if slash {
                    next += 1;
                }
                double_star = Some((next, ti, slash));
                star = None;
                pi = next;
                continue;
            }
            if p[pi] == '*' {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            if ti < t.len() {
                let (matched, width) = match_one(&p, pi, t[ti]);
                if matched {
                    pi += width;
                    ti += 1;
                    continue;
                }
            }
        } else if ti == t.len() {
            return true;
        }
        // Mismatch: widen the innermost `*` (not across `/`), else the `**`.
        if let Some((sp, st)) = star {
            if st < t.len() && t[st] != '/' {
                star = Some((sp, st + 1));
                pi = sp;
                ti = st + 1;
                continue;
            }
        }
        if let Some((dp, dt, slash)) = double_star {
            let resume = if slash {
                t.iter()
                    .skip(dt)
                    .position(|&c| c == '/')
                    .map(|i| dt + i + 1)
            } else {
                (dt < t.len()).then_some(dt + 1)
            };
            if let Some(resume) = resume {
                double_star = Some((dp, resume, slash));
                star = None;
                pi = dp;
                ti = resume;
                continue;
            }
        }
        return false;
    }
}

/// Whether pattern element at `pi` matches `c`; returns the element width.
fn match_one(p: &[char], pi: usize, c: char) -> (bool, usize) {
    match p[pi] {
        '?' => (c != '/', 1),
        '\\' => match p.get(pi + 1) {
            Some(&e) => (e == c, 2),
            None => (c == '\\', 1),
        },
        '[' => {
            let mut i = pi + 1;
            let negated = matches!(p.get(i), Some('^' | '!'));
            if negated {
                i += 1;
            }
            let mut found = false;
            let mut first = true;
            while i < p.len() && (first || p[i] != ']') {
                first = false;
                let mut low = p[i];
                if low == '\\' && i + 1 < p.len() {
                    i += 1;
                    low = p[i];
                }
                let mut high = low;
                if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&h| h != ']') {
                    high = p[i + 2];
                    i += 2;
                }
                if low <= c && c <= high {
                    found = true;
                }
                i += 1;
            }
            if i >= p.len() {
                // No closing bracket: a literal `[`.
                return (c == '[', 1);
            }
            (found != negated && c != '/', i + 1 - pi)
        }
        other => (other == c, 1),
    }
}

/// The port words of every EXPOSE instruction written literally (no `$`):
/// what BuildKit's EXPOSE checks can judge without the build arguments.
pub(crate) fn literal_expose_ports<'m, 'd>(
    model: &'m Model<'d>,
) -> impl Iterator<Item = &'d Word> + 'm {
    model
        .instructions
        .iter()
        .filter_map(
            |located| match (located.instruction.kind, &located.instruction.body) {
                (dockopt_syntax::InstructionKind::Expose, dockopt_syntax::Body::Expose(ports)) => {
                    Some(ports.iter())
                }
                _ => None,
            },
        )
        .flatten()
        .filter(|word| !word.text.contains('$'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_their_places() {
        let refs = var_refs("a$B-${C}x${D:-y}'$E'\\$F\"$G\"", '\\');
        let names: Vec<(&str, bool)> = refs.iter().map(|r| (r.name.as_str(), r.guarded)).collect();
        assert_eq!(
            names,
            vec![("B", false), ("C", false), ("D", true), ("G", false)]
        );
        assert_eq!(refs[1].range, 6..7);
        assert!(var_refs("$1 $$ ${} $", '\\').is_empty());
        assert!(!var_refs("${A#pre}", '\\')[0].guarded);
    }

    #[test]
    fn suggestions_are_close() {
        assert_eq!(did_you_mean("PAHT", ["PATH", "HOME"]), Some("PATH".into()));
        assert_eq!(did_you_mean("path", ["PATH"]), Some("PATH".into()));
        assert_eq!(did_you_mean("VERSOIN", ["VERSION"]), Some("VERSION".into()));
        assert_eq!(did_you_mean("AB", ["XY"]), None);
        assert_eq!(did_you_mean("FOO", ["BAR"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn dockerignore_matching() {
        let patterns = parse_dockerignore(
            "# comment\n*.md\n!README.md\nnode_modules\n**/*.log\n/secret/\ntemp?\n[ab].txt\n",
        );
        assert!(is_ignored(&patterns, "CHANGES.md"));
        assert!(!is_ignored(&patterns, "README.md"));
        assert!(!is_ignored(&patterns, "docs/CHANGES.md"), "* stops at /");
        assert!(
            is_ignored(&patterns, "node_modules/x/y.js"),
            "a parent dir matches"
        );
        assert!(is_ignored(&patterns, "a/b/c.log"));
        assert!(is_ignored(&patterns, "c.log"), "**/ matches zero dirs");
        assert!(is_ignored(&patterns, "secret/key"));
        assert!(is_ignored(&patterns, "temp1"));
        assert!(!is_ignored(&patterns, "temp12"));
        assert!(is_ignored(&patterns, "a.txt"));
        assert!(!is_ignored(&patterns, "c.txt"));
        assert!(!is_ignored(&patterns, "src/main.rs"));
        assert!(glob_match("a/**/b", "a/b"));
        assert!(glob_match("a/**/b", "a/x/y/b"));
        assert!(glob_match("**", "anything/at/all"));
        assert!(!glob_match("a*", "ab/c"));
        assert!(
            !glob_match("**/x", "ax"),
            "**/ ends at a directory boundary"
        );
        assert!(glob_match("**/x", "a/x"));
        assert_eq!(clean_path("./a//b/../c/"), "a/c");
        assert_eq!(clean_path("/"), ".");
    }
}
