//! Fixes are data: an [`Edit`] is a byte range of the original text and its
//! replacement, a [`Fix`] is a titled list of edits with an [`Applicability`].
//! [`apply_fixes`] splices edits into the original text — it never rebuilds a
//! file from a tree, so comments, spacing and casing the user wrote survive —
//! then re-analyses and repeats until nothing more applies (bounded).
//!
//! This module knows nothing about Dockerfiles: the caller passes the
//! analysis as a closure from text to fixes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Replace the bytes `start..end` of the text with `replacement`. An insertion
/// has `start == end`; a deletion has an empty replacement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Edit {
    pub fn replace(start: usize, end: usize, replacement: impl Into<String>) -> Self {
        Edit {
            start,
            end,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(at, at, text)
    }

    pub fn delete(start: usize, end: usize) -> Self {
        Edit::replace(start, end, "")
    }

    /// Two edits conflict when their ranges overlap, or when both insert at
    /// the same offset (the order of the two insertions would be arbitrary).
    fn conflicts_with(&self, other: &Edit) -> bool {
        if self.start == self.end && other.start == other.end {
            return self.start == other.start;
        }
        // Also true for an insertion strictly inside the other's range.
        self.start < other.end && other.start < self.end
    }
}

/// How safe it is to apply a fix without the user looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown, never applied unless the user switches this very fix on.
    Suggestion,
    /// May change behaviour: applied only when the user opts in.
    Unsafe,
    /// Preserves meaning: applied by default.
    Safe,
}

/// A titled set of edits that must be applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Stable id, e.g. `DL3009:1` (rule code and occurrence), so a user or a
    /// share link can switch this fix on or off.
    pub id: String,
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits of the analysed text.
    pub edits: Vec<Edit>,
}

/// Which fixes the user wants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixSelection {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Fix ids switched on by hand (this also applies unsafe fixes and
    /// suggestions).
    pub enabled: BTreeSet<String>,
    /// Fix ids switched off by hand.
    pub disabled: BTreeSet<String>,
}

impl FixSelection {
    /// Every one of `fixes` on: unsafe fixes, and each suggestion by id.
    pub fn everything<'a>(fixes: impl IntoIterator<Item = &'a Fix>) -> FixSelection {
        FixSelection {
            unsafe_fixes: true,
            enabled: fixes.into_iter().map(|f| f.id.clone()).collect(),
            disabled: Default::default(),
        }
    }

    /// Why `fix` is not wanted, or `None` when it is.
    fn rejects(&self, fix: &Fix) -> Option<SkipReason> {
        if self.disabled.contains(&fix.id) {
            return Some(SkipReason::Disabled);
        }
        if self.enabled.contains(&fix.id) {
            return None;
        }
        match fix.applicability {
            Applicability::Safe => None,
            Applicability::Unsafe if self.unsafe_fixes => None,
            Applicability::Unsafe => Some(SkipReason::UnsafeNotEnabled),
            Applicability::Suggestion => Some(SkipReason::Suggestion),
        }
    }
}

/// Why a fix was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SkipReason {
    /// The user switched it off.
    Disabled,
    /// It may change behaviour and unsafe fixes are not enabled.
    UnsafeNotEnabled,
    /// A suggestion: only applied when switched on by hand.
    Suggestion,
    /// Its edits overlap a fix that was applied, and it did not come back
    /// after re-analysis within the pass limit.
    Conflict { with: String },
    /// Still applicable when the pass limit was reached: the fixes keep
    /// rewriting each other's output.
    PassLimit,
    /// Its edits are out of range, not on character boundaries, or overlap
    /// each other: a bug in the rule, reported rather than applied.
    InvalidEdits { detail: String },
}

/// A fix that was applied, and in which pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedFix {
    pub id: String,
    pub title: String,
    pub applicability: Applicability,
    pub pass: usize,
}

/// A fix of the final text that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFix {
    pub id: String,
    pub title: String,
    pub applicability: Applicability,
    pub reason: SkipReason,
}

/// The rewritten text and what happened on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub skipped: Vec<SkippedFix>,
    /// Passes that applied at least one fix.
    pub passes: usize,
    /// False when the pass limit was hit while fixes were still applicable.
    pub converged: bool,
}

/// The most analyse-and-apply passes [`apply_fixes`] makes.
pub const MAX_PASSES: usize = 10;

/// Check that a fix's edits are in range, on char boundaries and disjoint,
/// and return them sorted.
fn validated_edits(text: &str, fix: &Fix) -> Result<Vec<Edit>, SkipReason> {
    let mut edits = fix.edits.clone();
    crate::sort::sort(&mut edits);
    for edit in &edits {
        let valid = edit.start <= edit.end
            && edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end);
        if !valid {
            return Err(SkipReason::InvalidEdits {
                detail: format!(
                    "edit {}..{} is outside the text or splits a character",
                    edit.start, edit.end
                ),
            });
        }
    }
    for pair in edits.windows(2) {
        if pair[0].conflicts_with(&pair[1]) {
            return Err(SkipReason::InvalidEdits {
                detail: format!(
                    "edits {}..{} and {}..{} overlap",
                    pair[0].start, pair[0].end, pair[1].start, pair[1].end
                ),
            });
        }
    }
    if edits.is_empty() {
        return Err(SkipReason::InvalidEdits {
            detail: "the fix has no edits".into(),
        });
    }
    Ok(edits)
}

/// Splice sorted, disjoint, validated edits into `text`.
fn splice(text: &str, edits: &[&Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One pass: pick the wanted fixes in source order, skipping any that
/// conflict with one already picked. Returns the new text, the fixes applied,
/// and for every fix not applied, why.
fn apply_pass(
    text: &str,
    fixes: &[Fix],
    selection: &FixSelection,
) -> (String, Vec<Fix>, BTreeMap<String, (Fix, SkipReason)>) {
    let mut candidates: Vec<(&Fix, Vec<Edit>)> = Vec::new();
    let mut skipped = BTreeMap::new();
    for fix in fixes {
        if let Some(reason) = selection.rejects(fix) {
            skipped.insert(fix.id.clone(), (fix.clone(), reason));
            continue;
        }
        match validated_edits(text, fix) {
            Ok(edits) => candidates.push((fix, edits)),
            Err(reason) => {
                skipped.insert(fix.id.clone(), (fix.clone(), reason));
            }
        }
    }
    // Source order, then id, so the result never depends on rule order.
    crate::sort::sort_by(&mut candidates, |a, b| {
        (a.1[0].start, &a.0.id).cmp(&(b.1[0].start, &b.0.id))
    });
    let mut accepted: Vec<(&Fix, Vec<Edit>)> = Vec::new();
    for (fix, edits) in candidates {
        let conflict = accepted.iter().find(|(_, taken)| {
            edits
                .iter()
                .any(|e| taken.iter().any(|t| e.conflicts_with(t)))
        });
        match conflict {
            Some((other, _)) => {
                let reason = SkipReason::Conflict {
                    with: other.id.clone(),
                };
                skipped.insert(fix.id.clone(), (fix.clone(), reason));
            }
            None => accepted.push((fix, edits)),
        }
    }
    let mut all_edits: Vec<&Edit> = accepted.iter().flat_map(|(_, e)| e.iter()).collect();
    crate::sort::sort(&mut all_edits);
    let new_text = splice(text, &all_edits);
    let applied = accepted.into_iter().map(|(f, _)| f.clone()).collect();
    (new_text, applied, skipped)
}

/// Map offset `x` of a pass's output back to that pass's input, given the
/// pass's sorted edits. An offset inside inserted text maps to the start of
/// the edit that inserted it.
fn map_back(x: usize, edits: &[Edit]) -> usize {
    let mut shift: isize = 0;
    for edit in edits {
        let new_start = (edit.start as isize + shift) as usize;
        if x < new_start {
            break;
        }
        let new_end = new_start + edit.replacement.len();
        if x < new_end {
            return edit.start;
        }
        shift += edit.replacement.len() as isize - (edit.end - edit.start) as isize;
    }
    (x as isize - shift).max(0) as usize
}

/// The rule part of a fix id (`DL3009` of `DL3009:2`).
fn id_rule(id: &str) -> &str {
    id.rsplit_once(':').map_or(id, |(rule, _)| rule)
}

/// Ids are numbered per text, so after a pass the remaining fixes may be
/// renumbered. Give each fix of a later pass the id it had in the first
/// pass when it starts at the same original offset for the same rule; a fix
/// that did not exist in the first pass keeps its own id, marked `+` so it
/// can never be mistaken for a first-pass fix the user chose.
fn inherit_ids(fixes: &mut [Fix], history: &[Vec<Edit>], first_pass: &[(String, usize)]) {
    for fix in fixes {
        let Some(start) = fix.edits.iter().map(|e| e.start).min() else {
            continue;
        };
        let original = history
            .iter()
            .rev()
            .fold(start, |x, edits| map_back(x, edits));
        let rule = id_rule(&fix.id);
        match first_pass
            .iter()
            .find(|(id, at)| *at == original && id_rule(id) == rule)
        {
            Some((id, _)) => fix.id = id.clone(),
            None => fix.id = format!("{}+", fix.id),
        }
    }
}

/// Apply the selected fixes to `text` until a fixed point: analyse, apply
/// every wanted non-conflicting fix, re-analyse the result, repeat (at most
/// [`MAX_PASSES`] passes). `analyse` returns the fixes available for a text.
pub fn apply_fixes<F>(text: &str, selection: &FixSelection, mut analyse: F) -> FixOutcome
where
    F: FnMut(&str) -> Vec<Fix>,
{
    let mut current = text.to_string();
    let mut applied: Vec<AppliedFix> = Vec::new();
    let mut passes = 0;
    // The edits of every pass so far, and the first pass's fix ids with the
    // offsets they start at.
    let mut history: Vec<Vec<Edit>> = Vec::new();
    let mut first_pass: Vec<(String, usize)> = Vec::new();
    loop {
        let mut fixes = analyse(&current);
        if passes == 0 {
            first_pass = fixes
                .iter()
                .filter_map(|f| Some((f.id.clone(), f.edits.iter().map(|e| e.start).min()?)))
                .collect();
        } else {
            inherit_ids(&mut fixes, &history, &first_pass);
        }
        let (next, done, skipped) = apply_pass(&current, &fixes, selection);
        // A fix whose edits change nothing would loop forever: stop on it.
        if done.is_empty() || next == current || passes == MAX_PASSES {
            let converged = done.is_empty() || next == current;
            let mut skipped: Vec<SkippedFix> = skipped
                .into_values()
                .map(|(fix, reason)| SkippedFix {
                    id: fix.id,
                    title: fix.title,
                    applicability: fix.applicability,
                    reason,
                })
                .collect();
            // When stopping at the pass limit, what would still apply is
            // reported as skipped, never silently dropped.
            if !converged {
                skipped.extend(done.into_iter().map(|fix| SkippedFix {
                    reason: SkipReason::PassLimit,
                    id: fix.id,
                    title: fix.title,
                    applicability: fix.applicability,
                }));
            }
            return FixOutcome {
                text: current,
                applied,
                skipped,
                passes,
                converged,
            };
        }
        passes += 1;
        let mut edits: Vec<Edit> = done.iter().flat_map(|f| f.edits.iter().cloned()).collect();
        crate::sort::sort(&mut edits);
        history.push(edits);
        applied.extend(done.into_iter().map(|fix| AppliedFix {
            id: fix.id,
            title: fix.title,
            applicability: fix.applicability,
            pass: passes,
        }));
        current = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(id: &str, applicability: Applicability, edits: Vec<Edit>) -> Fix {
        Fix {
            id: id.into(),
            title: format!("fix {id}"),
            applicability,
            edits,
        }
    }

    /// A toy analysis: every `apt-get install` without the flag gets a safe
    /// fix inserting it; every `sudo ` gets an unsafe fix deleting it.
    fn toy(text: &str) -> Vec<Fix> {
        let mut out = Vec::new();
        for (n, (at, _)) in text.match_indices("apt-get install").enumerate() {
            let end = at + "apt-get install".len();
            if !text[end..].starts_with(" --no-install-recommends") {
                out.push(fix(
                    &format!("DL3015:{}", n + 1),
                    Applicability::Safe,
                    vec![Edit::insert(end, " --no-install-recommends")],
                ));
            }
        }
        for (n, (at, _)) in text.match_indices("sudo ").enumerate() {
            out.push(fix(
                &format!("DL3004:{}", n + 1),
                Applicability::Unsafe,
                vec![Edit::delete(at, at + 5)],
            ));
        }
        out
    }

    #[test]
    fn safe_fixes_apply_and_reach_a_fixed_point() {
        let text = "RUN sudo apt-get install -y curl # keep me\nRUN apt-get install  git\n";
        let out = apply_fixes(text, &FixSelection::default(), toy);
        assert_eq!(
            out.text,
            "RUN sudo apt-get install --no-install-recommends -y curl # keep me\nRUN apt-get install --no-install-recommends  git\n"
        );
        assert_eq!(out.passes, 1);
        assert!(out.converged);
        assert_eq!(out.applied.len(), 2);
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].id, "DL3004:1");
        assert_eq!(out.skipped[0].reason, SkipReason::UnsafeNotEnabled);
        // Fixing the output again changes nothing.
        let again = apply_fixes(&out.text, &FixSelection::default(), toy);
        assert_eq!(again.text, out.text);
        assert!(again.applied.is_empty());
    }

    #[test]
    fn unsafe_fixes_need_opt_in_and_disabled_ids_stay_off() {
        let text = "RUN sudo apt-get install x\n";
        let selection = FixSelection {
            unsafe_fixes: true,
            disabled: ["DL3015:1".to_string()].into(),
            ..FixSelection::default()
        };
        let out = apply_fixes(text, &selection, toy);
        assert_eq!(out.text, "RUN apt-get install x\n");
        assert_eq!(out.skipped[0].reason, SkipReason::Disabled);
        // Switching one unsafe fix on by id applies only that one.
        let selection = FixSelection {
            enabled: ["DL3004:1".to_string()].into(),
            ..FixSelection::default()
        };
        let out = apply_fixes("RUN sudo a && sudo b\n", &selection, toy);
        assert_eq!(out.text, "RUN a && sudo b\n");
    }

    #[test]
    fn overlapping_fixes_are_applied_in_later_passes() {
        // Toy rules: DL3020 turns ADD into COPY keeping the case; CASE
        // lowercases an upper-case ADD.
        let analyse = |text: &str| {
            let mut fixes = Vec::new();
            if let Some(at) = text.find("ADD ") {
                fixes.push(fix(
                    "DL3020:1",
                    Applicability::Safe,
                    vec![Edit::replace(at, at + 3, "COPY")],
                ));
                fixes.push(fix(
                    "CASE:1",
                    Applicability::Safe,
                    vec![Edit::replace(at, at + 3, "add")],
                ));
            }
            if let Some(at) = text.find("add ") {
                fixes.push(fix(
                    "DL3020:1",
                    Applicability::Safe,
                    vec![Edit::replace(at, at + 3, "copy")],
                ));
            }
            fixes
        };
        let out = apply_fixes("ADD a b\n", &FixSelection::default(), analyse);
        // Pass 1: both fixes start at 0; CASE wins on id order. Pass 2: the
        // re-analysis offers DL3020 again on the lowercased keyword.
        assert_eq!(out.text, "copy a b\n");
        assert_eq!(out.passes, 2);
        let ids: Vec<_> = out
            .applied
            .iter()
            .map(|a| (a.id.as_str(), a.pass))
            .collect();
        assert_eq!(ids, vec![("CASE:1", 1), ("DL3020:1", 2)]);
        assert!(out.converged);
        assert!(out.skipped.is_empty());
    }

    #[test]
    fn same_offset_insertions_conflict_instead_of_racing() {
        let a = Edit::insert(4, "x");
        let b = Edit::insert(4, "y");
        assert!(a.conflicts_with(&b));
        assert!(!Edit::insert(4, "x").conflicts_with(&Edit::replace(4, 6, "z")));
        assert!(Edit::insert(5, "x").conflicts_with(&Edit::replace(4, 6, "z")));
        assert!(!Edit::replace(0, 2, "").conflicts_with(&Edit::replace(2, 4, "")));
    }

    #[test]
    fn invalid_edits_are_reported_not_applied() {
        let analyse = |_: &str| {
            vec![
                fix("BAD:1", Applicability::Safe, vec![Edit::delete(2, 99)]),
                // Splits the two-byte 'é'.
                fix("BAD:2", Applicability::Safe, vec![Edit::delete(1, 2)]),
                fix(
                    "BAD:3",
                    Applicability::Safe,
                    vec![Edit::delete(0, 2), Edit::delete(1, 3)],
                ),
                fix("BAD:4", Applicability::Safe, vec![]),
            ]
        };
        let out = apply_fixes("éabc", &FixSelection::default(), analyse);
        assert_eq!(out.text, "éabc");
        assert_eq!(out.skipped.len(), 4);
        assert!(out
            .skipped
            .iter()
            .all(|s| matches!(s.reason, SkipReason::InvalidEdits { .. })));
    }

    #[test]
    fn a_fix_that_never_settles_stops_at_the_pass_limit() {
        let analyse = |text: &str| {
            vec![fix(
                "GROW:1",
                Applicability::Safe,
                vec![Edit::insert(text.len(), "x")],
            )]
        };
        let out = apply_fixes("", &FixSelection::default(), analyse);
        assert_eq!(out.passes, MAX_PASSES);
        assert!(!out.converged);
        assert_eq!(out.text.len(), MAX_PASSES);
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].reason, SkipReason::PassLimit);
        // A fix whose edit changes nothing is not applied forever either.
        let noop = |_: &str| {
            vec![fix(
                "NOOP:1",
                Applicability::Safe,
                vec![Edit::replace(0, 1, "a")],
            )]
        };
        let out = apply_fixes("abc", &FixSelection::default(), noop);
        assert_eq!(out.passes, 0);
        assert!(out.converged);
    }

    #[test]
    fn offsets_map_back_through_a_pass() {
        // "abcdef" with "XY" inserted at 1 and "cd" deleted: "aXYbef".
        let edits = vec![Edit::insert(1, "XY"), Edit::delete(2, 4)];
        let out = splice("abcdef", &edits.iter().collect::<Vec<_>>());
        assert_eq!(out, "aXYbef");
        let back: Vec<usize> = (0..=out.len()).map(|x| map_back(x, &edits)).collect();
        // a→0, X→1, Y→1 (inserted), b→1, e→4, f→5, end→6.
        assert_eq!(back, vec![0, 1, 1, 1, 4, 5, 6]);
    }
}
