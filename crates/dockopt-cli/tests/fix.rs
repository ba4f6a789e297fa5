//! `dockopt fix`, `dockopt diff`, `dockopt rule(s)` and config discovery end
//! to end. The fixtures lean on DL3009 (safe fix: append the lists cleanup)
//! and DL3015 (unsafe fix: `--no-install-recommends`), selected explicitly so
//! that other rules' fixes do not change what these tests see.

mod common;

use common::*;

const FIXED_LISTS: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1001\n";

#[test]
fn fix_prints_the_rewritten_file_and_says_what_it_did() {
    let dir = tree(&[("Dockerfile", TWO_INFO)]);
    let out = run_in(
        dir.path(),
        &["fix", "--select", "DL3009,DL3015", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Only the safe fix: DL3015's is unsafe.
    assert_eq!(stdout(&out), FIXED_LISTS);
    let err = stderr(&out);
    assert!(err.contains("Dockerfile: fixed DL3009:1 (safe)"), "{err}");
    assert!(
        err.contains("not fixed DL3015:1") && err.contains("--unsafe-fixes"),
        "{err}"
    );
    // The file itself is untouched without --write.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        TWO_INFO
    );
}

#[test]
fn unsafe_fixes_are_opt_in() {
    let dir = tree(&[("Dockerfile", TWO_INFO)]);
    let out = run_in(
        dir.path(),
        &[
            "fix",
            "--select",
            "DL3009,DL3015",
            "--unsafe-fixes",
            "Dockerfile",
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1001\n"
    );
}

#[test]
fn write_rewrites_the_file_and_check_reports_without_writing() {
    let dir = tree(&[("Dockerfile", TWO_INFO)]);
    let out = run_in(
        dir.path(),
        &["fix", "--select", "DL3009", "--check", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 1, "would change: exit 1");
    assert_eq!(stdout(&out), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        TWO_INFO
    );

    let out = run_in(
        dir.path(),
        &["fix", "--select", "DL3009", "--write", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        FIXED_LISTS
    );

    // Fixing the fixed file changes nothing.
    let out = run_in(
        dir.path(),
        &["fix", "--select", "DL3009", "--check", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 0);
}

#[test]
fn ignore_leaves_a_rules_fixes_out_and_stdin_is_printed() {
    let out = run_in(
        std::env::temp_dir().as_path(),
        &[
            "fix",
            "--select",
            "DL3009,DL3015",
            "--ignore",
            "apt-lists-not-deleted",
            "--unsafe-fixes",
            "-",
        ],
        TWO_INFO.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl=7.88.1-10+deb12u8\nUSER 1001\n"
    );
}

#[test]
fn unknown_rule_names_in_select_are_usage_errors() {
    let dir = tree(&[("Dockerfile", TWO_INFO)]);
    let out = run_in(
        dir.path(),
        &["fix", "--select", "DL9999", "Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no rule named DL9999"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn diff_prints_a_patch_that_git_apply_accepts_and_exits_1() {
    let dir = tree(&[("app/Dockerfile", TWO_INFO)]);
    let out = run_in(dir.path(), &["diff", "--select", "DL3009"], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let patch = stdout(&out);
    assert!(
        patch.starts_with("--- a/app/Dockerfile\n+++ b/app/Dockerfile\n@@ -1,3 +1,3 @@\n"),
        "{patch}"
    );
    assert!(patch.contains(
        "\n+RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\n"
    ));

    // The patch applies with git (outside any enclosing repository).
    let patch_file = dir.path().join("fix.patch");
    std::fs::write(&patch_file, &patch).unwrap();
    let applied = std::process::Command::new("git")
        .args(["apply", "--unsafe-paths", "fix.patch"])
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .expect("git runs");
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app/Dockerfile")).unwrap(),
        FIXED_LISTS
    );

    // Nothing left to fix: empty diff, exit 0.
    let out = run_in(
        dir.path(),
        &["diff", "--select", "DL3009", "app/Dockerfile"],
        b"",
    );
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn rule_prints_docs_and_suggests_near_misses() {
    let out = run_in(std::env::temp_dir().as_path(), &["rule", "dl3009"], b"");
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(
        page.starts_with("# DL3009 apt-lists-not-deleted\n"),
        "{page}"
    );
    assert!(page.contains("## Fix safety"));

    let out = run_in(std::env::temp_dir().as_path(), &["rule", "DK3009"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean DL3009"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_lists_the_catalog_as_text_and_json() {
    let out = run_in(
        std::env::temp_dir().as_path(),
        &["rules", "--format", "json"],
        b"",
    );
    assert_eq!(code(&out), 0);
    let rules = json(&out);
    let rules = rules.as_array().expect("array");
    assert_eq!(rules.len(), dockopt_core::rules::all().count());
    assert!(rules
        .iter()
        .any(|r| r["code"] == "DL3009" && r["fix"] == "safe"));

    let out = run_in(std::env::temp_dir().as_path(), &["rules"], b"");
    let text = stdout(&out);
    assert!(text.starts_with("code "), "{text}");
    assert!(text.ends_with(&format!("{} rules\n", rules.len())));

    let out = run_in(
        std::env::temp_dir().as_path(),
        &["rules", "--family", "nope"],
        b"",
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn a_config_file_found_upward_switches_rules_off() {
    let dir = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".dockopt.toml", "[rules]\nignore = [\"DL3009\"]\n"),
        ("svc/api/Dockerfile", ONE_INFO),
    ]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "svc/api/Dockerfile"],
        b"",
    );
    let value = json(&out);
    assert!(
        findings(&value, 0).iter().all(|(c, _, _)| c != "DL3009"),
        "{value}"
    );

    // --config names another file; --disable adds to it.
    write(dir.path(), "other.toml", b"[rules]\nignore = []\n");
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "other.toml",
            "svc/api/Dockerfile",
        ],
        b"",
    );
    assert!(findings(&json(&out), 0)
        .iter()
        .any(|(c, _, _)| c == "DL3009"));
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "other.toml",
            "--disable",
            "DL3009",
            "svc/api/Dockerfile",
        ],
        b"",
    );
    assert!(findings(&json(&out), 0)
        .iter()
        .all(|(c, _, _)| c != "DL3009"));
}

#[test]
fn a_bad_config_is_an_error_that_names_the_file() {
    let dir = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".dockopt.toml", "[rules]\nignroe = [\"DL3009\"]\n"),
        ("Dockerfile", ONE_INFO),
    ]);
    let out = run_in(dir.path(), &["check", "Dockerfile"], b"");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(".dockopt.toml: invalid config") && err.contains("ignroe"),
        "{err}"
    );
}
