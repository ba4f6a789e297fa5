//! The headline figures, like Gordon's "Current Size: ~180MB, Optimization
//! Potential: ~20MB (11% reduction)", but computed, reproducible and with
//! their provenance: the current estimate, the estimate after all safe
//! fixes and after all fixes (unsafe ones and suggestions included), the
//! potential in bytes and percent, and two scores out of 10 with the list
//! of what moved them.
//!
//! It computes no size itself: every figure is `estimate_dockerfile` of the
//! text before or after `fix_text`.
//!
//! [`summarize`] does it all; it is also split in two so the web page can
//! keep the rules out of its size worker: [`summary_inputs`] (the analysis
//! and the two rewrites, on the page) and [`summarize_with`] (the
//! estimates and scores, in the worker). Both halves give what
//! `summarize` gives.
//!
//! Sizes are uncompressed (what `docker images` shows); the compressed
//! figures are in the estimates. Percentages are of the expected value.
//!
//! ## Scores
//! Both are kept in tenths (0–100) and shown as `7.5/10`; they start at 10
//! and lose points, never below 0:
//!
//! **Security score**
//! - every finding of a rule of the `security` family: error −3, warning
//!   −2, info −1, style −0.5;
//! - the shipped stage runs as root (no `USER`, or the last `USER` is
//!   `root`/`0`) and no security finding already says so (a rule whose
//!   name mentions `user`): −2.
//!
//! **Size score**
//! - the optimization potential of all fixes: −0.1 per percent of the
//!   image (−1 for an 11% reduction), at most −6;
//! - wasted bytes in the image (caches, archives, files deleted or
//!   rewritten by a later layer) that the fixes do not remove: −0.1 per
//!   percent of the image, at most −2;
//! - every finding of a `size` rule: error −1.5, warning −1, info −0.5,
//!   style −0.2; at most −2 in all.

use serde::{Deserialize, Serialize};

use super::format::{format_bytes, percent};
use super::image::{estimate_dockerfile, EstimateOptions, ImageEstimate};
use super::provenance::Estimate;
use super::range::SizeRange;
use crate::fix::FixSelection;
use crate::report::Severity;
use crate::rules::Family;

/// One thing that moved a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreFactor {
    pub what: String,
    /// The rule code, for findings.
    pub code: Option<String>,
    pub severity: Option<Severity>,
    /// Points in tenths (negative: lost).
    pub tenths: i32,
}

/// A score out of 10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// 0–100.
    pub tenths: u32,
    /// `7.5/10`.
    pub display: String,
    pub factors: Vec<ScoreFactor>,
}

impl Score {
    fn from_factors(factors: Vec<ScoreFactor>) -> Score {
        let lost: i32 = factors.iter().map(|f| f.tenths).sum();
        let tenths = (100 + lost).clamp(0, 100) as u32;
        Score {
            tenths,
            display: format!("{}.{}/10", tenths / 10, tenths % 10),
            factors,
        }
    }
}

/// The headline figures of one Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeSummary {
    pub current: Estimate,
    /// After every safe fix.
    pub optimized_safe: Estimate,
    /// After every fix, unsafe ones and suggestions included.
    pub optimized_all: Estimate,
    pub potential_safe: SizeRange,
    pub potential_safe_percent: u64,
    pub potential_all: SizeRange,
    pub potential_all_percent: u64,
    /// Wasted bytes in the current image.
    pub wasted: SizeRange,
    /// Parts of the shipped image the data cannot size.
    pub unknown_count: usize,
    pub security: Score,
    pub size: Score,
    /// `Current Size: ~182 MB, Optimization Potential: ~20 MB (11% reduction)`,
    /// followed by `; ~37 MB (20%) with unsafe fixes and suggestions` when
    /// those would save more.
    pub headline: String,
}

fn severity_tenths(severity: Severity, table: [i32; 4]) -> i32 {
    match severity {
        Severity::Error => table[0],
        Severity::Warning => table[1],
        Severity::Info => table[2],
        Severity::Style => table[3],
    }
}

/// Whether the shipped stage of `text` ends as root.
fn runs_as_root(text: &str, options: &EstimateOptions<'_>) -> bool {
    let default_config = crate::config::Config::default();
    let config = options.analysis.config.unwrap_or(&default_config);
    let dockerfile = dockopt_syntax::Dockerfile::parse(text);
    let model = crate::model::Model::new(&dockerfile, config);
    let Some(shipped) = model.shipped else {
        return false;
    };
    // The shipped stage and the stages it is built on, nearest first.
    let mut chain = vec![shipped];
    while let Some(crate::model::Base::Stage(parent)) = chain
        .last()
        .and_then(|s| model.stages.get(*s))
        .map(|s| &s.base)
    {
        if chain.contains(parent) {
            break;
        }
        chain.push(*parent);
    }
    for stage in chain.iter().filter_map(|s| model.stages.get(*s)) {
        let last_user = model
            .instructions
            .get(stage.body.clone())
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|l| l.instruction.kind == dockopt_syntax::InstructionKind::User);
        if let Some(user) = last_user.and_then(|l| l.instruction.single_word()) {
            let name = user.text.split(':').next().unwrap_or("");
            return matches!(name, "root" | "0");
        }
    }
    true
}

/// A finding as the scores read it: with its rule's family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredFinding {
    pub code: String,
    /// The rule's name (`no-user-in-shipped-stage`).
    pub name: String,
    pub family: Family,
    pub severity: Severity,
    pub message: String,
}

/// What the summary needs besides the estimates: the findings of the
/// security and size families, and the text after all safe fixes and after
/// all fixes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryInputs {
    pub findings: Vec<ScoredFinding>,
    pub safe_text: String,
    pub all_text: String,
}

/// The analysis half of [`summarize`]: `report` is `text`'s report under
/// `options`.
pub fn summary_inputs(
    text: &str,
    options: crate::engine::Options<'_>,
    report: &crate::Report,
) -> SummaryInputs {
    summary_inputs_knowing(text, options, report, None)
}

/// [`summary_inputs`] when `text` was already fixed under some selection
/// (`known`: the selection and the text it gave): with the default
/// selection that text is the safe one and is not computed again.
pub fn summary_inputs_knowing(
    text: &str,
    options: crate::engine::Options<'_>,
    report: &crate::Report,
    known: Option<(&FixSelection, &str)>,
) -> SummaryInputs {
    let fix = |selection: &FixSelection| {
        crate::engine::fix_text_after(text, options, report, selection).text
    };
    let safe = FixSelection::default();
    let safe_text = match known {
        Some((selection, fixed)) if *selection == safe => fixed.to_string(),
        _ => fix(&safe),
    };
    let everything = FixSelection::everything(report.fixes());
    let all_text = fix(&everything);
    let findings = report
        .findings
        .iter()
        .filter_map(|finding| {
            let rule = crate::rules::find(&finding.code)?;
            matches!(rule.family, Family::Security | Family::Size).then(|| ScoredFinding {
                code: finding.code.clone(),
                name: rule.name.to_string(),
                family: rule.family,
                severity: finding.severity,
                message: finding.message.clone(),
            })
        })
        .collect();
    SummaryInputs {
        findings,
        safe_text,
        all_text,
    }
}

fn security_score(text: &str, options: &EstimateOptions<'_>, findings: &[ScoredFinding]) -> Score {
    let mut factors = Vec::new();
    let mut user_rule = false;
    for finding in findings {
        if finding.family != Family::Security {
            continue;
        }
        user_rule |= finding.name.contains("user");
        factors.push(ScoreFactor {
            what: format!("{} {}: {}", finding.code, finding.name, finding.message),
            code: Some(finding.code.clone()),
            severity: Some(finding.severity),
            tenths: severity_tenths(finding.severity, [-30, -20, -10, -5]),
        });
    }
    if !user_rule && runs_as_root(text, options) {
        factors.push(ScoreFactor {
            what: "the shipped image runs as root (no USER, or USER root)".into(),
            code: None,
            severity: None,
            tenths: -20,
        });
    }
    Score::from_factors(factors)
}

fn size_score(
    current: &ImageEstimate,
    potential_all: SizeRange,
    findings: &[ScoredFinding],
) -> Score {
    let mut factors = Vec::new();
    let whole = current.total.uncompressed.expected;
    let potential_percent = percent(potential_all.expected, whole);
    if potential_percent > 0 {
        factors.push(ScoreFactor {
            what: format!(
                "fixes could remove ~{} ({potential_percent}% of the image)",
                format_bytes(potential_all.expected)
            ),
            code: None,
            severity: None,
            tenths: -(potential_percent.min(60) as i32),
        });
    }
    let unfixed_waste = current
        .wasted
        .expected
        .saturating_sub(potential_all.expected);
    let waste_percent = percent(unfixed_waste, whole);
    if waste_percent > 0 {
        factors.push(ScoreFactor {
            what: format!(
                "~{} wasted in the image that no fix removes ({waste_percent}%)",
                format_bytes(unfixed_waste)
            ),
            code: None,
            severity: None,
            tenths: -(waste_percent.min(20) as i32),
        });
    }
    let mut findings_total = 0;
    for finding in findings {
        if finding.family != Family::Size {
            continue;
        }
        let wanted = severity_tenths(finding.severity, [-15, -10, -5, -2]);
        let tenths = wanted.max(-20 - findings_total);
        findings_total += tenths;
        factors.push(ScoreFactor {
            what: format!("{} {}: {}", finding.code, finding.name, finding.message),
            code: Some(finding.code.clone()),
            severity: Some(finding.severity),
            tenths,
        });
    }
    Score::from_factors(factors)
}

/// The headline figures and scores of `text`.
pub fn summarize(text: &str, options: &EstimateOptions<'_>) -> SizeSummary {
    let report = crate::analyze_with(text, options.analysis);
    summarize_with(
        text,
        &summary_inputs(text, options.analysis, &report),
        options,
    )
}

/// The estimate half of [`summarize`], from [`summary_inputs`] of `text`.
pub fn summarize_with(
    text: &str,
    inputs: &SummaryInputs,
    options: &EstimateOptions<'_>,
) -> SizeSummary {
    let current = estimate_dockerfile(text, options);
    let optimized_safe = estimate_dockerfile(&inputs.safe_text, options).total;
    let optimized_all = estimate_dockerfile(&inputs.all_text, options).total;
    let now = current.total.uncompressed;
    let potential_safe = now.sub_correlated(optimized_safe.uncompressed);
    let potential_all = now.sub_correlated(optimized_all.uncompressed);
    let potential_safe_percent = percent(potential_safe.expected, now.expected);
    let potential_all_percent = percent(potential_all.expected, now.expected);
    let mut headline = format!(
        "Current Size: ~{}, Optimization Potential: ~{} ({}% reduction)",
        format_bytes(now.expected),
        format_bytes(potential_safe.expected),
        potential_safe_percent
    );
    if potential_all.expected > potential_safe.expected {
        headline.push_str(&format!(
            "; ~{} ({}%) with unsafe fixes and suggestions",
            format_bytes(potential_all.expected),
            potential_all_percent
        ));
    }
    SizeSummary {
        security: security_score(text, options, &inputs.findings),
        size: size_score(&current, potential_all, &inputs.findings),
        wasted: current.wasted,
        unknown_count: current.unknowns.len(),
        current: current.total,
        optimized_safe,
        optimized_all,
        potential_safe,
        potential_safe_percent,
        potential_all,
        potential_all_percent,
        headline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_clamp_and_display_in_tenths() {
        let f = |t| ScoreFactor {
            what: String::new(),
            code: None,
            severity: None,
            tenths: t,
        };
        assert_eq!(Score::from_factors(vec![f(-25)]).display, "7.5/10");
        assert_eq!(Score::from_factors(vec![f(-80), f(-80)]).tenths, 0);
        assert_eq!(Score::from_factors(vec![]).display, "10.0/10");
    }

    #[test]
    fn root_is_the_default_user() {
        let options = EstimateOptions::default();
        assert!(runs_as_root("FROM alpine\nRUN true\n", &options));
        assert!(!runs_as_root("FROM alpine\nUSER app\n", &options));
        assert!(runs_as_root("FROM alpine\nUSER app\nUSER 0:0\n", &options));
        // Inherited from the stage it is built on.
        assert!(!runs_as_root(
            "FROM alpine AS base\nUSER app\nFROM base\nRUN true\n",
            &options
        ));
    }
}
