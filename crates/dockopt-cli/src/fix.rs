//! `dockopt fix` and `dockopt diff`: the core's fixes applied to each file,
//! printed, written back, or shown as a patch. The rewriting itself is
//! [`dockopt_core::engine::fix_text_filtered`]; this module reads and writes.

use dockopt_core::diff::unified_diff;
use dockopt_core::engine::{fix_text_filtered, RuleFilter};
use dockopt_core::fix::{FixOutcome, FixSelection, SkipReason};
use dockopt_core::Options;

use crate::check::for_each_source;
use crate::cli::FixArgs;
use crate::discover::{Origin, Source};
use crate::settings::{prepare, Settings};

/// One file after fixing.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub source: Source,
    pub original: String,
    pub outcome: FixOutcome,
}

impl FixedFile {
    pub fn changed(&self) -> bool {
        self.outcome.text != self.original
    }
}

/// The selection and filter that `args` ask for.
pub fn selection_of(args: &FixArgs) -> (FixSelection, RuleFilter) {
    let selection = FixSelection {
        unsafe_fixes: args.unsafe_fixes,
        ..FixSelection::default()
    };
    let filter = RuleFilter {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    (selection, filter)
}

/// Read and fix every source, in source order; unreadable sources and bad
/// configs are `Err((path, message))`.
pub fn fix_all(sources: &[Source], args: &FixArgs) -> Vec<Result<FixedFile, (String, String)>> {
    let settings = Settings::from(&args.config);
    let (selection, filter) = selection_of(args);
    for_each_source(sources, |source, loaded| {
        let original = loaded.map_err(|m| (source.display.clone(), m))?;
        let prepared = prepare(source, &settings).map_err(|m| (source.display.clone(), m))?;
        let options = Options {
            config: Some(&prepared.config),
            dockerignore: prepared.dockerignore.as_deref(),
        };
        let outcome = fix_text_filtered(&original, options, &selection, &filter);
        Ok(FixedFile {
            source: source.clone(),
            original,
            outcome,
        })
    })
}

/// One line per fix for standard error: what was applied and what was not.
pub fn summary(file: &FixedFile) -> Vec<String> {
    let mut lines = Vec::new();
    for applied in &file.outcome.applied {
        lines.push(format!(
            "{}: fixed {} ({}): {}",
            file.source.display,
            applied.id,
            applicability_word(applied.applicability),
            applied.title
        ));
    }
    for skipped in &file.outcome.skipped {
        let why = match &skipped.reason {
            SkipReason::UnsafeNotEnabled => "unsafe: add --unsafe-fixes to apply".to_string(),
            SkipReason::Suggestion => {
                "a suggestion: apply it by hand or in the playground".to_string()
            }
            SkipReason::Disabled => "switched off".to_string(),
            SkipReason::Conflict { with } => format!("overlaps {with}"),
            SkipReason::PassLimit => "still applicable after the pass limit".to_string(),
            SkipReason::InvalidEdits { detail } => format!("invalid edits ({detail})"),
        };
        lines.push(format!(
            "{}: not fixed {}: {} — {}",
            file.source.display, skipped.id, skipped.title, why
        ));
    }
    lines
}

fn applicability_word(applicability: dockopt_core::fix::Applicability) -> &'static str {
    match applicability {
        dockopt_core::fix::Applicability::Safe => "safe",
        dockopt_core::fix::Applicability::Unsafe => "unsafe",
        dockopt_core::fix::Applicability::Suggestion => "suggestion",
    }
}

/// The unified diff of one file, with `a/` and `b/` paths as git writes them.
pub fn patch_of(file: &FixedFile) -> String {
    let name = match file.source.origin {
        Origin::Stdin => file.source.display.clone(),
        Origin::File(_) => file.source.display.trim_start_matches('/').to_string(),
    };
    // unified_diff adds git's a/ and b/ prefixes.
    unified_diff(&file.original, &file.outcome.text, &name, &name)
}
