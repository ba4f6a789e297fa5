//! The small tables: base images (compressed and uncompressed sizes merged
//! into one row per tag), Alpine apk installed sizes, PyPI wheels and npm
//! tarballs. Each is re-emitted with only the columns the estimator reads.

use std::collections::BTreeMap;

/// A parsed TSV file: header names and rows (missing cells read as "").
pub struct Tsv {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Tsv {
    pub fn parse(text: &str, what: &str) -> Result<Tsv, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header = lines.next().ok_or_else(|| format!("{what}: empty"))?;
        Ok(Tsv {
            columns: header.split('\t').map(str::to_string).collect(),
            rows: lines
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect(),
        })
    }

    fn column(&self, name: &str) -> Result<usize, String> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| format!("no column {name}"))
    }

    /// Rows as maps from column name to cell.
    pub fn records(&self) -> Vec<BTreeMap<&str, &str>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.as_str(), row.get(i).map_or("", String::as_str)))
                    .collect()
            })
            .collect()
    }

    pub fn require(&self, names: &[&str]) -> Result<(), String> {
        names.iter().try_for_each(|n| self.column(n).map(|_| ()))
    }
}

fn cell<'a>(record: &BTreeMap<&str, &'a str>, name: &str) -> &'a str {
    record.get(name).copied().unwrap_or("").trim()
}

/// How an uncompressed figure relates to the compressed row of the same tag,
/// as classified in ../shared/data/README.md ("How the rows line up with
/// base-images.tsv"). Tags not listed there are `other-build`.
const SAME_BUILD: &[&str] = &[
    "node:22-alpine",
    "node:22-slim",
    "python:3.12",
    "ruby:slim",
    "python:3.11-slim",
];
const SAME_VERSION: &[&str] = &[
    "alpine:latest",
    "python:3.12-alpine",
    "golang:alpine",
    "php:fpm-alpine",
    // README: busybox is listed with the same-build-or-version ratios (2.10).
    "busybox:latest",
];

/// Published (not measured) sizes from the rows whose size_kind is
/// `approx-published`, as uncompressed byte ranges read off their quotes:
/// distroless static "around 2 MiB" (distroless README) and "2.45 megabytes"
/// (Chainguard transcript); Chainguard static "around two or three" MB;
/// Chainguard postgres "13 MB" (2022, stale).
const PUBLISHED: &[(&str, &str, u64, u64, &str)] = &[
    (
        "gcr.io/distroless/static",
        "debian13",
        2_000_000,
        2_450_000,
        "published: 'around 2 MiB' (distroless README) and '2.45 megabytes' (Chainguard transcript)",
    ),
    (
        "cgr.dev/chainguard/static",
        "latest",
        2_000_000,
        3_000_000,
        "published: 'around two or three' MB (Chainguard transcript), undated",
    ),
    (
        "cgr.dev/chainguard/postgres",
        "latest",
        13_000_000,
        13_000_000,
        "published: '13 MB' (wolfi-dev discussion 68), STALE 2022",
    ),
];

const MIB: f64 = 1_048_576.0;

/// `base_images.tsv`: image, tag, distro, compressed_bytes,
/// uncompressed_bytes, uncompressed_basis, published_low, published_high,
/// record_date, layers, note.
pub fn base_images(compressed: &str, uncompressed: &str) -> Result<String, String> {
    let compressed = Tsv::parse(compressed, "base-images.tsv")?;
    compressed.require(&[
        "image",
        "tag",
        "compressed_bytes",
        "uncompressed_bytes",
        "base_distro",
        "record_date",
        "layers",
        "size_kind",
        "notes",
    ])?;
    let uncompressed = Tsv::parse(uncompressed, "base-images-uncompressed.tsv")?;
    uncompressed.require(&["image", "tag", "uncompressed_mib", "resolved_tag"])?;
    let mut local: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for r in uncompressed.records() {
        let mib: f64 = cell(&r, "uncompressed_mib")
            .parse()
            .map_err(|_| format!("bad uncompressed_mib for {}", cell(&r, "image")))?;
        let key = format!("{}:{}", cell(&r, "image"), cell(&r, "tag"));
        let bytes = (mib * MIB).round() as u64;
        local.insert(key, (bytes, cell(&r, "resolved_tag").to_string()));
    }
    let mut out = String::from(
        "image\ttag\tdistro\tcompressed_bytes\tuncompressed_bytes\tuncompressed_basis\tpublished_low\tpublished_high\trecord_date\tlayers\tnote\n",
    );
    let mut rows = Vec::new();
    for r in compressed.records() {
        let image = cell(&r, "image");
        let tag = cell(&r, "tag");
        if cell(&r, "size_kind").starts_with("approx-published") {
            continue;
        }
        let key = format!("{image}:{tag}");
        let mut note = cell(&r, "notes").to_string();
        let (unc, basis) = if let Some((bytes, resolved)) = local.get(&key) {
            note = format!("{note}; uncompressed from {resolved}");
            let basis = if SAME_BUILD.contains(&key.as_str()) {
                "same-build"
            } else if SAME_VERSION.contains(&key.as_str()) {
                "same-version"
            } else {
                "other-build"
            };
            (bytes.to_string(), basis)
        } else if !cell(&r, "uncompressed_bytes").is_empty() {
            let basis = if note.contains("APPROX") {
                "other-build"
            } else {
                "same-build"
            };
            (cell(&r, "uncompressed_bytes").to_string(), basis)
        } else {
            (String::new(), "none")
        };
        rows.push(format!(
            "{image}\t{tag}\t{}\t{}\t{unc}\t{basis}\t\t\t{}\t{}\t{}\n",
            cell(&r, "base_distro"),
            cell(&r, "compressed_bytes"),
            cell(&r, "record_date"),
            cell(&r, "layers"),
            note.replace('\t', " "),
        ));
    }
    for (image, tag, low, high, note) in PUBLISHED {
        rows.push(format!(
            "{image}\t{tag}\t\t\t\tpublished\t{low}\t{high}\t\t\t{note}\n"
        ));
    }
    rows.into_iter().for_each(|r| out.push_str(&r));
    Ok(out)
}

/// `alpine_apk.tsv`: package, installed_bytes, source_image. A package seen in
/// both source images keeps the larger figure (the estimate should not
/// under-count).
pub fn alpine(text: &str) -> Result<String, String> {
    let tsv = Tsv::parse(text, "alpine-apk-installed-sizes.tsv")?;
    tsv.require(&["package", "installed_bytes_approx", "source_image"])?;
    let mut best: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for r in tsv.records() {
        let bytes: u64 = cell(&r, "installed_bytes_approx")
            .parse()
            .map_err(|_| format!("bad apk size for {}", cell(&r, "package")))?;
        let image = cell(&r, "source_image");
        let image = image.split(' ').next().unwrap_or(image).to_string();
        let entry = best
            .entry(cell(&r, "package").to_string())
            .or_insert((bytes, image.clone()));
        if bytes > entry.0 {
            *entry = (bytes, image);
        }
    }
    let mut out = String::from("package\tinstalled_bytes\tsource_image\n");
    for (name, (bytes, image)) in best {
        out.push_str(&format!("{name}\t{bytes}\t{image}\n"));
    }
    Ok(out)
}

/// PyPI's name normalisation (PEP 503): lowercase, runs of `-_.` → `-`.
pub fn normalize_pypi(name: &str) -> String {
    let mut out = String::new();
    let mut last_dash = false;
    for c in name.chars() {
        if "-_.".contains(c) {
            if !last_dash {
                out.push('-');
            }
            last_dash = true;
        } else {
            out.extend(c.to_lowercase());
            last_dash = false;
        }
    }
    out
}

/// `pypi.tsv`: package (normalised), version, wheel_bytes, unpacked_bytes,
/// pure (1 when the wheel is `py3-none-any`: its .pyc files are compiled at
/// install time and add to the footprint).
pub fn pypi(text: &str) -> Result<String, String> {
    let tsv = Tsv::parse(text, "pypi-wheel-sizes.tsv")?;
    tsv.require(&[
        "package",
        "version",
        "wheel_file",
        "wheel_bytes",
        "unpacked_bytes",
    ])?;
    let mut out = String::from("package\tversion\twheel_bytes\tunpacked_bytes\tpure\n");
    let mut rows = BTreeMap::new();
    for r in tsv.records() {
        let pure = u8::from(cell(&r, "wheel_file").ends_with("-none-any.whl"));
        rows.insert(
            normalize_pypi(cell(&r, "package")),
            format!(
                "{}\t{}\t{}\t{pure}",
                cell(&r, "version"),
                cell(&r, "wheel_bytes"),
                cell(&r, "unpacked_bytes")
            ),
        );
    }
    for (name, rest) in rows {
        out.push_str(&format!("{name}\t{rest}\n"));
    }
    Ok(out)
}

/// `npm.tsv`: package, version, unpacked_bytes, tarball_bytes.
pub fn npm(text: &str) -> Result<String, String> {
    let tsv = Tsv::parse(text, "npm-package-sizes.tsv")?;
    tsv.require(&["package", "version", "unpacked_bytes", "tarball_bytes"])?;
    let mut out = String::from("package\tversion\tunpacked_bytes\ttarball_bytes\n");
    let mut rows = BTreeMap::new();
    for r in tsv.records() {
        rows.insert(
            cell(&r, "package").to_string(),
            format!(
                "{}\t{}\t{}",
                cell(&r, "version"),
                cell(&r, "unpacked_bytes"),
                cell(&r, "tarball_bytes")
            ),
        );
    }
    for (name, rest) in rows {
        out.push_str(&format!("{name}\t{rest}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pypi_names_normalise_like_pep_503() {
        assert_eq!(normalize_pypi("Pydantic_Core"), "pydantic-core");
        assert_eq!(normalize_pypi("zope.interface"), "zope-interface");
        assert_eq!(normalize_pypi("a__-b"), "a-b");
    }
}
