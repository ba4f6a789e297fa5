//! One snapshot per fixable rule (Ruff's B011 snapshot is the model): the
//! rule's documented **Example**, the findings it gives with their exact
//! positions, and the diff its fix produces (applied whatever its
//! applicability, as a person switching it on in the playground would).
//! Review changes with `cargo insta review` (or read the `.snap.new` files);
//! never accept blindly.

use dockopt_core::config::Config;
use dockopt_core::diff::unified_diff;
use dockopt_core::engine::{analyze_with, Options};
use dockopt_core::fix::{apply_fixes, Applicability, FixSelection};
use dockopt_core::rules::{self, first_code_block, FixAvailability, Rule};

/// The default config with `rule` enabled even when it is off by default
/// (no fixable rule's example needs more: settings-dependent rules such as
/// DL3026 and the label rules have no fix).
fn config_for(rule: &Rule) -> Config {
    let mut config = Config::default();
    config
        .rules
        .severity
        .insert(rule.code.to_string(), rule.severity);
    config
}

fn snapshot_of(rule: &Rule) -> String {
    let example = rule
        .docs_section("Example")
        .and_then(first_code_block)
        .unwrap_or_default();
    let config = config_for(rule);
    let options = Options {
        config: Some(&config),
        dockerignore: None,
    };
    let report = analyze_with(&example, options);
    let mut out = format!("{} {} (fix: {:?})\n", rule.code, rule.name, rule.fix);
    out.push_str("--- example\n");
    out.push_str(&example);
    out.push_str("--- findings of this rule\n");
    for finding in report.findings.iter().filter(|f| f.code == rule.code) {
        let (s, e) = (finding.span.start_position, finding.span.end_position);
        out.push_str(&format!(
            "{}:{}-{}:{} {} {}: {}\n    text: {:?}\n",
            s.line,
            s.column,
            e.line,
            e.column,
            finding.code,
            finding.severity.as_str(),
            finding.message,
            example
                .get(finding.span.start..finding.span.end)
                .unwrap_or(""),
        ));
        if let Some(fix) = &finding.fix {
            out.push_str(&format!(
                "    fix {} ({:?}): {}\n",
                fix.id, fix.applicability, fix.title
            ));
        }
    }
    let outcome = apply_fixes(&example, &FixSelection::default(), |text| {
        analyze_with(text, options)
            .findings
            .into_iter()
            .filter(|f| f.code == rule.code)
            .filter_map(|f| f.fix)
            .map(|mut fix| {
                fix.applicability = Applicability::Safe;
                fix
            })
            .collect()
    });
    out.push_str("--- diff of its fix\n");
    out.push_str(&unified_diff(
        &example,
        &outcome.text,
        "Dockerfile",
        "Dockerfile",
    ));
    out
}

#[test]
fn every_fixable_rule_has_a_reviewed_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/fixes");
    settings.bind(|| {
        for rule in rules::all().filter(|r| r.fix != FixAvailability::None) {
            insta::assert_snapshot!(rule.code.to_string(), snapshot_of(rule));
        }
    });
}
