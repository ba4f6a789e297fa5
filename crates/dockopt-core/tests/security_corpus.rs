//! The security rules (DO1010–DO1099) over the real-world corpus: they never
//! panic, every span lies on a character boundary and covers text, and the
//! number of findings per rule stays within what was reviewed by hand (a
//! jump means a new false positive, or a rule that stopped working).

use std::collections::BTreeMap;

use dockopt_core::config::Config;
use dockopt_core::{analyze_with, Options};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

fn security_findings() -> Vec<(String, String, String)> {
    let config = all_security_enabled();
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
    // DO1001 (no USER in the shipped stage, 214 of these files) is the
    // non-root rewrite's and has its own tests; these are DO1010 onwards.
    for (code, _, _) in findings.iter().filter(|(c, _, _)| c.as_str() >= "DO1010") {
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

fn all_security_enabled() -> Config {
    let mut config = Config::default();
    for rule in dockopt_core::rules::security::RULES {
        config
            .rules
            .severity
            .insert(rule.code.to_string(), rule.severity);
    }
    config
}

fn check_spans(name: &str, text: &str, config: &Config) {
    let options = Options {
        config: Some(config),
        dockerignore: None,
    };
    for finding in analyze_with(text, options).findings {
        if finding.code.starts_with("DO10") {
            let covered = text.get(finding.span.start..finding.span.end);
            assert!(
                covered.is_some_and(|c| !c.is_empty()),
                "{name}: {} has a bad span {:?}",
                finding.code,
                finding.span
            );
        }
    }
}

/// BuildKit's parser fixtures (odd escapes, broken JSON, heredoc corner
/// cases) and hand-made malformed input: no panic, and every span covers
/// text on character boundaries.
#[test]
fn security_rules_survive_odd_input() {
    let config = all_security_enabled();
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/buildkit-parser"
    );
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("fixture directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                check_spans(&path.display().to_string(), &text, &config);
            }
        }
    }
    for text in [
        "FROM a\nEXPOSE\nEXPOSE 22-\nEXPOSE -22 /22 22/ 99999999999999999999\n",
        "FROM a\nWORKDIR\nWORKDIR \"\nWORKDIR /é/proc\nWORKDIR ${X:-/proc}\n",
        "FROM a\nCOPY\nCOPY .env\nADD\nADD https://\nCOPY [\"id_rsa\"\n",
        "FROM a\nRUN curl -k\nRUN curl -ké https://x\nRUN wget --no-check-certificate=1 x\nRUN curl 'é'-k\n",
        "FROM a\nRUN echo | chpasswd\nRUN chpasswd <<<\nRUN chpasswd <<EOF\nRUN passwd --stdin\n",
        "FROM a\nRUN | sh\nRUN curl x |\nRUN sh -c \"$(curl\nRUN bash <(\nRUN eval $(\n",
        "FROM a\nRUN --mount= x\nRUN --mount=source=,target x\nVOLUME\nVOLUME []\nRUN --security x\n",
        "FROM a\nENV =0\nENV PYTHONHTTPSVERIFY\nARG GIT_SSL_NO_VERIFY=\nRUN export =x PIP_EXTRA_INDEX_URL\nRUN A= b\n",
        "FROM a\nRUN npm config set\nRUN git -c\nRUN git config http.sslVerify\nRUN pip config set\n",
        "FROM a\nRUN apt-get -o\nRUN apt-get install --force-yes=1 x\nRUN dnf --setopt\nRUN rpm --nosignature\nRUN echo deb [trusted=yes\n",
        "FROM a\nRUN echo gpgcheck=0é > /etc/yum.conf\nRUN sed 'gpgcheck=' /etc/yum.conf\n",
        "RUN curl -k https://x | sh\nEXPOSE 22\nWORKDIR /proc\n",
    ] {
        check_spans(text, text, &config);
    }
}
