//! Every rule's documentation is a test: its **Example** gives exactly one
//! finding of that rule, its **Use instead** gives none, and when the rule
//! has a fix, applying that rule's fixes to the Example yields the Use
//! instead text. The catalog itself is checked too: unique codes and names,
//! the fixed headings, and a **Size impact** section for size rules.

use std::collections::BTreeSet;

use super::{all, first_code_block, Family, FixAvailability, Rule};
use crate::config::Config;
use crate::engine::{analyze_with, Options};
use crate::fix::{apply_fixes, FixSelection};

/// The Example's configuration (if it gives one), with `rule` enabled even
/// when it is off by default.
fn config_for(rule: &Rule) -> Config {
    let mut config = match tagged_block(rule, "json") {
        Some(json) => serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: the Example's json config: {e}", rule.code)),
        None => Config::default(),
    };
    config
        .rules
        .severity
        .insert(rule.code.to_string(), rule.severity);
    config
}

fn block(rule: &Rule, heading: &str) -> String {
    let section = rule
        .docs_section(heading)
        .unwrap_or_else(|| panic!("{}: no `## {heading}` section", rule.code));
    first_code_block(section)
        .unwrap_or_else(|| panic!("{}: `## {heading}` has no code block", rule.code))
}

/// A fenced block of the Example section tagged `tag` (after the
/// Dockerfile block): `dockerignore` is the `.dockerignore` the Example is
/// analysed with (CopyIgnoredFile has nothing to find without one), `json`
/// is a configuration (the shape of `.dockopt.toml`) for rules that need
/// one, such as the label rules.
fn tagged_block(rule: &Rule, tag: &str) -> Option<String> {
    let section = rule.docs_section("Example")?;
    let mut lines = section.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
    let opening = format!("```{tag}");
    lines.find(|l| l.trim() == opening)?;
    let mut out = String::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            return Some(out);
        }
        out.push_str(line);
        out.push('\n');
    }
    None
}

fn dockerignore_of(rule: &Rule) -> Option<String> {
    tagged_block(rule, "dockerignore")
}

fn count(rule: &Rule, text: &str, config: &Config) -> usize {
    let dockerignore = dockerignore_of(rule);
    let options = Options {
        config: Some(config),
        dockerignore: dockerignore.as_deref(),
    };
    analyze_with(text, options)
        .findings
        .iter()
        .filter(|f| f.code == rule.code)
        .count()
}

#[test]
fn every_rule_documents_itself_with_examples_that_hold() {
    let mut failures = Vec::new();
    for rule in all() {
        let config = config_for(rule);
        let example = block(rule, "Example");
        let use_instead = block(rule, "Use instead");
        let found = count(rule, &example, &config);
        if found != 1 {
            failures.push(format!(
                "{}: Example gives {found} findings, not 1",
                rule.code
            ));
        }
        let left = count(rule, &use_instead, &config);
        if left != 0 {
            failures.push(format!(
                "{}: Use instead gives {left} findings, not 0",
                rule.code
            ));
        }
        if rule.fix != FixAvailability::None {
            let dockerignore = dockerignore_of(rule);
            let options = Options {
                config: Some(&config),
                dockerignore: dockerignore.as_deref(),
            };
            // Apply this rule's fixes only, whatever their applicability.
            let outcome = apply_fixes(&example, &FixSelection::default(), |text| {
                analyze_with(text, options)
                    .findings
                    .into_iter()
                    .filter(|f| f.code == rule.code)
                    .filter_map(|f| f.fix)
                    .map(|mut fix| {
                        fix.applicability = crate::fix::Applicability::Safe;
                        fix
                    })
                    .collect()
            });
            if outcome.text != use_instead {
                failures.push(format!(
                    "{}: the fix turns Example into\n{}\nnot Use instead:\n{}",
                    rule.code, outcome.text, use_instead
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_catalog_is_consistent() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in all() {
        assert!(
            codes.insert(rule.code.to_ascii_lowercase()),
            "duplicate code {}",
            rule.code
        );
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: name `{}` is not kebab-case",
            rule.code,
            rule.name
        );
        assert!(!rule.summary.is_empty(), "{}: no summary", rule.code);
        assert!(!rule.sources.is_empty(), "{}: no sources", rule.code);
        for heading in ["What it does", "Why is this bad?", "Example", "Use instead"] {
            assert!(
                rule.docs_section(heading).is_some(),
                "{}: no `## {heading}`",
                rule.code
            );
        }
        if rule.fix != FixAvailability::None {
            assert!(
                rule.docs_section("Fix safety").is_some(),
                "{}: no `## Fix safety`",
                rule.code
            );
        }
        if rule.family == Family::Size {
            assert!(
                rule.docs_section("Size impact").is_some(),
                "{}: no `## Size impact`",
                rule.code
            );
        }
    }
}

/// A rule file that is not listed in its family's `RULES` would silently
/// never run: every `rules/<family>/<file>.rs` must be declared and listed.
#[test]
fn every_rule_file_is_registered() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
    let mut problems = Vec::new();
    for family in [
        "buildkit",
        "cache",
        "correctness",
        "security",
        "size",
        "style",
    ] {
        let dir = format!("{root}/{family}");
        let registry = std::fs::read_to_string(format!("{dir}/mod.rs")).expect("family mod.rs");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("family dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .collect();
        files.sort();
        for file in files {
            let module = file.trim_end_matches(".rs");
            if !registry.contains(&format!("mod {module};")) {
                problems.push(format!("{family}/{file}: no `mod {module};`"));
            }
            if !registry.contains(&format!("&{module}::RULE")) {
                problems.push(format!("{family}/{file}: `{module}::RULE` is not in RULES"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
