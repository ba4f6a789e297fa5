//! Generates the size-estimate tables that `dockopt-core` embeds
//! (`crates/dockopt-core/src/estimate/data/`) from the reference data in
//! `../shared/data`. Output is a pure function of the input files, so the
//! committed tables can be checked against a fresh run (`--check`).
//!
//! This crate owns reading and reshaping the data; how the numbers are used
//! (ranges, rules of thumb, resolution) belongs to `dockopt_core::estimate`.

pub mod corpus;
pub mod debian;
pub mod tables;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The command that regenerates the tables, quoted in every header.
pub const REGENERATE: &str =
    "cargo run -p dockopt-datagen  (from the repository root; reads ../shared/data, or pass --shared DIR)";

/// Record dates and origins of the Debian index, as stated in
/// ../shared/data/README.md (the dump itself carries no dates).
const DEBIAN_RECORD: &str = "Debian 12 bookworm point release 12.15, main + bookworm-updates + bookworm-security, amd64 + all; index dates: bookworm Release 2026-07-11, bookworm-security and bookworm-updates 2026-11-21; collected 2026-11-22 (../shared/data/README.md)";

/// Packages commonly installed in Dockerfiles that the corpus scan may miss
/// (the brief's list of build tools and utilities). Debian's `npm` is left
/// out on purpose: with Recommends it pulls 669 packages (node-* libraries),
/// which cost 13 KB of gzipped wasm, and Node images ship their own npm; it
/// resolves from the full table.
const COMMON_PACKAGES: &[&str] = &[
    "apt-transport-https",
    "apt-utils",
    "autoconf",
    "automake",
    "bash",
    "bzip2",
    "build-essential",
    "ca-certificates",
    "cmake",
    "cron",
    "curl",
    "default-jre-headless",
    "default-libmysqlclient-dev",
    "dnsutils",
    "dumb-init",
    "file",
    "g++",
    "gcc",
    "gettext",
    "git",
    "gnupg",
    "gosu",
    "iputils-ping",
    "jq",
    "less",
    "libffi-dev",
    "libjpeg-dev",
    "libpq-dev",
    "libpq5",
    "libsqlite3-dev",
    "libssl-dev",
    "libtool",
    "libxml2-dev",
    "libxslt1-dev",
    "locales",
    "make",
    "nano",
    "net-tools",
    "netbase",
    "ninja-build",
    "nodejs",
    "openssh-client",
    "openssl",
    "patch",
    "pkg-config",
    "postgresql-client",
    "procps",
    "python3",
    "python3-dev",
    "python3-pip",
    "python3-venv",
    "rsync",
    "sudo",
    "supervisor",
    "tini",
    "tzdata",
    "unzip",
    "vim",
    "wget",
    "xz-utils",
    "zip",
    "zlib1g-dev",
];

/// The packages docker-library/buildpack-deps adds on top of debian:bookworm
/// (its `curl`, `scm` and full variants), which the full `node:22`,
/// `python:3.12` and `golang` images are built on. Listed from the
/// buildpack-deps Dockerfiles, which are NOT in ../shared: dockopt-core
/// repeats this list (`BUILDPACK_DEPS_PACKAGES`) and marks it as an
/// assumption. Embedded so that the installed set of a full image resolves.
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

/// The column-name line of both Debian tables (readers skip it).
const COLUMN_LINE: &str =
    "package\tinstalled_kib\tflags\tdepends\tpre_depends\trecommends\tprovides\n";

/// One generated file: its name inside the output directory and its bytes.
pub struct GeneratedFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

fn read(shared: &Path, name: &str) -> Result<String, String> {
    let path = shared.join("data").join(name);
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_gz(shared: &Path, name: &str) -> Result<String, String> {
    use std::io::Read;
    let path = shared.join("data").join(name);
    let file =
        std::fs::File::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot gunzip {}: {e}", path.display()))?;
    Ok(text)
}

fn header(sources: &str, dates: &str, extra: &[String]) -> String {
    let mut h = format!(
        "# GENERATED FILE, do not edit. Regenerate with: {REGENERATE}\n\
         # `cargo test -p dockopt-datagen` fails when this file is out of date.\n\
         # Sources: {sources}\n\
         # Record dates: {dates}\n"
    );
    for line in extra {
        h.push_str("# ");
        h.push_str(line);
        h.push('\n');
    }
    h
}

/// Earliest and latest value of a date column, for the header.
fn date_span(text: &str, column: &str) -> String {
    let Ok(tsv) = tables::Tsv::parse(text, column) else {
        return String::from("unknown");
    };
    let dates: BTreeSet<String> = tsv
        .records()
        .iter()
        .filter_map(|r| r.get(column).map(|d| d.get(..10).unwrap_or(d).to_string()))
        .filter(|d| d.starts_with("20"))
        .collect();
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => format!("{column} from {a} to {b}"),
        _ => String::from("unknown"),
    }
}

/// The packages the embedded subset is built for (before adding the
/// Essential/required set): the common list, the buildpack-deps list,
/// `usr-is-merged`, and every name from `apt-get install` lines in
/// `shared/corpus/real`. Names that are not in bookworm are included; the
/// closure skips them.
pub fn seed_names(shared: &Path) -> Result<BTreeSet<String>, String> {
    let mut seeds: BTreeSet<String> = BTreeSet::new();
    seeds.extend(COMMON_PACKAGES.iter().map(|s| s.to_string()));
    seeds.extend(BUILDPACK_DEPS_PACKAGES.iter().map(|s| s.to_string()));
    // dockopt-core's debian base set is built merged-/usr: it installs
    // usr-is-merged in place of usrmerge (see `InstalledSet::debian_base`).
    seeds.insert("usr-is-merged".to_string());
    seeds.extend(corpus::apt_install_names(
        &shared.join("corpus").join("real"),
    )?);
    Ok(seeds)
}

/// Produces every generated file from the reference data under `shared`
/// (the directory that holds `data/` and `corpus/`).
pub fn generate(shared: &Path) -> Result<Vec<GeneratedFile>, String> {
    let mut files = Vec::new();

    let compressed = read(shared, "base-images.tsv")?;
    let uncompressed = read(shared, "base-images-uncompressed.tsv")?;
    let base = tables::base_images(&compressed, &uncompressed)?;
    let dates = format!(
        "compressed rows: {}; uncompressed rows: {}; all collected 2026-11-22",
        date_span(&compressed, "record_date"),
        date_span(&uncompressed, "created")
    );
    files.push(GeneratedFile {
        name: "base_images.tsv",
        bytes: (header(
            "../shared/data/base-images.tsv and base-images-uncompressed.tsv (docker-library/repo-info remote/ and local/ records, linux/amd64; see ../shared/data/README.md)",
            &dates,
            &[
                "uncompressed_basis: same-build | same-version | other-build (README \"How the rows line up\") | none | published (approx-published rows, range in published_low/high)".to_string(),
            ],
        ) + &base)
            .into_bytes(),
    });

    let alpine = tables::alpine(&read(shared, "alpine-apk-installed-sizes.tsv")?)?;
    files.push(GeneratedFile {
        name: "alpine_apk.tsv",
        bytes: (header(
            "../shared/data/alpine-apk-installed-sizes.tsv (apk installed sizes recorded by docker-library/repo-info inside rust:1-alpine3.24 and python:3.12.14-alpine3.24)",
            "Alpine 3.24 images created 2026-08-13 and 2026-09-18; collected 2026-11-22",
            &["installed_bytes: apk's rounded figure converted 1024-based; a package in both images keeps the larger".to_string()],
        ) + &alpine)
            .into_bytes(),
    });

    let pypi = tables::pypi(&read(shared, "pypi-wheel-sizes.tsv")?)?;
    files.push(GeneratedFile {
        name: "pypi.tsv",
        bytes: (header(
            "../shared/data/pypi-wheel-sizes.tsv (newest CPython 3.12 manylinux x86_64 wheel, `pip download` + `unzip -l`)",
            "collected 2026-11-22",
            &["unpacked_bytes excludes .pyc compiled at install time and all dependencies".to_string()],
        ) + &pypi)
            .into_bytes(),
    });

    let npm = tables::npm(&read(shared, "npm-package-sizes.tsv")?)?;
    files.push(GeneratedFile {
        name: "npm.tsv",
        bytes: (header(
            "../shared/data/npm-package-sizes.tsv (`npm pack` + `tar -tvzf` sums, latest versions)",
            "collected 2026-11-22",
            &["dependencies are NOT included".to_string()],
        ) + &npm)
            .into_bytes(),
    });

    let universe = debian::parse(&read_gz(shared, "debian-bookworm-packages.tsv.gz")?)?;
    let corpus_names = corpus::apt_install_names(&shared.join("corpus").join("real"))?;
    let mut seeds = seed_names(shared)?;
    let not_in_bookworm: Vec<String> = seeds
        .iter()
        .filter(|s| !universe.packages.contains_key(*s) && !universe.providers.contains_key(*s))
        .cloned()
        .collect();
    seeds.extend(
        universe
            .packages
            .values()
            .filter(|p| p.in_every_debian_image())
            .map(|p| p.name.clone()),
    );
    let subset = universe.closure(&seeds);
    let columns = "columns: package, installed_kib, flags (priority r/i/s/o/x/-, then E if Essential), depends, pre_depends, recommends, provides (virtual names only)";
    let mut subset_text = header(
        "../shared/data/debian-bookworm-packages.tsv.gz (`apt-cache dumpavail`, see ../shared/data/README.md)",
        DEBIAN_RECORD,
        &[
            format!(
                "SUBSET: {} of {} packages: the Depends + Pre-Depends + Recommends closure of Essential/required packages, of {} packages from `apt-get install` lines in ../shared/corpus/real, of a list of common build tools and of the buildpack-deps package lists (dockopt-datagen/src/lib.rs)",
                subset.len(),
                universe.packages.len(),
                corpus_names.len()
            ),
            format!(
                "seed names not in bookworm (other releases, typos, PPAs): {}",
                not_in_bookworm
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            columns.to_string(),
        ],
    );
    subset_text.push_str(COLUMN_LINE);
    universe.render_rows(subset.iter(), &mut subset_text);
    files.push(GeneratedFile {
        name: "debian_subset.tsv",
        bytes: subset_text.into_bytes(),
    });

    let mut full_text = header(
        "../shared/data/debian-bookworm-packages.tsv.gz (`apt-cache dumpavail`, see ../shared/data/README.md)",
        DEBIAN_RECORD,
        &[
            format!("FULL: all {} packages; stored zlib-compressed (miniz_oxide level 10)", universe.packages.len()),
            columns.to_string(),
        ],
    );
    full_text.push_str(COLUMN_LINE);
    universe.render_rows(universe.packages.keys(), &mut full_text);
    files.push(GeneratedFile {
        name: "debian_full.tsv.zz",
        bytes: miniz_oxide::deflate::compress_to_vec_zlib(full_text.as_bytes(), 10),
    });
    Ok(files)
}

/// Where the generated files go, relative to the repository root.
pub fn default_out_dir(repo_root: &Path) -> PathBuf {
    repo_root.join("crates/dockopt-core/src/estimate/data")
}

/// Writes the files; returns their names.
pub fn write(files: &[GeneratedFile], out: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    files
        .iter()
        .map(|f| {
            let path = out.join(f.name);
            std::fs::write(&path, &f.bytes)
                .map(|_| path.display().to_string())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        })
        .collect()
}

/// Compares the committed files with a fresh generation; returns one message
/// per stale or missing file.
pub fn check(files: &[GeneratedFile], out: &Path) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let path = out.join(f.name);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == f.bytes => None,
                Ok(_) => Some(format!("{} is out of date", path.display())),
                Err(e) => Some(format!("{} cannot be read: {e}", path.display())),
            }
        })
        .collect()
}
