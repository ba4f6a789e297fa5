//! The apt resolver against figures computed from the raw data.
//!
//! "Reference BFS" below means: an independent Python script (not the Rust
//! code) reading ../shared/data/debian-bookworm-packages.tsv.gz, taking
//! Depends + Pre-Depends (+ Recommends when asked) breadth-first, choosing
//! in each `a|b` group an installed alternative if any, else the first that
//! exists (virtual names → provider of highest Priority, then by name),
//! skipping what the base has. Small cases are also spelled out by hand.

use dockopt_core::estimate::{AptUniverse, InstalledSet, PackageArgument, SizeRange};

fn subset() -> &'static AptUniverse {
    AptUniverse::subset()
}

fn names(resolution: &dockopt_core::estimate::AptResolution) -> Vec<&str> {
    resolution
        .packages
        .iter()
        .map(|(n, _)| n.as_str())
        .collect()
}

#[test]
fn the_embedded_subset_parses_and_holds_the_common_packages() {
    let u = subset();
    // Header of data/debian_subset.tsv: "SUBSET: 1384 of 63666 packages".
    assert_eq!(u.len(), 1384);
    for name in [
        "build-essential",
        "curl",
        "ca-certificates",
        "libpq-dev",
        "git",
        "usr-is-merged",
    ] {
        assert!(u.get(name).is_some(), "{name} missing from the subset");
    }
    // `zcat … | awk -F'\t' '$1=="curl"'`: Installed-Size 489, optional.
    assert_eq!(u.get("curl").map(|p| p.installed_kib), Some(489));
}

#[test]
fn the_debian_base_set_matches_the_reference_and_the_measured_image() {
    let base = InstalledSet::debian_base(subset());
    // Reference BFS from the 33 Essential/required packages plus
    // usr-is-merged: 88 packages, 117538 KiB.
    assert_eq!(base.len(), 88);
    for name in [
        "libc6",
        "bash",
        "tzdata",
        "perl-base",
        "apt",
        "usr-is-merged",
    ] {
        assert!(base.contains(name), "{name} is in every Debian image");
    }
    assert!(
        !base.contains("perl"),
        "usrmerge (and with it perl) is not in debuerreotype images"
    );
    let kib: u64 = base
        .iter()
        .filter_map(|n| subset().get(n))
        .map(|p| p.installed_kib)
        .sum();
    assert_eq!(kib, 117_538);
    // 117538 KiB = 114.78 MiB against debian:bookworm's measured 116.57 MiB
    // (base-images-uncompressed.tsv): the model is within 2% of reality.
    let measured_mib = 116.57;
    assert!(((kib as f64 / 1024.0) / measured_mib - 1.0).abs() < 0.02);
}

#[test]
fn curl_without_recommends_on_debian_base() {
    let base = InstalledSet::debian_base(subset());
    let r = subset().resolve_install(&["curl"], false, &base);
    // By hand, Installed-Size (KiB) of curl's Depends closure minus the base:
    // curl 489, libbrotli1 783, libcurl4 840, libgssapi-krb5-2 425,
    // libk5crypto3 261, libkeyutils1 40, libkrb5-3 1077, libkrb5support0 134,
    // libldap-2.5-0 553, libnghttp2-14 220, libpsl5 96, librtmp1 146,
    // libsasl2-2 167, libsasl2-modules-db 77, libssh2-1 353, libssl3 6042
    // = 11703 KiB = 11983872 bytes. (libc6, zlib1g, libzstd1, libidn2-0,
    // libgnutls30, libcom-err2… are in the base.)
    assert_eq!(
        names(&r),
        [
            "curl",
            "libbrotli1",
            "libcurl4",
            "libgssapi-krb5-2",
            "libk5crypto3",
            "libkeyutils1",
            "libkrb5-3",
            "libkrb5support0",
            "libldap-2.5-0",
            "libnghttp2-14",
            "libpsl5",
            "librtmp1",
            "libsasl2-2",
            "libsasl2-modules-db",
            "libssh2-1",
            "libssl3"
        ]
    );
    assert_eq!(r.installed_size_sum, 11_703 * 1024);
    // Full image: ±5%.
    assert_eq!(r.total, SizeRange::new(11_384_678, 11_983_872, 12_583_066));
    assert!(r.unknown.is_empty() && r.missing_dependencies.is_empty());
}

#[test]
fn no_install_recommends_lowers_curl_by_exactly_the_recommends_only_packages() {
    let base = InstalledSet::debian_base(subset());
    let with = subset().resolve_install(&["curl"], true, &base);
    let without = subset().resolve_install(&["curl"], false, &base);
    // By hand: the Recommends pulled in are ca-certificates 388 (libcurl4
    // Recommends) → openssl 2315 (its Depends), publicsuffix 339 (libpsl5),
    // libldap-common 92 (libldap-2.5-0), libsasl2-modules 284 (libsasl2-2),
    // krb5-locales 273 (libkrb5-3's Recommends) = 3691 KiB.
    let extra: Vec<&str> = names(&with)
        .into_iter()
        .filter(|n| !without.contains(n))
        .collect();
    assert_eq!(
        extra,
        [
            "ca-certificates",
            "krb5-locales",
            "libldap-common",
            "libsasl2-modules",
            "openssl",
            "publicsuffix"
        ]
    );
    assert_eq!(
        with.installed_size_sum - without.installed_size_sum,
        3_691 * 1024
    );
    assert_eq!(with.installed_size_sum, 15_394 * 1024);
    assert!(names(&without).iter().all(|n| with.contains(n)));
}

#[test]
fn recommends_difference_is_exactly_the_recommends_only_packages_for_build_essential() {
    let base = InstalledSet::debian_base(subset());
    let with = subset().resolve_install(&["build-essential"], true, &base);
    let without = subset().resolve_install(&["build-essential"], false, &base);
    // Reference BFS: with Recommends 126 packages / 392670 KiB, without 56 /
    // 315402 KiB; the 70 Recommends-only packages sum to 77268 KiB.
    assert_eq!(
        (with.packages.len(), with.installed_size_sum),
        (126, 392_670 * 1024)
    );
    assert_eq!(
        (without.packages.len(), without.installed_size_sum),
        (56, 315_402 * 1024)
    );
    let only: u64 = with
        .packages
        .iter()
        .filter(|(n, _)| !without.contains(n))
        .map(|(_, b)| *b)
        .sum();
    assert_eq!(only, 77_268 * 1024);
    assert_eq!(with.installed_size_sum - without.installed_size_sum, only);
    // Every Recommends-only package is recommended by something selected, or
    // depended on by another Recommends-only package.
    for (name, _) in with.packages.iter().filter(|(n, _)| !without.contains(n)) {
        let reached = with.packages.iter().any(|(other, _)| {
            subset().get(other).is_some_and(|p| {
                p.recommends.iter().chain(&p.depends).any(|g| {
                    g.iter().any(|a| {
                        a == name || subset().providers(a).iter().any(|pr| &pr.name == name)
                    })
                })
            })
        });
        assert!(
            reached,
            "{name} is in the with-Recommends set for no reason"
        );
    }
}

#[test]
fn the_same_package_twice_or_pinned_counts_once() {
    let base = InstalledSet::debian_base(subset());
    let once = subset().resolve_install(&["curl"], false, &base);
    let twice = subset().resolve_install(
        &[
            "curl",
            "curl=7.88.1-10+deb12u14",
            "curl:amd64",
            "-y",
            "libcurl4",
        ],
        false,
        &base,
    );
    assert_eq!(once.packages, twice.packages);
    assert_eq!(once.total, twice.total);
}

#[test]
fn variables_unknown_names_and_installed_packages_are_reported_not_counted() {
    let base = InstalledSet::debian_base(subset());
    let r = subset().resolve_install(
        &[
            "$BUILD_DEPS",
            "${EXTRA}",
            "no-such-package",
            "bash",
            "php8.*",
        ],
        true,
        &base,
    );
    assert!(r.packages.is_empty());
    assert_eq!(r.total, SizeRange::ZERO);
    assert_eq!(
        r.unknown,
        ["$BUILD_DEPS", "${EXTRA}", "no-such-package", "php8.*"]
    );
    assert_eq!(r.already_installed, ["bash"]);
    assert!(r
        .provenance
        .iter()
        .any(|p| p.subject.contains("$BUILD_DEPS")));
}

#[test]
fn package_arguments_are_classified() {
    use dockopt_core::estimate::apt::parse_package_argument as parse;
    assert_eq!(
        parse("curl=7.88.1-10"),
        PackageArgument::Name("curl".into())
    );
    assert_eq!(parse("libc6:amd64"), PackageArgument::Name("libc6".into()));
    assert_eq!(
        parse("nginx/bookworm-backports"),
        PackageArgument::Name("nginx".into())
    );
    assert_eq!(parse("'g++'"), PackageArgument::Name("g++".into()));
    assert_eq!(parse("--no-install-recommends"), PackageArgument::Flag);
    assert_eq!(parse("$PKGS"), PackageArgument::Unknown("$PKGS".into()));
    assert_eq!(
        parse("./local.deb"),
        PackageArgument::Unknown("./local.deb".into())
    );
}

#[test]
fn a_slim_base_scales_the_same_packages_down() {
    let slim = InstalledSet::debian_slim_base(subset());
    let r = subset().resolve_install(&["curl"], false, &slim);
    // Same 16 packages, 11983872 bytes × 0.65 / 0.85 / 1.0.
    assert_eq!(r.installed_size_sum, 11_983_872);
    assert_eq!(r.total, SizeRange::new(7_789_517, 10_186_291, 11_983_872));
}

#[test]
fn buildpack_deps_already_has_the_compilers() {
    let full = InstalledSet::buildpack_deps(subset());
    let r = subset().resolve_install(&["build-essential", "gcc", "libpq-dev"], true, &full);
    // Reference BFS: on buildpack-deps only the build-essential
    // metapackage itself (20 KiB) is new.
    assert_eq!(names(&r), ["build-essential"]);
    assert_eq!(r.installed_size_sum, 20 * 1024);
    assert_eq!(r.already_installed, ["gcc", "libpq-dev"]);
}

const SYNTHETIC: &str = "\
# Record dates: test
package\tinstalled_kib\tflags\tdepends\tpre_depends\trecommends\tprovides
a\t1\to\tb\t\t\t
b\t2\to\ta,b\t\tc\t
c\t4\to\tmailer\t\t\t
d\t32\to\tzzz|c|a\tpre\t\t
exim\t8\ts\t\t\t\tmailer
postfix\t16\to\t\t\t\tmailer
pre\t64\to\t\t\t\t
";

#[test]
fn cycles_terminate_and_count_each_package_once() {
    let u = AptUniverse::parse(SYNTHETIC, "synthetic").expect("parses");
    // a → b → {a, b (self)}: a cycle. a 1 + b 2 = 3 KiB.
    let r = u.resolve_install(&["a"], false, &InstalledSet::empty());
    assert_eq!(names(&r), ["a", "b"]);
    assert_eq!(r.installed_size_sum, 3 * 1024);
    // With Recommends: b recommends c, c depends on the virtual `mailer`,
    // provided by exim (standard) and postfix (optional): exim wins on
    // Priority. 1 + 2 + 4 + 8 = 15 KiB.
    let r = u.resolve_install(&["a"], true, &InstalledSet::empty());
    assert_eq!(names(&r), ["a", "b", "c", "exim"]);
    assert_eq!(r.installed_size_sum, 15 * 1024);
}

#[test]
fn alternatives_prefer_what_is_installed_and_pre_depends_count() {
    let u = AptUniverse::parse(SYNTHETIC, "synthetic").expect("parses");
    // d: Depends zzz|c|a (zzz does not exist → c, the first that exists),
    // Pre-Depends pre. c → mailer → exim. 32 + 64 + 4 + 8 = 108 KiB.
    let r = u.resolve_install(&["d"], false, &InstalledSet::empty());
    assert_eq!(names(&r), ["c", "d", "exim", "pre"]);
    assert_eq!(r.installed_size_sum, 108 * 1024);
    // With `a` and `postfix` already installed, `zzz|c|a` is satisfied by a
    // and `mailer` would be by postfix: only d and pre are new (96 KiB).
    let mut installed = InstalledSet::empty();
    installed.insert("a");
    installed.insert("postfix");
    let r = u.resolve_install(&["d", "mailer"], false, &installed);
    assert_eq!(names(&r), ["d", "pre"]);
    assert_eq!(r.already_installed, ["mailer"]);
}

#[test]
fn a_long_dependency_chain_does_not_grow_the_stack() {
    // 100,000 packages p000000 → p000001 → … each 1 KiB (zero-padded: the
    // tables are in name order): an explicit worklist handles it; recursion
    // would overflow the test thread's stack.
    let mut text =
        String::from("package\tinstalled_kib\tflags\tdepends\tpre_depends\trecommends\tprovides\n");
    for i in 0..100_000 {
        text.push_str(&format!("p{i:06}\t1\to\tp{:06}\t\t\t\n", i + 1));
    }
    let u = AptUniverse::parse(&text, "chain").expect("parses");
    let r = u.resolve_install(&["p000000"], false, &InstalledSet::empty());
    assert_eq!(r.packages.len(), 100_000);
    assert_eq!(r.missing_dependencies, ["p100000"]);
    // Out-of-order tables are refused rather than silently mis-read.
    assert!(AptUniverse::parse("package\tk\nb\t1\na\t1\n", "unsorted").is_err());
}

#[test]
fn the_subset_resolves_like_the_full_universe() {
    // The full table (what `full-data` embeds) read directly: the subset
    // must give the same answer for the packages it was built for.
    let full = AptUniverse::from_zlib(
        include_bytes!("../src/estimate/data/debian_full.tsv.zz"),
        "debian_full.tsv.zz",
    )
    .expect("full table inflates");
    assert_eq!(full.len(), 63_666);
    let full_base = InstalledSet::debian_base(&full);
    let subset_base = InstalledSet::debian_base(subset());
    assert_eq!(full_base.len(), subset_base.len());
    for request in [
        &["curl"][..],
        &["build-essential", "git"],
        &["python3-dev", "libpq-dev", "default-libmysqlclient-dev"],
        &["chromium", "nodejs"],
        &["imagemagick", "ffmpeg"],
    ] {
        for recommends in [false, true] {
            let a = full.resolve_install(request, recommends, &full_base);
            let b = subset().resolve_install(request, recommends, &subset_base);
            assert_eq!(
                a.packages, b.packages,
                "{request:?} recommends={recommends}"
            );
        }
    }
    // A package outside the subset is unknown there, known in the full table
    // (Debian's npm is left out: with Recommends it pulls 669 packages,
    // a third of the wasm budget, and node images ship their own npm).
    let npm = subset().resolve_install(&["npm"], true, &subset_base);
    assert_eq!(npm.unknown, ["npm"]);
    assert!(
        full.resolve_install(&["npm"], true, &full_base)
            .packages
            .len()
            > 600
    );
    assert!(subset().get("0ad").is_none());
    assert_eq!(full.get("0ad").map(|p| p.installed_kib), Some(28_591));
}

/// figlet: in the full table (739 KiB, Depends: libc6), not in the subset.
const FIGLET: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends figlet && rm -rf /var/lib/apt/lists/*\n";

#[test]
fn the_estimate_names_packages_outside_its_table_and_the_full_table_sizes_them() {
    use dockopt_core::estimate::image::{estimate_dockerfile, EstimateOptions};
    let full = AptUniverse::from_zlib(
        include_bytes!("../src/estimate/data/debian_full.tsv.zz"),
        dockopt_core::estimate::apt::TABLE_NAME,
    )
    .expect("full table inflates");
    let with = |apt| {
        estimate_dockerfile(
            FIGLET,
            &EstimateOptions {
                apt: Some(apt),
                ..EstimateOptions::default()
            },
        )
    };
    let by_subset = with(subset());
    assert_eq!(by_subset.apt_outside_table, ["figlet"]);
    let layer = &by_subset.stages[0].layers[1];
    assert!(layer.label.contains("0 package(s)"), "{}", layer.label);
    assert!(
        by_subset.unknowns.iter().any(|u| u.what.contains("figlet")),
        "{:?}",
        by_subset.unknowns
    );

    let by_full = with(&full);
    assert!(by_full.apt_outside_table.is_empty());
    assert!(by_full.unknowns.is_empty(), "{:?}", by_full.unknowns);
    let layer = &by_full.stages[0].layers[1];
    assert!(layer.label.contains("1 package(s)"), "{}", layer.label);
    // 739 KiB = 756,736 B of Installed-Size is the expected figure's
    // source; -slim drops docs (the range's low end), never adds.
    let size = layer.size.uncompressed;
    assert!(size.high <= 756_736 && size.high >= 700_000, "{size:?}");

    // With no table given, the one compiled in answers: the full one when
    // the `full-data` feature is on (the CLI), else the subset.
    let default = estimate_dockerfile(FIGLET, &EstimateOptions::default());
    if cfg!(feature = "full-data") {
        assert_eq!(default, by_full);
    } else {
        assert_eq!(default, by_subset);
    }
}
