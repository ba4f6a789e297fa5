//! Base images: parse a `FROM` reference, find its row in
//! `data/base_images.tsv` (compressed and uncompressed sizes of official
//! images, linux/amd64, from docker-library/repo-info records), or the
//! nearest row with a range widened by how far it is, or say "unknown".
//! Also tells the distro family and variant, and which smaller variants the
//! table has (for a later "switch to slim" fix).
//!
//! A guess is never presented as a fact: every answer carries a
//! `BaseImageMatch` and provenance saying how close the row is.

use serde::{Deserialize, Serialize};

use super::compression::{CompressionRatio, ContentKind};
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::range::SizeRange;
use super::tables::{self, decimal, insertion_sort_by, quantile};

const TABLE: &str = include_str!("data/base_images.tsv");
const TABLE_NAME: &str =
    "base_images.tsv (docker-library/repo-info, linux/amd64, collected 2026-11-22)";
const MIB: u64 = 1_048_576;

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageReference {
    /// `None` for Docker Hub.
    pub registry: Option<String>,
    /// Repository path without `library/`, e.g. `python`, `bitnami/redis`.
    pub name: String,
    /// `latest` when no tag was written.
    pub tag: String,
    pub digest: Option<String>,
}

impl ImageReference {
    /// `name:tag` as written in the table (registry kept for non-Hub).
    pub fn display_name(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{registry}/{}:{}", self.name, self.tag),
            None => format!("{}:{}", self.name, self.tag),
        }
    }

    fn table_image(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{registry}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Why a reference could not be looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferenceProblem {
    Empty,
    /// Contains `$VAR`: resolve the ARG default first.
    Variable(String),
}

/// Parses the operand of `FROM`: flags such as `--platform=…` and a trailing
/// `AS name` are ignored; Docker Hub's registry names, the mirrors of its
/// official images and `library/` are dropped; a digest is kept apart.
pub fn parse_reference(text: &str) -> Result<ImageReference, ReferenceProblem> {
    let word = text
        .split_whitespace()
        .find(|w| !w.starts_with("--"))
        .ok_or(ReferenceProblem::Empty)?;
    if word.contains('$') {
        return Err(ReferenceProblem::Variable(word.to_string()));
    }
    let (without_digest, digest) = match word.split_once('@') {
        Some((name, digest)) => (name, Some(digest.to_string())),
        None => (word, None),
    };
    // The tag is after the last `:` unless that `:` is a registry port.
    let (path, tag) = match without_digest.rsplit_once(':') {
        Some((path, tag)) if !tag.contains('/') => (path, tag.to_string()),
        _ => (without_digest, String::from("latest")),
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    let mut registry = None;
    if parts.len() > 1 {
        let first = parts.first().copied().unwrap_or("");
        if first.contains('.') || first.contains(':') || first == "localhost" {
            registry = Some(first.to_ascii_lowercase());
            parts.remove(0);
        }
    }
    // Docker Hub under its other names, and the public mirrors that serve
    // its official images unchanged (same manifests, so the same sizes):
    // Google's mirror.gcr.io and AWS's public.ecr.aws/docker/library.
    if matches!(
        registry.as_deref(),
        Some(
            "docker.io"
                | "index.docker.io"
                | "registry-1.docker.io"
                | "registry.docker.com"
                | "mirror.gcr.io"
        )
    ) {
        registry = None;
    }
    if registry.as_deref() == Some("public.ecr.aws")
        && parts.len() > 2
        && parts[..2] == ["docker", "library"]
    {
        registry = None;
        parts.remove(0);
    }
    if registry.is_none() && parts.len() > 1 && parts.first() == Some(&"library") {
        parts.remove(0);
    }
    let name = parts.join("/").to_ascii_lowercase();
    if name.is_empty() {
        return Err(ReferenceProblem::Empty);
    }
    Ok(ImageReference {
        registry,
        name,
        tag: if tag.is_empty() { "latest".into() } else { tag },
        digest,
    })
}

/// Debian releases the table knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DebianRelease {
    Bookworm,
    Trixie,
    Other(String),
}

/// The OS an image is built on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DistroFamily {
    Debian(DebianRelease),
    Ubuntu(String),
    Alpine(String),
    Busybox,
    Distroless,
    Wolfi,
    OracleLinux,
    Scratch,
    Unknown,
}

impl DistroFamily {
    fn from_distro_column(distro: &str, image: &str) -> DistroFamily {
        let d = distro.to_ascii_lowercase();
        if image.contains("distroless") {
            DistroFamily::Distroless
        } else if image.starts_with("cgr.dev/") {
            DistroFamily::Wolfi
        } else if d.starts_with("busybox") {
            DistroFamily::Busybox
        } else if let Some(rest) = d.strip_prefix("alpine ") {
            DistroFamily::Alpine(rest.trim().to_string())
        } else if let Some(rest) = d.strip_prefix("ubuntu ") {
            DistroFamily::Ubuntu(rest.split_whitespace().next().unwrap_or("").to_string())
        } else if d.starts_with("debian") {
            DistroFamily::Debian(if d.contains("bookworm") {
                DebianRelease::Bookworm
            } else if d.contains("trixie") {
                DebianRelease::Trixie
            } else {
                DebianRelease::Other(d.clone())
            })
        } else if d.starts_with("oraclelinux") {
            DistroFamily::OracleLinux
        } else {
            DistroFamily::Unknown
        }
    }

    /// A family guessed from the words of a tag, for images not in the table.
    fn from_tag_words(parts: &TagParts, image: &str) -> DistroFamily {
        match (&parts.variant, parts.codename.as_deref()) {
            (Variant::Alpine, _) => DistroFamily::Alpine(String::new()),
            (_, Some("bookworm")) => DistroFamily::Debian(DebianRelease::Bookworm),
            (_, Some("trixie")) => DistroFamily::Debian(DebianRelease::Trixie),
            (_, Some(other @ ("bullseye" | "buster"))) => {
                DistroFamily::Debian(DebianRelease::Other(other.to_string()))
            }
            (_, Some(other @ ("jammy" | "noble" | "focal"))) => {
                DistroFamily::Ubuntu(other.to_string())
            }
            _ if image.contains("distroless") => DistroFamily::Distroless,
            _ => DistroFamily::Unknown,
        }
    }
}

/// Which flavour of an image a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// The default tag (for language images: on buildpack-deps).
    Full,
    Slim,
    Alpine,
    Distroless,
    Scratch,
}

/// How the figure was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BaseImageMatch {
    /// The table has this exact image and tag.
    Exact,
    /// Another row of the same image and variant; the range is widened.
    Nearest { reason: String },
    /// Only a published (not measured) figure exists.
    Published,
    /// `scratch`: empty.
    Scratch,
    /// Not in the table (or not parseable): a deliberately wide range.
    Unknown { reason: String },
}

/// A smaller variant of the same image in the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallerVariant {
    pub reference: String,
    pub variant: Variant,
    pub compressed_bytes: u64,
    pub record_date: String,
}

/// Everything known about a base image's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseImageEstimate {
    pub reference: Option<ImageReference>,
    pub matched: BaseImageMatch,
    /// The table row used, as `image:tag`.
    pub row: Option<String>,
    pub record_date: Option<String>,
    /// The row's `base_distro` column, e.g. `debian 13 trixie-slim`.
    pub built_on: Option<String>,
    /// The row's note (runtime version, caveats).
    pub note: Option<String>,
    pub family: DistroFamily,
    pub variant: Variant,
    pub estimate: Estimate,
    /// Smaller variants of the same image and version in the table, slim
    /// before alpine.
    pub smaller_variants: Vec<SmallerVariant>,
}

/// One row of the generated table.
#[derive(Debug, Clone)]
struct Row {
    image: String,
    tag: String,
    distro: String,
    compressed: Option<u64>,
    uncompressed: Option<u64>,
    basis: String,
    published: Option<(u64, u64)>,
    record_date: String,
    note: String,
}

fn rows() -> Vec<Row> {
    tables::rows(TABLE)
        .map(|r| Row {
            image: tables::cell(&r, 0).to_string(),
            tag: tables::cell(&r, 1).to_string(),
            distro: tables::cell(&r, 2).to_string(),
            compressed: tables::number(&r, 3),
            uncompressed: tables::number(&r, 4),
            basis: tables::cell(&r, 5).to_string(),
            published: tables::number(&r, 6).zip(tables::number(&r, 7)),
            record_date: tables::cell(&r, 8).to_string(),
            note: tables::cell(&r, 10).to_string(),
        })
        .collect()
}

/// The words of a tag that matter for matching rows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TagParts {
    /// Numeric version components (`3.12.4` → [3, 12, 4]); `None` for
    /// `latest`, `lts`, `slim`, …: "the current version".
    version: Option<Vec<u32>>,
    variant: Variant,
    codename: Option<String>,
    /// Flavour words that must match (`jre`, `jdk`, `fpm`, `cli`, …).
    flavour: Vec<String>,
}

const CODENAMES: &[&str] = &[
    "bookworm", "trixie", "bullseye", "buster", "jammy", "noble", "focal",
];
const CURRENT: &[&str] = &["latest", "lts", "current", "stable", "mainline"];

fn tag_parts(image: &str, tag: &str) -> TagParts {
    let mut parts = TagParts {
        version: None,
        variant: Variant::Full,
        codename: None,
        flavour: Vec::new(),
    };
    for word in tag.to_ascii_lowercase().split('-') {
        if word.starts_with(|c: char| c.is_ascii_digit()) && parts.version.is_none() {
            let numbers: Vec<u32> = word
                .split(['.', '_', '+'])
                .map_while(|n| n.parse().ok())
                .collect();
            if !numbers.is_empty() {
                parts.version = Some(numbers);
                continue;
            }
        }
        if word == "slim" {
            parts.variant = Variant::Slim;
        } else if word.starts_with("alpine") {
            parts.variant = Variant::Alpine;
        } else if CODENAMES.contains(&word) {
            parts.codename = Some(word.to_string());
        } else if CURRENT.contains(&word)
            || word.is_empty()
            || word.starts_with(|c: char| c.is_ascii_digit())
        {
            // dates like bookworm-20260801-slim, or "latest"
        } else {
            parts.flavour.push(word.to_string());
        }
    }
    // OS images are tagged by release: map numbers to codenames so
    // `debian:12-slim` meets `debian:bookworm-slim`.
    match image {
        "debian" => {
            let release = match parts.version.as_ref().and_then(|v| v.first()) {
                Some(12) => Some("bookworm"),
                Some(13) => Some("trixie"),
                Some(11) => Some("bullseye"),
                _ => None,
            };
            if let Some(release) = release {
                parts.codename = Some(release.to_string());
            }
            if parts.codename.is_none() {
                // debian:latest, debian:stable, debian:stable-slim → trixie (README).
                parts.codename = Some("trixie".to_string());
            }
            parts.version = None;
        }
        "ubuntu" => {
            let version = match parts.codename.as_deref() {
                Some("jammy") => Some(vec![22, 4]),
                Some("noble") => Some(vec![24, 4]),
                Some("focal") => Some(vec![20, 4]),
                _ => parts.version.clone(),
            };
            // ubuntu:latest follows the newest LTS, 26.04 by the record date.
            parts.version = version.or(Some(vec![26, 4]));
            parts.codename = None;
        }
        _ => {}
    }
    parts
}

/// The codename a row's image is built on, from its distro column.
fn row_codename(row: &Row) -> Option<String> {
    let d = row.distro.to_ascii_lowercase();
    CODENAMES
        .iter()
        .find(|c| d.contains(*c))
        .map(|c| c.to_string())
}

/// How far a row is from the requested tag: `None` if it cannot stand in
/// (other variant or flavour), else the relative widening and the reasons.
fn distance(wanted: &TagParts, row: &Row) -> Option<(f64, Vec<String>)> {
    let have = tag_parts(&row.image, &row.tag);
    if have.variant != wanted.variant || have.flavour != wanted.flavour {
        return None;
    }
    let mut widen = 0.0;
    let mut reasons = Vec::new();
    // Only when a version was asked for: the row's full version from its
    // note ("python 3.12.13", "go 1.27.1", "alpine 3.24.2") refines or
    // replaces the tag's.
    let have_version = if wanted.version.is_some() {
        row_version(row, have.version.as_deref())
    } else {
        have.version.clone()
    };
    match (&wanted.version, &have_version) {
        (Some(w), Some(h)) => {
            let shared = w.iter().zip(h).take_while(|(a, b)| a == b).count();
            if shared == w.len() {
                // What was asked is a prefix of the row's version
                // (22 → 22.23.2, 3.12 → 3.12.13): the same image line.
            } else if shared >= 2 {
                widen += 0.05;
                reasons.push(format!(
                    "version {} stands in for {} (patch level: ±5%)",
                    join(h),
                    join(w)
                ));
            } else if shared == 1 {
                widen += 0.15;
                reasons.push(format!(
                    "version {} stands in for {} (±15%)",
                    join(h),
                    join(w)
                ));
            } else {
                let gap = w
                    .first()
                    .copied()
                    .unwrap_or(0)
                    .abs_diff(h.first().copied().unwrap_or(0));
                widen += 0.30 + 0.001 * f64::from(gap.min(100));
                reasons.push(format!(
                    "major version {} stands in for {} (±30%)",
                    join(h),
                    join(w)
                ));
            }
        }
        (Some(w), None) => {
            widen += 0.25;
            reasons.push(format!(
                "the row is the image's current version ({}), asked for {} (±25%)",
                row.note.split(';').next().unwrap_or("").trim(),
                join(w)
            ));
        }
        (None, Some(h)) => {
            widen += 0.25;
            reasons.push(format!(
                "untagged version compared with the row for {} (±25%)",
                join(h)
            ));
        }
        (None, None) => {}
    }
    if let (Some(w), Some(h)) = (&wanted.codename, &row_codename(row)) {
        if w != h {
            widen += 0.10;
            reasons.push(format!("built on {h} in the table, {w} asked (±10%)"));
        }
    }
    Some((widen, reasons))
}

/// The row's version: the tag's, made precise (or supplied, for tags like
/// `latest`) by the first dotted number in the note or distro column when
/// that number starts with the tag's version.
fn row_version(row: &Row, from_tag: Option<&[u32]>) -> Option<Vec<u32>> {
    let text = format!(
        "{} {}",
        row.note.split(';').next().unwrap_or(""),
        row.distro
    );
    let from_text: Option<Vec<u32>> = text
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()) && w.contains('.'))
        .map(|w| w.split('.').map_while(|n| n.parse().ok()).collect());
    match (from_tag, from_text) {
        (Some(tag), Some(full)) if full.starts_with(tag) => Some(full),
        (Some(tag), _) => Some(tag.to_vec()),
        (None, full) => full.filter(|v| !v.is_empty()),
    }
}

fn join(version: &[u32]) -> String {
    version
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// The uncompressed figure of a row and how sure it is.
fn uncompressed_of(row: &Row, compressed: SizeRange) -> (SizeRange, String, Option<Provenance>) {
    match (row.uncompressed, row.basis.as_str()) {
        (Some(bytes), "same-build") if bytes >= 1024 * MIB => (
            SizeRange::exact(bytes).widen_by(5 * MIB),
            "uncompressed from the same build, printed in GB: ±5 MiB".into(),
            None,
        ),
        (Some(bytes), "same-build") => (
            SizeRange::exact(bytes),
            "uncompressed from the same build (docker image inspect)".into(),
            None,
        ),
        (Some(bytes), "same-version") => (
            SizeRange::exact(bytes).widen(0.01),
            "uncompressed from a record of the same version and date (±1%)".into(),
            None,
        ),
        (Some(bytes), _) => (
            SizeRange::exact(bytes).widen(0.05),
            "uncompressed from another build or version of this tag (±5%)".into(),
            None,
        ),
        (None, _) => {
            let ratio = image_ratio(row);
            (
                ratio.decompress(compressed),
                "uncompressed not recorded: compressed × ratio".into(),
                Some(ratio.provenance()),
            )
        }
    }
}

/// Compression ratio of a whole image without an uncompressed record.
fn image_ratio(row: &Row) -> CompressionRatio {
    let family = DistroFamily::from_distro_column(&row.distro, &row.image);
    if matches!(row.image.as_str(), "alpine" | "busybox") {
        ContentKind::AlpineRootfs.ratio()
    } else if row.image == "ruby" {
        CompressionRatio {
            low: 2.0,
            expected: 2.25,
            high: 2.5,
            source: "ruby:slim measured 2.25, \"an outlier\" (../shared/data/README.md), ±10%"
                .into(),
        }
    } else if matches!(family, DistroFamily::Alpine(_)) {
        CompressionRatio {
            low: 2.55,
            expected: 2.88,
            high: 3.2,
            source: "alpine-based runtime images measured 2.84–2.92 (python:3.12-alpine, node:22-alpine, php:fpm-alpine; ../shared/data/README.md), ±10%".into(),
        }
    } else {
        ContentKind::DebianPackages.ratio()
    }
}

fn row_estimate(row: &Row, subject: &str, widen: f64, reasons: &[String]) -> Estimate {
    if let Some((low, high)) = row.published {
        let uncompressed = SizeRange::new(low, (low + high) / 2, high);
        return Estimate::from_uncompressed(
            uncompressed,
            ContentKind::DebianPackages,
            Provenance::new(
                ProvenanceKind::RuleOfThumb,
                subject,
                format!("{TABLE_NAME}: {}", row.note),
                "a published approximate size, not a measurement; compressed size derived by ratio",
            ),
        );
    }
    let compressed = SizeRange::exact(row.compressed.unwrap_or(0));
    let (uncompressed, how, ratio) = uncompressed_of(row, compressed);
    let kind = if reasons.is_empty() {
        ProvenanceKind::Table
    } else {
        ProvenanceKind::NearestTableRow
    };
    let mut uncertainty = format!("compressed: registry layer sum, exact for that build; {how}");
    if !reasons.is_empty() {
        uncertainty = format!(
            "nearest row {}:{}: {}; {uncertainty}",
            row.image,
            row.tag,
            reasons.join("; ")
        );
    }
    if row.note.contains("STALE") {
        uncertainty.push_str("; STALE record");
    }
    let mut provenance = vec![Provenance::new(
        kind,
        subject,
        format!(
            "{TABLE_NAME}: {}:{}, record {}",
            row.image, row.tag, row.record_date
        ),
        uncertainty,
    )];
    provenance.extend(ratio);
    Estimate {
        uncompressed: uncompressed.widen(widen),
        compressed: compressed.widen(widen),
        provenance,
    }
}

fn variant_of(reference: &ImageReference, parts: &TagParts) -> Variant {
    if reference.name == "scratch" {
        Variant::Scratch
    } else if reference.name.contains("distroless")
        || reference.table_image().starts_with("cgr.dev/")
    {
        Variant::Distroless
    } else {
        parts.variant
    }
}

/// Smaller variants of the same image, version and flavour in the table.
fn smaller_variants(row: &Row, all: &[Row]) -> Vec<SmallerVariant> {
    let here = tag_parts(&row.image, &row.tag);
    let Some(size) = row.compressed else {
        return Vec::new();
    };
    let mut out: Vec<SmallerVariant> = all
        .iter()
        .filter(|r| r.image == row.image && r.tag != row.tag)
        .filter_map(|r| {
            let there = tag_parts(&r.image, &r.tag);
            let smaller = r.compressed.filter(|c| *c < size)?;
            let same_line = there.version == here.version
                && there.flavour == here.flavour
                && (row.image != "debian" || there.codename == here.codename)
                && there.variant > here.variant;
            same_line.then(|| SmallerVariant {
                reference: format!("{}:{}", r.image, r.tag),
                variant: there.variant,
                compressed_bytes: smaller,
                record_date: r.record_date.clone(),
            })
        })
        .collect();
    insertion_sort_by(&mut out, |a, b| {
        (a.variant, std::cmp::Reverse(a.compressed_bytes))
            < (b.variant, std::cmp::Reverse(b.compressed_bytes))
    });
    out
}

/// Unknown image: the spread of the whole table (compressed), expected at
/// its median, uncompressed by the Debian ratio.
fn unknown_estimate(subject: &str, reason: &str) -> Estimate {
    let sizes: Vec<f64> = rows()
        .iter()
        .filter_map(|r| r.compressed)
        .map(|b| b as f64)
        .collect();
    let min = sizes.iter().copied().fold(f64::INFINITY, f64::min);
    let max = sizes.iter().copied().fold(0.0, f64::max);
    let median = quantile(&sizes, 0.5).unwrap_or(0.0);
    let compressed = SizeRange::new(min.max(0.0) as u64, median as u64, max as u64);
    let ratio = ContentKind::DebianPackages.ratio();
    Estimate {
        uncompressed: ratio.decompress(compressed),
        compressed,
        provenance: vec![
            Provenance::new(
                ProvenanceKind::Unknown,
                subject,
                TABLE_NAME,
                format!(
                    "{reason}: range spans every image in the table ({}–{} MB compressed), expected at their median ({} MB); not a measurement of this image",
                    decimal(min / 1e6, 1),
                    decimal(max / 1e6, 0),
                    decimal(median / 1e6, 0)
                ),
            ),
            ratio.provenance(),
        ],
    }
}

/// Looks up a `FROM` reference.
pub fn base_image(reference: &str) -> BaseImageEstimate {
    let parsed = match parse_reference(reference) {
        Ok(parsed) => parsed,
        Err(problem) => {
            let reason = match &problem {
                ReferenceProblem::Empty => "empty image reference".to_string(),
                ReferenceProblem::Variable(word) => {
                    format!("{word} depends on a build argument: resolve its default first")
                }
            };
            return BaseImageEstimate {
                reference: None,
                matched: BaseImageMatch::Unknown {
                    reason: reason.clone(),
                },
                row: None,
                record_date: None,
                built_on: None,
                note: None,
                family: DistroFamily::Unknown,
                variant: Variant::Full,
                estimate: unknown_estimate(reference.trim(), &reason),
                smaller_variants: Vec::new(),
            };
        }
    };
    let subject = parsed.display_name();
    let parts = tag_parts(&parsed.name, &parsed.tag);
    let variant = variant_of(&parsed, &parts);
    if parsed.name == "scratch" && parsed.registry.is_none() {
        return BaseImageEstimate {
            reference: Some(parsed),
            matched: BaseImageMatch::Scratch,
            row: None,
            record_date: None,
            built_on: None,
            note: None,
            family: DistroFamily::Scratch,
            variant: Variant::Scratch,
            estimate: Estimate {
                uncompressed: SizeRange::ZERO,
                compressed: SizeRange::ZERO,
                provenance: vec![Provenance::new(
                    ProvenanceKind::Table,
                    "scratch",
                    "Docker: scratch is the empty image",
                    "exact: no layers",
                )],
            },
            smaller_variants: Vec::new(),
        };
    }
    let all = rows();
    let mut image = parsed.table_image();
    // gcr.io/distroless/static-debian12 → the one published distroless row.
    if let Some(base) = image.strip_prefix("gcr.io/distroless/static-") {
        if base.starts_with("debian") {
            image = "gcr.io/distroless/static".to_string();
        }
    }
    let exact = all
        .iter()
        .find(|r| r.image == image && (r.tag == parsed.tag || r.published.is_some()));
    let nearest = exact.map(|r| (r, 0.0, Vec::new())).or_else(|| {
        all.iter()
            .filter(|r| r.image == image && r.published.is_none())
            .filter_map(|r| distance(&parts, r).map(|(w, reasons)| (r, w, reasons)))
            .min_by(|a, b| {
                a.1.total_cmp(&b.1).then_with(|| {
                    // Equal distance: prefer the newer version row.
                    let va = tag_parts(&b.0.image, &b.0.tag).version;
                    let vb = tag_parts(&a.0.image, &a.0.tag).version;
                    va.cmp(&vb)
                })
            })
    });
    let Some((row, widen, mut reasons)) = nearest else {
        let reason = if all.iter().any(|r| r.image == image) {
            format!("{image} is in the table, but not in this variant/flavour")
        } else {
            format!("{image} is not in the table")
        };
        return BaseImageEstimate {
            family: DistroFamily::from_tag_words(&parts, &image),
            reference: Some(parsed),
            matched: BaseImageMatch::Unknown {
                reason: reason.clone(),
            },
            row: None,
            record_date: None,
            built_on: None,
            note: None,
            variant,
            estimate: unknown_estimate(&subject, &reason),
            smaller_variants: Vec::new(),
        };
    };
    if parsed.digest.is_some() {
        reasons.push(
            "pinned by digest: the row is the tag's record, not necessarily that build".into(),
        );
    }
    let widen = widen.min(0.5);
    let matched = if row.published.is_some() {
        BaseImageMatch::Published
    } else if reasons.is_empty() {
        BaseImageMatch::Exact
    } else {
        BaseImageMatch::Nearest {
            reason: reasons.join("; "),
        }
    };
    BaseImageEstimate {
        estimate: row_estimate(row, &subject, widen, &reasons),
        family: DistroFamily::from_distro_column(&row.distro, &row.image),
        row: Some(format!("{}:{}", row.image, row.tag)),
        record_date: (!row.record_date.is_empty()).then(|| row.record_date.clone()),
        built_on: (!row.distro.is_empty()).then(|| row.distro.clone()),
        note: (!row.note.is_empty()).then(|| row.note.clone()),
        smaller_variants: smaller_variants(row, &all),
        reference: Some(parsed),
        matched,
        variant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_drop_registry_library_digest_and_flags() {
        let r = parse_reference(
            "--platform=$BUILDPLATFORM docker.io/library/python:3.12-slim@sha256:abc AS build",
        )
        .unwrap();
        assert_eq!(r.name, "python");
        assert_eq!(r.tag, "3.12-slim");
        assert_eq!(r.registry, None);
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        for mirrored in [
            "mirror.gcr.io/library/ubuntu:24.04",
            "public.ecr.aws/docker/library/ubuntu:24.04",
            "registry.docker.com/library/ubuntu:24.04",
        ] {
            let r = parse_reference(mirrored).unwrap();
            assert_eq!(
                (r.registry, r.name.as_str(), r.tag.as_str()),
                (None, "ubuntu", "24.04"),
                "{mirrored}"
            );
        }
        let r = parse_reference("public.ecr.aws/team/app:1").unwrap();
        assert_eq!(r.registry.as_deref(), Some("public.ecr.aws"));
        let r = parse_reference("localhost:5000/team/app").unwrap();
        assert_eq!(
            (r.registry.as_deref(), r.name.as_str(), r.tag.as_str()),
            (Some("localhost:5000"), "team/app", "latest")
        );
        assert_eq!(
            parse_reference("${BASE}:1"),
            Err(ReferenceProblem::Variable("${BASE}:1".into()))
        );
        assert_eq!(parse_reference("  "), Err(ReferenceProblem::Empty));
    }

    #[test]
    fn tag_words() {
        let p = tag_parts("python", "3.12.4-slim-bookworm");
        assert_eq!(p.version, Some(vec![3, 12, 4]));
        assert_eq!(p.variant, Variant::Slim);
        assert_eq!(p.codename.as_deref(), Some("bookworm"));
        assert_eq!(
            tag_parts("debian", "12-slim").codename.as_deref(),
            Some("bookworm")
        );
        assert_eq!(
            tag_parts("eclipse-temurin", "21-jre-alpine").flavour,
            ["jre"]
        );
    }
}
