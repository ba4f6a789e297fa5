//! Base-image lookups against ../shared/data/base-images.tsv and
//! base-images-uncompressed.tsv (figures read off those files; MiB are
//! converted ×1048576 and rounded, as the generator does).

use dockopt_core::estimate::{
    base_image, BaseImageMatch, DebianRelease, DistroFamily, ProvenanceKind, SizeRange, Variant,
};

#[test]
fn a_base_image_alone_equals_its_table_entry() {
    // python:3.11-slim: compressed 45520747; uncompressed 124.84 MiB from
    // the same build = 130904227.84 → 130904228 (also the value in
    // base-images.tsv's uncompressed_bytes column).
    let b = base_image("python:3.11-slim");
    assert_eq!(b.matched, BaseImageMatch::Exact);
    assert_eq!(b.estimate.compressed, SizeRange::exact(45_520_747));
    assert_eq!(b.estimate.uncompressed, SizeRange::exact(130_904_228));
    assert_eq!(b.record_date.as_deref(), Some("2026-08-05"));
    assert_eq!(b.estimate.weakest(), Some(ProvenanceKind::Table));
    assert!(b.estimate.provenance[0].source.contains("2026-08-05"));
}

#[test]
fn other_build_uncompressed_figures_are_widened_five_percent() {
    // debian:bookworm-slim: compressed 28232590; uncompressed 74.83 MiB =
    // 78464942.08 → 78464942 from another snapshot (±5%).
    let b = base_image("debian:bookworm-slim");
    assert_eq!(b.estimate.compressed, SizeRange::exact(28_232_590));
    assert_eq!(b.estimate.uncompressed.expected, 78_464_942);
    assert_eq!(b.estimate.uncompressed.low, 74_541_695);
    assert_eq!(b.estimate.uncompressed.high, 82_388_189);
    assert_eq!(b.family, DistroFamily::Debian(DebianRelease::Bookworm));
    assert_eq!(b.variant, Variant::Slim);
}

#[test]
fn gigabyte_records_carry_five_mib() {
    // python:3.12: "1.11 Gb" → 1136.64 MiB = 1191853424.64 → 1191853425,
    // same build, good to about ±5 MiB (README).
    let b = base_image("python:3.12");
    assert_eq!(b.estimate.compressed, SizeRange::exact(410_908_459));
    assert_eq!(
        b.estimate.uncompressed,
        SizeRange::new(
            1_191_853_425 - 5_242_880,
            1_191_853_425,
            1_191_853_425 + 5_242_880
        )
    );
}

#[test]
fn full_versus_slim_python() {
    // python:3.12 410908459 vs python:3.12-slim 43188023 compressed: the
    // switch saves 367720436 bytes compressed.
    let full = base_image("python:3.12");
    let slim = base_image("python:3.12-slim");
    assert_eq!(
        full.estimate.compressed - slim.estimate.compressed,
        SizeRange::exact(367_720_436)
    );
    assert_eq!(full.family, DistroFamily::Debian(DebianRelease::Trixie));
    assert_eq!(full.variant, Variant::Full);
    let smaller: Vec<&str> = full
        .smaller_variants
        .iter()
        .map(|v| v.reference.as_str())
        .collect();
    assert_eq!(smaller, ["python:3.12-slim", "python:3.12-alpine"]);
    let smaller: Vec<&str> = slim
        .smaller_variants
        .iter()
        .map(|v| v.reference.as_str())
        .collect();
    assert_eq!(smaller, ["python:3.12-alpine"]);
}

#[test]
fn prefixes_digests_and_flags_do_not_change_the_row() {
    let b = base_image("--platform=linux/amd64 docker.io/library/node:22-slim AS build");
    assert_eq!(b.row.as_deref(), Some("node:22-slim"));
    assert_eq!(b.matched, BaseImageMatch::Exact);
    // A digest pins a build the row may not be: said so, figure unchanged.
    let pinned = base_image("node:22-slim@sha256:0123");
    assert!(matches!(pinned.matched, BaseImageMatch::Nearest { .. }));
    assert_eq!(pinned.estimate.compressed, SizeRange::exact(79_893_445));
}

#[test]
fn codename_aliases_resolve_to_the_nearest_row_with_a_wider_range() {
    // python:3.12-slim-bookworm: the table's python:3.12-slim (43188023) is
    // trixie-based, so ±10%: 38869221 … 47506825.
    let b = base_image("python:3.12-slim-bookworm");
    assert_eq!(b.row.as_deref(), Some("python:3.12-slim"));
    assert!(matches!(&b.matched, BaseImageMatch::Nearest { reason } if reason.contains("trixie")));
    assert_eq!(
        b.estimate.compressed,
        SizeRange::new(38_869_221, 43_188_023, 47_506_825)
    );
    assert_eq!(b.estimate.weakest(), Some(ProvenanceKind::NearestTableRow));
    // node:22-bookworm-slim is node:22-slim (node's default is bookworm).
    let b = base_image("node:22-bookworm-slim");
    assert_eq!(b.row.as_deref(), Some("node:22-slim"));
    assert_eq!(b.matched, BaseImageMatch::Exact);
    // debian:12-slim is debian:bookworm-slim.
    assert_eq!(
        base_image("debian:12-slim").row.as_deref(),
        Some("debian:bookworm-slim")
    );
}

#[test]
fn other_versions_stand_in_with_their_distance_stated() {
    // node:20-bookworm-slim: no node:20-slim row; 22 (gap 2) beats 24 (gap 4).
    let b = base_image("node:20-bookworm-slim");
    assert_eq!(b.row.as_deref(), Some("node:22-slim"));
    assert!(
        matches!(&b.matched, BaseImageMatch::Nearest { reason } if reason.contains("major version 22"))
    );
    assert!(b.estimate.compressed.low < 79_893_445 && b.estimate.compressed.high > 79_893_445);
    // python:3.12.4-slim: same 3.12 line, patch differs: ±5%.
    let b = base_image("python:3.12.4-slim");
    assert_eq!(b.row.as_deref(), Some("python:3.12-slim"));
    assert_eq!(b.estimate.compressed.low, 41_028_622);
    // golang:1.22-alpine → golang:alpine (the current go): ±25%.
    let b = base_image("golang:1.22-alpine");
    assert_eq!(b.row.as_deref(), Some("golang:alpine"));
    assert!(matches!(b.family, DistroFamily::Alpine(_)));
    // eclipse-temurin:21-jre-alpine keeps its flavour: never the jdk row.
    assert_eq!(
        base_image("eclipse-temurin:21-jre").row.as_deref(),
        Some("eclipse-temurin:21-jre")
    );
    assert!(base_image("eclipse-temurin:21-jdk-alpine").row.is_none());
}

#[test]
fn images_not_in_the_table_are_unknown_with_the_tables_spread() {
    let b = base_image("ghcr.io/acme/app:1.0");
    assert!(matches!(b.matched, BaseImageMatch::Unknown { .. }));
    assert_eq!(b.estimate.weakest(), Some(ProvenanceKind::Unknown));
    // Smallest and largest compressed rows: busybox 2226327, python:3.12 410908459.
    assert_eq!(b.estimate.compressed.low, 2_226_327);
    assert_eq!(b.estimate.compressed.high, 410_908_459);
    assert!(b.estimate.provenance[0]
        .uncertainty
        .contains("not a measurement"));
}

#[test]
fn build_arguments_scratch_and_distroless() {
    let b = base_image("${BASE_IMAGE}");
    assert!(
        matches!(&b.matched, BaseImageMatch::Unknown { reason } if reason.contains("build argument"))
    );
    let s = base_image("scratch");
    assert_eq!(s.estimate.uncompressed, SizeRange::ZERO);
    assert_eq!(s.family, DistroFamily::Scratch);
    // Published figures only: 2 MB … 2.45 MB uncompressed.
    let d = base_image("gcr.io/distroless/static-debian12:nonroot");
    assert_eq!(d.matched, BaseImageMatch::Published);
    assert_eq!(d.family, DistroFamily::Distroless);
    assert_eq!(
        d.estimate.uncompressed,
        SizeRange::new(2_000_000, 2_225_000, 2_450_000)
    );
}

#[test]
fn rows_without_an_uncompressed_record_use_the_image_ratio() {
    // ubuntu:22.04: compressed 29736517, no local record → ×2.52 … ×3.08,
    // expected ×2.8 = 83262248 (Debian/Ubuntu flat ratio, README).
    let b = base_image("ubuntu:22.04");
    assert_eq!(b.estimate.uncompressed.expected, 83_262_248);
    assert_eq!(b.estimate.uncompressed.low, 74_936_023);
    assert!(b
        .estimate
        .provenance
        .iter()
        .any(|p| p.source.contains("2.8")));
    // ubuntu:latest is 26.04 by the record date: the 24.04 row stands in.
    assert_eq!(
        base_image("ubuntu:latest").row.as_deref(),
        Some("ubuntu:24.04")
    );
}

#[test]
fn versionless_rows_take_their_version_from_the_note() {
    // alpine:latest is "alpine 3.24.2" (distro column): alpine:3.24 and
    // alpine:3 are that image; alpine:3.22 is another minor (±15%):
    // 3849738 × 0.85 = 3272277.3, × 1.15 = 4427198.7.
    assert_eq!(base_image("alpine:3.24").matched, BaseImageMatch::Exact);
    assert_eq!(base_image("alpine:3").matched, BaseImageMatch::Exact);
    let b = base_image("alpine:3.22");
    assert!(matches!(&b.matched, BaseImageMatch::Nearest { reason } if reason.contains("3.24.2")));
    assert_eq!(
        b.estimate.compressed,
        SizeRange::new(3_272_277, 3_849_738, 4_427_199)
    );
    // php:apache is "php 8.5.10 + apache2": php:8.5-apache-trixie is it.
    assert_eq!(
        base_image("php:8.5-apache-trixie").matched,
        BaseImageMatch::Exact
    );
}
