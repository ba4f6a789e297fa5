//! Snapshots of the text format. Each one was reviewed by hand: the header's
//! line and column, the quoted line and the carets under exactly the
//! offending text (tabs shown as four spaces, CJK and emoji two cells wide).

mod common;

use common::*;

fn text_output(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> String {
    let mut all = vec!["check", "--color", "never"];
    all.extend_from_slice(args);
    stdout(&run_in(dir, &all, stdin))
}

#[test]
fn examples() {
    insta::assert_snapshot!(text_output(&examples_dir(), &["."], b""));
}

#[test]
fn tabs_and_wide_characters() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    insta::assert_snapshot!(text_output(&fixtures, &["tabs-and-wide.Dockerfile"], b""));
}

#[test]
fn crlf_line_endings() {
    let dir = tree(&[]);
    let text = "FROM node:22\r\nRUN apt-get update\r\nUSER node\r\n";
    let out = text_output(
        dir.path(),
        &["--stdin-filename", "crlf/Dockerfile", "-"],
        text.as_bytes(),
    );
    assert!(
        !out.contains('\r'),
        "carriage returns must not reach the terminal"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_finding_on_a_continuation_line() {
    let dir = tree(&[]);
    let text = "FROM debian:12\nRUN apt-get update \\\n\t&& apt-get install -y \\\n\t\tcurl \\\n\t&& rm -rf /var/lib/apt/lists/*\nUSER app\n";
    insta::assert_snapshot!(text_output(
        dir.path(),
        &["--stdin-filename", "Dockerfile", "-"],
        text.as_bytes()
    ));
}
