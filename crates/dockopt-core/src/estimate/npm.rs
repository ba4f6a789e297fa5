//! npm packages: unpacked and tarball sizes of 25 sampled packages
//! (`data/npm.tsv`, from ../shared/data/npm-package-sizes.tsv), the
//! unknown-package rule computed from that sample, and the npm cache.
//!
//! Dependencies are not in the table (`next` alone is 192 MB; its platform
//! binary adds about 100 MB): only named packages are counted.

use super::compression::ContentKind;
use super::package_set::{leading_name, PackageSetEstimate, PackageSize};
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables::{self, megabytes, quantile};

const TABLE: &str = include_str!("data/npm.tsv");
const TABLE_NAME: &str =
    "npm.tsv (from ../shared/data/npm-package-sizes.tsv, collected 2026-11-22)";

/// The sampled packages that are one native executable each (Go: esbuild;
/// Rust: swc), used as the measured ratio for static binaries.
pub const NATIVE_BINARY_PACKAGES: &[&str] = &[
    "@esbuild/linux-x64",
    "@next/swc-linux-x64-gnu",
    "@next/swc-linux-x64-musl",
    "@swc/core-linux-x64-gnu",
];

/// One sampled package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpmPackage {
    pub name: String,
    pub version: String,
    pub unpacked_bytes: u64,
    pub tarball_bytes: u64,
}

pub fn packages() -> Vec<NpmPackage> {
    tables::rows(TABLE)
        .filter_map(|row| {
            Some(NpmPackage {
                name: tables::cell(&row, 0).to_string(),
                version: tables::cell(&row, 1).to_string(),
                unpacked_bytes: tables::number(&row, 2)?,
                tarball_bytes: tables::number(&row, 3)?,
            })
        })
        .collect()
}

pub fn lookup(name: &str) -> Option<NpmPackage> {
    packages().into_iter().find(|p| p.name == name)
}

fn ratio(p: &NpmPackage) -> Option<f64> {
    (p.tarball_bytes > 0).then(|| p.unpacked_bytes as f64 / p.tarball_bytes as f64)
}

pub(crate) fn archive_ratios() -> Vec<f64> {
    packages().iter().filter_map(ratio).collect()
}

pub(crate) fn native_binary_ratios() -> Vec<f64> {
    packages()
        .iter()
        .filter(|p| NATIVE_BINARY_PACKAGES.contains(&p.name.as_str()))
        .filter_map(ratio)
        .collect()
}

fn sample_range(values: &[f64]) -> SizeRange {
    let q = |p| quantile(values, p).map_or(0, |v| v.round() as u64);
    SizeRange::new(q(0.25), q(0.5), q(0.75))
}

/// Unknown package: interquartile range and median of the 25 sampled
/// packages' unpacked sizes (without dependencies).
pub fn unknown_package_range() -> SizeRange {
    sample_range(
        &packages()
            .iter()
            .map(|p| p.unpacked_bytes as f64)
            .collect::<Vec<_>>(),
    )
}

fn unknown_tarball_range() -> SizeRange {
    sample_range(
        &packages()
            .iter()
            .map(|p| p.tarball_bytes as f64)
            .collect::<Vec<_>>(),
    )
}

/// The package name in `name`, `name@1.2`, `@scope/name@^3`.
fn package_name(argument: &str) -> Option<String> {
    let name = leading_name(argument, "@/")?;
    if let Some(scoped) = name.strip_prefix('@') {
        let end = scoped.find('@').map_or(name.len(), |i| i + 1);
        name.get(..end).map(str::to_string)
    } else {
        name.split('@').next().map(str::to_string)
    }
}

/// What `npm install NAMES…` (or yarn/pnpm add) adds to node_modules, for
/// the named packages only.
pub fn npm_install(arguments: &[&str]) -> PackageSetEstimate {
    let mut result = PackageSetEstimate::default();
    for argument in arguments.iter().filter(|a| !a.starts_with('-')) {
        let Some(name) = package_name(argument) else {
            result.unknown.push(argument.to_string());
            continue;
        };
        if result.packages.iter().any(|p| p.name == name) || result.unknown.contains(&name) {
            continue;
        }
        match lookup(&name) {
            Some(p) => result.packages.push(PackageSize {
                name: p.name,
                size: SizeRange::exact(p.unpacked_bytes),
                known: true,
            }),
            None => result.unknown.push(name),
        }
    }
    let known: SizeRange = result.packages.iter().map(|p| p.size).sum();
    let mut estimate = Estimate::from_uncompressed(
        known,
        ContentKind::NodeModules,
        Provenance::new(
            ProvenanceKind::Table,
            format!("npm: {} sampled package(s)", result.packages.len()),
            TABLE_NAME,
            "sum of file sizes in the tarball (npm's unpackedSize); dependencies not included",
        ),
    );
    if !result.unknown.is_empty() {
        let r = unknown_package_range();
        estimate = estimate
            + Estimate::from_uncompressed(
            r.times(result.unknown.len() as f64),
            ContentKind::NodeModules,
            Provenance::new(
                ProvenanceKind::RuleOfThumb,
                format!("npm: {} package(s) not in the table: {}", result.unknown.len(), result.unknown.join(" ")),
                TABLE_NAME,
                format!(
                    "unknown npm package: {}–{} MB, expected {} MB each (interquartile range and median of the 25 sampled packages, without dependencies)",
                    megabytes(r.low, 2),
                    megabytes(r.high, 1),
                    megabytes(r.expected, 1)
                ),
            ),
            );
    }
    result.estimate = estimate;
    result
}

/// The npm cache (`~/.npm/_cacache`) left when the install is not followed
/// by `npm cache clean --force` in the same RUN: about the tarballs
/// downloaded (research file §6: "cache 21.8M→24K").
pub fn npm_cache(arguments: &[&str]) -> Estimate {
    let install = npm_install(arguments);
    let known: SizeRange = install
        .packages
        .iter()
        .filter_map(|p| lookup(&p.name))
        .map(|p| SizeRange::exact(p.tarball_bytes))
        .sum();
    let unknown = unknown_tarball_range().times(install.unknown.len() as f64);
    Estimate::from_uncompressed(
        (known + unknown).scale(0.95, 1.0, 1.1),
        ContentKind::AlreadyCompressed,
        Provenance::new(
            ProvenanceKind::RuleOfThumb,
            "npm cache",
            format!("{TABLE_NAME}; ../shared/docs/research/linters-and-size-tools.md §6"),
            "≈ the downloaded tarball bytes (−5%/+10% for the cache index); unknown packages at the sample's interquartile tarball size",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_and_versioned_names() {
        assert_eq!(
            package_name("@prisma/client@7.10"),
            Some("@prisma/client".into())
        );
        assert_eq!(package_name("react@^19"), Some("react".into()));
        assert_eq!(package_name("$PKG"), None);
        assert_eq!(package_name("./local"), None);
    }

    #[test]
    fn known_packages_sum_their_unpacked_bytes_once() {
        // react 178663 + react-dom 8067632 = 8246295 (npm-package-sizes.tsv).
        let r = npm_install(&["react@19", "react-dom", "react", "--save"]);
        assert_eq!(r.total(), SizeRange::exact(8_246_295));
        assert!(r.unknown.is_empty());
    }

    #[test]
    fn unknown_package_is_the_sample_quartiles() {
        // npm unpacked_bytes sorted: 76638 88434 147361 178663 219252 313375
        // 427138 962168 1413741 2235438 2405422 2497498 2958806 4836728
        // 8067632 10775309 11428465 14125699 18711101 18922966 42043752
        // 74458946 98444033 100917895 192293410 → ranks 6, 12, 18.
        assert_eq!(
            unknown_package_range(),
            SizeRange::new(427_138, 2_958_806, 18_711_101)
        );
        let r = npm_install(&["left-pad"]);
        assert_eq!(r.unknown, ["left-pad"]);
        assert_eq!(r.total(), SizeRange::new(427_138, 2_958_806, 18_711_101));
    }
}
