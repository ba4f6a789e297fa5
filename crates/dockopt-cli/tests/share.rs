//! `dockopt share`: the link decodes, with the core's codec, to the files given.

mod common;

use common::*;
use dockopt_core::share::decode_fragment;

#[test]
fn the_link_carries_the_files_named_after_their_directories() {
    let dir = tree(&[
        ("frontend/Dockerfile", "FROM node:22\n"),
        ("backend/Dockerfile", "FROM python:3.12\r\nUSER app\r\n"),
        (
            "worker.Dockerfile",
            "FROM golang:1.23 AS build\n# 日本 😀\n",
        ),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "share",
            "frontend/Dockerfile",
            "backend/Dockerfile",
            "worker.Dockerfile",
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let link = stdout(&out);
    assert!(link.ends_with('\n'));
    let link = link.trim_end();
    assert!(
        link.starts_with("https://dockopt.github.io/dockopt/#v1."),
        "{link}"
    );
    let state = decode_fragment(link).expect("the link decodes");
    let documents: Vec<(&str, &str)> = state
        .documents
        .iter()
        .map(|d| (d.name.as_str(), d.text.as_str()))
        .collect();
    // In the order given: tabs appear as the user listed them.
    assert_eq!(
        documents,
        [
            ("frontend", "FROM node:22\n"),
            ("backend", "FROM python:3.12\r\nUSER app\r\n"),
            (
                "worker.Dockerfile",
                "FROM golang:1.23 AS build\n# 日本 😀\n"
            ),
        ]
    );
    assert_eq!(state.options, Default::default());
}

#[test]
fn base_url_stdin_and_directories() {
    let dir = tree(&[
        ("svc/api/Dockerfile", "FROM a\n"),
        ("svc/web/Dockerfile", "FROM b\n"),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "share",
            "--base-url",
            "http://127.0.0.1:8080/#old",
            "svc",
            "-",
        ],
        b"FROM c\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let link = stdout(&out);
    assert!(link.starts_with("http://127.0.0.1:8080/#v1."), "{link}");
    let state = decode_fragment(&link).expect("decodes");
    let names: Vec<&str> = state.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["api", "web", "Dockerfile"]);
    assert_eq!(state.documents[2].text, "FROM c\n");
}

#[test]
fn unreadable_or_oversized_input_is_exit_2_without_a_link() {
    let dir = tree(&[("Dockerfile", "FROM a\n")]);
    let out = run_in(dir.path(), &["share", "Dockerfile", "missing"], b"");
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "dockopt: missing: No such file or directory\n"
    );

    // Over the codec's 1 MiB limit: the link would not open, so none is made.
    let big = "RUN echo x\n".repeat(100_000);
    write(dir.path(), "big/Dockerfile", big.as_bytes());
    let out = run_in(dir.path(), &["share", "big/Dockerfile"], b"");
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).starts_with("dockopt: cannot make a link: "),
        "{}",
        stderr(&out)
    );

    write(dir.path(), "bad/Dockerfile", b"FROM \xff\n");
    let out = run_in(dir.path(), &["share", "bad/Dockerfile"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bad/Dockerfile: not UTF-8 text"));

    let out = run_in(dir.path(), &["share"], b"");
    assert_eq!(code(&out), 2, "a path is required");
}
