//! The security rules (DO1010–DO1099) over the real-world corpus: they never
//! panic, every span lies on a character boundary and covers text, and the
//! number of findings per rule stays within what was reviewed by hand (a
//! jump means a new false positive, or a rule that stopped working).

use std::collections::BTreeMap;

use dockopt_core::config::Config;
use dockopt_core::{analyze_with, Options};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

fn security_findings() -> Vec<(String, String, String)> {
    let mut config = Config::default();
    for rule in dockopt_core::rules::security::RULES {
        config
            .rules
            .severity
            .insert(rule.code.to_string(), rule.severity);
    }
    let mut entries: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let options = Options {
            config: Some(&config),
            dockerignore: None,
        };
        for finding in analyze_with(&text, options).findings {
            if !finding.code.starts_with("DO10") {
                continue;
            }
            let covered = text
                .get(finding.span.start..finding.span.end)
                .unwrap_or_else(|| panic!("{}: span off a char boundary", path.display()));
            assert!(!covered.is_empty(), "{}: empty span", path.display());
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            out.push((finding.code, name, covered.to_string()));
        }
    }
    out
}

#[test]
fn security_rules_on_the_corpus() {
    let findings = security_findings();
    if std::env::var_os("DOCKOPT_DUMP").is_some() {
        for (code, file, text) in &findings {
            eprintln!("{code}\t{file}\t{text}");
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (code, _, _) in &findings {
        *counts.entry(code.as_str()).or_default() += 1;
    }
    // Reviewed by hand (see each rule's tests for the look-alikes):
    // - DO1010: gitea exposes its SSH server's port 22;
    // - DO1011: four `RUN apt-get update`/`apk update` alone;
    // - DO1012: caddy's builder `WORKDIR /usr/bin`, two `WORKDIR /` before
    //   `COPY . .`-style relative destinations;
    // - DO1013: microblog's `COPY .env .env`;
    // - DO1014: three `wget --no-check-certificate` (python-docs-samples CI);
    // - DO1020: twelve `curl|wget … | sh/bash/python/php` installers
    //   (nodesource, rustup, get-pip, composer, pnpm, gcloud, vsdbg);
    // - DO1021: docker/cli's notary download, keycloak's `ADD $KEYCLOAK_DIST`
    //   (an ARG whose default is a URL);
    // - DO1024: home-assistant's `UV_EXTRA_INDEX_URL`.
    // The official nginx/postgres images' local `[trusted=yes] file:` repos
    // and `apk --allow-untrusted` of packages they built are not flagged.
    let expected: BTreeMap<&str, usize> = [
        ("DO1010", 1),
        ("DO1011", 4),
        ("DO1012", 3),
        ("DO1013", 1),
        ("DO1014", 3),
        ("DO1020", 12),
        ("DO1021", 2),
        ("DO1024", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
}
