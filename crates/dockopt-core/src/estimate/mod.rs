//! Size estimates before anything is built: the data tables generated from
//! ../shared/data (`data/`, written by `cargo run -p dockopt-datagen`), and
//! the resolvers that turn a base image, a package install or a cache into
//! a `SizeRange` with its `Provenance`.
//!
//! The resolvers own numbers and where they come from; `image` and
//! `layers` read a whole Dockerfile into a layer-by-layer estimate,
//! `savings` prices the engine's fixes, `summary` gives the headline
//! figures and scores, and `format` writes byte sizes the same way for the
//! CLI and the web page.
//! Every figure is a range; anything not in a table is a documented rule of
//! thumb or "unknown", never a guess presented as a fact.

pub mod apk;
pub mod apt;
pub mod assumptions;
pub mod base_image;
pub mod caches;
pub mod compression;
pub mod format;
pub mod image;
mod layers;
pub mod npm;
pub mod package_set;
pub mod provenance;
pub mod pypi;
pub mod range;
pub mod savings;
pub mod summary;
mod tables;

pub use apt::{AptPackage, AptResolution, AptUniverse, InstalledSet, PackageArgument, Priority};
pub use base_image::{
    base_image, parse_reference, BaseImageEstimate, BaseImageMatch, DebianRelease, DistroFamily,
    ImageReference, SmallerVariant, Variant,
};
pub use compression::{CompressionRatio, ContentKind};
pub use format::{format_bytes, format_range};
pub use image::{
    estimate_dockerfile, EstimateOptions, ImageEstimate, LayerEstimate, LayerKind, LayerPart,
    StageEstimate, UnknownPart, Waste, WasteKind,
};
pub use package_set::{PackageSetEstimate, PackageSize};
pub use provenance::{Estimate, Provenance, ProvenanceKind};
pub use range::SizeRange;
pub use savings::{
    fix_savings, savings_of_fixes, savings_of_selection, FixSaving, SelectionSaving,
};
pub use summary::{summarize, Score, ScoreFactor, SizeSummary};
