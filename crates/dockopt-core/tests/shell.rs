//! The shell reading over every RUN of the real-Dockerfile corpus: it never
//! panics, every span is a valid range of the text it was given, package
//! spans cover exactly the package text, and the invocation counts match
//! independent grep counts.
//!
//! The Dockerfile parser is built elsewhere, so RUN text is extracted here
//! with a simple join of continuation lines (comment lines inside a
//! continuation dropped, as BuildKit does) plus heredoc bodies.

use std::fs;
use std::path::PathBuf;

use dockopt_core::model::shell::{
    parse_script, ByteRange, Invocation, PackageAction, PackageKind, PackageManager, Script,
};

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/real"
    ))
}

/// The scripts of every RUN in one Dockerfile: the joined shell-form text
/// (flags such as `--mount=…` removed) and each heredoc body.
fn run_scripts(dockerfile: &str) -> Vec<String> {
    let escape = if dockerfile
        .lines()
        .take_while(|l| l.starts_with('#'))
        .any(|l| l.replace(' ', "").eq_ignore_ascii_case("#escape=`"))
    {
        '`'
    } else {
        '\\'
    };
    let lines: Vec<&str> = dockerfile.lines().collect();
    let mut scripts = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i].trim_start();
        i += 1;
        let is_run = first
            .get(..4)
            .is_some_and(|k| k.eq_ignore_ascii_case("run ") || k.eq_ignore_ascii_case("run\t"));
        if !is_run {
            continue;
        }
        let mut text = first[4..].to_string();
        while text.trim_end().ends_with(escape) && i < lines.len() {
            let trimmed = text.trim_end();
            text.truncate(trimmed.len() - escape.len_utf8());
            while i < lines.len() && {
                let t = lines[i].trim_start();
                t.starts_with('#') || t.is_empty()
            } {
                i += 1;
            }
            if let Some(next) = lines.get(i) {
                text.push_str(next);
                i += 1;
            }
        }
        let mut script = text.trim_start();
        while script.starts_with("--") {
            script = script
                .find(char::is_whitespace)
                .map_or("", |at| script[at..].trim_start());
        }
        if script.starts_with('[') {
            continue; // exec form
        }
        // Heredocs: every `<<WORD` on the line has a body below it.
        let mut rest = script;
        while let Some(at) = rest.find("<<") {
            rest = &rest[at + 2..];
            let strip_tabs = rest.starts_with('-');
            let word: String = rest
                .trim_start_matches('-')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '|' && *c != ';')
                .filter(|c| *c != '\'' && *c != '"')
                .collect();
            if word.is_empty() {
                continue;
            }
            let mut body = String::new();
            while i < lines.len() {
                let line = lines[i];
                i += 1;
                let check = if strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if check == word {
                    break;
                }
                body.push_str(line);
                body.push('\n');
            }
            scripts.push(body);
        }
        scripts.push(script.to_string());
    }
    scripts
}

fn corpus_scripts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.ends_with("manifest.tsv") && !p.ends_with("README.md"))
        .collect();
    entries.sort();
    assert!(entries.len() > 200, "corpus has {} files", entries.len());
    for path in entries {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for script in run_scripts(&text) {
            out.push((name.clone(), script));
        }
    }
    out
}

fn valid(text: &str, r: ByteRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fn check_spans(file: &str, text: &str, script: &Script<'_>) {
    for c in &script.commands {
        assert!(valid(text, c.span), "{file}: command span {:?}", c.span);
        for w in &c.words {
            assert!(valid(text, w.span), "{file}: word {w:?}");
        }
        for a in &c.assignments {
            assert!(
                valid(text, a.span) && valid(text, a.value.span),
                "{file}: {a:?}"
            );
        }
        for r in &c.redirects {
            assert!(valid(text, r.span), "{file}: redirect {r:?}");
            if let Some(body) = r.heredoc_body {
                assert!(valid(text, body), "{file}: heredoc {body:?}");
            }
        }
        for w in &c.wrappers {
            assert!(valid(text, w.span), "{file}: wrapper {w:?}");
        }
    }
    for r in [
        script.first_pipe,
        script.first_pipe_without_pipefail,
        script.pipefail_set,
    ]
    .into_iter()
    .flatten()
    {
        assert!(valid(text, r), "{file}: {r:?}");
    }
}

#[derive(Default, Debug)]
struct Counts {
    scripts: usize,
    commands: usize,
    apt_get_install: usize,
    apt_packages: usize,
    apt_dynamic_packages: usize,
    apk_add: usize,
    pip_install: usize,
    npm_install: usize,
    downloads: usize,
}

#[test]
fn every_corpus_run_parses_with_valid_exact_spans() {
    let mut counts = Counts::default();
    for (file, text) in corpus_scripts() {
        let script = parse_script(&text);
        counts.scripts += 1;
        counts.commands += script.commands.len();
        check_spans(&file, &text, &script);
        for c in &script.commands {
            match &c.invocation {
                Some(Invocation::Download(_)) => counts.downloads += 1,
                Some(Invocation::Package(p)) => {
                    assert!(valid(&text, ByteRange::new(p.insert_at, p.insert_at)));
                    if p.manager == PackageManager::Apk && p.action == PackageAction::Install {
                        counts.apk_add += 1;
                        if std::env::var_os("SHELL_CORPUS_DEBUG").is_some() {
                            eprintln!("APK {file}");
                        }
                    }
                    if p.manager == PackageManager::Pip && p.action == PackageAction::Install {
                        counts.pip_install += 1;
                        if std::env::var_os("SHELL_CORPUS_DEBUG").is_some() {
                            eprintln!("PIP {file}");
                        }
                    }
                    if p.manager == PackageManager::Npm && p.action == PackageAction::Install {
                        counts.npm_install += 1;
                    }
                    if p.manager != PackageManager::AptGet || p.action != PackageAction::Install {
                        continue;
                    }
                    counts.apt_get_install += 1;
                    if std::env::var_os("SHELL_CORPUS_DEBUG").is_some() {
                        eprintln!("APT {file}");
                    }
                    assert_eq!(
                        text.get(p.insert_at.saturating_sub(7)..p.insert_at),
                        Some("install"),
                        "{file}: insertion point of {:?}",
                        c.span.text(&text)
                    );
                    for pkg in &p.packages {
                        counts.apt_packages += 1;
                        let covered = pkg.word.span.text(&text);
                        assert_eq!(covered, Some(&*pkg.word.raw), "{file}: {pkg:?}");
                        if pkg.kind == PackageKind::Dynamic {
                            counts.apt_dynamic_packages += 1;
                            continue;
                        }
                        if !pkg.word.quoted {
                            assert_eq!(pkg.name_span.text(&text), Some(&*pkg.name), "{file}");
                            assert!(!pkg.word.value.starts_with('-'), "{file}: flag as package");
                        }
                    }
                }
                _ => {}
            }
        }
    }
    eprintln!("{counts:?}");
    // Independent counts, from the corpus directory, comment lines excluded
    // (re-check per file with SHELL_CORPUS_DEBUG=1 and `--nocapture`):
    //   grep -hv '^\s*#' * | grep -o 'apt-get\( \+-[-a-zA-Z=]*\)* \+install' | wc -l  → 126
    // minus 3 `xx-apt-get install` (tonistiigi/xx, a different program),
    // plus 1 `apt-get -y reinstall` (devcontainers base-ubuntu) = 124.
    assert_eq!(counts.apt_get_install, 124);
    //   grep -hv '^\s*#' * | grep -o 'apk\( \+-[-a-zA-Z=]*\)* \+add' | wc -l  → 137
    // minus 1 `xx-apk add` (docker/cli) = 136.
    assert_eq!(counts.apk_add, 136);
    //   grep -hv '^\s*#' * | grep -o 'pip[0-9.]* install' | wc -l  → 85
    // minus 7 `uv pip install` (home-assistant, maxtext: manager Uv) = 78.
    assert_eq!(counts.pip_install, 78);
    assert!(
        counts.apt_packages > 500,
        "apt packages: {}",
        counts.apt_packages
    );
    //   grep -ci '^\s*run\b' * | awk -F: '{s+=$2} END {print s}'  → 894 RUN
    // lines; exec-form RUNs drop out and heredoc bodies add scripts.
    assert!(counts.scripts >= 850, "scripts: {}", counts.scripts);
}

#[test]
fn hadolint_false_positive_cases() {
    // `$PKGS` is unknown, not an unpinned package (hadolint#928).
    let s =
        parse_script("apt-get update && apt-get install -y $PKGS && rm -rf /var/lib/apt/lists/*");
    let (_, install) = s
        .package_commands()
        .find(|(_, p)| p.action == PackageAction::Install)
        .expect("install");
    assert_eq!(install.packages.len(), 1);
    assert_eq!(install.packages[0].kind, PackageKind::Dynamic);

    // `RUN <<EOF` body with pipefail (hadolint#1137).
    let body = "set -euxo pipefail\ncurl -fsSL https://example.com/x.sh | sh\n";
    let s = parse_script(body);
    assert!(s.first_pipe.is_some());
    assert_eq!(s.first_pipe_without_pipefail, None);

    // Flags split over continuation lines (as joined by the Dockerfile
    // parser, which removes `\` + newline).
    let joined = "apt-get update && apt-get install -y \\\n    --no-install-recommends \\\n    curl ca-certificates";
    for text in [joined, &joined.replace("\\\n", "")] {
        let s = parse_script(text);
        let (_, p) = s
            .package_commands()
            .find(|(_, p)| p.action == PackageAction::Install)
            .expect("install");
        assert!(p.assumes_yes() && p.no_install_recommends(), "{text}");
        let names: Vec<&str> = p.packages.iter().map(|p| &*p.name).collect();
        assert_eq!(names, ["curl", "ca-certificates"]);
    }

    let s = parse_script("pip install -r requirements.txt");
    let (_, p) = s.package_commands().next().expect("pip");
    assert!(p.uses_requirement_files() && p.packages.is_empty());

    let s = parse_script("python -m pip install --no-cache-dir -U pip");
    let (_, p) = s.package_commands().next().expect("pip");
    assert!(p.no_cache() && p.has_flag("-U"));
    assert_eq!(p.packages.len(), 1);

    let s = parse_script("npm ci --omit=dev && npm cache clean --force");
    let actions: Vec<PackageAction> = s.package_commands().map(|(_, p)| p.action).collect();
    assert_eq!(actions, [PackageAction::Install, PackageAction::Clean]);

    let text = "curl -fsSL https://x | sh";
    let s = parse_script(text);
    assert_eq!(s.commands.len(), 2);
    assert!(s.commands.iter().all(|c| c.in_pipeline));
    assert_eq!(s.commands[1].program(), Some("sh"));
    assert_eq!(s.first_pipe.and_then(|r| r.text(text)), Some("|"));
}

#[test]
fn a_megabyte_of_script_parses() {
    let unit = "RUN_ME=1 sudo apt-get install -y --no-install-recommends curl=1 $(cat x) 'q' \"$Y\" | sh -c 'a && b'\n";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    let s = parse_script(&text);
    check_spans("megabyte", &text, &s);
    assert!(s.commands.len() >= 5 * (1_000_000 / unit.len()));
}
