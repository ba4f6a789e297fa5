//! Helpers shared by the integration tests: running the built binary and
//! making Dockerfile trees in temporary directories.

#![allow(dead_code)] // each test file uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A command running the `dockopt` binary built for these tests.
pub fn dockopt() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dockopt"));
    command.env_remove("NO_COLOR");
    command
}

/// Run `dockopt args…` in `dir`, feeding `stdin`.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = dockopt()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dockopt binary runs");
    if let Some(mut input) = child.stdin.take() {
        // The binary may exit before reading (e.g. usage errors).
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("dockopt finishes")
}

pub fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited, not killed by a signal")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Write `files` (relative path, contents) under a new temporary directory.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

pub fn write(root: &Path, path: &str, bytes: &[u8]) -> PathBuf {
    let full = root.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&full, bytes).expect("write");
    full
}

/// The repository's example Dockerfiles (the playground's tabs).
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dockopt-core/src/examples")
}

/// The JSON reports' paths, in output order.
pub fn paths(value: &Value) -> Vec<String> {
    value["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

/// (code, line, column) of every finding of the JSON report of file `index`.
pub fn findings(value: &Value, index: usize) -> Vec<(String, u64, u64)> {
    value["files"][index]["report"]["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_string(),
                f["span"]["start_position"]["line"].as_u64().expect("line"),
                f["span"]["start_position"]["column"]
                    .as_u64()
                    .expect("column"),
            )
        })
        .collect()
}

// The fixtures pin their packages, use slim bases and a numeric USER so that
// the rest of the catalog stays quiet. They use DL3009 (`apt-get update` without deleting the lists)
// and DL3015 (`apt-get install` without `--no-install-recommends`): both
// report the subcommand word (`update`, `install`) at severity info, in the
// first analysis and in the rule engine alike.

/// A Dockerfile with exactly one finding: DL3009 (info) on `update`, line 2, column 13.
pub const ONE_INFO: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nUSER 1001\n";
/// DL3009 on `update` (2:13) and DL3015 on `install` (2:31).
pub const TWO_INFO: &str =
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8\nUSER 1001\n";
/// A Dockerfile with no findings.
pub const CLEAN: &str = "FROM python:3.12-slim\nUSER 1001\n";

/// The message the analysis gives for the first finding of `text`.
pub fn first_message(text: &str) -> String {
    dockopt_core::analyze(text)
        .findings
        .first()
        .map(|f| f.message.clone())
        .expect("the fixture has a finding")
}
