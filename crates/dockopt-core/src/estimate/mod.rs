//! Size estimates before anything is built: the data tables generated from
//! ../shared/data (`data/`, written by `cargo run -p dockopt-datagen`), and
//! the resolvers that turn a base image, a package install or a cache into
//! a `SizeRange` with its `Provenance`.
//!
//! This module owns numbers and where they come from. It does not read
//! Dockerfiles: the layer-by-layer model over the parsed file builds on it.
//! Every figure is a range; anything not in a table is a documented rule of
//! thumb or "unknown", never a guess presented as a fact.

pub mod apk;
pub mod apt;
pub mod base_image;
pub mod caches;
pub mod compression;
pub mod npm;
pub mod package_set;
pub mod provenance;
pub mod pypi;
pub mod range;
mod tables;

pub use apt::{AptPackage, AptResolution, AptUniverse, InstalledSet, PackageArgument, Priority};
pub use base_image::{
    base_image, parse_reference, BaseImageEstimate, BaseImageMatch, DebianRelease, DistroFamily,
    ImageReference, SmallerVariant, Variant,
};
pub use compression::{CompressionRatio, ContentKind};
pub use package_set::{PackageSetEstimate, PackageSize};
pub use provenance::{Estimate, Provenance, ProvenanceKind};
pub use range::SizeRange;
