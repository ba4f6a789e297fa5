//! The figures the layer model uses where ../shared/data has no table: the
//! build context, files copied from another stage or image, downloads,
//! build outputs, whole-project dependency installs (`-r requirements.txt`,
//! `npm ci`), Ruby gems, Go and Rust binaries and caches, Python virtual
//! environments.
//!
//! Every one of them is an assumption, said so in its provenance, and wide
//! on purpose. The project installs are built from the package tables'
//! own quartiles (so they move with the data); the rest are round numbers
//! chosen to bracket what such content usually is, and are reported as
//! unknowns, never as facts.

use super::compression::ContentKind;
use super::format::format_bytes;
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::{npm, pypi};

const MB: u64 = 1_000_000;

fn unknown(range: SizeRange, kind: ContentKind, subject: impl Into<String>, why: &str) -> Estimate {
    Estimate::from_uncompressed(
        range,
        kind,
        Provenance::new(
            ProvenanceKind::Unknown,
            subject,
            "no measurement in ../shared/data: assumption (estimate/assumptions.rs)",
            format!(
                "{}–{}, expected {}: {why}",
                format_bytes(range.low),
                format_bytes(range.high),
                format_bytes(range.expected)
            ),
        ),
    )
}

fn assumed(range: SizeRange, kind: ContentKind, subject: impl Into<String>, why: &str) -> Estimate {
    let mut e = unknown(range, kind, subject, why);
    if let Some(p) = e.provenance.first_mut() {
        p.kind = ProvenanceKind::Assumption;
    }
    e
}

/// The build context copied with `COPY . .` when its size is not given:
/// 0–1 GB, expected 5 MB (an application's sources; the high end is a
/// context that carries node_modules, .git or build output).
pub fn build_context() -> Estimate {
    unknown(
        SizeRange::new(0, 5 * MB, 1000 * MB),
        ContentKind::TextAndCaches,
        "build context (size not given)",
        "application sources are a few MB; a context without .dockerignore can carry node_modules, .git or build output",
    )
}

/// One named path of the build context: 0–200 MB, expected 100 kB (a
/// config file or a script is typical).
pub fn context_path(path: &str) -> Estimate {
    unknown(
        SizeRange::new(0, MB / 10, 200 * MB),
        ContentKind::TextAndCaches,
        format!("build context: {path}"),
        "a named file or directory of the context; its size is not known before the build",
    )
}

/// Files copied from another stage or an image that the model cannot size:
/// 0–1 GB, expected 10 MB.
pub fn copied_unknown(what: &str) -> Estimate {
    unknown(
        SizeRange::new(0, 10 * MB, 1000 * MB),
        ContentKind::TextAndCaches,
        what.to_string(),
        "the copied path is not an output the model can size (build artefacts, files of a base image)",
    )
}

/// A downloaded file or what a download installs: 100 kB–300 MB, expected
/// 10 MB.
pub fn download(what: &str) -> Estimate {
    unknown(
        SizeRange::new(MB / 10, 10 * MB, 300 * MB),
        ContentKind::AlreadyCompressed,
        what.to_string(),
        "a release archive, binary or install script; its size depends on the URL",
    )
}

/// What a build command writes (`npm run build`, `make`, `mvn package`):
/// 0–500 MB, expected 20 MB.
pub fn build_output(what: &str) -> Estimate {
    unknown(
        SizeRange::new(0, 20 * MB, 500 * MB),
        ContentKind::TextAndCaches,
        what.to_string(),
        "build output (bundles, objects, jars) depends on the project",
    )
}

/// Commands the model does not read (anything but the recognised package
/// managers, downloads and file commands): 0–100 MB, expected 1 MB.
pub fn other_commands(what: &str) -> Estimate {
    unknown(
        SizeRange::new(0, MB, 100 * MB),
        ContentKind::TextAndCaches,
        what.to_string(),
        "commands whose output the model does not estimate",
    )
}

/// `python -m venv DIR`: links to the interpreter, the activation scripts
/// and the pip that ensurepip bundles (unpacked and compiled): 5–30 MB,
/// expected 12 MB; without pip 20 kB–1 MB, expected 100 kB.
pub fn venv(what: &str, with_pip: bool) -> Estimate {
    if with_pip {
        assumed(
            SizeRange::new(5 * MB, 12 * MB, 30 * MB),
            ContentKind::Python,
            what.to_string(),
            "a venv holds links to the interpreter and the pip wheel ensurepip bundles, unpacked and compiled",
        )
    } else {
        assumed(
            SizeRange::new(20_000, 100_000, MB),
            ContentKind::Python,
            what.to_string(),
            "a venv without pip holds links to the interpreter and its activation scripts",
        )
    }
}

/// `pip install -r requirements.txt` or `pip install .` of an unknown
/// project: between 1 and 30 packages of the sampled wheels' sizes — low
/// one package at the sample's first quartile, expected 5 at its median,
/// high 30 at its third quartile (the 25 sampled wheels, pypi.tsv).
pub fn python_project(what: &str) -> Estimate {
    let r = pypi::unknown_package_range();
    unknown(
        SizeRange::new(r.low, r.expected.saturating_mul(5), r.high.saturating_mul(30)),
        ContentKind::Python,
        what.to_string(),
        "an unknown requirement set: 1 package at the sample's first quartile to 30 at its third quartile, expected 5 at its median (pypi.tsv); dependencies of dependencies included only as far as the count allows",
    )
}

/// `npm ci` / `npm install` / `yarn` / `pnpm install` of an unknown
/// package.json: low 10 packages at the sample's first quartile, expected
/// 30 at its median, high 100 at its third quartile (npm.tsv). Sampled
/// packages are counted without dependencies, so the count stands for the
/// whole tree.
pub fn node_project(what: &str) -> Estimate {
    let r = npm::unknown_package_range();
    unknown(
        SizeRange::new(
            r.low.saturating_mul(10),
            r.expected.saturating_mul(30),
            r.high.saturating_mul(100),
        ),
        ContentKind::NodeModules,
        what.to_string(),
        "an unknown package.json: 10 packages at the sample's first quartile to 100 at its third quartile, expected 30 at its median (npm.tsv)",
    )
}

/// One gem (`gem install NAME`): 100 kB–20 MB, expected 2 MB.
pub fn gem(name: &str) -> Estimate {
    assumed(
        SizeRange::new(MB / 10, 2 * MB, 20 * MB),
        ContentKind::TextAndCaches,
        format!("gem: {name}"),
        "no gem sizes in ../shared/data; most gems are Ruby source, native ones are larger",
    )
}

/// A Go or Rust executable (`go build -o`, `go install`, `cargo install`):
/// 2–80 MB, expected 15 MB.
pub fn native_binary(what: &str) -> Estimate {
    assumed(
        SizeRange::new(2 * MB, 15 * MB, 80 * MB),
        ContentKind::StaticBinary,
        what.to_string(),
        "a statically linked service or CLI; no Go/Rust binary sizes in ../shared/data",
    )
}

/// The Go module and build caches, or Cargo's registry and target
/// directory, left in the layer: 20 MB–1 GB, expected 200 MB.
pub fn toolchain_cache(what: &str) -> Estimate {
    assumed(
        SizeRange::new(20 * MB, 200 * MB, 1000 * MB),
        ContentKind::TextAndCaches,
        what.to_string(),
        "module sources and compiled objects of the dependency tree",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_installs_follow_the_table_quartiles() {
        // pypi quartiles 954219 / 10789076 / 18295889 (pypi.rs tests):
        // 1 × q25, 5 × median, 30 × q75.
        assert_eq!(
            python_project("-r requirements.txt").uncompressed,
            SizeRange::new(954_219, 53_945_380, 548_876_670)
        );
        // npm quartiles 427138 / 2958806 / 18711101 (npm.rs tests).
        assert_eq!(
            node_project("npm ci").uncompressed,
            SizeRange::new(4_271_380, 88_764_180, 1_871_110_100)
        );
        assert_eq!(build_context().weakest(), Some(ProvenanceKind::Unknown));
    }
}
