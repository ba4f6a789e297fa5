//! Diffs: the unified diff is applied with the real `patch` and `git apply`
//! and must give back the rewritten text; the side-by-side hunks must
//! rebuild the rewritten text too; word segments mark only changed words.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use dockopt_core::diff::{diff_hunks, diff_stats, unified_diff, DiffStats, Hunk, Row, Segment};
use proptest::prelude::*;

const NAME: &str = "Dockerfile";

/// A fresh empty directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "dockopt-diff-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy, Debug)]
enum Tool {
    Patch,
    GitApply,
}

fn tool_exists(tool: Tool) -> bool {
    let (program, arg) = match tool {
        Tool::Patch => ("patch", "--version"),
        Tool::GitApply => ("git", "--version"),
    };
    Command::new(program)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The tools present on this machine; the tests need at least one.
fn available_tools() -> Vec<Tool> {
    let tools: Vec<Tool> = [Tool::Patch, Tool::GitApply]
        .into_iter()
        .filter(|t| tool_exists(*t))
        .collect();
    if tools.is_empty() {
        eprintln!("SKIPPED: neither `patch` nor `git` is installed, so patches cannot be applied");
    }
    tools
}

/// Write `original` as `Dockerfile` in a temp dir, apply `patch` with `tool`
/// and return the resulting file, or the tool's complaint.
fn apply(tool: Tool, original: &str, patch: &str) -> Result<String, String> {
    let dir = TempDir::new();
    let file = dir.0.join(NAME);
    std::fs::write(&file, original).expect("write original");
    let patch_file = dir.0.join("change.patch");
    std::fs::write(&patch_file, patch).expect("write patch");
    let output = match tool {
        Tool::Patch => Command::new("patch")
            .current_dir(&dir.0)
            .args(["-p1", "--batch", "--forward", "--quiet", "-i"])
            .arg(&patch_file)
            .output(),
        Tool::GitApply => Command::new("git")
            .current_dir(&dir.0)
            // Outside a repository `git apply` patches the directory it runs
            // in; never let it discover a repository above the temp dir.
            .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
            .args(["apply", "-p1", "--whitespace=nowarn"])
            .arg(&patch_file)
            .output(),
    }
    .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "{tool:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    read_result(&file)
}

fn read_result(file: &Path) -> Result<String, String> {
    match std::fs::read(file) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| e.to_string()),
        // GNU patch may remove a file the patch empties.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// Rebuild the rewritten text from the original and the hunks, checking the
/// line numbers on the way. This is what a side-by-side view relies on.
fn rebuild_from_hunks(original: &str, hunks: &[Hunk]) -> String {
    let old_lines: Vec<&str> = original.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next_old = 1; // 1-based number of the next original line not yet used
    let mut next_new = 1;
    for hunk in hunks {
        assert!(hunk.old_start >= next_old, "hunks overlap or go backwards");
        while next_old < hunk.old_start {
            out.push_str(old_lines[next_old - 1]);
            next_old += 1;
            next_new += 1;
        }
        assert_eq!(hunk.new_start, next_new, "new_start of {hunk:?}");
        let (mut old_seen, mut new_seen) = (0, 0);
        for row in &hunk.rows {
            match row {
                Row::Equal {
                    old_line,
                    new_line,
                    text,
                } => {
                    assert_eq!((*old_line, *new_line), (next_old, next_new));
                    assert_eq!(text, old_lines[next_old - 1]);
                    out.push_str(text);
                    next_old += 1;
                    next_new += 1;
                    old_seen += 1;
                    new_seen += 1;
                }
                Row::Delete { old_line, text } => {
                    assert_eq!(*old_line, next_old);
                    assert_eq!(text, old_lines[next_old - 1]);
                    next_old += 1;
                    old_seen += 1;
                }
                Row::Insert { new_line, text } => {
                    assert_eq!(*new_line, next_new);
                    out.push_str(text);
                    next_new += 1;
                    new_seen += 1;
                }
                Row::Replace {
                    old_line,
                    new_line,
                    old,
                    new,
                } => {
                    assert_eq!((*old_line, *new_line), (next_old, next_new));
                    assert_eq!(joined(old), old_lines[next_old - 1]);
                    out.push_str(&joined(new));
                    next_old += 1;
                    next_new += 1;
                    old_seen += 1;
                    new_seen += 1;
                }
            }
        }
        assert_eq!((old_seen, new_seen), (hunk.old_len, hunk.new_len));
    }
    for line in old_lines.iter().skip(next_old - 1) {
        out.push_str(line);
    }
    out
}

fn joined(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

/// Check one case end to end: both tools, the hunks and the stats.
fn check_case(label: &str, original: &str, rewritten: &str) {
    let patch = unified_diff(original, rewritten, NAME, NAME);
    assert!(
        !patch.is_empty(),
        "{label}: texts differ, the diff must not be empty"
    );
    for tool in available_tools() {
        match apply(tool, original, &patch) {
            Ok(result) => assert_eq!(result, rewritten, "{label}: {tool:?} result\n{patch}"),
            Err(complaint) => panic!("{label}: {complaint}\npatch:\n{patch}"),
        }
    }
    let hunks = diff_hunks(original, rewritten);
    assert_eq!(
        rebuild_from_hunks(original, &hunks),
        rewritten,
        "{label}: hunks"
    );
    let stats = diff_stats(original, rewritten);
    let added = patch
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .count();
    let removed = patch
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .count();
    assert_eq!(
        stats,
        DiffStats {
            lines_added: added,
            lines_removed: removed
        },
        "{label}: stats"
    );
}

const ORIGINAL: &str = "\
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
WORKDIR /app
COPY . .
ENV A=1
ENV B=2
ENV C=3
ENV D=4
ENV E=5
RUN make
CMD [\"/app/run\"]
";

const REWRITTEN: &str = "\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
ENV A=1
ENV B=2
ENV C=3
ENV D=4
ENV E=5
RUN make
USER app
CMD [\"/app/run\"]
";

#[test]
fn realistic_rewrite_applies_in_two_hunks() {
    let patch = unified_diff(ORIGINAL, REWRITTEN, NAME, NAME);
    assert!(patch.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,6 +1,6 @@\n"));
    // The 8 unchanged lines between the two changes are more than twice the
    // context, so there are two hunks; headers checked against GNU `diff -u`.
    assert_eq!(patch.matches("\n@@ ").count(), 2, "{patch}");
    assert!(patch.contains("\n@@ -9,4 +9,5 @@\n"), "{patch}");
    check_case("realistic", ORIGINAL, REWRITTEN);
    assert_eq!(diff_hunks(ORIGINAL, REWRITTEN).len(), 2);
}

#[test]
fn missing_newline_at_end_of_file() {
    check_case(
        "old lacks final newline",
        "FROM a\nRUN x",
        "FROM a\nRUN x\n",
    );
    check_case(
        "new lacks final newline",
        "FROM a\nRUN x\n",
        "FROM a\nRUN x",
    );
    check_case("neither has one", "FROM a\nRUN x", "FROM a\nRUN y");
    check_case(
        "unchanged last line lacks it",
        "FROM a\nRUN x\nCMD z",
        "FROM b\nRUN x\nCMD z",
    );
    let patch = unified_diff("FROM a\nRUN x", "FROM a\nRUN y", NAME, NAME);
    assert_eq!(
        patch.matches("\\ No newline at end of file\n").count(),
        2,
        "{patch}"
    );
}

#[test]
fn crlf_lines_keep_their_carriage_returns() {
    let original = "FROM a\r\nRUN apt-get install -y curl\r\nCMD x\r\n";
    let rewritten = "FROM a\r\nRUN apt-get install -y --no-install-recommends curl\r\nCMD x\r\n";
    check_case("crlf", original, rewritten);
    check_case("crlf to lf", original, &original.replace("\r\n", "\n"));
    check_case(
        "lone carriage return inside a line",
        "A\rB\nC\n",
        "A\rB\nD\n",
    );
    let hunks = diff_hunks(original, rewritten);
    let Row::Replace { old, new, .. } = &hunks[0].rows[1] else {
        panic!("expected a replace row: {hunks:?}");
    };
    assert!(joined(old).ends_with("curl\r\n"));
    assert!(joined(new).ends_with("curl\r\n"));
}

#[test]
fn insertions_at_start_and_end_and_deleting_everything() {
    check_case(
        "insert at start",
        "FROM a\nRUN b\n",
        "# syntax=docker/dockerfile:1\nFROM a\nRUN b\n",
    );
    check_case(
        "insert at end",
        "FROM a\nRUN b\n",
        "FROM a\nRUN b\nUSER app\n",
    );
    check_case("delete at start", "# old\nFROM a\n", "FROM a\n");
    check_case("empty everything", "FROM a\nRUN b\n", "");
    assert_eq!(
        unified_diff("FROM a\n", "FROM a\nUSER app\n", NAME, NAME),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1,2 @@\n FROM a\n+USER app\n"
    );
}

#[test]
fn unicode_lines() {
    check_case(
        "unicode",
        "LABEL a=\"héllo 😀\"\nRUN x\n",
        "LABEL a=\"hällo 😀𝄞\"\nRUN x\n",
    );
}

#[test]
fn identical_texts_give_nothing() {
    for text in ["", "FROM a\n", "FROM a", "A\r\nB\r\n"] {
        assert_eq!(unified_diff(text, text, NAME, NAME), "");
        assert!(diff_hunks(text, text).is_empty());
        assert_eq!(diff_stats(text, text), DiffStats::default());
    }
}

#[test]
fn inserted_flag_is_the_only_changed_word() {
    let hunks = diff_hunks(
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    );
    assert_eq!(hunks.len(), 1);
    let [Row::Equal { .. }, Row::Replace {
        old_line: 2,
        new_line: 2,
        old,
        new,
    }] = hunks[0].rows.as_slice()
    else {
        panic!("unexpected rows: {:?}", hunks[0].rows);
    };
    assert!(
        old.iter().all(|s| !s.changed),
        "nothing was removed: {old:?}"
    );
    let changed: Vec<&str> = new
        .iter()
        .filter(|s| s.changed)
        .map(|s| s.text.trim())
        .collect();
    assert_eq!(changed, ["--no-install-recommends"]);
    assert_eq!(
        joined(new),
        "RUN apt-get install -y --no-install-recommends curl\n"
    );
}

#[test]
fn hunks_serialise_for_the_cli_json() {
    let hunks = diff_hunks("RUN a b\n", "RUN a c\n");
    let json = serde_json::to_value(&hunks).unwrap();
    let row = &json[0]["rows"][0];
    assert_eq!(row["kind"], "replace");
    assert_eq!(row["old_line"], 1);
    assert_eq!(row["new"][1]["text"], "c");
    assert_eq!(row["new"][1]["changed"], true);
    let back: Vec<Hunk> = serde_json::from_value(json).unwrap();
    assert_eq!(back, hunks);
}

/// `cases` runs, without writing failure files into the source tree (the
/// failing input is printed instead).
fn cases(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Texts made of a few Dockerfile-ish lines with mixed endings, so random
/// pairs share lines and produce every kind of op.
fn text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("FROM a\n"),
        Just("RUN b\n"),
        Just("RUN b c\r\n"),
        Just("\n"),
        Just("ENV x=😀\n"),
        Just("COPY . .\n"),
        Just("A\rB\n"),
    ];
    let last = prop_oneof![Just(""), Just("CMD x"), Just("RUN b")];
    (proptest::collection::vec(line, 0..16), last).prop_map(|(lines, last)| lines.concat() + last)
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn hunks_rebuild_the_rewritten_text(original in text(), rewritten in text()) {
        let hunks = diff_hunks(&original, &rewritten);
        prop_assert_eq!(rebuild_from_hunks(&original, &hunks), rewritten.clone());
        prop_assert_eq!(hunks.is_empty(), original == rewritten);
        prop_assert_eq!(unified_diff(&original, &rewritten, NAME, NAME).is_empty(), original == rewritten);
    }
}

proptest! {
    // Each case runs the external tools, so fewer cases.
    #![proptest_config(cases(40))]

    #[test]
    fn random_patches_apply(original in text(), rewritten in text()) {
        prop_assume!(original != rewritten);
        check_case("random", &original, &rewritten);
    }
}
