//! The Dockerfile-level estimate: [`estimate_dockerfile`] walks every stage
//! layer by layer (see `layers.rs` for how each instruction is read) and
//! returns an [`ImageEstimate`]: per layer its size (uncompressed and
//! compressed, with provenance), what in it is wasted, and what is unknown;
//! per stage its total; and the image, which is the shipped stage (only
//! what ships counts).
//!
//! Like dive, a file deleted in a later layer still costs the layer that
//! wrote it: it is reported as wasted there, and the deleting layer adds
//! nothing. Caches a layer leaves behind (apt lists, pip/npm/yarn/apk
//! caches, archives already extracted) are wasted bytes of their own layer.
//!
//! ## Limits (weakest first)
//! - The build context and build outputs (`COPY . .`, `npm run build`,
//!   `make`) have no data: wide assumed ranges, listed in `unknowns`. Give
//!   [`EstimateOptions::context_bytes`] when it is known.
//! - Whole-project installs (`pip install -r`, `npm ci`) are counts of
//!   packages at the tables' quartiles, not the project's real tree; named
//!   pip/npm/apk packages are counted without their dependencies (the
//!   tables have none).
//! - The apt data is Debian bookworm: trixie-based and Ubuntu images get
//!   bookworm's Installed-Size and dependency closure.
//! - Removals are only read from `rm`, package-manager cleans and
//!   `purge`/`apk del` of what the same RUN installed; a delete of part of
//!   an install (`rm -rf /usr/share/doc`) is not subtracted.
//! - Go/Rust binaries, gems and toolchain caches are round-number
//!   assumptions (estimate/assumptions.rs).

use serde::{Deserialize, Serialize};

use super::apt::AptUniverse;
use super::compression::ContentKind;
use super::provenance::Estimate;
use super::range::SizeRange;
use crate::engine::Options;
use crate::report::Span;

/// What an estimate is given besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct EstimateOptions<'a> {
    /// The analysis options: the configuration's `[build] target` chooses
    /// the shipped stage; the same options drive the fixes whose savings
    /// are estimated.
    pub analysis: Options<'a>,
    /// Size in bytes of the build context (after .dockerignore), when the
    /// caller knows it; without it `COPY . .` is an unknown range.
    pub context_bytes: Option<u64>,
    /// The Debian package table to resolve apt installs with; `None` is
    /// the one compiled in ([`AptUniverse::embedded`]: the full table with
    /// the `full-data` feature, as the CLI has it, else the subset). The
    /// web page passes the full table once it has fetched it.
    pub apt: Option<&'a AptUniverse>,
}

impl EstimateOptions<'_> {
    /// The Debian package table these options resolve apt installs with.
    pub fn apt_universe(&self) -> &AptUniverse {
        self.apt.unwrap_or_else(|| AptUniverse::embedded())
    }
}

/// What produced a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayerKind {
    /// `FROM image`: the base image's layers, as one.
    BaseImage,
    /// `FROM stage`: everything the earlier stage holds.
    StageBase,
    Run,
    /// `COPY` from the build context (or a heredoc).
    Copy,
    /// `COPY --from=stage|image`.
    CopyFrom,
    Add,
    /// ENV, LABEL, CMD, USER, EXPOSE, WORKDIR …: image configuration,
    /// no file-system bytes.
    Metadata,
}

/// Why bytes of a layer are wasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WasteKind {
    /// A package-manager cache or index left in the layer (apt lists,
    /// pip/npm/yarn/apk caches, Go/Cargo caches).
    CacheLeftBehind,
    /// A downloaded archive left after it was extracted or installed.
    ArchiveLeftBehind,
    /// Deleted by a later layer: still shipped in this one.
    DeletedInLaterLayer,
    /// Rewritten by a later layer (`chown -R`, `chmod -R`): shipped twice.
    RewrittenInLaterLayer,
    /// Moved by a later layer (`mv`): the new layer has a copy.
    MovedInLaterLayer,
}

/// Wasted bytes of a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waste {
    pub kind: WasteKind,
    /// What it is (`apt lists`, `/root/.cache/pip`, `/app`).
    pub what: String,
    pub size: SizeRange,
    /// The instruction that deleted or rewrote it, for the later-layer
    /// kinds.
    pub by: Option<Span>,
}

/// One component of a layer (the packages an apt install adds, the cache
/// it leaves, a copied path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerPart {
    pub label: String,
    pub content: ContentKind,
    /// The path it is written to, when known (`/var/lib/apt/lists`).
    pub path: Option<String>,
    pub estimate: Estimate,
    /// Nothing in ../shared/data sizes it: its range is an assumption
    /// reported as unknown.
    pub unknown: bool,
}

/// One layer (or zero-size configuration step) of a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerEstimate {
    pub stage: usize,
    /// Index in the model's instructions.
    pub instruction_index: usize,
    /// The instruction's span.
    pub span: Span,
    /// The keyword in upper case (`RUN`, `COPY`, `FROM`).
    pub instruction: String,
    pub kind: LayerKind,
    /// A one-line description (`apt-get install: 37 packages`).
    pub label: String,
    /// The layer's size: the sum of its parts.
    pub size: Estimate,
    pub parts: Vec<LayerPart>,
    /// Short provenance notes (`debian:bookworm-slim, 2026-08-12 record`,
    /// `Installed-Size of 37 packages, Debian 12 (bookworm)`).
    pub notes: Vec<String>,
    pub wasted: Vec<Waste>,
}

impl LayerEstimate {
    pub fn wasted_total(&self) -> SizeRange {
        self.wasted.iter().map(|w| w.size).sum()
    }

    pub fn unknown_parts(&self) -> impl Iterator<Item = &LayerPart> {
        self.parts.iter().filter(|p| p.unknown)
    }
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEstimate {
    pub index: usize,
    pub name: Option<String>,
    /// The FROM operand after ARG defaults (`python:3.12-slim`, a stage
    /// name, `scratch`).
    pub base: String,
    /// Its file system is in the shipped image.
    pub in_image: bool,
    /// Files of it reach the shipped image (it is in it, or copied from).
    pub feeds_image: bool,
    pub layers: Vec<LayerEstimate>,
    /// The whole stage: base and every layer.
    pub total: Estimate,
    /// Wasted bytes in the stage's file system (its base stage's included).
    pub wasted: SizeRange,
    /// Bytes (uncompressed, compressed) the total's high leaves out of the
    /// sum of this stage's layers: several `COPY --from` of parts of one
    /// output each may be the whole output, but together they are at most
    /// it, so its high is counted once. 0 when nothing is shared.
    pub shared_high: (u64, u64),
}

/// Something the estimate could not size from data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownPart {
    pub stage: usize,
    pub span: Span,
    pub what: String,
    pub range: SizeRange,
}

/// The estimate of a whole Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImageEstimate {
    pub stages: Vec<StageEstimate>,
    /// Index of the shipped stage.
    pub shipped: Option<usize>,
    /// The image: the shipped stage's total (zero without stages).
    pub total: Estimate,
    /// Wasted bytes in the image.
    pub wasted: SizeRange,
    /// Unknown parts of the shipped image (its own layers, the stages it is
    /// built on, and what it copies).
    pub unknowns: Vec<UnknownPart>,
    /// Package names apt installs (in any stage) that the Debian table used
    /// does not have: sized as unknown. The web page then fetches the full
    /// table and estimates again.
    pub apt_outside_table: Vec<String>,
}

impl ImageEstimate {
    pub fn shipped_stage(&self) -> Option<&StageEstimate> {
        self.shipped.and_then(|i| self.stages.get(i))
    }

    /// The sum of the unknown parts' ranges: how much of `total` is not
    /// backed by data.
    pub fn unknown_total(&self) -> SizeRange {
        self.unknowns.iter().map(|u| u.range).sum()
    }

    /// The layers of the shipped image, base stages first.
    pub fn image_layers(&self) -> Vec<&LayerEstimate> {
        self.stages
            .iter()
            .filter(|s| s.in_image)
            .flat_map(|s| s.layers.iter())
            .filter(|l| l.kind != LayerKind::StageBase)
            .collect()
    }
}

/// Estimates the image a Dockerfile builds, layer by layer. Never fails:
/// what cannot be sized is an unknown range, listed in `unknowns`.
pub fn estimate_dockerfile(text: &str, options: &EstimateOptions<'_>) -> ImageEstimate {
    super::layers::walk(text, options)
}
