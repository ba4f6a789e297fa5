//! Alpine apk packages: installed sizes recorded inside two Alpine 3.24
//! images (`data/alpine_apk.tsv`, from
//! ../shared/data/alpine-apk-installed-sizes.tsv), the unknown-package rule
//! computed from that table, `build-base`, and the apk cache.
//!
//! The table has no dependency data: each figure is the package alone.

use super::compression::ContentKind;
use super::package_set::{leading_name, PackageSetEstimate, PackageSize};
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables::{self, quantile};

const TABLE: &str = include_str!("data/alpine_apk.tsv");
const TABLE_NAME: &str =
    "alpine_apk.tsv (apk sizes inside rust:1-alpine3.24 and python:3.12.14-alpine3.24, repo-info; collected 2026-11-22)";

/// Packages that make up `build-base` (../shared/data/README.md: "build-base
/// ≈ gcc + g++ + make + musl-dev + binutils + libc-dev + fortify-headers +
/// patch; only gcc, musl-dev and binutils are covered here").
pub const BUILD_BASE_PARTS: &[&str] = &[
    "gcc",
    "g++",
    "make",
    "musl-dev",
    "binutils",
    "libc-dev",
    "fortify-headers",
    "patch",
];

/// Installed bytes of a package in the table.
pub fn lookup(name: &str) -> Option<u64> {
    tables::rows(TABLE)
        .find(|row| tables::cell(row, 0) == name)
        .and_then(|row| tables::number(&row, 1))
}

/// Unknown package: interquartile range and median of the table's sizes.
/// The table is whatever two images contained, so small base packages
/// weigh in: a -dev or compiler package is usually above the high bound.
pub fn unknown_package_range() -> SizeRange {
    let sizes: Vec<f64> = tables::rows(TABLE)
        .filter_map(|row| tables::number(&row, 1))
        .map(|b| b as f64)
        .collect();
    let q = |p| quantile(&sizes, p).map_or(0, |v| v.round() as u64);
    SizeRange::new(q(0.25), q(0.5), q(0.75))
}

/// What `apk add NAMES…` adds. Known names are the package alone (apk
/// rounds to whole KiB/MiB); `build-base` is the sum of the parts the table
/// covers plus one unknown-package range for each part it does not.
pub fn apk_add(arguments: &[&str]) -> PackageSetEstimate {
    let mut result = PackageSetEstimate::default();
    let mut provenance = Vec::new();
    for argument in arguments.iter().filter(|a| !a.starts_with('-')) {
        let Some(name) =
            leading_name(argument, "+").map(|n| n.split('=').next().unwrap_or("").to_string())
        else {
            result.unknown.push(argument.to_string());
            continue;
        };
        if result.packages.iter().any(|p| p.name == name) || result.unknown.contains(&name) {
            continue;
        }
        if let Some(bytes) = lookup(&name) {
            result.packages.push(PackageSize {
                name,
                size: SizeRange::exact(bytes),
                known: true,
            });
        } else if name == "build-base" {
            let covered: u64 = BUILD_BASE_PARTS.iter().filter_map(|p| lookup(p)).sum();
            let missing: Vec<&str> = BUILD_BASE_PARTS
                .iter()
                .copied()
                .filter(|p| lookup(p).is_none())
                .collect();
            let size =
                SizeRange::exact(covered) + unknown_package_range().times(missing.len() as f64);
            provenance.push(Provenance::new(
                ProvenanceKind::RuleOfThumb,
                "apk: build-base",
                format!("{TABLE_NAME}; composition from ../shared/data/README.md"),
                format!(
                    "sum of the covered parts plus an unknown-package range for each of {} (g++ alone is likely larger than that)",
                    missing.join(", ")
                ),
            ));
            result.packages.push(PackageSize {
                name,
                size,
                known: false,
            });
        } else {
            result.unknown.push(name);
        }
    }
    let known: SizeRange = result.packages.iter().map(|p| p.size).sum();
    let mut estimate = Estimate::from_uncompressed(
        known,
        ContentKind::AlpinePackages,
        Provenance::new(
            ProvenanceKind::Table,
            format!("apk: {} package(s)", result.packages.len()),
            TABLE_NAME,
            "installed size as apk reports it (rounded); the package alone, its dependencies are not in the table",
        ),
    );
    for p in provenance {
        estimate.provenance.push(p);
    }
    if !result.unknown.is_empty() {
        let r = unknown_package_range();
        estimate = estimate
            + Estimate::from_uncompressed(
            r.times(result.unknown.len() as f64),
            ContentKind::AlpinePackages,
            Provenance::new(
                ProvenanceKind::RuleOfThumb,
                format!("apk: {} package(s) not in the table: {}", result.unknown.len(), result.unknown.join(" ")),
                TABLE_NAME,
                format!(
                    "unknown apk package: {}–{} KiB, expected {} KiB each (interquartile range and median of the table); the table holds no -dev packages, so this under-counts them",
                    r.low / 1024,
                    r.high / 1024,
                    r.expected / 1024
                ),
            ),
            );
    }
    result.estimate = estimate;
    result
}

/// The apk index left in /var/cache/apk by `apk update` / `apk add` without
/// `--no-cache`. Nothing in ../shared measures it: an assumption.
pub fn apk_cache() -> Estimate {
    Estimate::from_uncompressed(
        SizeRange::new(1_000_000, 2_500_000, 4_000_000),
        ContentKind::AlreadyCompressed,
        Provenance::new(
            ProvenanceKind::Assumption,
            "apk cache (APKINDEX of main + community)",
            "no measurement in ../shared/data; assumption",
            "1–4 MB, expected 2.5 MB: the index files are gzip archives; not measured",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcc_is_its_table_figure() {
        // alpine-apk-installed-sizes.tsv: gcc 15.2.0-r5 "159 MiB" = 166723584.
        let r = apk_add(&["--no-cache", "gcc=15.2.0-r5", "gcc"]);
        assert_eq!(r.total(), SizeRange::exact(166_723_584));
        assert!(r.unknown.is_empty());
    }

    #[test]
    fn build_base_counts_the_covered_parts_and_ranges_the_rest() {
        // README: build-base = gcc + g++ + make + musl-dev + binutils +
        // libc-dev + fortify-headers + patch. Table: gcc 166723584,
        // musl-dev 9670 KiB = 9902080, binutils 10 MiB = 10485760 →
        // 187111424 covered, plus 5 × the unknown-package range.
        let covered = 166_723_584 + 9_902_080 + 10_485_760;
        let expected = SizeRange::exact(covered) + unknown_package_range().times(5.0);
        assert_eq!(apk_add(&["build-base"]).total(), expected);
    }
}
