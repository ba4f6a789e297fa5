//! PyPI packages: wheel and unpacked sizes of 25 sampled wheels
//! (`data/pypi.tsv`, from ../shared/data/pypi-wheel-sizes.tsv), the
//! unknown-package rule computed from that sample, and the pip cache.
//!
//! Dependencies are not in the table: `pip install fastapi` also installs
//! starlette and pydantic, which this module counts only if they are named.

use super::compression::ContentKind;
use super::package_set::{leading_name, PackageSetEstimate, PackageSize};
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables::{self, megabytes, quantile};

const TABLE: &str = include_str!("data/pypi.tsv");
const TABLE_NAME: &str =
    "pypi.tsv (from ../shared/data/pypi-wheel-sizes.tsv, collected 2026-11-22)";

/// One sampled wheel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wheel {
    pub name: String,
    pub version: String,
    pub wheel_bytes: u64,
    pub unpacked_bytes: u64,
    /// A `py3-none-any` wheel: only Python source, compiled to .pyc at
    /// install time.
    pub pure: bool,
}

/// All sampled wheels.
pub fn wheels() -> Vec<Wheel> {
    tables::rows(TABLE)
        .filter_map(|row| {
            Some(Wheel {
                name: tables::cell(&row, 0).to_string(),
                version: tables::cell(&row, 1).to_string(),
                wheel_bytes: tables::number(&row, 2)?,
                unpacked_bytes: tables::number(&row, 3)?,
                pure: tables::cell(&row, 4) == "1",
            })
        })
        .collect()
}

/// PEP 503 normalisation: lowercase, runs of `-_.` become `-`.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::new();
    let mut last_dash = false;
    for c in name.chars() {
        if "-_.".contains(c) {
            if !last_dash {
                out.push('-');
            }
            last_dash = true;
        } else {
            out.push(c.to_ascii_lowercase());
            last_dash = false;
        }
    }
    out
}

pub fn lookup(name: &str) -> Option<Wheel> {
    let wanted = normalize_name(name);
    wheels().into_iter().find(|w| w.name == wanted)
}

/// unpacked ÷ wheel bytes per sampled wheel (`pure_only`: the py3-none-any
/// ones), for the compression module.
pub(crate) fn archive_ratios(pure_only: bool) -> Vec<f64> {
    wheels()
        .iter()
        .filter(|w| w.pure || !pure_only)
        .filter(|w| w.wheel_bytes > 0)
        .map(|w| w.unpacked_bytes as f64 / w.wheel_bytes as f64)
        .collect()
}

fn sample_range(values: &[f64]) -> SizeRange {
    let q = |p| quantile(values, p).map_or(0, |v| v.round() as u64);
    SizeRange::new(q(0.25), q(0.5), q(0.75))
}

/// Unknown package: the interquartile range and median of the unpacked
/// sizes of the 25 sampled wheels.
pub fn unknown_package_range() -> SizeRange {
    let sizes: Vec<f64> = wheels().iter().map(|w| w.unpacked_bytes as f64).collect();
    sample_range(&sizes)
}

fn unknown_wheel_download_range() -> SizeRange {
    let sizes: Vec<f64> = wheels().iter().map(|w| w.wheel_bytes as f64).collect();
    sample_range(&sizes)
}

/// Installed footprint of a sampled wheel: README: ".pyc files compiled at
/// install time are not counted and add roughly 20–40% for pure-python
/// packages". For binary wheels the Python files are a minority, so the
/// same 40% is only the upper bound (an assumption).
fn installed(wheel: &Wheel) -> SizeRange {
    if wheel.pure {
        SizeRange::exact(wheel.unpacked_bytes).scale(1.2, 1.3, 1.4)
    } else {
        SizeRange::exact(wheel.unpacked_bytes).scale(1.0, 1.1, 1.4)
    }
}

/// What `pip install ARGS…` adds to site-packages. Arguments are
/// requirement specifiers (`name`, `name==1.0`, `name[extra]>=2`); flags
/// are skipped except `-r`/`-c`/`-e` whose operand is an unknown set of
/// packages, listed in `unknown` like `$VARS`, paths and URLs.
pub fn pip_install(arguments: &[&str]) -> PackageSetEstimate {
    let mut result = PackageSetEstimate::default();
    let mut operand_of_flag = false;
    let mut seen = Vec::new();
    for argument in arguments {
        if operand_of_flag {
            result.unknown.push(format!("-r {argument}"));
            operand_of_flag = false;
            continue;
        }
        if matches!(
            *argument,
            "-r" | "--requirement" | "-c" | "--constraint" | "-e" | "--editable"
        ) {
            operand_of_flag = true;
            continue;
        }
        if argument.starts_with('-') {
            continue;
        }
        let Some(name) = leading_name(argument, "") else {
            result.unknown.push(argument.to_string());
            continue;
        };
        let key = normalize_name(&name);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        match lookup(&name) {
            Some(wheel) => result.packages.push(PackageSize {
                name: wheel.name.clone(),
                size: installed(&wheel),
                known: true,
            }),
            None => result.unknown.push(argument.to_string()),
        }
    }
    let known: SizeRange = result.packages.iter().map(|p| p.size).sum();
    let unknown = unknown_package_range().times(result.unknown.len() as f64);
    let mut estimate = Estimate::from_uncompressed(
        known,
        ContentKind::Python,
        Provenance::new(
            ProvenanceKind::Table,
            format!("pip: {} sampled package(s)", result.packages.len()),
            TABLE_NAME,
            "unpacked wheel size × 1.2–1.4 (pure-python, .pyc added at install, README) or × 1.0–1.4 (binary wheels, assumption); dependencies not included",
        ),
    );
    if !result.unknown.is_empty() {
        estimate = estimate
            + Estimate::from_uncompressed(
                unknown,
                ContentKind::Python,
                unknown_provenance(&result.unknown),
            );
    }
    result.estimate = estimate;
    result
}

fn unknown_provenance(unknown: &[String]) -> Provenance {
    let r = unknown_package_range();
    Provenance::new(
        ProvenanceKind::RuleOfThumb,
        format!("pip: {} package(s) not in the table: {}", unknown.len(), unknown.join(" ")),
        TABLE_NAME,
        format!(
            "unknown PyPI package: {}–{} MB, expected {} MB each (interquartile range and median of the 25 sampled wheels, unpacked); the sample is popular packages and leans to large native ones; a requirements file counts as one package",
            megabytes(r.low, 1),
            megabytes(r.high, 1),
            megabytes(r.expected, 1)
        ),
    )
}

/// The pip cache left in `~/.cache/pip` when `--no-cache-dir` is missing:
/// about the downloaded wheels (the research file §6: "scales with wheel
/// sizes"). Already-compressed content.
pub fn pip_cache(arguments: &[&str]) -> Estimate {
    let install = pip_install(arguments);
    let known: SizeRange = install
        .packages
        .iter()
        .filter_map(|p| lookup(&p.name))
        .map(|w| SizeRange::exact(w.wheel_bytes))
        .sum();
    let unknown = unknown_wheel_download_range().times(install.unknown.len() as f64);
    Estimate::from_uncompressed(
        (known + unknown).scale(0.95, 1.0, 1.1),
        ContentKind::AlreadyCompressed,
        Provenance::new(
            ProvenanceKind::RuleOfThumb,
            "pip cache",
            format!("{TABLE_NAME}; ../shared/docs/research/linters-and-size-tools.md §6 (pip --no-cache-dir)"),
            "≈ the downloaded wheel bytes (−5%/+10% for cache metadata); unknown packages at the sample's interquartile wheel size",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_package_is_the_sample_quartiles() {
        // pypi-wheel-sizes.tsv unpacked_bytes sorted (25 values):
        // 234397 275681 294179 336399 344768 944707 954219 991217 1734753
        // 1987038 2599760 5401583 10789076 11729439 11754542 15001486
        // 16576009 18233192 18295889 20409333 21111421 23788243 43435761
        // 52770964 111939552
        // q25 → rank 6 (0-based) = 954219; median → rank 12 = 10789076;
        // q75 → rank 18 = 18295889.
        assert_eq!(
            unknown_package_range(),
            SizeRange::new(954_219, 10_789_076, 18_295_889)
        );
    }

    #[test]
    fn known_pure_wheel_adds_pyc_share() {
        // requests: unpacked 234397 (py3-none-any) → ×1.2 / ×1.3 / ×1.4.
        let r = pip_install(&["requests==2.34.2"]);
        assert!(r.unknown.is_empty());
        assert_eq!(r.total(), SizeRange::new(281_276, 304_716, 328_156));
    }

    #[test]
    fn names_normalise_and_repeat_once_and_files_are_unknown() {
        // pydantic_core == pydantic-core: binary, unpacked 5401583 → ×1.0/1.1/1.4.
        let r = pip_install(&[
            "-U",
            "Pydantic_Core[extra]>=2",
            "pydantic-core",
            "-r",
            "requirements.txt",
            "$EXTRA",
        ]);
        assert_eq!(r.packages.len(), 1);
        assert_eq!(
            r.packages[0].size,
            SizeRange::new(5_401_583, 5_941_741, 7_562_216)
        );
        assert_eq!(r.unknown, ["-r requirements.txt", "$EXTRA"]);
    }

    #[test]
    fn cache_is_the_wheel_download() {
        // numpy wheel_bytes 15720599 → ×0.95 / ×1.0 / ×1.1.
        let c = pip_cache(&["numpy"]);
        assert_eq!(c.uncompressed.expected, 15_720_599);
        assert_eq!(c.uncompressed.low, 14_934_569);
    }
}
