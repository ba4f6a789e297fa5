//! The embedded subset must resolve every package it was built for exactly
//! as the full table does (same packages, with and without Recommends, on
//! the Debian base), and the buildpack-deps list must be the same in the
//! generator and in dockopt-core.

use std::path::Path;

use dockopt_core::estimate::{apt::BUILDPACK_DEPS_PACKAGES, AptUniverse, InstalledSet};

#[test]
fn every_seed_resolves_the_same_in_the_subset_and_the_full_table() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let seeds = dockopt_datagen::seed_names(&shared).expect("seeds");
    let full = AptUniverse::from_zlib(
        include_bytes!("../../dockopt-core/src/estimate/data/debian_full.tsv.zz"),
        "full",
    )
    .expect("full table");
    let subset = AptUniverse::subset();
    let (full_base, subset_base) = (
        InstalledSet::debian_base(&full),
        InstalledSet::debian_base(subset),
    );
    let mut compared = 0;
    for seed in &seeds {
        for recommends in [false, true] {
            let a = full.resolve_install(&[seed.as_str()], recommends, &full_base);
            let b = subset.resolve_install(&[seed.as_str()], recommends, &subset_base);
            assert_eq!(a.packages, b.packages, "{seed} recommends={recommends}");
            assert_eq!(a.unknown, b.unknown, "{seed}");
            compared += 1;
        }
    }
    assert!(compared > 500, "{compared}");
}

#[test]
fn both_crates_list_the_same_buildpack_deps_packages() {
    assert_eq!(
        dockopt_datagen::BUILDPACK_DEPS_PACKAGES,
        BUILDPACK_DEPS_PACKAGES
    );
}
