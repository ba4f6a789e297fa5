//! BuildKit conformance: our reading of BuildKit's own parser fixtures
//! (../shared/corpus/buildkit-parser, format in its README) must match the
//! AST dump BuildKit prints for them, and its negative fixtures must be
//! reported as errors.

mod common;

use dockopt_syntax::parse;

#[test]
fn every_positive_fixture_dumps_like_buildkit() {
    let dirs = common::fixture_dirs("testfiles");
    assert_eq!(dirs.len(), 33, "expected BuildKit's 33 positive fixtures");
    let mut failures = Vec::new();
    for dir in &dirs {
        let input = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let expected = std::fs::read_to_string(dir.join("result")).expect("result");
        let file = parse(&input);
        assert_eq!(file.text(), input, "{} does not round-trip", dir.display());
        let got = file.buildkit_dump();
        if got != expected {
            failures.push(format!(
                "== {}\n-- expected\n{expected}-- got\n{got}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_negative_fixture_is_an_error() {
    let dirs = common::fixture_dirs("testfiles-negative");
    assert_eq!(dirs.len(), 4);
    for dir in &dirs {
        let input = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let file = parse(&input);
        assert!(file.has_errors(), "{} was silently accepted", dir.display());
        assert_eq!(file.text(), input);
    }
}

#[test]
fn negative_fixtures_fail_for_the_documented_reason() {
    let read = |name: &str| {
        let path = common::corpus_dir()
            .join("buildkit-parser/testfiles-negative")
            .join(name)
            .join("Dockerfile");
        std::fs::read_to_string(path).expect("fixture")
    };
    let messages = |name: &str| -> Vec<String> {
        parse(&read(name))
            .errors()
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(messages("empty_dockerfile"), ["file with no instructions"]);
    assert_eq!(messages("only_comments"), ["file with no instructions"]);
    assert_eq!(messages("env_no_value"), ["ENV must have two arguments"]);
    assert_eq!(
        messages("shykes-nested-json"),
        ["when using JSON array syntax, arrays must be comprised of strings only"]
    );
}

/// BuildKit's line-number test: the instructions of `testfile-line` span
/// lines 5–5, 11–12 and 17–31.
#[test]
fn instruction_lines_match_buildkit() {
    let path = common::corpus_dir().join("buildkit-parser/testfile-line/Dockerfile");
    let input = std::fs::read_to_string(path).expect("fixture");
    let file = parse(&input);
    let index = file.line_index();
    let lines: Vec<(u32, u32)> = file
        .instructions()
        .map(|i| {
            (
                index.position(&input, i.span.start).line,
                index.position(&input, i.span.end).line,
            )
        })
        .collect();
    assert_eq!(lines, [(5, 5), (11, 12), (17, 31)]);
    assert!(!file.has_errors());
}
