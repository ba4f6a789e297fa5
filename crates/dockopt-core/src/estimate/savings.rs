//! What a fix saves: the estimate of the text before, minus the estimate
//! of the text with just that fix's edits applied. Generic over rules: any
//! fix (DL3009's lists cleanup, DL3015's `--no-install-recommends`, a base
//! image rewrite) is priced the same way, by re-estimating the rewritten
//! Dockerfile, so a new rule's fix gets its saving without code here.
//!
//! It knows no rule: it must not special-case a rule code; a fix's saving
//! is whatever the re-estimate says.
//!
//! Both estimates come from the same data, so their difference is taken
//! bound by bound (`SizeRange::sub_correlated`): a part both texts share
//! (an unknown `COPY . .`) cancels out instead of widening the saving.

use serde::{Deserialize, Serialize};

use super::format::percent;
use super::image::{estimate_dockerfile, EstimateOptions};
use super::provenance::Estimate;
use super::range::SizeRange;
use crate::fix::{Applicability, Edit, Fix, FixSelection};

/// The saving of one fix applied alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixSaving {
    pub fix_id: String,
    /// The rule code (`DL3009`).
    pub rule: String,
    pub title: String,
    pub applicability: Applicability,
    /// The image before and after, uncompressed.
    pub before: SizeRange,
    pub after: SizeRange,
    /// `before − after`, uncompressed and compressed (0 when the fix makes
    /// the image larger or changes nothing the model sizes).
    pub saving: SizeRange,
    pub saving_compressed: SizeRange,
    /// Whole percent of the expected image size.
    pub percent: u64,
    /// False when the fix's edits could not be applied to the text (out of
    /// range or overlapping): its saving is then 0.
    pub applied: bool,
}

/// The saving of a selection of fixes applied together (as `fix_text`
/// applies them: to a fixed point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionSaving {
    pub before: Estimate,
    pub after: Estimate,
    pub saving: SizeRange,
    pub saving_compressed: SizeRange,
    pub percent: u64,
    /// Ids of the fixes applied.
    pub applied: Vec<String>,
    /// The rewritten text.
    pub text: String,
}

/// `text` with `edits` spliced in, or `None` when they are out of range,
/// split a character or overlap.
fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        if edit.start < at || edit.start > edit.end {
            return None;
        }
        out.push_str(text.get(at..edit.start)?);
        out.push_str(&edit.replacement);
        text.get(edit.start..edit.end)?;
        at = edit.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

fn rule_of(id: &str) -> String {
    id.rsplit_once(':')
        .map_or(id, |(rule, _)| rule)
        .trim_end_matches('+')
        .to_string()
}

/// The saving of each fix, applied alone to `text`.
pub fn savings_of_fixes(
    text: &str,
    options: &EstimateOptions<'_>,
    fixes: &[Fix],
) -> Vec<FixSaving> {
    let before = estimate_dockerfile(text, options).total;
    fixes
        .iter()
        .map(|fix| {
            let after =
                apply_edits(text, &fix.edits).map(|t| estimate_dockerfile(&t, options).total);
            let applied = after.is_some();
            let after = after.unwrap_or_else(|| before.clone());
            let saving = before.uncompressed.sub_correlated(after.uncompressed);
            FixSaving {
                fix_id: fix.id.clone(),
                rule: rule_of(&fix.id),
                title: fix.title.clone(),
                applicability: fix.applicability,
                before: before.uncompressed,
                after: after.uncompressed,
                saving,
                saving_compressed: before.compressed.sub_correlated(after.compressed),
                percent: percent(saving.expected, before.uncompressed.expected),
                applied,
            }
        })
        .collect()
}

/// The saving of every fix the engine offers for `text`, each alone.
pub fn fix_savings(text: &str, options: &EstimateOptions<'_>) -> Vec<FixSaving> {
    let fixes = crate::engine::fixes(text, options.analysis);
    savings_of_fixes(text, options, &fixes)
}

/// The saving of a selection: `text` against `fix_text`'s output.
pub fn savings_of_selection(
    text: &str,
    options: &EstimateOptions<'_>,
    selection: &FixSelection,
) -> SelectionSaving {
    let before = estimate_dockerfile(text, options).total;
    let outcome = crate::engine::fix_text(text, options.analysis, selection);
    let after = estimate_dockerfile(&outcome.text, options).total;
    let saving = before.uncompressed.sub_correlated(after.uncompressed);
    SelectionSaving {
        saving,
        saving_compressed: before.compressed.sub_correlated(after.compressed),
        percent: percent(saving.expected, before.uncompressed.expected),
        applied: outcome.applied.iter().map(|a| a.id.clone()).collect(),
        text: outcome.text,
        before,
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_bad_ones_are_refused() {
        let text = "abcdef";
        let edits = [Edit::replace(4, 5, "E"), Edit::insert(1, "-")];
        assert_eq!(apply_edits(text, &edits).as_deref(), Some("a-bcdEf"));
        assert_eq!(apply_edits(text, &[Edit::delete(2, 9)]), None);
        assert_eq!(
            apply_edits(text, &[Edit::delete(1, 4), Edit::delete(2, 3)]),
            None
        );
        assert_eq!(rule_of("DL3009:2"), "DL3009");
        assert_eq!(rule_of("DL3015:1+"), "DL3015");
    }
}
