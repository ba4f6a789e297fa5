//! Debian apt installs: the package universe (bookworm 12.15, from
//! `data/debian_subset.tsv` or, with the `full-data` feature, the whole
//! `data/debian_full.tsv.zz`), the set a base image already has, and the
//! resolution of `apt-get install` into the packages it adds and their
//! Installed-Size.
//!
//! Resolution follows apt's rules closely enough for sizes: Depends and
//! Pre-Depends always, Recommends (also of pulled-in packages) unless
//! `--no-install-recommends`; in an `a|b` group the first alternative that
//! exists, unless one of them is already installed or selected; a virtual
//! name resolves to an installed provider if any, else to the provider of
//! highest Priority (then by name). It works off an explicit worklist, so
//! depth never grows with the input, and it stops on cycles.

use std::collections::VecDeque;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::base_image::{BaseImageEstimate, DebianRelease, DistroFamily, Variant};
use super::compression::ContentKind;
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables;

const SUBSET: &str = include_str!("data/debian_subset.tsv");
/// How provenance names the table, the same for the subset and the full
/// table: the subset's rows are the full table's rows, so a figure does not
/// depend on which of the two a build (CLI, web page) resolved it with.
pub const TABLE_NAME: &str = "Debian bookworm package table";
/// The full table's file name, as the web page fetches it.
pub const FULL_TABLE_FILE: &str = "debian_full.tsv.zz";
/// The whole universe, zlib-compressed (see `AptUniverse::from_zlib`).
#[cfg(feature = "full-data")]
const FULL: &[u8] = include_bytes!("data/debian_full.tsv.zz");

/// The packages docker-library/buildpack-deps adds to debian (its `curl`,
/// `scm` and full variants), which the full `node:22`, `python:3.12` and
/// `golang` images are built on. ASSUMPTION: listed from the buildpack-deps
/// Dockerfiles, which are not in ../shared; kept equal to
/// `dockopt_datagen::BUILDPACK_DEPS_PACKAGES` (the generator embeds them).
pub const BUILDPACK_DEPS_PACKAGES: &[&str] = &[
    "ca-certificates",
    "curl",
    "gnupg",
    "netbase",
    "wget",
    "git",
    "mercurial",
    "openssh-client",
    "subversion",
    "procps",
    "autoconf",
    "automake",
    "bzip2",
    "default-libmysqlclient-dev",
    "dpkg-dev",
    "file",
    "g++",
    "gcc",
    "imagemagick",
    "libbz2-dev",
    "libc6-dev",
    "libcurl4-openssl-dev",
    "libdb-dev",
    "libevent-dev",
    "libffi-dev",
    "libgdbm-dev",
    "libglib2.0-dev",
    "libgmp-dev",
    "libjpeg-dev",
    "libkrb5-dev",
    "liblzma-dev",
    "libmagickcore-dev",
    "libmagickwand-dev",
    "libmaxminddb-dev",
    "libncurses5-dev",
    "libncursesw5-dev",
    "libpng-dev",
    "libpq-dev",
    "libreadline-dev",
    "libsqlite3-dev",
    "libssl-dev",
    "libtool",
    "libwebp-dev",
    "libxml2-dev",
    "libxslt-dev",
    "libyaml-dev",
    "make",
    "patch",
    "unzip",
    "xz-utils",
    "zlib1g-dev",
];

/// Debian's package priorities, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Required,
    Important,
    Standard,
    Optional,
    Extra,
    Unknown,
}

/// One binary package with what the resolver needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AptPackage {
    pub name: String,
    pub installed_kib: u64,
    pub priority: Priority,
    pub essential: bool,
    /// Depends then Pre-Depends: each inner list is one `a|b` group.
    pub depends: Vec<Vec<String>>,
    pub recommends: Vec<Vec<String>>,
    /// Virtual names only (names that are not also a real package).
    pub provides: Vec<String>,
}

impl AptPackage {
    pub fn installed_bytes(&self) -> u64 {
        self.installed_kib.saturating_mul(1024)
    }
}

/// Why a data table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// The zlib stream is damaged.
    Inflate,
    /// The text is not UTF-8.
    Encoding,
    /// A row has no name or a non-numeric size, or is out of name order
    /// (1-based data row number).
    BadRow(usize),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Inflate => write!(f, "the package table is not valid zlib data"),
            DataError::Encoding => write!(f, "the package table is not UTF-8"),
            DataError::BadRow(line) => write!(f, "the package table has a bad row at line {line}"),
        }
    }
}

impl std::error::Error for DataError {}

/// A set of Debian packages with their dependency data.
///
/// Lookups are binary searches over vectors sorted by name (the tables are
/// written in name order): hash maps and general-purpose sorts would cost
/// more wasm than the code that uses them.
#[derive(Debug, Clone, Default)]
pub struct AptUniverse {
    /// Sorted by name.
    packages: Vec<AptPackage>,
    /// (virtual name, provider index), sorted by virtual name, then by
    /// preference: Priority, then name (= index order).
    providers: Vec<(String, usize)>,
    table: String,
    record: String,
}

fn parse_groups(list: &str) -> Vec<Vec<String>> {
    list.split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(|g| {
            g.split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

impl AptUniverse {
    /// Parses a table in the generated format (header comments, a column
    /// line, then `name, installed KiB, flags, depends, pre-depends,
    /// recommends, provides`). `table` names it in provenance.
    pub fn parse(text: &str, table: &str) -> Result<AptUniverse, DataError> {
        let mut universe = AptUniverse {
            table: table.to_string(),
            record: tables::record_dates(text).to_string(),
            ..AptUniverse::default()
        };
        for (number, row) in tables::rows(text).enumerate() {
            let name = tables::cell(&row, 0);
            let installed_kib = tables::number(&row, 1).ok_or(DataError::BadRow(number + 1))?;
            if name.is_empty() {
                return Err(DataError::BadRow(number + 1));
            }
            let flags = tables::cell(&row, 2);
            let priority = match flags.chars().next() {
                Some('r') => Priority::Required,
                Some('i') => Priority::Important,
                Some('s') => Priority::Standard,
                Some('o') => Priority::Optional,
                Some('x') => Priority::Extra,
                _ => Priority::Unknown,
            };
            let mut depends = parse_groups(tables::cell(&row, 3));
            depends.extend(parse_groups(tables::cell(&row, 4)));
            let package = AptPackage {
                name: name.to_string(),
                installed_kib,
                priority,
                essential: flags.contains('E'),
                depends,
                recommends: parse_groups(tables::cell(&row, 5)),
                provides: tables::cell(&row, 6)
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            if universe
                .packages
                .last()
                .is_some_and(|last| last.name >= package.name)
            {
                return Err(DataError::BadRow(number + 1));
            }
            universe.packages.push(package);
        }
        for (index, package) in universe.packages.iter().enumerate() {
            for virtual_name in &package.provides {
                universe.providers.push((virtual_name.clone(), index));
            }
        }
        let packages = &universe.packages;
        let rank = |index: usize| {
            packages
                .get(index)
                .map_or(Priority::Unknown, |p| p.priority)
        };
        crate::sort::sort_by(&mut universe.providers, |(a, i), (b, j)| {
            a.cmp(b).then(rank(*i).cmp(&rank(*j))).then(i.cmp(j))
        });
        Ok(universe)
    }

    /// Inflates and parses a zlib-compressed table (the `full-data` file,
    /// or the same file fetched by the web page as a static asset).
    pub fn from_zlib(bytes: &[u8], table: &str) -> Result<AptUniverse, DataError> {
        let text =
            miniz_oxide::inflate::decompress_to_vec_zlib(bytes).map_err(|_| DataError::Inflate)?;
        let text = String::from_utf8(text).map_err(|_| DataError::Encoding)?;
        AptUniverse::parse(&text, table)
    }

    /// The embedded subset: the packages real Dockerfiles install, common
    /// build tools, and every Essential/required package, each with its
    /// Depends + Pre-Depends + Recommends closure (see the table header).
    pub fn subset() -> &'static AptUniverse {
        static SUBSET_UNIVERSE: OnceLock<AptUniverse> = OnceLock::new();
        // The embedded table is generated and tested (`estimate_apt` tests):
        // an empty universe here would only mean a broken build.
        SUBSET_UNIVERSE.get_or_init(|| AptUniverse::parse(SUBSET, TABLE_NAME).unwrap_or_default())
    }

    /// All 63,666 bookworm packages (feature `full-data`).
    #[cfg(feature = "full-data")]
    pub fn full() -> &'static AptUniverse {
        static FULL_UNIVERSE: OnceLock<AptUniverse> = OnceLock::new();
        FULL_UNIVERSE.get_or_init(|| AptUniverse::from_zlib(FULL, TABLE_NAME).unwrap_or_default())
    }

    /// The largest universe compiled in: `full()` with the `full-data`
    /// feature, else `subset()`.
    #[cfg(feature = "full-data")]
    pub fn embedded() -> &'static AptUniverse {
        AptUniverse::full()
    }

    /// The largest universe compiled in: `full()` with the `full-data`
    /// feature, else `subset()`.
    #[cfg(not(feature = "full-data"))]
    pub fn embedded() -> &'static AptUniverse {
        AptUniverse::subset()
    }

    pub fn len(&self) -> usize {
        self.packages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packages.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&AptPackage> {
        self.index_of(name).and_then(|i| self.packages.get(i))
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.packages
            .binary_search_by(|p| p.name.as_str().cmp(name))
            .ok()
    }

    /// Indices of the providers of a virtual name, most preferred first.
    fn provider_indices<'a>(&'a self, virtual_name: &'a str) -> impl Iterator<Item = usize> + 'a {
        let start = self
            .providers
            .partition_point(|(name, _)| name.as_str() < virtual_name);
        self.providers
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |(name, _)| name == virtual_name)
            .map(|(_, index)| *index)
    }

    /// Providers of a virtual name, most preferred first.
    pub fn providers(&self, virtual_name: &str) -> Vec<&AptPackage> {
        self.provider_indices(virtual_name)
            .filter_map(|i| self.packages.get(i))
            .collect()
    }

    /// The table name and its record dates, for provenance.
    pub fn source(&self) -> String {
        format!("{} ({})", self.table, self.record)
    }

    /// What `apt-get install PACKAGES` adds on top of `already_installed`.
    pub fn resolve_install(
        &self,
        packages: &[&str],
        install_recommends: bool,
        already_installed: &InstalledSet,
    ) -> AptResolution {
        let mut resolver = Resolver {
            universe: self,
            installed: already_installed,
            selected: vec![false; self.packages.len()],
            missing: Vec::new(),
        };
        let mut resolution = AptResolution::default();
        let mut work: VecDeque<usize> = VecDeque::new();
        for argument in packages {
            let name = match parse_package_argument(argument) {
                PackageArgument::Flag => continue,
                PackageArgument::Unknown(raw) => {
                    push_unique(&mut resolution.unknown, raw);
                    continue;
                }
                PackageArgument::Name(name) => name,
            };
            match resolver.choose(std::slice::from_ref(&name)) {
                Choice::Satisfied => push_unique(&mut resolution.already_installed, name),
                Choice::Pick(index) => {
                    resolver.select(index, &mut work);
                }
                Choice::Missing => {
                    push_unique(&mut resolution.outside_table, name.clone());
                    push_unique(&mut resolution.unknown, name);
                }
            }
        }
        while let Some(index) = work.pop_front() {
            let Some(package) = self.packages.get(index) else {
                continue;
            };
            for group in &package.depends {
                match resolver.choose(group) {
                    Choice::Pick(next) => resolver.select(next, &mut work),
                    Choice::Satisfied => {}
                    Choice::Missing => push_unique(&mut resolver.missing, group.join("|")),
                }
            }
            if install_recommends {
                // A Recommends that cannot be satisfied is skipped by apt.
                for group in &package.recommends {
                    if let Choice::Pick(next) = resolver.choose(group) {
                        resolver.select(next, &mut work);
                    }
                }
            }
        }
        // Indices follow name order, so this lists the packages by name.
        resolution.packages = resolver
            .selected
            .iter()
            .zip(&self.packages)
            .filter(|(selected, _)| **selected)
            .map(|(_, p)| (p.name.clone(), p.installed_bytes()))
            .collect();
        resolution.missing_dependencies = resolver.missing;
        let sum: u64 = resolution.packages.iter().map(|(_, b)| *b).sum();
        resolution.installed_size_sum = sum;
        resolution.total = installed_size_range(sum, already_installed.docs_excluded);
        resolution.provenance = vec![Provenance::new(
            ProvenanceKind::Table,
            format!(
                "apt: {} package(s) added{}",
                resolution.packages.len(),
                if install_recommends {
                    " (with Recommends)"
                } else {
                    " (--no-install-recommends)"
                }
            ),
            format!(
                "Installed-Size, {}; already installed: {}",
                self.source(),
                already_installed.description
            ),
            if already_installed.docs_excluded {
                "dpkg's declared Installed-Size × 0.65–1.0 (expected 0.85): -slim images drop docs, man pages and locales; the apt data is bookworm, trixie-based images differ somewhat"
            } else {
                "dpkg's declared Installed-Size ±5% (the debian base set's sum is within 2% of debian:bookworm's measured size); the apt data is bookworm, trixie-based images differ somewhat"
            },
        )];
        if !resolution.unknown.is_empty() {
            resolution.provenance.push(Provenance::new(
                ProvenanceKind::Unknown,
                format!("apt: not resolved: {}", resolution.unknown.join(" ")),
                self.source(),
                "shell variables, patterns, or packages outside this table (other releases, third-party repositories, or outside the embedded subset): not counted",
            ));
        }
        resolution
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Installed-Size sum → on-disk range. Measured on the base set (see
/// `InstalledSet::debian_base`): debian:bookworm is 0.98–1.02 × its
/// packages' Installed-Size, debian:bookworm-slim 74.83 / 114.78 MiB = 0.65 ×.
/// So: full images ±5%; slim images from 0.65 × (as docs-heavy as the base)
/// to 1.0 × (a library with no docs), expected at 0.85 (the midpoint: an
/// assumption).
fn installed_size_range(bytes: u64, docs_excluded: bool) -> SizeRange {
    if docs_excluded {
        SizeRange::exact(bytes).scale(0.65, 0.85, 1.0)
    } else {
        SizeRange::exact(bytes).scale(0.95, 1.0, 1.05)
    }
}

enum Choice {
    Satisfied,
    Pick(usize),
    Missing,
}

struct Resolver<'a> {
    universe: &'a AptUniverse,
    installed: &'a InstalledSet,
    /// Indexed like `universe.packages`.
    selected: Vec<bool>,
    missing: Vec<String>,
}

impl Resolver<'_> {
    fn present(&self, name: &str) -> bool {
        if self.installed.contains(name) {
            return true;
        }
        if let Some(index) = self.universe.index_of(name) {
            return self.is_selected(index);
        }
        self.universe.provider_indices(name).any(|i| {
            self.is_selected(i)
                || self
                    .universe
                    .packages
                    .get(i)
                    .is_some_and(|p| self.installed.contains(&p.name))
        })
    }

    fn is_selected(&self, index: usize) -> bool {
        self.selected.get(index).copied().unwrap_or(false)
    }

    fn choose(&self, group: &[String]) -> Choice {
        if group.iter().any(|alternative| self.present(alternative)) {
            return Choice::Satisfied;
        }
        for alternative in group {
            if let Some(index) = self.universe.index_of(alternative) {
                return Choice::Pick(index);
            }
            if let Some(first) = self.universe.provider_indices(alternative).next() {
                return Choice::Pick(first);
            }
        }
        Choice::Missing
    }

    fn select(&mut self, index: usize, work: &mut VecDeque<usize>) {
        let installed = self
            .universe
            .packages
            .get(index)
            .is_some_and(|p| self.installed.contains(&p.name));
        if !installed && !self.is_selected(index) {
            if let Some(slot) = self.selected.get_mut(index) {
                *slot = true;
                work.push_back(index);
            }
        }
    }
}

/// An `apt-get install` argument, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageArgument {
    /// An option such as `-y` or `--no-install-recommends`.
    Flag,
    /// A package name with pins, architecture and release removed.
    Name(String),
    /// Something whose package cannot be known here: `$VAR`, a glob or
    /// regex, a path to a .deb.
    Unknown(String),
}

/// Classifies one argument: `curl=7.88.1-10` → `curl`, `libc6:amd64` →
/// `libc6`, `curl/bookworm-backports` → `curl`, `$PKGS` → unknown.
pub fn parse_package_argument(argument: &str) -> PackageArgument {
    let argument = argument.trim().trim_matches(|c| c == '"' || c == '\'');
    if argument.is_empty() {
        return PackageArgument::Flag;
    }
    if argument.starts_with('-') {
        return PackageArgument::Flag;
    }
    if argument.contains(['$', '`', '*', '?', '[', '^'])
        || argument.starts_with('.')
        || argument.starts_with('/')
    {
        return PackageArgument::Unknown(argument.to_string());
    }
    let name = argument.split(['=', '/']).next().unwrap_or("");
    let name = name.split(':').next().unwrap_or("");
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c));
    if valid {
        PackageArgument::Name(name.to_string())
    } else {
        PackageArgument::Unknown(argument.to_string())
    }
}

/// The packages a base image already has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstalledSet {
    /// Sorted and without duplicates (binary search, no hash map in wasm).
    names: Vec<String>,
    /// What the set stands for, for provenance.
    pub description: String,
    /// The image drops docs, man pages and locales at install time (the
    /// `-slim` images' dpkg path-exclude), so added packages take less
    /// than their Installed-Size.
    pub docs_excluded: bool,
}

impl InstalledSet {
    pub fn empty() -> InstalledSet {
        InstalledSet {
            names: Vec::new(),
            description: "nothing".to_string(),
            docs_excluded: false,
        }
    }

    /// Every package with `Essential: yes` or `Priority: required`, and
    /// their Depends + Pre-Depends: what every Debian image has
    /// (../shared/data/README.md; the closure matters because e.g. `libc6`
    /// is Priority optional in bookworm, yet every image has it). The
    /// images are built merged-/usr, so `usr-is-merged` stands in for the
    /// `usrmerge | usr-is-merged` alternative (else perl would come in).
    ///
    /// Check against the data: these 88 packages declare 117,538 KiB =
    /// 114.8 MiB, and debian:bookworm measures 116.57 MiB on disk
    /// (base-images-uncompressed.tsv), within 2%.
    pub fn debian_base(universe: &AptUniverse) -> InstalledSet {
        let mut required: Vec<&str> = vec!["usr-is-merged"];
        required.extend(
            universe
                .packages
                .iter()
                .filter(|p| p.essential || p.priority == Priority::Required)
                .map(|p| p.name.as_str()),
        );
        let mut set = InstalledSet::empty();
        let closure = universe.resolve_install(&required, false, &set);
        set.add_resolution(&closure);
        set.description =
            "Essential + Priority: required packages and their Depends (debian base image)"
                .to_string();
        set
    }

    /// `debian_base` for a `-slim` image: the same packages, with docs, man
    /// pages and locales excluded from what later installs add.
    pub fn debian_slim_base(universe: &AptUniverse) -> InstalledSet {
        let mut set = InstalledSet::debian_base(universe);
        set.docs_excluded = true;
        set.description = "Essential + Priority: required packages and their Depends (debian -slim base image: docs excluded)".to_string();
        set
    }

    /// `debian_base` plus the buildpack-deps packages and their Depends
    /// (buildpack-deps installs with `--no-install-recommends`): the base of
    /// the full `node`, `python` and `golang` images. An assumption: see
    /// `BUILDPACK_DEPS_PACKAGES`.
    pub fn buildpack_deps(universe: &AptUniverse) -> InstalledSet {
        let mut set = InstalledSet::debian_base(universe);
        let added = universe.resolve_install(BUILDPACK_DEPS_PACKAGES, false, &set);
        set.add_resolution(&added);
        set.description =
            "debian base + buildpack-deps packages (assumed list, see BUILDPACK_DEPS_PACKAGES)"
                .to_string();
        set
    }

    /// The Debian packages a base image from the table already has, or
    /// `None` when it is not Debian-based (the apt data is Debian's).
    /// Full language images (`node:22`, `python:3.12`, `golang`) are on
    /// buildpack-deps; images built on `…-slim` exclude docs. Trixie-based
    /// images get the bookworm data, which the description says.
    pub fn for_base_image(
        base: &BaseImageEstimate,
        universe: &AptUniverse,
    ) -> Option<InstalledSet> {
        let DistroFamily::Debian(release) = &base.family else {
            return None;
        };
        let built_on = base.built_on.as_deref().unwrap_or("");
        let on_buildpack_deps = base
            .note
            .as_deref()
            .is_some_and(|n| n.contains("buildpack-deps"));
        let mut set = if on_buildpack_deps {
            InstalledSet::buildpack_deps(universe)
        } else if built_on.contains("slim") || base.variant == Variant::Slim {
            InstalledSet::debian_slim_base(universe)
        } else {
            InstalledSet::debian_base(universe)
        };
        if *release != DebianRelease::Bookworm {
            set.description
                .push_str(" — bookworm package data used for a non-bookworm image");
        }
        Some(set)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }

    pub fn insert(&mut self, name: &str) {
        if let Err(position) = self.names.binary_search_by(|n| n.as_str().cmp(name)) {
            self.names.insert(position, name.to_string());
        }
    }

    /// Adds what a previous `apt-get install` brought in (for the next
    /// RUN). Both lists are in name order, so this is one merge, linear in
    /// their lengths whatever the size of the install.
    pub fn add_resolution(&mut self, resolution: &AptResolution) {
        let existing = std::mem::take(&mut self.names);
        let mut merged = Vec::with_capacity(existing.len() + resolution.packages.len());
        let mut left = existing.into_iter().peekable();
        let mut right = resolution.packages.iter().map(|(n, _)| n).peekable();
        loop {
            let take_left = match (left.peek(), right.peek()) {
                (Some(a), Some(b)) => a.as_str() <= b.as_str(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_left {
                left.next()
            } else {
                right.next().cloned()
            };
            if let Some(name) = next {
                if merged.last() != Some(&name) {
                    merged.push(name);
                }
            }
        }
        self.names = merged;
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The package names, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// What an `apt-get install` adds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AptResolution {
    /// Packages added, by name, with Installed-Size in bytes (KiB × 1024).
    pub packages: Vec<(String, u64)>,
    /// Sum of `packages`' Installed-Size in bytes.
    pub installed_size_sum: u64,
    /// `installed_size_sum` as an on-disk range (see provenance).
    pub total: SizeRange,
    /// Requested arguments that could not be resolved (variables, patterns,
    /// names outside the table).
    pub unknown: Vec<String>,
    /// The plain package names among `unknown`: a larger table may have
    /// them (the web page fetches the full one when there are any).
    pub outside_table: Vec<String>,
    /// Requested names that the base image already has.
    pub already_installed: Vec<String>,
    /// Depends groups no package in the table satisfies (outside the
    /// table); apt would fail or they come from elsewhere.
    pub missing_dependencies: Vec<String>,
    pub provenance: Vec<Provenance>,
}

impl AptResolution {
    /// On-disk and compressed size of the added packages.
    pub fn estimate(&self) -> Estimate {
        let mut provenance = self.provenance.clone();
        let first = if provenance.is_empty() {
            Provenance::new(ProvenanceKind::Unknown, "apt", "", "")
        } else {
            provenance.remove(0)
        };
        let mut estimate =
            Estimate::from_uncompressed(self.total, ContentKind::DebianPackages, first);
        estimate.provenance.extend(provenance);
        estimate
    }

    pub fn contains(&self, name: &str) -> bool {
        self.packages.iter().any(|(n, _)| n == name)
    }
}
