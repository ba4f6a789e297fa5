//! Shared code of the yum/dnf/zypper, pin, cleanup and instruction-order
//! rules (DL3030–DL3067, DL4000–DL4006): which RUNs ship, "confirm flag
//! missing", "cache not cleaned in the same RUN", "package not pinned", and
//! the test helpers those rules' unit tests use.

use dockopt_syntax::{Instruction, InstructionKind, Span};

use crate::fix::{Applicability, Edit};
use crate::model::shell::{PackageAction, PackageCommand, PackageKind, PackageManager};
use crate::model::{Base, Model};
use crate::rewrite::text::line_start;
use crate::rules::helpers::{
    append_to_script, mounts_cache_at, package_commands_of, run_removes, ships, stage_chain,
    subcommand_span,
};
use crate::rules::Checker;

/// Indices (in [`Model::instructions`]) of the RUN instructions.
pub fn runs(model: &Model<'_>) -> Vec<usize> {
    model
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, l)| l.instruction.kind == InstructionKind::Run && l.stage.is_some())
        .map(|(i, _)| i)
        .collect()
}

/// The image reference at the root of a stage's chain (`None` for scratch
/// or a stage whose root is unknown).
pub fn root_image<'m>(model: &'m Model<'_>, stage: usize) -> Option<&'m str> {
    let root = *stage_chain(model, stage).last()?;
    match &model.stages.get(root)?.base {
        Base::Image { reference, .. } if !reference.is_empty() => Some(reference),
        _ => None,
    }
}

/// Flags install commands of `managers` that would stop to ask for
/// confirmation (no `-y`), with a fix inserting `insert` (DL3030, DL3034,
/// DL3038). `after_program` puts the flag right after the program name
/// (zypper's global `-n`) rather than after the subcommand.
pub fn check_assume_yes(
    checker: &mut Checker<'_, '_>,
    managers: &[PackageManager],
    actions: &[PackageAction],
    insert: &str,
    after_program: bool,
    message: &str,
) {
    let model = checker.model;
    for index in runs(model) {
        for (script, command, package) in package_commands_of(model, index) {
            if !managers.contains(&package.manager)
                || !actions.contains(&package.action)
                || package.assumes_yes()
            {
                continue;
            }
            let span = subcommand_span(script, command, package);
            let at = match (after_program, command.name()) {
                (true, Some(name)) => script.file_span(name.span).end,
                _ => crate::rules::helpers::insert_after_subcommand(script, package, "").start,
            };
            checker.report(span, message).fix(
                format!("Add `{}`", insert.trim()),
                Applicability::Safe,
                vec![Edit::insert(at, insert)],
            );
        }
    }
}

/// What a "clean the cache in the same RUN" rule looks for.
pub struct CleanRule<'a> {
    pub managers: &'a [PackageManager],
    /// Whether a command of the RUN cleans the cache.
    pub cleans: fn(&PackageCommand<'_>) -> bool,
    /// Cache directories: a cache/tmpfs mount or an `rm` of one of them
    /// also counts as cleaning.
    pub cache_dirs: &'a [&'a str],
    /// The command the fix appends, given the manager that installed.
    pub cleanup: fn(PackageManager) -> &'static str,
    pub message: &'a str,
}

/// A RUN of a shipped stage that installs with one of `rule.managers` and
/// does not clean its cache (DL3032, DL3036, DL3040).
pub fn check_clean(checker: &mut Checker<'_, '_>, rule: &CleanRule<'_>) {
    let model = checker.model;
    for index in runs(model) {
        let Some(located) = model.instructions.get(index) else {
            continue;
        };
        if !ships(model, index)
            || rule
                .cache_dirs
                .iter()
                .any(|d| mounts_cache_at(located.instruction, d) || run_removes(model, index, d))
        {
            continue;
        }
        let mine: Vec<_> = package_commands_of(model, index)
            .filter(|(_, _, p)| rule.managers.contains(&p.manager))
            .collect();
        if mine.iter().any(|(_, _, p)| (rule.cleans)(p)) {
            continue;
        }
        let Some((script, command, package)) = mine
            .iter()
            .find(|(_, _, p)| p.action == PackageAction::Install)
        else {
            continue;
        };
        let span = subcommand_span(script, command, package);
        let cleanup = (rule.cleanup)(package.manager);
        let last_script = model.scripts_of(index).last().unwrap_or(script);
        checker.report(span, rule.message).fix(
            format!("Append `{cleanup}` to the RUN"),
            Applicability::Safe,
            vec![append_to_script(last_script, cleanup)],
        );
    }
}

/// `clean all` (yum, dnf, microdnf).
pub fn cleans_all(package: &PackageCommand<'_>) -> bool {
    package.action == PackageAction::Clean
        && package.args.operands.get(1).is_some_and(|w| w.is("all"))
}

/// Registry packages of install commands of `managers` without a version
/// (DL3033, DL3037, DL3041). `$VAR` packages, files and URLs are not
/// registry names and are skipped. `module install` (yum/dnf) wants
/// `name:stream`.
pub fn check_pins(checker: &mut Checker<'_, '_>, managers: &[PackageManager], message: &str) {
    let model = checker.model;
    for index in runs(model) {
        let mut found: Vec<Span> = Vec::new();
        for (script, _, package) in package_commands_of(model, index) {
            if !managers.contains(&package.manager) {
                continue;
            }
            if package.action == PackageAction::Install {
                for p in &package.packages {
                    if p.kind == PackageKind::Name && p.version.is_none() {
                        found.push(script.file_span(p.word.span));
                    }
                }
            } else if package.subcommand_is("module")
                && package
                    .args
                    .operands
                    .get(1)
                    .is_some_and(|w| w.is("install"))
            {
                for word in package.args.operands.iter().skip(2) {
                    if !word.dynamic && !word.value.contains(':') {
                        found.push(script.file_span(word.span));
                    }
                }
            }
        }
        for span in found {
            checker.report(span, message);
        }
    }
}

/// Per stage, every instruction of `kind` after the first one (DL4003,
/// DL4004): `(earlier, later)` instruction indices.
pub fn repeated_in_stage(model: &Model<'_>, kind: InstructionKind) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for stage in &model.stages {
        let mut previous: Option<usize> = None;
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            if located.instruction.kind != kind {
                continue;
            }
            if let Some(earlier) = previous {
                out.push((earlier, index));
            }
            previous = Some(index);
        }
    }
    out
}

/// The span of whole lines covering `instruction` (from its line start to
/// after its final newline), for deleting it.
pub fn instruction_lines(text: &str, instruction: &Instruction) -> Span {
    let start = line_start(text, instruction.span.start);
    let end = text
        .get(instruction.span.end..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| instruction.span.end + i + 1);
    Span::new(start, end)
}

#[cfg(test)]
pub mod test {
    use crate::engine::{analyze_with, Options};
    use crate::fix::FixSelection;
    use crate::rules::test_support;

    /// The findings of rule `code` in `text`: (span text, line, column).
    pub fn found(code: &str, text: &str) -> Vec<(String, u32, u32)> {
        test_support::enabled_found(text, code)
    }

    /// The span texts only.
    pub fn spans(code: &str, text: &str) -> Vec<String> {
        found(code, text).into_iter().map(|f| f.0).collect()
    }

    /// The applicability of each finding's fix (`None` without a fix).
    pub fn applicabilities(code: &str, text: &str) -> Vec<Option<crate::fix::Applicability>> {
        test_support::enabled_findings(text, code)
            .into_iter()
            .map(|f| f.fix.map(|x| x.applicability))
            .collect()
    }

    /// `text` with every fix of rule `code` applied (unsafe ones too).
    pub fn fixed(code: &str, text: &str) -> String {
        let selection = FixSelection {
            unsafe_fixes: true,
            ..FixSelection::default()
        };
        test_support::fixed_point(text, &[code], &test_support::enabling(code), &selection)
    }

    /// The rules of this area that carry fixes.
    const FIXABLE: &[&str] = &[
        "DL3030", "DL3032", "DL3034", "DL3036", "DL3038", "DL3040", "DL3042", "DL3046", "DL3047",
        "DL3060", "DL3065", "DL4000", "DL4003", "DL4004", "DL4006",
    ];

    /// Over the real-world corpus: applying a rule's fixes never adds a
    /// syntax error, and leaves no finding of that rule with a fix (the
    /// fixes converge).
    #[test]
    fn corpus_fixes_parse_and_converge() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");
        let Ok(entries) = std::fs::read_dir(dir) else {
            panic!("corpus not found at {dir}");
        };
        let mut checked = 0;
        let mut problems = Vec::new();
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().to_string();
            let report = crate::analyze(&text);
            let errors =
                |r: &crate::Report| r.findings.iter().filter(|f| f.code == "DL1000").count();
            let before = errors(&report);
            for code in FIXABLE {
                let config = test_support::enabling(code);
                let options = Options {
                    config: Some(&config),
                    dockerignore: None,
                };
                let has_fix = |t: &str| {
                    analyze_with(t, options)
                        .findings
                        .iter()
                        .any(|f| f.code == *code && f.fix.is_some())
                };
                if !has_fix(&text) {
                    continue;
                }
                checked += 1;
                let after = fixed(code, &text);
                if errors(&crate::analyze(&after)) > before {
                    problems.push(format!("{code} {name}: the fix adds a syntax error"));
                }
                if has_fix(&after) {
                    problems.push(format!("{code} {name}: fixes do not converge"));
                }
            }
        }
        assert!(checked > 20, "only {checked} fixed files");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
