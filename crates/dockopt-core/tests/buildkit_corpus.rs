//! The BuildKit build checks and the label rules over the shared corpus
//! (271 real Dockerfiles and BuildKit's parser fixtures, used unchanged):
//! analysis never panics, every finding's span lies on a character
//! boundary inside the file, and applying these rules' fixes gives a file
//! that parses without new errors and that a second fixing leaves alone.

use std::collections::BTreeMap;
use std::path::Path;

use dockopt_core::config::Config;
use dockopt_core::engine::{analyze_with, fix_text, Options};
use dockopt_core::fix::FixSelection;
use dockopt_core::rules;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

fn files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [
        "real",
        "buildkit-parser/testfiles",
        "buildkit-parser/testfiles-negative",
    ] {
        let root = Path::new(CORPUS).join(dir);
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let file = if path.is_dir() {
                path.join("Dockerfile")
            } else {
                path
            };
            if let Ok(text) = std::fs::read_to_string(&file) {
                out.push((file.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

/// Only this helper's rules, every one enabled, with a label schema.
fn config() -> Config {
    let mut config: Config = serde_json::from_str(
        r#"{"labels": {"strict": true,
            "required": ["org.opencontainers.image.source"],
            "schema": {"org.opencontainers.image.created": "rfc3339",
                       "org.opencontainers.image.licenses": "spdx",
                       "org.opencontainers.image.revision": "hash",
                       "org.opencontainers.image.version": "semver",
                       "org.opencontainers.image.url": "url",
                       "maintainer": "email"}}}"#,
    )
    .expect("config");
    for rule in mine() {
        config
            .rules
            .severity
            .insert(rule.code.to_string(), rule.severity);
    }
    for rule in rules::all().filter(|r| !mine().any(|m| m.code == r.code)) {
        config.rules.ignore.push(rule.code.to_string());
    }
    config
}

fn mine() -> impl Iterator<Item = &'static rules::Rule> {
    rules::all().filter(|r| {
        r.family == rules::Family::BuildKit
            || matches!(
                r.code,
                "DL3048"
                    | "DL3049"
                    | "DL3050"
                    | "DL3051"
                    | "DL3052"
                    | "DL3053"
                    | "DL3054"
                    | "DL3055"
                    | "DL3056"
                    | "DL3058"
            )
    })
}

#[test]
fn the_corpus_is_analysed_and_fixed_without_surprises() {
    let config = config();
    let options = Options {
        config: Some(&config),
        dockerignore: Some("*.md\n!README.md\n**/.git\nnode_modules\n"),
    };
    let files = files();
    assert!(files.len() > 250, "corpus not found at {CORPUS}");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let all = FixSelection {
        unsafe_fixes: true,
        ..FixSelection::default()
    };
    for (name, text) in &files {
        let report = analyze_with(text, options);
        for finding in &report.findings {
            *counts.entry(finding.code.clone()).or_default() += 1;
            let span = finding.span;
            assert!(
                span.start <= span.end && text.get(span.start..span.end).is_some(),
                "{name}: {} span {}..{} is not inside the text",
                finding.code,
                span.start,
                span.end
            );
            if std::env::var_os("SHOW").is_some_and(|c| c == finding.code.as_str()) {
                eprintln!(
                    "{name}:{}: {:?} {}",
                    span.start_position.line,
                    &text[span.start..span.end],
                    finding.message
                );
            }
        }
        let errors_before = dockopt_syntax::parse(text).errors().count();
        let once = fix_text(text, options, &all).text;
        assert!(
            dockopt_syntax::parse(&once).errors().count() <= errors_before,
            "{name}: fixing added parse errors:\n{once}"
        );
        let twice = fix_text(&once, options, &all).text;
        assert_eq!(once, twice, "{name}: fixing twice differs from fixing once");
    }
    eprintln!("findings per rule over {} files: {counts:?}", files.len());
}

/// Odd but parseable input: nothing panics and every span is inside the text.
#[test]
fn hostile_snippets_do_not_panic() {
    let config = config();
    let options = Options {
        config: Some(&config),
        dockerignore: Some("!\n**\n[\n\\\n!**/x\n/\n"),
    };
    let snippets = [
        "EXPOSE /\nEXPOSE :\nEXPOSE 80/\nEXPOSE :/TCP\nEXPOSE \u{e9}:\u{e9}/\u{c9}\n",
        "FROM --platform= x\nFROM --platform=/ x AS \u{c9}t\nFROM --platform=linux/ y\n",
        "ARG A=${\nFROM $A\nFROM ${B:-}\nFROM ${\nFROM $\n",
        "FROM scratch\nCOPY ${ $ $$ ${A ${A:-${B}} /x/\nENV A=${A\nWORKDIR ${\nUSER $\u{e9}\n",
        "FROM a AS \u{c9}\u{c9}\nCOPY --from=\u{e9}\u{e9} / /\nLABEL \u{c9}=\u{e9} =x \"\"=\"\"\n",
        "# \u{e9}\nARG \u{e9}\n#\nFROM a AS b\n#   \nARG c\n",
        "FROM a\nENV A \\\n\n  b\nLABEL k \"a b\" \\\n c\n",
        "FROM a\nCOPY <<EOF [\"x\", \"y\"] /\nEOF\nADD --chown=$U:$G \u{e9}* /\n",
    ];
    for text in snippets {
        let report = analyze_with(text, options);
        for finding in &report.findings {
            assert!(
                text.get(finding.span.start..finding.span.end).is_some(),
                "{text:?}: {} {:?}",
                finding.code,
                finding.span
            );
        }
        let all = FixSelection {
            unsafe_fixes: true,
            ..FixSelection::default()
        };
        let once = fix_text(text, options, &all).text;
        assert_eq!(fix_text(&once, options, &all).text, once, "{text:?}");
    }
}
