//! The fix guarantees, over every real Dockerfile in ../shared/corpus/real
//! (used unchanged; CI always has ../shared, so a missing corpus fails):
//!
//! - every single fix, applied alone: its edits are valid, the output parses
//!   with no error node the input did not have, the text outside the edited
//!   ranges is byte-identical, and no instruction disappears unless the
//!   fix's title says it removes, merges, moves or replaces something;
//! - all fixes (safe, unsafe and suggestions) applied to a fixed point:
//!   the process converges, the output parses without new errors, and
//!   fixing the output again changes nothing (idempotent).

mod common;

use dockopt_core::engine::{analyze_with, fix_text, fix_text_after, Options};
use dockopt_core::fix::{Applicability, Fix, FixSelection};
use dockopt_syntax::{Dockerfile, NodeKind};

fn corpus() -> Vec<(String, String)> {
    let files: Vec<_> = common::real_corpus()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("manifest.tsv") && !p.ends_with("README.md"))
        .filter_map(|(p, text)| Some((p.file_name()?.to_string_lossy().into_owned(), text)))
        .collect();
    assert!(files.len() > 200, "the corpus has about 270 files");
    files
}

fn error_count(text: &str) -> usize {
    Dockerfile::parse(text)
        .nodes()
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Error(_)))
        .count()
}

fn instruction_count(text: &str) -> usize {
    Dockerfile::parse(text).instructions().count()
}

/// Splice one fix's edits, checking them as the fix engine does.
fn apply_one(text: &str, fix: &Fix) -> Result<String, String> {
    let mut edits = fix.edits.clone();
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for edit in &edits {
        if edit.start < at || edit.end < edit.start || edit.end > text.len() {
            return Err(format!(
                "edit {}..{} is out of order or range",
                edit.start, edit.end
            ));
        }
        if !text.is_char_boundary(edit.start) || !text.is_char_boundary(edit.end) {
            return Err(format!(
                "edit {}..{} splits a character",
                edit.start, edit.end
            ));
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// Whether the text outside the fix's edited ranges is unchanged: walking
/// both texts, every unedited stretch of the input appears verbatim at the
/// right place in the output.
fn outside_edits_unchanged(before: &str, after: &str, fix: &Fix) -> bool {
    let mut edits = fix.edits.clone();
    edits.sort();
    let (mut from, mut to) = (0usize, 0usize);
    for edit in &edits {
        let kept = &before[from..edit.start];
        if after.get(to..to + kept.len()) != Some(kept) {
            return false;
        }
        to += kept.len() + edit.replacement.len();
        from = edit.end;
    }
    after.get(to..) == before.get(from..)
}

fn says_it_removes(title: &str) -> bool {
    let title = title.to_ascii_lowercase();
    [
        "remove",
        "merge",
        "move",
        "replace",
        "delete",
        "drop",
        "combine",
        "split",
        "keep only",
    ]
    .iter()
    .any(|word| title.contains(word))
}

#[test]
fn every_fix_alone_keeps_the_file_valid_and_touches_only_its_ranges() {
    let mut failures = Vec::new();
    let (mut fixes, mut by_applicability) = (0usize, [0usize; 3]);
    for (name, text) in corpus() {
        let errors_before = error_count(&text);
        let instructions_before = instruction_count(&text);
        let report = analyze_with(&text, Options::default());
        for fix in report.findings.iter().filter_map(|f| f.fix.as_ref()) {
            fixes += 1;
            by_applicability[match fix.applicability {
                Applicability::Safe => 0,
                Applicability::Unsafe => 1,
                Applicability::Suggestion => 2,
            }] += 1;
            let output = match apply_one(&text, fix) {
                Ok(output) => output,
                Err(problem) => {
                    failures.push(format!("{name}: {}: {problem}", fix.id));
                    continue;
                }
            };
            if !outside_edits_unchanged(&text, &output, fix) {
                failures.push(format!(
                    "{name}: {}: text outside the edits changed",
                    fix.id
                ));
            }
            let errors_after = error_count(&output);
            if errors_after > errors_before {
                failures.push(format!(
                    "{name}: {} ({}) leaves {} error node(s):\n{output}",
                    fix.id,
                    fix.title,
                    errors_after - errors_before
                ));
            }
            let instructions_after = instruction_count(&output);
            if instructions_after < instructions_before && !says_it_removes(&fix.title) {
                failures.push(format!(
                    "{name}: {} ({}) drops {} instruction(s) without saying so",
                    fix.id,
                    fix.title,
                    instructions_before - instructions_after
                ));
            }
        }
    }
    eprintln!(
        "{fixes} fixes over the corpus: {} safe, {} unsafe, {} suggestions",
        by_applicability[0], by_applicability[1], by_applicability[2]
    );
    assert!(fixes > 0, "the corpus has fixable findings");
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixing_everything_converges_and_fixing_again_changes_nothing() {
    let mut failures = Vec::new();
    let mut changed_files = 0;
    for (name, text) in corpus() {
        let errors_before = error_count(&text);
        // Everything: unsafe fixes and, by id, every suggestion of the file.
        let mut selection = FixSelection {
            unsafe_fixes: true,
            ..FixSelection::default()
        };
        let first = fix_text(&text, Options::default(), &selection);
        // Suggestions are switched on by id; ids are stable across passes,
        // so enabling the ones the first run skipped and running again
        // applies them too.
        selection
            .enabled
            .extend(first.skipped.iter().map(|s| s.id.clone()));
        let outcome = fix_text(&text, Options::default(), &selection);
        if !outcome.converged {
            failures.push(format!("{name}: did not converge in the pass limit"));
        }
        if error_count(&outcome.text) > errors_before {
            failures.push(format!(
                "{name}: the fixed file has new error nodes:\n{}",
                outcome.text
            ));
        }
        let again = fix_text(&outcome.text, Options::default(), &selection);
        if again.text != outcome.text {
            failures.push(format!(
                "{name}: fixing the fixed file changes it again (applied {:?})",
                again.applied.iter().map(|a| &a.id).collect::<Vec<_>>()
            ));
        }
        changed_files += usize::from(outcome.text != text);
    }
    eprintln!("{changed_files} corpus files change when every fix is applied");
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn fixing_after_an_analysis_is_fixing_from_scratch() {
    // The playground fixes with the report it already has (the first pass's
    // fixes); the outcome must be the one `dockopt fix` gets from the text.
    for (name, text) in corpus() {
        let report = analyze_with(&text, Options::default());
        let everything = FixSelection::everything(report.fixes());
        for selection in [FixSelection::default(), everything] {
            assert_eq!(
                fix_text_after(&text, Options::default(), &report, &selection),
                fix_text(&text, Options::default(), &selection),
                "{name}"
            );
        }
    }
}
