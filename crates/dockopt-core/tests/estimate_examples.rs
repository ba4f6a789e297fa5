//! The worked examples of the estimate (the ones quoted in the issue note),
//! checked against figures computed from the raw data, and the consistency
//! rules between them.
//!
//! "Reference BFS": an independent Python resolver over
//! ../shared/data/debian-bookworm-packages.tsv.gz (see estimate_apt.rs).

use dockopt_core::estimate::{base_image, caches, pypi, AptUniverse, InstalledSet, SizeRange};

#[test]
fn build_essential_on_bookworm_slim_with_and_without_recommends() {
    let u = AptUniverse::embedded();
    let base = base_image("debian:bookworm-slim");
    let installed = InstalledSet::for_base_image(&base, u).expect("debian is Debian");
    assert!(installed.docs_excluded);
    let with = u.resolve_install(&["build-essential"], true, &installed);
    let without = u.resolve_install(&["build-essential"], false, &installed);
    // Reference BFS: 126 packages / 392670 KiB = 402094080 bytes with
    // Recommends; 56 / 315402 KiB = 322971648 bytes without.
    assert_eq!(with.installed_size_sum, 402_094_080);
    assert_eq!(without.installed_size_sum, 322_971_648);
    // Slim: × 0.65 / 0.85 / 1.0.
    assert_eq!(
        with.total,
        SizeRange::new(261_361_152, 341_779_968, 402_094_080)
    );
    assert_eq!(
        without.total,
        SizeRange::new(209_931_571, 274_525_901, 322_971_648)
    );
    // The saving of --no-install-recommends, from the same data: bound by
    // bound, 51.4 / 67.3 / 79.1 MB.
    let saving = with.total.sub_correlated(without.total);
    assert_eq!(saving, SizeRange::new(51_429_581, 67_254_067, 79_122_432));
    // Compressed at the Debian ratio ×2.8: 341779968 / 2.8 = 122064274.3.
    let compressed = with.estimate().compressed;
    assert_eq!(compressed.expected, 122_064_274);
}

#[test]
fn python_full_versus_slim_with_libpq_and_gcc() {
    let u = AptUniverse::embedded();
    let full = base_image("python:3.12");
    let slim = base_image("python:3.12-slim");
    let on_full = InstalledSet::for_base_image(&full, u).expect("Debian");
    let on_slim = InstalledSet::for_base_image(&slim, u).expect("Debian");
    // python:3.12 is on buildpack-deps, which already has gcc and libpq-dev.
    let full_apt = u.resolve_install(&["libpq-dev", "gcc"], false, &on_full);
    assert!(full_apt.packages.is_empty());
    assert_eq!(full_apt.already_installed, ["libpq-dev", "gcc"]);
    // On the slim base: reference BFS 37 packages, 198501 KiB = 203265024.
    let slim_apt = u.resolve_install(&["libpq-dev", "gcc"], false, &on_slim);
    assert_eq!(slim_apt.packages.len(), 37);
    assert_eq!(slim_apt.installed_size_sum, 203_265_024);
    // Compressed, base + packages: full 410908459 + 0; slim 43188023 +
    // 203265024 × 0.85 / 2.8 = 61705454 → 104893477 expected. The switch
    // still saves about 306 MB of transfer.
    let full_total = full.estimate.clone() + full_apt.estimate();
    let slim_total = slim.estimate.clone() + slim_apt.estimate();
    assert_eq!(full_total.compressed.expected, 410_908_459);
    assert_eq!(slim_total.compressed.expected, 43_188_023 + 61_705_454);
    assert!(slim_total.compressed.high < full_total.compressed.low);
}

#[test]
fn the_debian_base_alone_adds_nothing() {
    // A base image alone equals its table entry: installing what the base
    // has adds no bytes.
    let u = AptUniverse::embedded();
    let base = InstalledSet::for_base_image(&base_image("debian:bookworm"), u).expect("Debian");
    let r = u.resolve_install(&["bash", "apt", "libc6", "tzdata"], true, &base);
    assert!(r.packages.is_empty());
    assert_eq!(r.total, SizeRange::ZERO);
    assert_eq!(
        base_image("debian:bookworm").estimate.compressed,
        SizeRange::exact(48_497_091)
    );
}

#[test]
fn non_debian_bases_have_no_apt_installed_set() {
    let u = AptUniverse::embedded();
    assert!(InstalledSet::for_base_image(&base_image("alpine:latest"), u).is_none());
    assert!(InstalledSet::for_base_image(&base_image("ubuntu:24.04"), u).is_none());
    assert!(InstalledSet::for_base_image(&base_image("mycorp/base:1"), u).is_none());
}

#[test]
fn caches_are_ranges_with_sources() {
    // apt lists: 18 / 37.2 / 78 MB from the five published savings.
    let lists = caches::apt_lists();
    assert_eq!(lists.uncompressed.expected, 37_200_000);
    assert!(lists.provenance[0].source.contains("§6"));
    // pip cache of fastapi + uvicorn: wheels 159475 + 87427 = 246902 bytes.
    assert_eq!(
        pypi::pip_cache(&["fastapi", "uvicorn"])
            .uncompressed
            .expected,
        246_902
    );
}
