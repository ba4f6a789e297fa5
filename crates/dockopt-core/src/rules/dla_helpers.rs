//! Shared code of the hadolint-derived rules DL1001–DL3029: walking
//! instructions of a kind, reporting unpinned packages, resolving stage
//! chains, and (for tests) running one rule on a snippet.

use dockopt_syntax::Instruction;

use crate::model::shell::{parse_script, Command, Package, PackageCommand, PackageKind};
use crate::model::{Model, RunScript, ScriptSource};
use crate::rules::Checker;

/// Every command of every RUN script (heredoc bodies included).
pub fn all_commands<'m, 'd>(
    model: &'m Model<'d>,
) -> impl Iterator<Item = (&'m RunScript<'d>, &'m Command<'d>)> + 'm {
    model
        .scripts
        .iter()
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
}

/// The command lines of `ONBUILD RUN …` triggers, read as scripts (the
/// model reads only the RUNs that run in this build).
pub fn onbuild_scripts<'d>(model: &Model<'d>) -> Vec<RunScript<'d>> {
    let mut scripts = Vec::new();
    for (index, located) in model.instructions.iter().enumerate() {
        let Some(stage) = located.stage else { continue };
        let Some(trigger) = located.instruction.trigger() else {
            continue;
        };
        if trigger.kind != dockopt_syntax::InstructionKind::Run {
            continue;
        }
        if let Some(dockopt_syntax::Command::Shell(shell)) = trigger.command() {
            scripts.push(RunScript {
                instruction: trigger,
                instruction_index: index,
                stage,
                source: ScriptSource::CommandLine(shell),
                script: parse_script(&shell.text),
            });
        }
    }
    scripts
}

/// Report each package that names a registry package without a version,
/// for every package command `select` accepts. `pinned` may accept more
/// packages as pinned (a `.deb` file, a versioned git URL). Packages whose
/// name comes from a variable (`$PKGS`) are never reported: their value is
/// unknown. `ONBUILD RUN` triggers are read too (as hadolint does).
pub fn report_unpinned(
    checker: &mut Checker<'_, '_>,
    select: impl Fn(&Command<'_>, &PackageCommand<'_>) -> bool,
    unpinned: impl Fn(&Package<'_>) -> bool,
    message: impl Fn(&str) -> String,
) {
    let model = checker.model;
    let onbuild = onbuild_scripts(model);
    let triggers = onbuild
        .iter()
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)));
    for (script, command) in all_commands(model).chain(triggers) {
        let Some(package) = command.package() else {
            continue;
        };
        if !select(command, package) {
            continue;
        }
        for pkg in &package.packages {
            if pkg.kind == PackageKind::Dynamic || !unpinned(pkg) {
                continue;
            }
            let span = script.file_span(pkg.name_span);
            checker.report(span, message(&pkg.name));
        }
    }
}

/// A registry package name without a version pin.
pub fn is_unpinned_name(pkg: &Package<'_>) -> bool {
    pkg.kind == PackageKind::Name && pkg.version.is_none() && !pkg.name.is_empty()
}

/// The range that deletes a whole instruction: from the start of its line
/// (when only blanks precede it) through the line break that ends it.
pub fn whole_lines(text: &str, instruction: &Instruction) -> (usize, usize) {
    let span = instruction.span;
    let before = text.get(..span.start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let start = if before
        .get(line_start..)
        .is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'))
    {
        line_start
    } else {
        span.start
    };
    let rest = text.get(span.end..).unwrap_or("");
    let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[trailing..];
    let end = if after.starts_with("\r\n") {
        span.end + trailing + 2
    } else if after.starts_with('\n') {
        span.end + trailing + 1
    } else {
        span.end
    };
    (start, end)
}

/// Whether the word `text` (quotes removed) names an archive that `ADD`
/// would unpack (hadolint's list of archive extensions).
pub fn is_archive(path: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz",
        ".tlz", ".tpz", ".txz", ".xz",
    ];
    let path = path.trim_matches(['"', '\'']);
    EXTENSIONS.iter().any(|e| path.ends_with(e))
}

#[cfg(test)]
pub mod test {
    //! Running one rule on a snippet, for the rules' unit tests.
    use crate::config::Config;
    use crate::engine::Options;
    use crate::fix::{Applicability, FixSelection};
    use crate::report::Finding;
    use crate::rules::test_support;

    /// A config that enables `code` (even when it is off by default).
    pub fn config(code: &str) -> Config {
        let mut config = Config::default();
        let rule = crate::rules::find(code).expect("rule exists");
        config
            .rules
            .severity
            .insert(code.to_string(), rule.severity);
        config
    }

    /// The findings of rule `code` on `text`.
    pub fn findings(text: &str, code: &str) -> Vec<Finding> {
        findings_with(text, code, &config(code))
    }

    pub fn findings_with(text: &str, code: &str, config: &Config) -> Vec<Finding> {
        let options = Options {
            config: Some(config),
            dockerignore: None,
        };
        test_support::findings_with(text, code, options)
    }

    /// The text each finding of `code` points at.
    pub fn spans<'t>(text: &'t str, code: &str) -> Vec<&'t str> {
        findings(text, code)
            .iter()
            .map(|f| &text[f.span.start..f.span.end])
            .collect()
    }

    /// `text` after applying every fix of rule `code` (whatever its
    /// applicability), to a fixed point.
    pub fn fixed(text: &str, code: &str) -> String {
        test_support::fixed_point(text, &[code], &config(code), &FixSelection::default())
    }

    /// The applicability of the first finding's fix.
    pub fn applicability(text: &str, code: &str) -> Option<Applicability> {
        findings(text, code)
            .into_iter()
            .find_map(|f| f.fix)
            .map(|f| f.applicability)
    }
}

#[allow(dead_code)]
#[cfg(test)]
mod robustness {
    //! The DL1001–DL3029 rules on arbitrary text built from Dockerfile
    //! fragments: no panic, every span on char boundaries inside the text,
    //! every fix edit likewise.
    use proptest::prelude::*;

    const CODES: &[&str] = &[
        "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008",
        "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3016", "DL3018", "DL3019", "DL3020",
        "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3027", "DL3028", "DL3029",
    ];

    const FRAGMENTS: &[&str] = &[
        "FROM ",
        "a:1",
        " AS ",
        "b",
        "${X}",
        "$Y",
        "ARG X=latest\n",
        "RUN ",
        "sudo ",
        "apt ",
        "apt-get ",
        "install ",
        "-y ",
        "apk add ",
        "--update ",
        "pip install ",
        "npm i ",
        "gem install ",
        "cd /x",
        " && ",
        "\\\n",
        "\n",
        "<<EOF\n",
        "EOF\n",
        "\"",
        "'",
        "COPY ",
        "ADD ",
        "--from=",
        "x.tar.gz ",
        "/d",
        "WORKDIR ",
        "rel",
        "USER root\n",
        "EXPOSE 99999\n",
        "HEALTHCHECK CMD true\n",
        "CMD ",
        "ENTRYPOINT ",
        "ONBUILD ",
        "# hadolint ignore=DL3008\n",
        "--platform=linux/arm64 ",
        "tar -xf ",
        "é",
        "😀",
        "\r\n",
        "=",
        "[\"a\", \"b\"]",
    ];

    fn text_of(picks: &[usize]) -> String {
        picks
            .iter()
            .map(|&i| FRAGMENTS[i % FRAGMENTS.len()])
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn rules_never_panic_and_spans_stay_in_the_text(picks in prop::collection::vec(0usize..1000, 0..60)) {
            let text = text_of(&picks);
            for code in CODES {
                for finding in super::test::findings(&text, code) {
                    let (s, e) = (finding.span.start, finding.span.end);
                    prop_assert!(s <= e && e <= text.len());
                    prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                    if let Some(fix) = finding.fix {
                        for edit in fix.edits {
                            prop_assert!(edit.start <= edit.end && edit.end <= text.len());
                            prop_assert!(text.is_char_boundary(edit.start) && text.is_char_boundary(edit.end));
                        }
                    }
                }
            }
        }
    }
}
