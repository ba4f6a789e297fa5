//! Caches a layer leaves behind when it does not clean up in the same RUN.
//! The apt lists figure is derived here from published before/after
//! savings; the pip, npm and apk caches live next to their tables
//! (`pypi::pip_cache`, `npm::npm_cache`, `apk::apk_cache`).

use super::compression::ContentKind;
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables::quantile;

/// Savings reported for `rm -rf /var/lib/apt/lists/*` in the same RUN, in MB
/// as reported (docker's decimal MB), from
/// ../shared/docs/research/linters-and-size-tools.md §6: 565.7→528.5
/// (37.2), 600→570 (30), ≈40, 481→463 (18), and lists growing 14M→92M after
/// `apt-get update` on Ubuntu bionic (78).
pub const APT_LISTS_REPORTED_MB: &[f64] = &[37.2, 30.0, 40.0, 18.0, 78.0];

/// /var/lib/apt/lists after `apt-get update`: smallest to largest reported
/// saving, expected at their median.
pub fn apt_lists() -> Estimate {
    let low = APT_LISTS_REPORTED_MB
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let high = APT_LISTS_REPORTED_MB.iter().copied().fold(0.0, f64::max);
    let median = quantile(APT_LISTS_REPORTED_MB, 0.5).unwrap_or(low);
    let mb = |v: f64| (v * 1e6).round() as u64;
    Estimate::from_uncompressed(
        SizeRange::new(mb(low), mb(median), mb(high)),
        ContentKind::TextAndCaches,
        Provenance::new(
            ProvenanceKind::RuleOfThumb,
            "apt lists (/var/lib/apt/lists after apt-get update)",
            "five published before/after figures, ../shared/docs/research/linters-and-size-tools.md §6",
            "18–78 MB, expected 37.2 MB (median of the reports); depends on the release, the enabled suites and whether the image keeps the indexes gzipped",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_lists_span_the_reported_savings() {
        // Sorted reports 18, 30, 37.2, 40, 78 MB → median 37.2 MB.
        assert_eq!(
            apt_lists().uncompressed,
            SizeRange::new(18_000_000, 37_200_000, 78_000_000)
        );
    }
}
