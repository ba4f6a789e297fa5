//! Shared code of the label rules (DL3048–DL3058): the labels a LABEL
//! instruction sets, which labels the configuration asks for, and small
//! hand-written validators for the value formats of hadolint's label schema
//! (URL, RFC 3339, SPDX, git hash, semver, e-mail). They are small on
//! purpose: this code ships in the wasm playground, so no dependencies.

use dockopt_syntax::{InstructionKind, Word};

use crate::config::{Config, LabelFormat};
use crate::model::{Base, Model};

/// One `key=value` of a LABEL, with the unquoted key and the value when it
/// can be known.
pub struct LabelPair<'d> {
    pub instruction_index: usize,
    pub key_word: &'d Word,
    pub key: String,
    pub value_word: &'d Word,
    /// The value, quotes removed and variables expanded; `None` when it
    /// depends on a variable whose value is unknown.
    pub value: Option<String>,
}

/// Every label pair of every LABEL of the file, in order.
pub fn label_pairs<'d>(model: &Model<'d>) -> Vec<LabelPair<'d>> {
    let mut pairs = Vec::new();
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Label {
            continue;
        }
        let scope = model.scope_at(index);
        for pair in instruction.key_values() {
            let key = scope.expand(&pair.key.text, model.escape).value;
            let expanded = scope.expand(&pair.value.text, model.escape);
            pairs.push(LabelPair {
                instruction_index: index,
                key_word: &pair.key,
                key,
                value_word: &pair.value,
                value: expanded.unknown.is_empty().then_some(expanded.value),
            });
        }
    }
    pairs
}

/// The labels that must be present: `[labels] required` plus every label of
/// the schema (hadolint requires each label of its `label-schema`).
pub fn required_labels(config: &Config) -> Vec<&str> {
    let mut labels: Vec<&str> = config.labels.required.iter().map(String::as_str).collect();
    for key in config.labels.schema.keys() {
        if !labels.contains(&key.as_str()) {
            labels.push(key);
        }
    }
    labels
}

/// The shipped stage and the stages it is built on: their labels are the
/// image's (labels of the base image aside, which are unknown here).
pub fn shipped_chain(model: &Model<'_>) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = model.shipped;
    while let Some(stage) = current {
        if chain.contains(&stage) {
            break;
        }
        chain.push(stage);
        current = match model.stages.get(stage).map(|s| &s.base) {
            Some(Base::Stage(parent)) if *parent < stage => Some(*parent),
            _ => None,
        };
    }
    chain
}

/// The pairs whose key has `format` in the schema, with a value that is
/// known and not empty (empty values are DL3051's).
pub fn pairs_with_format<'p, 'd>(
    pairs: &'p [LabelPair<'d>],
    config: &Config,
    format: LabelFormat,
) -> impl Iterator<Item = (&'p LabelPair<'d>, &'p str)> + 'p {
    let keys: Vec<String> = config
        .labels
        .schema
        .iter()
        .filter(|(_, f)| **f == format)
        .map(|(k, _)| k.clone())
        .collect();
    pairs.iter().filter_map(move |pair| {
        let value = pair.value.as_deref()?;
        (keys.contains(&pair.key) && !value.is_empty()).then_some((pair, value))
    })
}

fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

/// An absolute URI (RFC 3986): a scheme, `:`, then only URI characters
/// (unreserved, reserved, `%XX` escapes), with at most one `#`.
pub fn is_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok || rest.is_empty() || rest.matches('#').count() > 1 {
        return false;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
            continue;
        }
        let reserved = b":/?#[]@!$&'()*+,;=".contains(&c);
        if !(is_unreserved(c) || reserved) {
            return false;
        }
        i += 1;
    }
    true
}

fn digits(text: &str, n: usize) -> Option<u32> {
    (text.len() == n && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// An RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` or a
/// space between date and time, with real calendar days (leap years) and
/// a leap second allowed.
pub fn is_rfc3339(value: &str) -> bool {
    let (Some(date), Some(rest)) = (value.get(..10), value.get(10..)) else {
        return false;
    };
    let mut date_parts = date.split('-');
    let (Some(y), Some(m), Some(d), None) = (
        date_parts.next().and_then(|p| digits(p, 4)),
        date_parts.next().and_then(|p| digits(p, 2)),
        date_parts.next().and_then(|p| digits(p, 2)),
        date_parts.next(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if d == 0 || d > days {
        return false;
    }
    let Some(rest) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let (Some(time), Some(mut zone)) = (rest.get(..8), rest.get(8..)) else {
        return false;
    };
    let mut time_parts = time.split(':');
    let (Some(h), Some(min), Some(s), None) = (
        time_parts.next().and_then(|p| digits(p, 2)),
        time_parts.next().and_then(|p| digits(p, 2)),
        time_parts.next().and_then(|p| digits(p, 2)),
        time_parts.next(),
    ) else {
        return false;
    };
    if h > 23 || min > 59 || s > 60 {
        return false;
    }
    if let Some(fraction) = zone.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        zone = &fraction[n..];
    }
    if zone == "Z" || zone == "z" {
        return true;
    }
    let Some(offset) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    match offset.split_once(':') {
        Some((oh, om)) => {
            digits(oh, 2).is_some_and(|h| h < 24) && digits(om, 2).is_some_and(|m| m < 60)
        }
        None => false,
    }
}

/// Common SPDX license identifiers (current and deprecated ones).
const SPDX_LICENSES: &[&str] = &[
    "0BSD",
    "AFL-3.0",
    "AGPL-1.0",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-2.0",
    "Beerware",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "BUSL-1.1",
    "bzip2-1.0.6",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CECILL-2.1",
    "CPL-1.0",
    "curl",
    "ECL-2.0",
    "EFL-2.0",
    "Elastic-2.0",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "FTL",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0",
    "GPL-2.0+",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0+",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "HPND",
    "ICU",
    "IJG",
    "ImageMagick",
    "Info-ZIP",
    "IPL-1.0",
    "ISC",
    "JSON",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1",
    "LGPL-2.1+",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0+",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "libpng-2.0",
    "Libpng",
    "LPL-1.02",
    "LPPL-1.3c",
    "MirOS",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RPL",
    "MulanPSL-2.0",
    "NCSA",
    "Nokia",
    "NTP",
    "OFL-1.1",
    "OLDAP-2.8",
    "OpenSSL",
    "OSL-3.0",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Qhull",
    "Ruby",
    "SGI-B-2.0",
    "SISSL",
    "Sleepycat",
    "SMLNJ",
    "SSPL-1.0",
    "TCL",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "XFree86-1.1",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-2.1",
];

/// Common SPDX license exceptions (after `WITH`).
const SPDX_EXCEPTIONS: &[&str] = &[
    "Autoconf-exception-3.0",
    "Bison-exception-2.2",
    "Classpath-exception-2.0",
    "eCos-exception-2.0",
    "Font-exception-2.0",
    "freertos-exception-2.0",
    "GCC-exception-2.0",
    "GCC-exception-3.1",
    "Linux-syscall-note",
    "LLVM-exception",
    "OCaml-LGPL-linking-exception",
    "OpenJDK-assembly-exception-1.0",
    "Qt-LGPL-exception-1.1",
    "Swift-exception",
    "u-boot-exception-2.0",
    "Universal-FOSS-exception-1.0",
    "WxWindows-exception-3.1",
];

fn is_license_id(token: &str) -> bool {
    let base = token.strip_suffix('+').unwrap_or(token);
    if let Some(name) = base.strip_prefix("LicenseRef-") {
        return !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    }
    SPDX_LICENSES.iter().any(|id| id.eq_ignore_ascii_case(base))
}

/// An SPDX license expression: identifiers from a compact list of common
/// ones (or `LicenseRef-…`), optionally `+`, combined with `AND`, `OR`,
/// `WITH <exception>` and parentheses (nesting bounded).
pub fn is_spdx(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    // A loop over tokens: `expect_term` alternates with operators.
    let mut depth = 0usize;
    let mut expect_term = true;
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if expect_term {
            if token == "(" {
                depth += 1;
                if depth > 16 {
                    return false;
                }
            } else if is_license_id(token) {
                expect_term = false;
                if tokens.get(i + 1) == Some(&"WITH") {
                    let exception = tokens.get(i + 2).copied().unwrap_or("");
                    if !SPDX_EXCEPTIONS
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(exception))
                    {
                        return false;
                    }
                    i += 2;
                }
            } else {
                return false;
            }
        } else if token == ")" {
            if depth == 0 {
                return false;
            }
            depth -= 1;
        } else if token == "AND" || token == "OR" {
            expect_term = true;
        } else {
            return false;
        }
        i += 1;
    }
    !tokens.is_empty() && !expect_term && depth == 0
}

/// A git commit hash as hadolint accepts it: 7 or 40 lower-case hex digits
/// (and 64, for SHA-256 repositories).
pub fn is_git_hash(value: &str) -> bool {
    matches!(value.len(), 7 | 40 | 64)
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn numeric_identifier(part: &str) -> bool {
    !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_digit())
        && (part == "0" || !part.starts_with('0'))
}

fn semver_identifiers(text: &str, numeric_rule: bool) -> bool {
    text.split('.').all(|part| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && (!numeric_rule
                || !part.bytes().all(|b| b.is_ascii_digit())
                || numeric_identifier(part))
    })
}

/// Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH[-pre][+build]`, numbers
/// without leading zeros, no `v` prefix.
pub fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| numeric_identifier(n))
        && pre.is_none_or(|p| semver_identifiers(p, true))
        && build.is_none_or(|b| semver_identifiers(b, false))
}

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b)
}

fn is_dot_atom(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext))
}

/// An RFC 5322 addr-spec: a dot-atom or quoted local part, `@`, a dot-atom
/// domain or a `[…]` domain literal; at most 64 bytes before the `@` and
/// 254 in all.
pub fn is_email(value: &str) -> bool {
    let Some(at) = value.rfind('@') else {
        return false;
    };
    let (local, domain) = (&value[..at], &value[at + 1..]);
    if local.len() > 64 || value.len() > 254 {
        return false;
    }
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        let inner = &local.as_bytes()[1..local.len() - 1];
        let mut ok = true;
        let mut i = 0;
        while i < inner.len() {
            match inner[i] {
                b'\\' => i += 1,
                b'"' => ok = false,
                c if c < 0x20 || c == 0x7f => ok = false,
                _ => {}
            }
            i += 1;
        }
        ok
    } else {
        is_dot_atom(local)
    };
    let domain_ok = if domain.starts_with('[') {
        domain.len() > 2
            && domain.ends_with(']')
            && domain[1..domain.len() - 1]
                .bytes()
                .all(|b| (33..=126).contains(&b) && !matches!(b, b'[' | b']' | b'\\'))
    } else {
        is_dot_atom(domain)
    };
    local_ok && domain_ok
}

/// Test helper: the findings of `code` for `text` under a configuration
/// given as JSON (the shape of `.dockopt.toml`), as (text, line, column).
#[cfg(test)]
pub(crate) fn findings(text: &str, config_json: &str, code: &str) -> Vec<(String, u32, u32)> {
    let config: Config = serde_json::from_str(config_json).expect("test config");
    let options = crate::engine::Options {
        config: Some(&config),
        dockerignore: None,
    };
    crate::rules::test_support::found_with(text, code, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_url("https://github.com/org/repo"));
        assert!(is_url("mailto:a@b.c"));
        assert!(is_url("https://x.org/a%20b?q=1#frag"));
        assert!(!is_url("github.com/org/repo"), "no scheme");
        assert!(!is_url("https://x.org/a b"));
        assert!(!is_url("https://x.org/%zz"));
        assert!(!is_url("1http://x"));
        assert!(!is_url("https:"));
    }

    #[test]
    fn rfc3339_times() {
        assert!(is_rfc3339("2024-02-29T12:00:00Z"));
        assert!(is_rfc3339("2023-12-31t23:59:60.123+05:30"));
        assert!(is_rfc3339("2023-01-01 00:00:00-00:00"));
        assert!(!is_rfc3339("2023-02-29T12:00:00Z"), "not a leap year");
        assert!(!is_rfc3339("2023-13-01T12:00:00Z"));
        assert!(!is_rfc3339("2023-01-01T24:00:00Z"));
        assert!(!is_rfc3339("2023-01-01T12:00:00"), "no zone");
        assert!(!is_rfc3339("2023-01-01"));
        assert!(!is_rfc3339("2023-01-01T12:00:00.Z"));
        assert!(!is_rfc3339("2023-01-01T12:00:00+0530"));
    }

    #[test]
    fn spdx_expressions() {
        for ok in [
            "MIT",
            "apache-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "LicenseRef-Proprietary",
            "GPL-2.0+",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "",
            "MIT/X",
            "Apache 2.0",
            "MIT OR",
            "(MIT",
            "MIT)",
            "MIT and BSD-2-Clause",
            "MIT WITH Nope",
            "LicenseRef-",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
    }

    #[test]
    fn git_hashes() {
        assert!(is_git_hash("0123abc"));
        assert!(is_git_hash("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_git_hash("0123ABC"));
        assert!(!is_git_hash("0123abcd"));
        assert!(!is_git_hash("0123abg"));
    }

    #[test]
    fn semvers() {
        for ok in [
            "1.0.0",
            "0.1.2-rc.1",
            "10.20.30+build.5",
            "1.0.0-alpha-a.b-c+exp.sha.5114f85",
            "1.0.0-0.3.7",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "v1.0.0",
            "1.0",
            "01.0.0",
            "1.0.0-01",
            "1.0.0-",
            "1.0.0+",
            "1.0.0-a..b",
            "1.a.0",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.c",
            "first.last+tag@example.org",
            "\"john doe\"@example.com",
            "x@[127.0.0.1]",
            "a@localhost",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "@b.c",
            "a@",
            "a..b@c.d",
            ".a@b.c",
            "a b@c.d",
            "a@b..c",
            "Name <a@b.c>",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
