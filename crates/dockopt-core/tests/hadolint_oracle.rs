//! hadolint as the oracle: the real hadolint 2.15.1 (installed by `./dev
//! test` into `.tools/venv`, or named by `$HADOLINT`) and dockopt read every
//! file of ../shared/corpus/real, and their DL findings are matched by
//! (code, line of the instruction). Every disagreement must be listed, with
//! its reason, in `tests/hadolint/disagreements.tsv`; a listed one that no
//! longer happens fails too, so the list stays true.
//!
//! Only codes dockopt implements are compared (ShellCheck's SC codes are not
//! ours); the hadolint codes seen that dockopt lacks must equal
//! [`NOT_IMPLEMENTED`]. Agreement per rule is printed and written to
//! `target/hadolint-agreement.txt`.
//!
//! `DOCKOPT_BLESS=1` rewrites the file with the current disagreements,
//! keeping known reasons and marking new ones `UNREVIEWED`, which fails the
//! test until a person writes the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use dockopt_core::engine::{analyze_with, Options};
use dockopt_syntax::Dockerfile;

/// hadolint codes in the corpus that dockopt does not implement.
const NOT_IMPLEMENTED: &[&str] = &[];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hadolint() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HADOLINT") {
        return Some(PathBuf::from(path));
    }
    let venv = repo_root().join(".tools/venv/bin/hadolint");
    venv.is_file().then_some(venv)
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = repo_root().join("../shared/corpus/real");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.ends_with("manifest.tsv") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    files
}

type Key = (String, u32, String); // file, line, code

/// hadolint's findings per file name, and the files it could not parse.
fn hadolint_findings(
    binary: &Path,
    files: &[PathBuf],
) -> (BTreeSet<Key>, BTreeMap<String, String>) {
    // A fresh HOME and working directory: no user or project .hadolint.yaml.
    let home = std::env::temp_dir().join(format!("dockopt-hadolint-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    let output = Command::new(binary)
        .args(["--no-fail", "--format", "json"])
        .args(files)
        .current_dir(&home)
        .env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let _ = std::fs::remove_dir_all(&home);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "hadolint printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut found = BTreeSet::new();
    let mut unparsed = BTreeMap::new();
    for item in value.as_array().expect("a JSON array") {
        let file = Path::new(item["file"].as_str().unwrap_or_default())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = item["code"].as_str().unwrap_or_default().to_string();
        let line = item["line"].as_u64().unwrap_or(0) as u32;
        if code == "DL1000" {
            unparsed.insert(
                file,
                item["message"]
                    .as_str()
                    .unwrap_or_default()
                    .replace('\n', " "),
            );
        } else if code.starts_with("DL") {
            found.insert((file, line, code));
        }
    }
    (found, unparsed)
}

/// dockopt's DL findings, each at the first line of its instruction (where
/// hadolint reports), or at its own line outside instructions.
fn dockopt_findings(files: &[PathBuf]) -> BTreeSet<Key> {
    let mut found = BTreeSet::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tree = Dockerfile::parse(&text);
        let index = tree.line_index();
        let starts: Vec<(usize, usize)> = tree
            .nodes()
            .iter()
            .map(|n| (n.span.start, n.span.end))
            .collect();
        for finding in analyze_with(&text, Options::default()).findings {
            if !finding.code.starts_with("DL") || finding.code == "DL1000" {
                continue;
            }
            let offset = finding.span.start;
            let anchor = starts
                .iter()
                .find(|(s, e)| *s <= offset && offset < (*e).max(*s + 1))
                .map_or(offset, |(s, _)| *s);
            let line = index.position(&text, anchor).line;
            found.insert((name.clone(), line, finding.code));
        }
    }
    found
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Listed {
    file: String,
    line: String,
    code: String,
    side: String,
    reason: String,
}

fn list_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hadolint/disagreements.tsv")
}

fn read_list() -> Vec<Listed> {
    let text = std::fs::read_to_string(list_path()).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.splitn(5, '\t');
            Some(Listed {
                file: parts.next()?.to_string(),
                line: parts.next()?.to_string(),
                code: parts.next()?.to_string(),
                side: parts.next()?.to_string(),
                reason: parts.next()?.to_string(),
            })
        })
        .collect()
}

impl Listed {
    fn covers(&self, (file, line, code): &Key, side: &str) -> bool {
        self.file == *file
            && (self.line == "*" || self.line == line.to_string())
            && (self.code == "*" || self.code == *code)
            && (self.side == "both" || self.side == side)
    }
}

#[test]
fn dockopt_agrees_with_hadolint_on_the_corpus_or_says_why() {
    let Some(binary) = hadolint() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "hadolint is missing: ./dev test installs it into .tools/venv"
        );
        eprintln!("SKIPPED: hadolint not installed (run ./dev test, or set HADOLINT)");
        return;
    };
    let files = corpus_files();
    assert!(files.len() > 200, "the corpus has about 270 files");
    let (theirs, unparsed) = hadolint_findings(&binary, &files);
    let ours = dockopt_findings(&files);
    let implemented = |code: &str| dockopt_core::rules::find(code).is_some();

    let missing: BTreeSet<&str> = theirs
        .iter()
        .map(|(_, _, c)| c.as_str())
        .filter(|c| !implemented(c))
        .collect();
    let expected_missing: BTreeSet<&str> = NOT_IMPLEMENTED.iter().copied().collect();

    let compared_theirs: BTreeSet<&Key> = theirs.iter().filter(|k| implemented(&k.2)).collect();
    let compared_ours: BTreeSet<&Key> = ours.iter().collect();
    let mut disagreements: Vec<(&Key, &str)> = Vec::new();
    for key in compared_theirs.difference(&compared_ours) {
        disagreements.push((key, "hadolint-only"));
    }
    for key in compared_ours.difference(&compared_theirs) {
        disagreements.push((key, "dockopt-only"));
    }
    disagreements.sort();

    // Agreement per rule.
    let mut per_rule: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for key in compared_theirs.intersection(&compared_ours) {
        per_rule.entry(&key.2).or_default()[0] += 1;
    }
    for (key, side) in &disagreements {
        per_rule.entry(&key.2).or_default()[if *side == "hadolint-only" { 1 } else { 2 }] += 1;
    }
    let mut table = String::from("code\tboth\thadolint-only\tdockopt-only\tagreement\n");
    for (code, [both, h, d]) in &per_rule {
        let total = both + h + d;
        table.push_str(&format!(
            "{code}\t{both}\t{h}\t{d}\t{}%\n",
            both * 100 / total.max(1)
        ));
    }
    table.push_str(&format!(
        "hadolint could not parse {} file(s): {}\n",
        unparsed.len(),
        unparsed.keys().cloned().collect::<Vec<_>>().join(", ")
    ));
    eprintln!("{table}");
    let _ = std::fs::write(repo_root().join("target/hadolint-agreement.txt"), &table);

    let listed = read_list();
    if std::env::var_os("DOCKOPT_BLESS").is_some() {
        let mut out =
            String::from("# file\tline\tcode\tside\treason — see tests/hadolint_oracle.rs\n");
        let mut rows: BTreeSet<String> = BTreeSet::new();
        for (key, side) in &disagreements {
            if let Some(known) = listed.iter().find(|l| l.covers(key, side)) {
                rows.insert(format!(
                    "{}\t{}\t{}\t{}\t{}",
                    known.file, known.line, known.code, known.side, known.reason
                ));
            } else if let Some(message) = unparsed.get(&key.0) {
                rows.insert(format!("{}\t*\t*\tdockopt-only\thadolint cannot parse this file ({message}); dockopt reads it", key.0));
            } else {
                rows.insert(format!(
                    "{}\t{}\t{}\t{}\tUNREVIEWED",
                    key.0, key.1, key.2, side
                ));
            }
        }
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
        std::fs::write(list_path(), out).expect("write the list");
        return;
    }

    let mut problems = Vec::new();
    if missing != expected_missing {
        problems.push(format!(
            "hadolint codes dockopt lacks: {missing:?}, expected {expected_missing:?} (update NOT_IMPLEMENTED)"
        ));
    }
    for (key, side) in &disagreements {
        if !listed.iter().any(|l| l.covers(key, side)) {
            problems.push(format!(
                "not listed: {}\t{}\t{}\t{side}",
                key.0, key.1, key.2
            ));
        }
    }
    for entry in &listed {
        if entry.reason.trim().is_empty() || entry.reason.contains("UNREVIEWED") {
            problems.push(format!("no reason given: {entry:?}"));
        }
        if !disagreements
            .iter()
            .any(|(key, side)| entry.covers(key, side))
        {
            problems.push(format!("listed but no longer a disagreement: {entry:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
