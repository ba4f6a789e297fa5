//! `dockopt check` end to end: exit codes, thresholds, standard input,
//! directory discovery, unreadable input and output order.

mod common;

use common::*;

#[test]
fn the_fixture_dockerfiles_have_the_findings_the_tests_rely_on() {
    let dir = tree(&[
        ("clean/Dockerfile", CLEAN),
        ("info/Dockerfile", ONE_INFO),
        ("two/Dockerfile", TWO_INFO),
    ]);
    let out = run_in(dir.path(), &["check", "--format", "json"], b"");
    let value = json(&out);
    assert_eq!(
        paths(&value),
        ["clean/Dockerfile", "info/Dockerfile", "two/Dockerfile"]
    );
    assert_eq!(findings(&value, 0), []);
    // "RUN apt-get " is 12 characters; "RUN apt-get update && apt-get " 30.
    assert_eq!(findings(&value, 1), [("DL3009".to_string(), 2, 13)]);
    assert_eq!(
        findings(&value, 2),
        [("DL3009".to_string(), 2, 13), ("DL3015".to_string(), 2, 31)]
    );
}

#[test]
fn clean_files_exit_0_with_a_summary() {
    let dir = tree(&[("Dockerfile", CLEAN)]);
    let out = run_in(dir.path(), &["check", "Dockerfile"], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "No problems found in 1 file.\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn findings_exit_1() {
    let dir = tree(&[("Dockerfile", ONE_INFO)]);
    let out = run_in(dir.path(), &["check", "Dockerfile"], b"");
    assert_eq!(code(&out), 1);
    let header = format!("Dockerfile:2:13: DL3009 info {}\n", first_message(ONE_INFO));
    assert!(stdout(&out).starts_with(&header), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("Found 1 problem (1 info) in 1 file.\n"));
}

#[test]
fn the_threshold_decides_which_severities_fail() {
    let dir = tree(&[("info.Dockerfile", ONE_INFO)]);
    for (threshold, expected) in [
        ("error", 0),
        ("warning", 0),
        ("info", 1),
        ("style", 1),
        ("none", 0),
    ] {
        let out = run_in(
            dir.path(),
            &[
                "check",
                "--severity-threshold",
                threshold,
                "info.Dockerfile",
            ],
            b"",
        );
        assert_eq!(
            code(&out),
            expected,
            "info finding at threshold {threshold}"
        );
    }
    // The default threshold is `info`.
    assert_eq!(
        code(&run_in(dir.path(), &["check", "info.Dockerfile"], b"")),
        1
    );
}

/// Whatever the engine finds, the exit status must agree with the JSON: 1
/// exactly when some finding is at or above the threshold.
#[test]
fn exit_status_agrees_with_the_reported_severities() {
    let examples = examples_dir();
    let order = ["style", "info", "warning", "error"];
    for threshold in ["error", "warning", "info", "style", "none"] {
        let out = run_in(
            &examples,
            &[
                "check",
                "--format",
                "json",
                "--severity-threshold",
                threshold,
                ".",
            ],
            b"",
        );
        let value = json(&out);
        let rank = |s: &str| order.iter().position(|o| *o == s);
        let lowest = rank(threshold);
        let any_failing = value["files"]
            .as_array()
            .expect("files")
            .iter()
            .flat_map(|f| f["report"]["findings"].as_array().expect("findings").iter())
            .any(
                |f| match (lowest, rank(f["severity"].as_str().expect("severity"))) {
                    (Some(lowest), Some(severity)) => severity >= lowest,
                    _ => false,
                },
            );
        assert_eq!(code(&out), i32::from(any_failing), "threshold {threshold}");
        assert_eq!(value["summary"]["failed"], any_failing);
        assert_eq!(value["summary"]["severity_threshold"], threshold);
    }
}

#[test]
fn stdin_is_read_for_dash_and_named_by_stdin_filename() {
    let dir = tree(&[]);
    let out = run_in(dir.path(), &["check", "-"], ONE_INFO.as_bytes());
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).starts_with("<stdin>:2:13: DL3009 info "),
        "{}",
        stdout(&out)
    );

    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "api/Dockerfile",
            "-",
        ],
        ONE_INFO.as_bytes(),
    );
    let value = json(&out);
    assert_eq!(paths(&value), ["api/Dockerfile"]);
    assert_eq!(findings(&value, 0), [("DL3009".to_string(), 2, 13)]);
}

#[test]
fn directories_are_searched_for_dockerfile_names_only() {
    let dir = tree(&[
        ("Dockerfile", CLEAN),
        ("Dockerfile.dockerignore", "node_modules\n"),
        (".dockerignore", "target\n"),
        ("a/Dockerfile.dev", CLEAN),
        ("a/b/c/api.Dockerfile", CLEAN),
        ("a/b/worker.dockerfile", CLEAN),
        ("a/README.md", "FROM x\n"),
        ("a/dockerfile", CLEAN),
        ("a/Dockerfiles", CLEAN),
        (".git/Dockerfile", CLEAN),
        ("node_modules/pkg/Dockerfile", CLEAN),
        ("target/Dockerfile", CLEAN),
        ("sub/target/Dockerfile", CLEAN),
        (".github/Dockerfile", CLEAN),
    ]);
    let out = run_in(dir.path(), &["check", "--format", "json"], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        paths(&json(&out)),
        [
            ".github/Dockerfile",
            "Dockerfile",
            "a/Dockerfile.dev",
            "a/b/c/api.Dockerfile",
            "a/b/worker.dockerfile",
        ]
    );
    // An explicit file is checked whatever its name; a path given twice once.
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "a/README.md",
            "./a/README.md",
            "a",
        ],
        b"",
    );
    assert_eq!(
        paths(&json(&out)),
        [
            "a/Dockerfile.dev",
            "a/README.md",
            "a/b/c/api.Dockerfile",
            "a/b/worker.dockerfile"
        ]
    );
}

#[test]
fn a_missing_file_is_exit_2_but_the_others_are_still_checked() {
    let dir = tree(&[("Dockerfile", ONE_INFO)]);
    let out = run_in(
        dir.path(),
        &["check", "missing/Dockerfile", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "dockopt: missing/Dockerfile: No such file or directory\n"
    );
    assert!(stdout(&out).starts_with("Dockerfile:2:13: DL3009 info "));

    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "nope", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 2);
    let value = json(&out);
    assert_eq!(paths(&value), ["Dockerfile"]);
    assert_eq!(value["errors"][0]["path"], "nope");
    assert_eq!(value["summary"]["errors"], 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let dir = tree(&[("ok/Dockerfile", CLEAN)]);
    std::os::unix::fs::symlink("b.Dockerfile", dir.path().join("a.Dockerfile")).expect("link");
    std::os::unix::fs::symlink("a.Dockerfile", dir.path().join("b.Dockerfile")).expect("link");
    let out = run_in(dir.path(), &["check", "a.Dockerfile", "ok"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("dockopt: a.Dockerfile: "),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("No problems found in 1 file."));
    // Inside a searched directory, the dangling links are not Dockerfiles to check.
    let out = run_in(dir.path(), &["check", "."], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn non_utf8_input_is_a_clear_error_not_a_panic() {
    let dir = tree(&[("ok/Dockerfile", CLEAN)]);
    write(
        dir.path(),
        "latin1/Dockerfile",
        b"FROM alpine:3.20\nLABEL author=\"Jos\xe9\"\n",
    );
    let out = run_in(dir.path(), &["check", "."], b"");
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "dockopt: latin1/Dockerfile: not UTF-8 text (invalid byte at offset 34); save the file as UTF-8\n"
    );
    assert!(stdout(&out).contains("No problems found in 1 file."));

    let out = run_in(dir.path(), &["check", "-"], b"\xff\xfeF\x00R\x00");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("<stdin>: not UTF-8 text (invalid byte at offset 0)"));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn many_files_come_out_sorted_and_identical_across_runs() {
    let mut files = Vec::new();
    // Names whose creation order, listing order and sort order all differ.
    for i in (0..60).rev() {
        let text = if i % 3 == 0 { ONE_INFO } else { CLEAN };
        files.push((
            format!("svc{:02}/{}/Dockerfile", (i * 37) % 60, i % 4),
            text,
        ));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let dir = tree(&borrowed);
    let first = run_in(dir.path(), &["check", "--format", "json", "."], b"");
    let listed = paths(&json(&first));
    let mut expected: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    expected.sort();
    assert_eq!(listed, expected);
    for format in ["json", "text", "sarif"] {
        let a = run_in(dir.path(), &["check", "--format", format, "."], b"");
        let b = run_in(
            dir.path(),
            &["check", "--format", format, "svc59", "."],
            b"",
        );
        assert_eq!(
            a.stdout, b.stdout,
            "{format}: argument order must not matter"
        );
    }
    let text = stdout(&run_in(dir.path(), &["check", "."], b""));
    let headers: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": DL3009 "))
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    let mut sorted = headers.clone();
    sorted.sort();
    assert_eq!(headers.len(), 20);
    assert_eq!(headers, sorted);
}

#[test]
fn no_dockerfiles_found_is_a_warning() {
    let dir = tree(&[("README.md", "hi\n")]);
    let out = run_in(dir.path(), &["check"], b"");
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("no Dockerfiles found"));
    assert_eq!(stdout(&out), "No problems found in 0 files.\n");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tree(&[("Dockerfile", CLEAN)]);
    for args in [
        &["check", "--format", "yaml"][..],
        &["check", "--severity-threshold", "fatal"],
        &["check", "--no-such-flag"],
        &["check", "--color", "never", "--no-color"],
        &["frobnicate"],
        &[],
    ] {
        let out = run_in(dir.path(), args, b"");
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(!stderr(&out).is_empty());
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = tree(&[("Dockerfile", ONE_INFO)]);
    let plain = stdout(&run_in(dir.path(), &["check"], b""));
    assert!(!plain.contains('\x1b'), "a pipe gets no colour");
    let coloured = stdout(&run_in(dir.path(), &["check", "--color", "always"], b""));
    assert!(coloured.contains("\x1b[1;36mDL3009\x1b[0m"), "{coloured}");
    let never = stdout(&run_in(dir.path(), &["check", "--no-color"], b""));
    assert_eq!(never, plain);
}

#[test]
fn help_and_version_work() {
    let dir = tree(&[]);
    let out = run_in(dir.path(), &["--help"], b"");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("check"));
    assert!(stdout(&out).contains("share"));
    let out = run_in(dir.path(), &["--version"], b"");
    assert_eq!(
        stdout(&out),
        format!("dockopt {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn huge_lines_and_huge_runs_print_bounded_frames() {
    // A finding 70,012 cells into a line ("RUN " + 70,000 + " && apt-get ";
    // past any u16 format width) and a RUN continued over 50,000 lines.
    let text = format!(
        "FROM python:3.12\nRUN {} && apt-get update\nRUN apt-get install -y curl \\\n{}  && echo done\nUSER app\n",
        "a".repeat(70_000),
        "  && echo x \\\n".repeat(50_000)
    );
    let dir = tree(&[("Dockerfile", &text)]);
    let out = run_in(dir.path(), &["check"], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let stdout = stdout(&out);
    assert!(
        stdout.contains("Dockerfile:2:70017: DL3009 info"),
        "{stdout:.300}"
    );
    assert!(
        stdout.contains("Dockerfile:3:13: DL3015 info"),
        "{stdout:.300}"
    );
    assert!(
        stdout.lines().all(|l| l.chars().count() < 300),
        "lines are windowed"
    );
    assert!(stdout.len() < 5_000, "{} bytes of output", stdout.len());
}
