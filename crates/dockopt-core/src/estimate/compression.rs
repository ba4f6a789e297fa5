//! Compression ratios (uncompressed ÷ compressed) per kind of content, to
//! turn an on-disk figure into what a registry transfers (gzip layers).
//!
//! Sources: the measured image ratios in ../shared/data/README.md (section
//! base-images-uncompressed.tsv: "a flat ×2.8 turns compressed into on-disk
//! size for most Debian-based images to within about ±10%. Alpine and
//! busybox are nearer ×2.2"), and for language packages the tables
//! themselves: npm tarballs are gzip tars (the same compression as a layer)
//! and wheels are zip/deflate archives, so unpacked ÷ archive bytes of the
//! sampled packages is a measured ratio for that content.

use serde::{Deserialize, Serialize};

use super::npm;
use super::provenance::{Provenance, ProvenanceKind};
use super::pypi;
use super::range::SizeRange;
use super::tables::{decimal, quantile};

/// What a layer's bytes are, for choosing a compression ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentKind {
    /// Debian/Ubuntu packages and Debian-based image contents.
    DebianPackages,
    /// A bare Alpine or busybox root filesystem.
    AlpineRootfs,
    /// Packages added with apk (compilers, libraries, language runtimes).
    AlpinePackages,
    /// Python site-packages.
    Python,
    /// node_modules.
    NodeModules,
    /// Go/Rust (and other native) executables.
    StaticBinary,
    /// Source text, package lists, metadata caches.
    TextAndCaches,
    /// Content that is already compressed: wheel and tarball caches, .deb,
    /// .zip, .jar, images.
    AlreadyCompressed,
}

/// uncompressed ÷ compressed, as a range, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompressionRatio {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
    pub source: String,
}

impl CompressionRatio {
    /// The compressed size of `uncompressed`: the highest ratio gives the
    /// lowest compressed figure.
    pub fn compress(&self, uncompressed: SizeRange) -> SizeRange {
        SizeRange::new(
            divide(uncompressed.low, self.high),
            divide(uncompressed.expected, self.expected),
            divide(uncompressed.high, self.low),
        )
    }

    /// The on-disk size of a `compressed` figure.
    pub fn decompress(&self, compressed: SizeRange) -> SizeRange {
        compressed.scale(self.low, self.expected, self.high)
    }

    pub fn provenance(&self) -> Provenance {
        Provenance::new(
            ProvenanceKind::RuleOfThumb,
            "compression ratio",
            self.source.clone(),
            format!(
                "uncompressed/compressed between {} and {}, expected {}",
                decimal(self.low, 2),
                decimal(self.high, 2),
                decimal(self.expected, 2)
            ),
        )
    }

    fn fixed(low: f64, expected: f64, high: f64, source: &str) -> CompressionRatio {
        CompressionRatio {
            low,
            expected,
            high,
            source: source.to_string(),
        }
    }

    /// Interquartile range and median of measured ratios; `fallback` when
    /// the sample is empty (only if a table failed to load).
    fn measured(ratios: &[f64], source: String, fallback: CompressionRatio) -> CompressionRatio {
        match (
            quantile(ratios, 0.25),
            quantile(ratios, 0.5),
            quantile(ratios, 0.75),
        ) {
            (Some(low), Some(expected), Some(high)) => CompressionRatio {
                low,
                expected,
                high,
                source,
            },
            _ => fallback,
        }
    }
}

fn divide(bytes: u64, ratio: f64) -> u64 {
    if !ratio.is_finite() || ratio < 1.0 {
        return bytes;
    }
    (bytes as f64 / ratio).round() as u64
}

const README: &str = "../shared/data/README.md, base-images-uncompressed.tsv section";

impl ContentKind {
    pub fn ratio(self) -> CompressionRatio {
        let debian = CompressionRatio::fixed(
            2.52,
            2.8,
            3.08,
            &format!("flat ×2.8 ±10% for Debian-based images ({README}; debian:bookworm 2.52, bookworm-slim 2.78, node:22-slim 2.98)"),
        );
        match self {
            ContentKind::DebianPackages => debian,
            ContentKind::AlpineRootfs => CompressionRatio::fixed(
                2.10,
                2.2,
                2.29,
                &format!("Alpine and busybox \"nearer ×2.2\": busybox 2.10, alpine 2.29 ({README})"),
            ),
            ContentKind::AlpinePackages => CompressionRatio::fixed(
                2.10,
                2.3,
                2.92,
                &format!("from bare alpine (2.29) and busybox (2.10) up to alpine-based runtime images: python:3.12-alpine 2.84, node:22-alpine 2.89, php:fpm-alpine 2.92 ({README})"),
            ),
            ContentKind::Python => CompressionRatio::measured(
                &pypi::archive_ratios(false),
                "unpacked ÷ wheel bytes of the 25 sampled wheels, interquartile range and median (pypi-wheel-sizes.tsv)".to_string(),
                debian,
            ),
            ContentKind::NodeModules => CompressionRatio::measured(
                &npm::archive_ratios(),
                "unpacked ÷ tarball bytes of the 25 sampled npm packages (gzip tars, like layers), interquartile range and median (npm-package-sizes.tsv)".to_string(),
                debian,
            ),
            ContentKind::StaticBinary => CompressionRatio::measured(
                &npm::native_binary_ratios(),
                format!(
                    "unpacked ÷ tarball bytes of the native-binary npm packages ({}), interquartile range and median (npm-package-sizes.tsv); no Go/Rust image measurement isolates binaries",
                    npm::NATIVE_BINARY_PACKAGES.join(", ")
                ),
                debian,
            ),
            ContentKind::TextAndCaches => CompressionRatio::measured(
                &pypi::archive_ratios(true),
                "unpacked ÷ wheel bytes of the pure-python (source text) wheels, interquartile range and median (pypi-wheel-sizes.tsv)".to_string(),
                debian,
            ),
            ContentKind::AlreadyCompressed => CompressionRatio::fixed(
                1.0,
                1.0,
                1.05,
                "rule of thumb: gzip cannot shrink data that is already deflate/gzip/xz compressed",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressing_divides_with_crossed_bounds() {
        let ratio = CompressionRatio::fixed(2.0, 2.5, 4.0, "test");
        // low 1000/4, expected 1000/2.5, high 1000/2.
        assert_eq!(
            ratio.compress(SizeRange::exact(1000)),
            SizeRange::new(250, 400, 500)
        );
        assert_eq!(
            ratio.decompress(SizeRange::exact(100)),
            SizeRange::new(200, 250, 400)
        );
    }

    #[test]
    fn every_kind_has_an_ordered_ratio_of_at_least_one() {
        for kind in [
            ContentKind::DebianPackages,
            ContentKind::AlpineRootfs,
            ContentKind::AlpinePackages,
            ContentKind::Python,
            ContentKind::NodeModules,
            ContentKind::StaticBinary,
            ContentKind::TextAndCaches,
            ContentKind::AlreadyCompressed,
        ] {
            let r = kind.ratio();
            assert!(
                1.0 <= r.low && r.low <= r.expected && r.expected <= r.high,
                "{kind:?}: {r:?}"
            );
        }
    }

    #[test]
    fn static_binary_ratio_is_the_median_of_the_four_native_packages() {
        // npm-package-sizes.tsv, unpacked_bytes / tarball_bytes:
        //   @esbuild/linux-x64        11428465 / 4741809   = 2.4102
        //   @next/swc-linux-x64-gnu   100917895 / 35233522 = 2.8643
        //   @next/swc-linux-x64-musl  98444033 / 34537589  = 2.8503
        //   @swc/core-linux-x64-gnu   10775309 / 10379410  = 1.0381
        // sorted 1.0381, 2.4102, 2.8503, 2.8643 → median (2.4102+2.8503)/2 = 2.6303
        let r = ContentKind::StaticBinary.ratio();
        assert!((r.expected - 2.6303).abs() < 0.001, "{r:?}");
    }
}
