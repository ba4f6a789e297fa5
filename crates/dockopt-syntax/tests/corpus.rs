//! Real files (../shared/corpus/real): every one parses without an error
//! node, prints back byte for byte, and its tokens tile the text.

mod common;

use dockopt_syntax::{parse, NodeKind, Severity};

/// Files of the real corpus that are not valid Dockerfiles by design, with
/// the errors BuildKit's builder reports for them (and so do we).
/// `dockerfile-parser-rs`'s own parser test file exercises unknown
/// instructions: BuildKit's parser keeps them, its builder stops at the first
/// with "unknown instruction: other".
const INVALID_BY_DESIGN: &[(&str, &[&str])] = &[(
    "HewlettPackard__dockerfile-parser-rs__Dockerfile.test",
    &[
        "45: unknown instruction: other",
        "46: unknown instruction: other",
        "65: unknown instruction: foo",
    ],
)];

#[test]
fn every_real_file_parses_without_errors_and_round_trips() {
    let mut failures = Vec::new();
    for (name, text) in common::real_files() {
        if let Some((_, expected)) = INVALID_BY_DESIGN.iter().find(|(n, _)| *n == name) {
            let file = parse(&text);
            assert_eq!(file.text(), text, "{name}: does not round-trip");
            let index = file.line_index();
            let got: Vec<String> = file
                .errors()
                .map(|d| {
                    format!(
                        "{}: {}",
                        index.position(&text, d.span.start).line,
                        d.message
                    )
                })
                .collect();
            assert_eq!(got, *expected, "{name}");
            assert_eq!(file.error_nodes().count(), expected.len(), "{name}");
            continue;
        }
        let file = parse(&text);
        if file.text() != text {
            failures.push(format!("{name}: does not round-trip"));
        }
        for node in file.nodes() {
            if let NodeKind::Error(e) = &node.kind {
                let p = file.line_index().position(&text, node.span.start);
                failures.push(format!("{name}:{}: error node: {}", p.line, e.message));
            }
        }
        for d in file.diagnostics() {
            if d.severity == Severity::Error {
                let p = file.line_index().position(&text, d.span.start);
                failures.push(format!("{name}:{}: {}", p.line, d.message));
            }
        }
        if file.instructions().next().is_none() {
            failures.push(format!("{name}: no instructions"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tokens_tile_every_corpus_file() {
    let mut files = common::real_files();
    for dir in common::fixture_dirs("testfiles")
        .into_iter()
        .chain(common::fixture_dirs("testfiles-negative"))
    {
        let text = std::fs::read_to_string(dir.join("Dockerfile")).expect("fixture");
        files.push((dir.display().to_string(), text));
    }
    for (name, text) in files {
        let file = parse(&text);
        let mut at = 0;
        for token in file.tokens() {
            assert_eq!(token.span.start, at, "{name}: gap or overlap at byte {at}");
            assert!(token.span.end > token.span.start, "{name}: empty token");
            assert!(
                text.is_char_boundary(token.span.end),
                "{name}: token splits a char"
            );
            at = token.span.end;
        }
        assert_eq!(at, text.len(), "{name}: tokens stop early");
        let mut last_end = 0;
        for node in file.nodes() {
            assert!(node.full_span.start >= last_end, "{name}: nodes overlap");
            assert!(
                node.full_span.encloses(node.span),
                "{name}: span outside its lines"
            );
            last_end = node.full_span.end;
        }
    }
}
