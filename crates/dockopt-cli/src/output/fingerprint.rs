//! Fingerprints that identify a finding across runs, for CI systems that
//! track issues between commits (GitLab Code Quality, SARIF's
//! `partialFingerprints`).
//!
//! A fingerprint hashes the path, the rule code and the text of the lines
//! the finding covers (whitespace-trimmed), plus an occurrence number when
//! the same triple repeats in a file. Line numbers are left out on purpose:
//! adding a line above a finding must not make it look new.

use dockopt_core::Finding;
use dockopt_syntax::LineIndex;

/// Computes the fingerprints of one file's findings, in order.
pub fn fingerprints(path: &str, text: &str, findings: &[Finding]) -> Vec<String> {
    let index = LineIndex::new(text);
    let mut seen: Vec<(String, u64)> = Vec::with_capacity(findings.len());
    findings
        .iter()
        .map(|finding| {
            let lines = covered_lines(text, &index, finding.span.start, finding.span.end);
            let mut hash = Fnv1a128::new();
            for part in [path, finding.code.as_str(), lines.trim()] {
                hash.write(part.as_bytes());
                // A separator that cannot occur in the parts' UTF-8, so
                // ("ab", "c") and ("a", "bc") differ.
                hash.write(&[0xFF]);
            }
            let base = format!("{:032x}", hash.finish());
            let occurrence = match seen.iter_mut().find(|(b, _)| *b == base) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    seen.push((base.clone(), 0));
                    0
                }
            };
            if occurrence == 0 {
                base
            } else {
                hash.write(&occurrence.to_le_bytes());
                format!("{:032x}", hash.finish())
            }
        })
        .collect()
}

/// The whole lines that bytes `start..end` touch.
fn covered_lines<'a>(text: &'a str, index: &LineIndex, start: usize, end: usize) -> &'a str {
    let first = index.position(text, start).line as usize - 1;
    let last = index.position(text, end.max(start)).line as usize - 1;
    let from = index.line_start(first).unwrap_or(0);
    let to = index.line_start(last + 1).unwrap_or(text.len());
    text.get(from..to).unwrap_or("")
}

/// FNV-1a, 128-bit: tiny, and unlike std's `DefaultHasher` its output is
/// specified, so fingerprints stay the same across Rust releases.
struct Fnv1a128(u128);

impl Fnv1a128 {
    const OFFSET_BASIS: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    fn new() -> Self {
        Fnv1a128(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u128::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_128_matches_the_published_test_vectors() {
        // From the FNV reference (draft-eastlake-fnv): "" and "a".
        assert_eq!(Fnv1a128::new().finish(), 0x6c62272e07bb014262b821756295c58d);
        let mut hash = Fnv1a128::new();
        hash.write(b"a");
        assert_eq!(hash.finish(), 0xd228cb696f1a8caf78912b704e4a8964);
    }

    /// A finding of `code` on the first occurrence of `needle` at or after
    /// byte `from`. Built from JSON so fields the report grows (with serde
    /// defaults) do not break these tests.
    fn finding_at(text: &str, needle: &str, from: usize, code: &str) -> Finding {
        let index = LineIndex::new(text);
        let start = from + text[from..].find(needle).expect("needle in text");
        let span = dockopt_core::Span::new(text, &index, start, start + needle.len());
        serde_json::from_value(serde_json::json!({
            "code": code,
            "name": "test-rule",
            "severity": "warning",
            "message": "m",
            "span": span,
            "stage": null,
            "docs": "",
        }))
        .expect("a finding")
    }

    #[test]
    fn moving_a_finding_down_keeps_its_fingerprint() {
        let before = "FROM python:latest\n";
        let after = "# a comment\n\nFROM python:latest\n";
        assert_eq!(
            fingerprints(
                "Dockerfile",
                before,
                &[finding_at(before, "latest", 0, "DL3007")]
            ),
            fingerprints(
                "Dockerfile",
                after,
                &[finding_at(after, "latest", 0, "DL3007")]
            )
        );
    }

    #[test]
    fn repeated_lines_get_distinct_stable_fingerprints() {
        let text = "FROM python:latest\nFROM python:latest\n";
        let findings = [
            finding_at(text, "latest", 0, "DL3007"),
            finding_at(text, "latest", 19, "DL3007"),
        ];
        let prints = fingerprints("Dockerfile", text, &findings);
        assert_eq!(prints.len(), 2);
        assert_ne!(prints[0], prints[1]);
        assert_eq!(prints, fingerprints("Dockerfile", text, &findings));
    }

    #[test]
    fn path_code_and_line_text_all_count() {
        let text = "FROM python:latest\n";
        let f = [finding_at(text, "latest", 0, "DL3007")];
        let base = fingerprints("a/Dockerfile", text, &f);
        assert_ne!(base, fingerprints("b/Dockerfile", text, &f));
        let other_code = [finding_at(text, "latest", 0, "DL3006")];
        assert_ne!(base, fingerprints("a/Dockerfile", text, &other_code));
        let other_text = "FROM node:latest\n";
        let f2 = [finding_at(other_text, "latest", 0, "DL3007")];
        assert_ne!(base, fingerprints("a/Dockerfile", other_text, &f2));
        // Indentation changes do not.
        let indented = "   FROM python:latest  \n";
        let f3 = [finding_at(indented, "latest", 0, "DL3007")];
        assert_eq!(base, fingerprints("a/Dockerfile", indented, &f3));
    }
}
