//! The size (DO2xxx) and build-cache (DO3xxx) rules over the real
//! Dockerfiles of ../shared/corpus/real: they never panic, every finding's
//! span is inside the file on character boundaries, every fix of theirs
//! (unsafe ones and suggestions included) re-parses without new syntax
//! errors, and fixing is idempotent (fixing the result again changes
//! nothing). CI always has ../shared: a missing corpus fails.

mod common;

use dockopt_core::engine::Options;
use dockopt_core::fix::{apply_fixes, Applicability, FixSelection};
use dockopt_core::{analyze_with, rules};

fn corpus() -> Vec<(String, String)> {
    common::real_corpus_by_path()
}

fn ours(code: &str) -> bool {
    code.starts_with("DO2") || code.starts_with("DO3")
}

fn config() -> dockopt_core::config::Config {
    let mut config = dockopt_core::config::Config::default();
    for rule in rules::all().filter(|r| ours(r.code)) {
        config
            .rules
            .severity
            .insert(rule.code.to_string(), rule.severity);
    }
    config
}

fn fix_everything(text: &str, config: &dockopt_core::config::Config) -> String {
    let options = Options {
        config: Some(config),
        dockerignore: None,
    };
    apply_fixes(text, &FixSelection::default(), |current| {
        analyze_with(current, options)
            .findings
            .into_iter()
            .filter(|f| ours(&f.code))
            .filter_map(|f| f.fix)
            .map(|mut fix| {
                fix.applicability = Applicability::Safe;
                fix
            })
            .collect()
    })
    .text
}

fn syntax_errors(text: &str) -> usize {
    dockopt_syntax::Dockerfile::parse(text).errors().count()
}

#[test]
fn size_and_cache_rules_hold_on_the_real_corpus() {
    let files = corpus();
    assert!(files.len() > 200, "the corpus has about 270 files");
    let config = config();
    let options = Options {
        config: Some(&config),
        dockerignore: None,
    };
    let mut findings = 0;
    let mut problems = Vec::new();
    for (path, text) in &files {
        let report = analyze_with(text, options);
        for finding in report.findings.iter().filter(|f| ours(&f.code)) {
            findings += 1;
            let (start, end) = (finding.span.start, finding.span.end);
            if start > end || text.get(start..end).is_none() {
                problems.push(format!(
                    "{path}: {} has a bad span {start}..{end}",
                    finding.code
                ));
            }
            if start == end {
                problems.push(format!("{path}: {} has an empty span", finding.code));
            }
        }
        let fixed = fix_everything(text, &config);
        if syntax_errors(&fixed) > syntax_errors(text) {
            problems.push(format!(
                "{path}: fixing introduced a syntax error:\n{fixed}"
            ));
        }
        let again = fix_everything(&fixed, &config);
        if again != fixed {
            problems.push(format!("{path}: fixing twice differs from fixing once"));
        }
    }
    assert!(
        findings > 50,
        "the rules find things in real files ({findings})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
