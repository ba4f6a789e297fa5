//! Rewrite fixtures: every directory of `tests/rewrites/` holds a
//! `before.Dockerfile`, the `after.Dockerfile` it must become, and a
//! `rules.txt` naming (one code per line, `#` comments allowed) the rules
//! whose fixes — of any applicability — are applied to a fixed point.
//!
//! Checked for each: the output is exactly `after.Dockerfile`, it parses
//! without an error node, and fixing it again changes nothing.
//! A directory added by anyone is picked up without touching this file.
//! `DOCKOPT_BLESS=1` writes the output to `after.Dockerfile` instead of
//! comparing: read every file it changes before committing it.

use std::path::{Path, PathBuf};

use dockopt_core::config::Config;
use dockopt_core::fix::{apply_fixes, Applicability, FixSelection};
use dockopt_core::{analyze_with, Options};
use dockopt_syntax::{Dockerfile, NodeKind};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rewrites");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/rewrites exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{}/{name}: {e}", dir.display()))
}

fn rules_of(dir: &Path) -> Vec<String> {
    read(dir, "rules.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Apply the fixes of `codes` (whatever their applicability) to a fixed
/// point. Returns the text and whether it converged.
fn fix(text: &str, codes: &[String]) -> (String, bool) {
    let mut config = Config::default();
    for code in codes {
        let severity = dockopt_core::rules::find(code)
            .unwrap_or_else(|| panic!("rules.txt names an unknown rule {code}"))
            .severity;
        config.rules.severity.insert(code.clone(), severity);
    }
    let options = Options {
        config: Some(&config),
        dockerignore: None,
    };
    let outcome = apply_fixes(text, &FixSelection::default(), |current| {
        analyze_with(current, options)
            .findings
            .into_iter()
            .filter(|f| codes.iter().any(|c| c.eq_ignore_ascii_case(&f.code)))
            .filter_map(|f| f.fix)
            .map(|mut fix| {
                fix.applicability = Applicability::Safe;
                fix
            })
            .collect()
    });
    (outcome.text, outcome.converged)
}

#[test]
fn every_rewrite_fixture_holds() {
    let dirs = fixtures();
    assert!(!dirs.is_empty(), "no fixtures in tests/rewrites");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let before = read(dir, "before.Dockerfile");
        let after = read(dir, "after.Dockerfile");
        let codes = rules_of(dir);
        assert!(!codes.is_empty(), "{name}: rules.txt names no rule");
        let (output, converged) = fix(&before, &codes);
        if !converged {
            failures.push(format!("{name}: the fixes did not reach a fixed point"));
        }
        if std::env::var_os("DOCKOPT_BLESS").is_some() && output != after {
            std::fs::write(dir.join("after.Dockerfile"), &output).expect("write after.Dockerfile");
        } else if output != after {
            failures.push(format!(
                "{name}: output differs from after.Dockerfile; output:\n{output}"
            ));
        }
        let parsed = Dockerfile::parse(&output);
        let errors: Vec<String> = parsed
            .nodes()
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::Error(e) => Some(e.message.clone()),
                _ => None,
            })
            .chain(parsed.errors().map(|d| d.message.clone()))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{name}: the output has parse errors: {errors:?}"));
        }
        let (again, _) = fix(&output, &codes);
        if again != output {
            failures.push(format!(
                "{name}: fixing the output again changes it:\n{again}"
            ));
        }
        if before == after {
            failures.push(format!("{name}: before and after are the same"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The rewrite rules of this suite, for the corpus run.
const REWRITE_RULES: &[&str] = &["DL3059", "DO1001", "DO2100", "DO2101", "DO3100", "DO4001"];

/// Over ../shared/corpus (real Dockerfiles and BuildKit's parser
/// fixtures): the rewrites never
/// panic, their output parses with no more errors than the input had, and
/// fixing the output again changes nothing.
#[test]
fn rewrites_on_the_real_corpus_are_stable() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    // The real Dockerfiles, and BuildKit's parser fixtures (odd escapes,
    // continuations, heredocs, malformed files) for robustness.
    let mut files: Vec<PathBuf> = Vec::new();
    let mut work = vec![corpus.join("real"), corpus.join("buildkit-parser")];
    while let Some(dir) = work.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("../shared/corpus exists")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                work.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 300, "the corpus is missing files");
    let codes: Vec<String> = REWRITE_RULES.iter().map(|c| c.to_string()).collect();
    let error_count = |text: &str| {
        let parsed = Dockerfile::parse(text);
        parsed
            .nodes()
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Error(_)))
            .count()
            + parsed.errors().count()
    };
    let mut failures = Vec::new();
    let mut changed = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let (output, converged) = fix(&text, &codes);
        if output != text {
            changed += 1;
        }
        if !converged {
            failures.push(format!("{name}: no fixed point"));
        }
        if error_count(&output) > error_count(&text) {
            failures.push(format!("{name}: the rewrite adds parse errors:\n{output}"));
        }
        let (again, _) = fix(&output, &codes);
        if again != output {
            failures.push(format!("{name}: fixing twice differs from once"));
        }
    }
    assert!(changed > 0, "no corpus file was rewritten");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
