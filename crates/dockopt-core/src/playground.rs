//! What the playground shows, computed here so the web app only renders:
//! the rewrite of a document (fixed text, unified patch, side-by-side hunks,
//! per-fix status), fix switches, severity counts, editor (UTF-16) ranges of
//! findings, the size panel (estimates before and after, savings per fix,
//! figures in words with their provenance), and the mapping between the
//! playground's tabs and a share link.
//!
//! Pure functions over core types: no I/O, no browser.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diff::{diff_hunks, diff_stats, unified_diff, DiffStats, Hunk};
use crate::engine::{fix_text_after, Options};
use crate::estimate::apt::AptUniverse;
use crate::estimate::format::percent;
use crate::estimate::summary::{summarize_with, SizeSummary, SummaryInputs};
use crate::estimate::{
    estimate_dockerfile, format_range, savings_of_fixes, Estimate, EstimateOptions, FixSaving,
    ImageEstimate, Provenance, ProvenanceKind, SizeRange,
};
use crate::fix::{Applicability, Fix, FixOutcome, FixSelection, SkipReason};
use crate::report::{Report, Severity, Span};
use crate::share::{SharedDocument, SharedOptions, SharedState};

/// One tab of the playground: a Dockerfile, its optional `.dockerignore`
/// and the fixes switched on or off for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaygroundDocument {
    pub name: String,
    pub text: String,
    pub dockerignore: Option<String>,
    pub selection: FixSelection,
}

/// The analysis options of a document with this `.dockerignore`.
pub fn options(dockerignore: Option<&str>) -> Options<'_> {
    Options {
        config: None,
        dockerignore,
    }
}

/// The optimized Dockerfile and how it differs from the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub outcome: FixOutcome,
    /// `git apply`-able unified diff (empty when nothing changed).
    pub unified: String,
    pub hunks: Vec<Hunk>,
    pub stats: DiffStats,
}

/// The path a document has in its patch: `<name>/Dockerfile`, the layout
/// `dockopt share` names tabs after (`frontend/Dockerfile` → `frontend`).
pub fn patch_path(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Dockerfile".to_string()
    } else {
        format!("{name}/Dockerfile")
    }
}

/// The file name the playground offers the patch of a document under.
pub fn patch_file_name(name: &str) -> String {
    let safe: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if safe.is_empty() {
        "Dockerfile.patch".to_string()
    } else {
        format!("{safe}.Dockerfile.patch")
    }
}

/// Apply the selected fixes to `text` (whose analysis is `report`) and diff
/// the result against it.
pub fn rewrite(
    name: &str,
    text: &str,
    dockerignore: Option<&str>,
    report: &Report,
    selection: &FixSelection,
) -> Rewrite {
    let outcome = fix_text_after(text, options(dockerignore), report, selection);
    let path = patch_path(name);
    Rewrite {
        unified: unified_diff(text, &outcome.text, &path, &path),
        hunks: diff_hunks(text, &outcome.text),
        stats: diff_stats(text, &outcome.text),
        outcome,
    }
}

/// Whether a fix is applied under `selection` (before conflicts): what the
/// fix's switch shows. Safe fixes are on by default, unsafe ones only with
/// `unsafe_fixes`, suggestions only when enabled one by one.
pub fn fix_is_on(selection: &FixSelection, id: &str, applicability: Applicability) -> bool {
    if selection.disabled.contains(id) {
        return false;
    }
    if selection.enabled.contains(id) {
        return true;
    }
    match applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => selection.unsafe_fixes,
        Applicability::Suggestion => false,
    }
}

/// Flip one fix's switch to `on`, recording only what differs from the
/// default for its applicability (so links stay short).
pub fn set_fix(selection: &mut FixSelection, id: &str, applicability: Applicability, on: bool) {
    selection.enabled.remove(id);
    selection.disabled.remove(id);
    let default_on = fix_is_on(selection, id, applicability);
    if on != default_on {
        if on {
            selection.enabled.insert(id.to_string());
        } else {
            selection.disabled.insert(id.to_string());
        }
    }
}

/// What became of one fix in a rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixStatus {
    /// Applied in this pass (1-based).
    Applied { pass: usize },
    /// Not applied, and why (in words).
    Skipped { reason: String },
}

/// One line of the fix list: a fix of the analysed text, its switch and
/// what the rewrite did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixRow {
    pub id: String,
    pub title: String,
    pub applicability: Applicability,
    /// Whether the fix's switch is on (it may still be skipped, e.g. in a conflict).
    pub on: bool,
    pub status: FixStatus,
}

/// The fix list: every fix of `report` in source order, then fixes that
/// only appeared in later passes of `outcome`.
pub fn fix_rows(report: &Report, selection: &FixSelection, outcome: &FixOutcome) -> Vec<FixRow> {
    let status_of = |id: &str| -> FixStatus {
        if let Some(applied) = outcome.applied.iter().find(|a| a.id == id) {
            return FixStatus::Applied { pass: applied.pass };
        }
        match outcome.skipped.iter().find(|s| s.id == id) {
            Some(skipped) => FixStatus::Skipped {
                reason: skip_reason_text(&skipped.reason),
            },
            None => FixStatus::Skipped {
                reason: "no longer applies after the other fixes".to_string(),
            },
        }
    };
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for fix in report.fixes() {
        if !seen.insert(fix.id.clone()) {
            continue;
        }
        rows.push(FixRow {
            id: fix.id.clone(),
            title: fix.title.clone(),
            applicability: fix.applicability,
            on: fix_is_on(selection, &fix.id, fix.applicability),
            status: status_of(&fix.id),
        });
    }
    let later = outcome
        .applied
        .iter()
        .map(|a| (&a.id, &a.title, a.applicability))
        .chain(
            outcome
                .skipped
                .iter()
                .map(|s| (&s.id, &s.title, s.applicability)),
        );
    for (id, title, applicability) in later {
        if seen.insert(id.clone()) {
            rows.push(FixRow {
                id: id.clone(),
                title: title.clone(),
                applicability,
                on: fix_is_on(selection, id, applicability),
                status: status_of(id),
            });
        }
    }
    rows
}

/// A skip reason in words, for the fix list.
pub fn skip_reason_text(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Disabled => "switched off".to_string(),
        SkipReason::UnsafeNotEnabled => {
            "unsafe: may change behaviour, switch it on to apply".into()
        }
        SkipReason::Suggestion => "suggestion: needs an assumption, switch it on to apply".into(),
        SkipReason::Conflict { with } => format!("overlaps {with}, which was applied instead"),
        SkipReason::PassLimit => "did not settle within the pass limit".to_string(),
        SkipReason::InvalidEdits { detail } => format!("its edits are invalid ({detail})"),
    }
}

/// The word for an applicability, as the fix list shows it.
pub fn applicability_label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::Suggestion => "suggestion",
    }
}

/// Findings per severity, and how many pragmas suppressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
    pub suppressed: usize,
}

impl SeverityCounts {
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info + self.style
    }

    /// `(severity, count)` from the most severe down.
    pub fn by_severity(&self) -> [(Severity, usize); 4] {
        [
            (Severity::Error, self.error),
            (Severity::Warning, self.warning),
            (Severity::Info, self.info),
            (Severity::Style, self.style),
        ]
    }
}

pub fn severity_counts(report: &Report) -> SeverityCounts {
    let mut counts = SeverityCounts {
        suppressed: report.suppressed.len(),
        ..SeverityCounts::default()
    };
    for finding in &report.findings {
        match finding.severity {
            Severity::Error => counts.error += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Info => counts.info += 1,
            Severity::Style => counts.style += 1,
        }
    }
    counts
}

/// `span` as a `<textarea>` selection: UTF-16 code units from the start of
/// the text, counting `\r\n` as one unit (a textarea's value normalises
/// line breaks to `\n`). Within a line this is the report's `utf16_column`.
pub fn editor_range(text: &str, span: &Span) -> (u32, u32) {
    (
        editor_offset(text, span.start),
        editor_offset(text, span.end),
    )
}

fn editor_offset(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let prefix = &text[..byte];
    let crlf = prefix.matches("\r\n").count();
    (prefix.encode_utf16().count() - crlf) as u32
}

/// A run of the editor's text, marked when a finding points into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub text: String,
    /// The severity of the finding marking this run, if any.
    pub severity: Option<Severity>,
}

/// `text` cut into runs for an editor underlay: the spans of `report`'s
/// findings (which must be of `text`) are marked, the rest is plain. Where
/// spans overlap, the earlier one wins; empty spans mark nothing.
pub fn highlights(text: &str, report: &Report) -> Vec<Highlight> {
    let mut spans: Vec<(usize, usize, Severity)> = report
        .findings
        .iter()
        .filter(|f| f.span.start < f.span.end)
        .map(|f| (f.span.start, f.span.end, f.severity))
        .collect();
    crate::sort::sort_by_key(&mut spans, |&(start, end, _)| (start, end));
    let mut out = Vec::new();
    let mut at = 0;
    let push = |out: &mut Vec<Highlight>, from: usize, to: usize, severity| {
        if let Some(run) = text.get(from..to).filter(|r| !r.is_empty()) {
            out.push(Highlight {
                text: run.to_string(),
                severity,
            });
        }
    };
    for (start, end, severity) in spans {
        if start < at || text.get(start..end).is_none() {
            continue;
        }
        push(&mut out, at, start, None);
        push(&mut out, start, end, Some(severity));
        at = end;
    }
    push(&mut out, at, text.len(), None);
    out
}

/// A name for a new tab that no tab has yet: `Dockerfile`, `Dockerfile 2`, ….
pub fn new_tab_name(existing: &[&str]) -> String {
    (1..)
        .map(|n| match n {
            1 => "Dockerfile".to_string(),
            n => format!("Dockerfile {n}"),
        })
        .find(|candidate| !existing.contains(&candidate.as_str()))
        .unwrap_or_default()
}

fn dockerignore_key(index: usize) -> String {
    format!("doc.{index}.dockerignore")
}

fn fixes_key(index: usize) -> String {
    format!("doc.{index}.fixes")
}

/// A selection as a setting value: `unsafe`, `+ID` (switched on) and `-ID`
/// (switched off), separated by spaces. Fix ids hold no spaces.
fn selection_setting(selection: &FixSelection) -> String {
    let mut words: Vec<String> = Vec::new();
    if selection.unsafe_fixes {
        words.push("unsafe".into());
    }
    words.extend(selection.enabled.iter().map(|id| format!("+{id}")));
    words.extend(selection.disabled.iter().map(|id| format!("-{id}")));
    words.join(" ")
}

fn read_selection_setting(value: &str, selection: &mut FixSelection) {
    for word in value.split_whitespace() {
        if word == "unsafe" {
            selection.unsafe_fixes = true;
        } else if let Some(id) = word.strip_prefix('+') {
            selection.enabled.insert(id.to_string());
        } else if let Some(id) = word.strip_prefix('-') {
            selection.disabled.insert(id.to_string());
        }
    }
}

/// The playground's tabs as a share-link state. Fix ids are per document, so
/// each document's selection and `.dockerignore` go into the settings
/// (`doc.<index>.fixes`, `doc.<index>.dockerignore`); the link's global fix
/// options stay at their defaults.
pub fn to_shared(documents: &[PlaygroundDocument], selected: usize) -> SharedState {
    let mut options = SharedOptions {
        selected_tab: selected,
        ..SharedOptions::default()
    };
    for (index, document) in documents.iter().enumerate() {
        if let Some(ignore) = &document.dockerignore {
            options
                .settings
                .insert(dockerignore_key(index), ignore.clone());
        }
        let fixes = selection_setting(&document.selection);
        if !fixes.is_empty() {
            options.settings.insert(fixes_key(index), fixes);
        }
    }
    SharedState {
        documents: documents
            .iter()
            .map(|d| SharedDocument {
                name: d.name.clone(),
                text: d.text.clone(),
            })
            .collect(),
        options,
    }
}

/// A share-link state as the playground's tabs and the selected tab
/// (clamped to the tabs). A link's global fix options (as other writers may
/// set them) apply to its selected document; its unsafe switch to all.
pub fn from_shared(state: &SharedState) -> (Vec<PlaygroundDocument>, usize) {
    let options = &state.options;
    let selected = options
        .selected_tab
        .min(state.documents.len().saturating_sub(1));
    let documents = state
        .documents
        .iter()
        .enumerate()
        .map(|(index, shared)| {
            let mut selection = FixSelection {
                unsafe_fixes: options.unsafe_fixes,
                ..FixSelection::default()
            };
            if index == selected {
                selection.enabled = options.enabled_fixes.clone();
                selection.disabled = options.disabled_fixes.clone();
            }
            if let Some(value) = options.settings.get(&fixes_key(index)) {
                read_selection_setting(value, &mut selection);
            }
            PlaygroundDocument {
                name: shared.name.clone(),
                text: shared.text.clone(),
                dockerignore: options.settings.get(&dockerignore_key(index)).cloned(),
                selection,
            }
        })
        .collect();
    (documents, selected)
}

/// The estimate options of a document with this `.dockerignore` (the build
/// context's size is not known in the browser), resolving apt installs with
/// `apt` (the full Debian table once the page fetched it) or, with `None`,
/// the table compiled in.
pub fn estimate_options<'a>(
    dockerignore: Option<&'a str>,
    apt: Option<&'a AptUniverse>,
) -> EstimateOptions<'a> {
    EstimateOptions {
        analysis: options(dockerignore),
        context_bytes: None,
        apt,
    }
}

/// What the size panel shows for one document: the image before and after
/// the selected fixes, and what each fix saves alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizePanel {
    pub before: ImageEstimate,
    pub after: ImageEstimate,
    /// `before − after`, uncompressed and bound by bound (shared unknowns cancel).
    pub saving: SizeRange,
    pub saving_compressed: SizeRange,
    /// Whole percent of the expected size before.
    pub percent: u64,
    /// Each fix of the report, applied alone.
    pub fixes: Vec<FixSaving>,
}

/// The fixes of `report`, in finding order: what [`fix_savings`] prices.
pub fn report_fixes(report: &Report) -> Vec<Fix> {
    report.fixes().cloned().collect()
}

/// What each of `fixes` (of `text`, see [`report_fixes`]) saves when
/// applied alone.
pub fn fix_savings(
    text: &str,
    dockerignore: Option<&str>,
    apt: Option<&AptUniverse>,
    fixes: &[Fix],
) -> Vec<FixSaving> {
    savings_of_fixes(text, &estimate_options(dockerignore, apt), fixes)
}

/// The headline figures of `text` (current and optimized size, potential,
/// security and size scores with what moved them), as `dockopt estimate`
/// prints them, from `inputs` ([`summary_inputs`] of `text`: the page
/// computes them, the size worker estimates).
pub fn size_summary(
    text: &str,
    inputs: &SummaryInputs,
    dockerignore: Option<&str>,
    apt: Option<&AptUniverse>,
) -> SizeSummary {
    summarize_with(text, inputs, &estimate_options(dockerignore, apt))
}

/// The analysis half of the summary of `text`, whose report is `report`
/// and whose rewrite under `selection` is `rewritten` (reused when it is
/// the safe-fixes text).
pub fn summary_inputs(
    text: &str,
    dockerignore: Option<&str>,
    report: &Report,
    selection: &FixSelection,
    rewritten: &str,
) -> SummaryInputs {
    crate::estimate::summary::summary_inputs_knowing(
        text,
        options(dockerignore),
        report,
        Some((selection, rewritten)),
    )
}

/// The build id in the file name of the page's module (trunk names it
/// `<crate>-<hash>.js`): `Some("37e28701a7c1ab3e")` for
/// `/dockopt/dockopt-web-37e28701a7c1ab3e.js`. The page asks for its
/// unhashed worker with `?v=<id>`, so a browser that cached the previous
/// deploy's worker cannot pair it with this page's messages.
pub fn build_id_of(module_href: &str) -> Option<&str> {
    let file = module_href.rsplit('/').next()?;
    let stem = file.split(['?', '#']).next()?.strip_suffix(".js")?;
    let (_, id) = stem.rsplit_once('-')?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

/// What a score factor took or gave, in points out of 10: `−2.0`, `−0.5`,
/// `+1.0`, `0`.
pub fn score_points_text(tenths: i32) -> String {
    if tenths == 0 {
        return "0".to_string();
    }
    let sign = if tenths < 0 { '−' } else { '+' };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}.{}", abs / 10, abs % 10)
}

/// The size panel of `text` rewritten to `rewritten`, with the per-fix
/// savings computed by [`fix_savings`].
pub fn size_panel(
    text: &str,
    rewritten: &str,
    dockerignore: Option<&str>,
    apt: Option<&AptUniverse>,
    fixes: Vec<FixSaving>,
) -> SizePanel {
    let options = estimate_options(dockerignore, apt);
    let before = estimate_dockerfile(text, &options);
    let after = if rewritten == text {
        before.clone()
    } else {
        estimate_dockerfile(rewritten, &options)
    };
    let saving = before
        .total
        .uncompressed
        .sub_correlated(after.total.uncompressed);
    SizePanel {
        saving_compressed: before
            .total
            .compressed
            .sub_correlated(after.total.compressed),
        percent: percent(saving.expected, before.total.uncompressed.expected),
        saving,
        before,
        after,
        fixes,
    }
}

/// A size range as the panel shows it (`~182 MB`, `150–210 MB`, `0 B`).
pub fn range_text(range: SizeRange) -> String {
    if range.high == 0 {
        return "0 B".to_string();
    }
    format_range(range)
}

/// A fix's saving next to its switch: `saves ~20 MB` or `no size change`.
pub fn saving_text(saving: &FixSaving) -> String {
    if !saving.applied {
        return "saving unknown".to_string();
    }
    if saving.saving.high == 0 {
        return "no size change".to_string();
    }
    format!("saves {}", range_text(saving.saving))
}

/// The word for where a figure comes from.
pub fn provenance_label(kind: ProvenanceKind) -> &'static str {
    match kind {
        ProvenanceKind::Table => "measured",
        ProvenanceKind::NearestTableRow => "nearest measured",
        ProvenanceKind::RuleOfThumb => "rule of thumb",
        ProvenanceKind::Assumption => "assumption",
        ProvenanceKind::Unknown => "unknown",
    }
}

/// One provenance in words: `measured: python:3.12 — Docker Hub (±2%)`.
pub fn provenance_text(provenance: &Provenance) -> String {
    let mut text = format!(
        "{}: {}",
        provenance_label(provenance.kind),
        provenance.subject
    );
    if !provenance.source.is_empty() {
        text.push_str(" — ");
        text.push_str(&provenance.source);
    }
    if !provenance.uncertainty.is_empty() {
        text.push_str(&format!(" ({})", provenance.uncertainty));
    }
    text
}

/// The weakest provenance of an estimate, in words (how sure the figure is).
pub fn certainty_text(estimate: &Estimate) -> &'static str {
    estimate.weakest().map_or("exact", provenance_label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::{decode_fragment, encode_fragment};

    const APT: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

    #[test]
    fn default_rewrite_applies_safe_fixes_and_diffs_them() {
        let rewrite = rewrite(
            "backend",
            APT,
            None,
            &crate::analyze(APT),
            &FixSelection::default(),
        );
        assert_ne!(rewrite.outcome.text, APT);
        assert!(rewrite.outcome.text.contains("rm -rf /var/lib/apt/lists/*"));
        assert!(
            !rewrite.outcome.text.contains("--no-install-recommends"),
            "DL3015's fix is unsafe: off by default"
        );
        assert!(
            rewrite
                .unified
                .starts_with("--- a/backend/Dockerfile\n+++ b/backend/Dockerfile\n"),
            "{}",
            rewrite.unified
        );
        assert!(rewrite.unified.contains("\n-RUN apt-get update"));
        assert_eq!(rewrite.hunks.len(), 1);
        assert_eq!(rewrite.stats.lines_removed, 1);
    }

    #[test]
    fn switching_a_safe_fix_off_removes_it_from_the_rewrite() {
        let report = crate::analyze(APT);
        let fix = report
            .findings
            .iter()
            .find_map(|f| f.fix.as_ref().filter(|x| x.id == "DL3009:1"))
            .expect("DL3009 has a fix");
        assert_eq!(fix.applicability, Applicability::Safe);
        let mut selection = FixSelection::default();
        set_fix(&mut selection, &fix.id, fix.applicability, false);
        assert!(selection.disabled.contains("DL3009:1"));
        let off = rewrite("x", APT, None, &crate::analyze(APT), &selection);
        assert_eq!(off.outcome.text, APT);
        assert!(off.unified.is_empty() && off.hunks.is_empty());
        let rows = fix_rows(&report, &selection, &off.outcome);
        let unsafe_row = rows.iter().find(|r| r.id == "DL3015:1").expect("listed");
        assert!(!unsafe_row.on);
        assert_eq!(
            unsafe_row.status,
            FixStatus::Skipped {
                reason: skip_reason_text(&SkipReason::UnsafeNotEnabled)
            }
        );
        let row = rows.iter().find(|r| r.id == "DL3009:1").expect("listed");
        assert!(!row.on);
        assert_eq!(
            row.status,
            FixStatus::Skipped {
                reason: "switched off".into()
            }
        );
        // Back on: the default again, so nothing is recorded.
        set_fix(&mut selection, &fix.id, fix.applicability, true);
        assert_eq!(selection, FixSelection::default());
        let on = rewrite("x", APT, None, &crate::analyze(APT), &selection);
        let rows = fix_rows(&report, &selection, &on.outcome);
        let row = rows.iter().find(|r| r.id == "DL3009:1").expect("listed");
        assert_eq!(row.status, FixStatus::Applied { pass: 1 });
    }

    #[test]
    fn switches_follow_applicability_defaults() {
        let mut selection = FixSelection::default();
        assert!(fix_is_on(&selection, "A:1", Applicability::Safe));
        assert!(!fix_is_on(&selection, "A:1", Applicability::Unsafe));
        assert!(!fix_is_on(&selection, "A:1", Applicability::Suggestion));
        set_fix(&mut selection, "A:1", Applicability::Suggestion, true);
        assert!(selection.enabled.contains("A:1"));
        assert!(fix_is_on(&selection, "A:1", Applicability::Suggestion));
        selection.unsafe_fixes = true;
        assert!(fix_is_on(&selection, "B:1", Applicability::Unsafe));
        set_fix(&mut selection, "B:1", Applicability::Unsafe, false);
        assert!(selection.disabled.contains("B:1"));
    }

    #[test]
    fn counts_by_severity_and_suppressed() {
        let text = "FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get update && apt-get install -y curl\n";
        let report = crate::analyze(text);
        let counts = severity_counts(&report);
        assert_eq!(counts.total(), report.findings.len());
        assert_eq!(counts.suppressed, 1);
        let by: usize = counts.by_severity().iter().map(|(_, n)| n).sum();
        assert_eq!(by, counts.total());
    }

    #[test]
    fn editor_range_counts_utf16_and_crlf_as_one() {
        let text = "FROM a\r\n# 😀 é\nRUN curl x\n";
        let start = text.find("curl").unwrap();
        let index = dockopt_syntax::LineIndex::new(text);
        let span = Span::new(text, &index, start, start + 4);
        let (from, to) = editor_range(text, &span);
        // "FROM a\n" is 7 units, "# 😀 é\n" is 7 (the emoji counts 2), "RUN " 4.
        assert_eq!((from, to), (18, 22));
        let in_textarea: Vec<u16> = text.replace("\r\n", "\n").encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&in_textarea[from as usize..to as usize]).unwrap(),
            "curl"
        );
        // Within its line the offset is the report's UTF-16 column.
        assert_eq!(span.start_position.utf16_column, 5);
        assert_eq!(editor_range(text, &Span { start: 999, ..span }).0, 25);
    }

    #[test]
    fn tabs_round_trip_through_a_link() {
        let mut selection = FixSelection {
            unsafe_fixes: true,
            ..FixSelection::default()
        };
        selection.disabled.insert("DL3015:1".into());
        selection.enabled.insert("DL3047:2".into());
        let documents = vec![
            PlaygroundDocument {
                name: "frontend".into(),
                text: "FROM node:20\n".into(),
                dockerignore: Some("node_modules\n".into()),
                selection,
            },
            PlaygroundDocument {
                name: "backend".into(),
                text: APT.into(),
                dockerignore: None,
                selection: FixSelection::default(),
            },
        ];
        let fragment = encode_fragment(&to_shared(&documents, 1)).unwrap();
        let decoded = decode_fragment(&fragment).unwrap();
        assert_eq!(from_shared(&decoded), (documents, 1));
    }

    #[test]
    fn links_from_other_writers_open_with_their_options() {
        let state = SharedState {
            documents: vec![SharedDocument {
                name: "api".into(),
                text: APT.into(),
            }],
            options: SharedOptions {
                disabled_fixes: ["DL3015:1".to_string()].into(),
                selected_tab: 7,
                ..SharedOptions::default()
            },
        };
        let (documents, selected) = from_shared(&state);
        assert_eq!(selected, 0, "clamped to the tabs");
        assert!(documents[0].selection.disabled.contains("DL3015:1"));
        assert_eq!(from_shared(&SharedState::default()), (vec![], 0));
    }

    #[test]
    fn highlights_mark_finding_spans_and_keep_all_text() {
        let report = crate::analyze(APT);
        let runs = highlights(APT, &report);
        let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, APT);
        let marked: Vec<&str> = runs
            .iter()
            .filter(|r| r.severity.is_some())
            .map(|r| r.text.as_str())
            .collect();
        // Every marked run is a finding's exact span (none overlap here).
        let mut spans: Vec<&str> = report
            .findings
            .iter()
            .map(|f| &APT[f.span.start..f.span.end])
            .collect();
        spans.dedup(); // two rules may point at the same word
        assert_eq!(marked, spans);
        assert!(marked.contains(&"update") && marked.contains(&"install"));
        // A report of another text marks nothing it cannot find.
        let runs = highlights("FROM a\n", &report);
        assert!(runs.iter().all(|r| r.severity.is_none()));
        assert_eq!(highlights("", &Report::default()), vec![]);
    }

    #[test]
    fn the_build_id_is_the_hash_in_the_module_name() {
        assert_eq!(
            build_id_of("http://127.0.0.1:8080/dockopt/dockopt-web-37e28701a7c1ab3e.js"),
            Some("37e28701a7c1ab3e")
        );
        assert_eq!(build_id_of("/dockopt-web-0af9.js?x=1"), Some("0af9"));
        assert_eq!(build_id_of("/dockopt-web.js"), None);
        assert_eq!(build_id_of("/dockopt-web-main.js"), None);
        assert_eq!(build_id_of("/style-0af9.css"), None);
        assert_eq!(build_id_of(""), None);
    }

    #[test]
    fn score_points_read_as_points_out_of_ten() {
        assert_eq!(score_points_text(-20), "−2.0");
        assert_eq!(score_points_text(-5), "−0.5");
        assert_eq!(score_points_text(15), "+1.5");
        assert_eq!(score_points_text(0), "0");
    }

    #[test]
    fn size_panel_prices_the_selected_fixes() {
        let text =
            "FROM debian:12-slim\nRUN apt-get update && apt-get install -y build-essential\n";
        let report = crate::analyze(text);
        let fixes = fix_savings(text, None, None, &report_fixes(&report));
        let dl3015 = fixes
            .iter()
            .find(|s| s.fix_id == "DL3015:1")
            .expect("DL3015 is priced");
        assert!(dl3015.saving.expected > 0, "{dl3015:?}");
        assert!(saving_text(dl3015).starts_with("saves "));
        // Nothing selected: before and after are the same image.
        let same = size_panel(text, text, None, None, fixes.clone());
        assert_eq!(same.saving, SizeRange::ZERO);
        assert_eq!(range_text(same.saving), "0 B");
        assert_eq!(same.before, same.after);
        // With DL3015 on, the panel's saving is the fix's own.
        let selection = FixSelection {
            enabled: ["DL3015:1".to_string()].into(),
            ..FixSelection::default()
        };
        let fixed = rewrite("x", text, None, &crate::analyze(text), &selection)
            .outcome
            .text;
        let panel = size_panel(text, &fixed, None, None, fixes);
        assert!(panel.saving.expected > 0);
        assert!(panel.after.total.uncompressed.expected < panel.before.total.uncompressed.expected);
        assert!(!panel.before.image_layers().is_empty());
        assert!(!certainty_text(&panel.before.total).is_empty());
        let words: Vec<String> = panel
            .before
            .total
            .provenance
            .iter()
            .map(provenance_text)
            .collect();
        assert!(words.iter().all(|w| w.contains(": ")), "{words:?}");
    }

    #[test]
    fn names_for_tabs_and_patches() {
        assert_eq!(new_tab_name(&["frontend", "backend"]), "Dockerfile");
        assert_eq!(
            new_tab_name(&["Dockerfile", "Dockerfile 2"]),
            "Dockerfile 3"
        );
        assert_eq!(patch_file_name("my app/x"), "my-app-x.Dockerfile.patch");
        assert_eq!(patch_file_name("  "), "Dockerfile.patch");
        assert_eq!(patch_path(""), "Dockerfile");
    }

    #[test]
    fn summary_inputs_reuse_the_rewrite_only_when_it_is_the_safe_one() {
        let report = crate::analyze(APT);
        let scratch = crate::estimate::summary::summary_inputs(APT, options(None), &report);
        let safe = FixSelection::default();
        let rewritten = rewrite("x", APT, None, &report, &safe).outcome.text;
        assert_eq!(
            summary_inputs(APT, None, &report, &safe, &rewritten),
            scratch
        );
        // Another selection's rewrite is not the safe text: computed anew.
        let mut fewer = FixSelection::default();
        let id = report
            .findings
            .iter()
            .find_map(|f| {
                f.fix
                    .as_ref()
                    .filter(|x| x.applicability == Applicability::Safe)
            })
            .map(|x| x.id.clone())
            .expect("a safe fix");
        set_fix(&mut fewer, &id, Applicability::Safe, false);
        let other = rewrite("x", APT, None, &report, &fewer).outcome.text;
        assert_ne!(other, rewritten);
        assert_eq!(summary_inputs(APT, None, &report, &fewer, &other), scratch);
    }
}
