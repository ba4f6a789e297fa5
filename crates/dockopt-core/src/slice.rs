//! A first, deliberately small analysis used by the foundation slice: a
//! handful of line-level checks so the web → core → report path is real.
//! The real parser and rule engine replace this module.

use crate::report::{Finding, Report, Severity, Span};
use dockopt_syntax::LineIndex;

/// One instruction with its continuation lines joined (byte ranges kept).
struct Logical<'a> {
    keyword: &'a str,
    keyword_start: usize,
    /// Argument text pieces: (byte offset in the file, text).
    args: Vec<(usize, &'a str)>,
}

impl Logical<'_> {
    /// Find `needle` as a whole word in the arguments; returns its byte range.
    fn find_word(&self, needle: &str) -> Option<(usize, usize)> {
        for &(offset, piece) in &self.args {
            let mut from = 0;
            while let Some(i) = piece[from..].find(needle) {
                let s = from + i;
                let e = s + needle.len();
                let before_ok = s == 0 || piece[..s].ends_with(char::is_whitespace);
                let after_ok = e == piece.len() || piece[e..].starts_with(char::is_whitespace);
                if before_ok && after_ok {
                    return Some((offset + s, offset + e));
                }
                from = e;
            }
        }
        None
    }

    fn contains(&self, needle: &str) -> bool {
        self.args.iter().any(|(_, p)| p.contains(needle))
    }
}

fn logical_lines(text: &str) -> Vec<Logical<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut current: Option<Logical> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        let continues = body.trim_end().ends_with('\\');
        let piece = body.trim_end().trim_end_matches('\\');
        if let Some(cur) = current.as_mut() {
            if !trimmed.starts_with('#') {
                cur.args.push((start, piece));
            }
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        } else {
            let kw_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let kw_start = start + indent;
            let rest_start = indent + kw_len;
            current = Some(Logical {
                keyword: &trimmed[..kw_len],
                keyword_start: kw_start,
                args: vec![(start + rest_start, &piece[rest_start.min(piece.len())..])],
            });
        }
        if !continues {
            if let Some(done) = current.take() {
                out.push(done);
            }
        }
    }
    out.extend(current);
    out
}

pub(crate) fn analyze(text: &str) -> Report {
    let index = LineIndex::new(text);
    let mut findings = Vec::new();
    let mut push =
        |code: &str, name: &str, severity, message: String, range: (usize, usize), stage| {
            findings.push(Finding {
                code: code.into(),
                name: name.into(),
                severity,
                message,
                span: Span::new(text, &index, range.0, range.1),
                stage,
                docs: format!("rules/{code}"),
            });
        };
    let lines = logical_lines(text);
    let mut stage: Option<usize> = None;
    let mut aliases: Vec<String> = Vec::new();
    let mut last_from = None;
    let mut user_in_stage = false;
    for line in &lines {
        let kw = line.keyword.to_ascii_uppercase();
        let kw_range = (line.keyword_start, line.keyword_start + line.keyword.len());
        match kw.as_str() {
            "FROM" => {
                stage = Some(stage.map_or(0, |s| s + 1));
                user_in_stage = false;
                last_from = Some(kw_range);
                let words: Vec<(usize, &str)> = line
                    .args
                    .iter()
                    .flat_map(|&(o, p)| {
                        p.split_whitespace()
                            .map(move |w| (o + (w.as_ptr() as usize - p.as_ptr() as usize), w))
                    })
                    .filter(|(_, w)| !w.starts_with("--"))
                    .collect();
                if let Some(&(at, image)) = words.first() {
                    let range = (at, at + image.len());
                    let name_part = image.rsplit('/').next().unwrap_or(image);
                    let is_alias = aliases.iter().any(|a| a.eq_ignore_ascii_case(image));
                    if image.contains('@')
                        || image == "scratch"
                        || image.starts_with('$')
                        || is_alias
                    {
                    } else if let Some((_, tag)) = name_part.split_once(':') {
                        if tag == "latest" {
                            push("DL3007", "latest-tag", Severity::Warning,
                                "Using `latest` is error-prone: pin the version of the image explicitly".into(), range, stage);
                        }
                    } else {
                        push("DL3006", "untagged-image", Severity::Warning,
                            format!("Always tag the version of an image explicitly (`{image}` has no tag)"), range, stage);
                    }
                }
                if let Some(&(_, alias)) = words.get(2) {
                    aliases.push(alias.to_string());
                }
            }
            "USER" => user_in_stage = true,
            "RUN" => {
                if let Some(install) = line.find_word("install") {
                    let apt =
                        line.find_word("apt-get").is_some() || line.find_word("apt").is_some();
                    if apt && !line.contains("--no-install-recommends") {
                        push(
                            "DL3015",
                            "apt-install-recommends",
                            Severity::Info,
                            "Avoid additional packages by specifying `--no-install-recommends`"
                                .into(),
                            install,
                            stage,
                        );
                    }
                    let pip = ["pip", "pip3"].iter().any(|p| line.find_word(p).is_some());
                    if pip && !line.contains("--no-cache-dir") {
                        push("DL3042", "pip-cache-kept", Severity::Warning,
                            "Avoid keeping pip's cache in the image: use `pip install --no-cache-dir`".into(), install, stage);
                    }
                }
                if let Some(update) = line.find_word("update") {
                    let apt =
                        line.find_word("apt-get").is_some() || line.find_word("apt").is_some();
                    if apt && !line.contains("/var/lib/apt/lists") {
                        push("DL3009", "apt-lists-not-deleted", Severity::Info,
                            "Delete the apt-get lists after installing something (`rm -rf /var/lib/apt/lists/*` in the same RUN)".into(), update, stage);
                    }
                }
            }
            _ => {}
        }
    }
    if let (Some(range), false) = (last_from, user_in_stage) {
        push(
            "DO1001",
            "no-user-in-shipped-stage",
            Severity::Warning,
            "The shipped stage never sets USER, so the container runs as root".into(),
            range,
            stage,
        );
    }
    findings.sort_by_key(|f| (f.span.start, f.code.clone()));
    Report { findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        analyze(text).findings.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn flags_the_usual_suspects_with_exact_columns() {
        let text = "FROM python:latest\nRUN apt-get update && \\\n    apt-get install -y gcc\n";
        let report = analyze(text);
        let got: Vec<_> = report
            .findings
            .iter()
            .map(|f| {
                (
                    f.code.as_str(),
                    f.span.start_position.line,
                    f.span.start_position.column,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("DO1001", 1, 1),
                ("DL3007", 1, 6),
                ("DL3009", 2, 13),
                ("DL3015", 3, 13)
            ]
        );
        assert_eq!(
            &text[report.findings[3].span.start..report.findings[3].span.end],
            "install"
        );
    }

    #[test]
    fn clean_file_has_no_findings() {
        let text = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir fastapi\nUSER 1001\n";
        assert!(codes(text).is_empty(), "{:?}", codes(text));
    }

    #[test]
    fn stage_aliases_and_scratch_are_not_untagged_images() {
        let text = "FROM golang:1.23 AS build\nFROM build\nFROM scratch\nUSER 1\n";
        assert!(codes(text).is_empty(), "{:?}", codes(text));
    }
}
