//! Where a figure comes from: `Provenance` names the data table and its
//! record date, or the rule of thumb and its source, and states the
//! uncertainty in words. `Estimate` is a figure (uncompressed and compressed)
//! together with its provenance.

use serde::{Deserialize, Serialize};

use super::compression::ContentKind;
use super::range::SizeRange;

/// How much a figure can be trusted, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvenanceKind {
    /// Read from a generated data table (a measurement with a date).
    Table,
    /// A table row that is not exactly the thing asked about (another tag,
    /// version or build), with the range widened to say so.
    NearestTableRow,
    /// A rule of thumb derived from the data or from published figures,
    /// with its source.
    RuleOfThumb,
    /// An assumption with no measurement behind it in ../shared/data.
    Assumption,
    /// Nothing is known; the range is deliberately wide.
    Unknown,
}

/// One source of a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub kind: ProvenanceKind,
    /// What the figure is about, e.g. `debian:bookworm-slim` or `apt: curl`.
    pub subject: String,
    /// Where it comes from: table file and record date, or the rule's source.
    pub source: String,
    /// The uncertainty, in words.
    pub uncertainty: String,
}

impl Provenance {
    pub fn new(
        kind: ProvenanceKind,
        subject: impl Into<String>,
        source: impl Into<String>,
        uncertainty: impl Into<String>,
    ) -> Provenance {
        Provenance {
            kind,
            subject: subject.into(),
            source: source.into(),
            uncertainty: uncertainty.into(),
        }
    }
}

/// A size as `docker images` shows it (uncompressed) and as a registry
/// transfers it (compressed), with where the figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Estimate {
    pub uncompressed: SizeRange,
    pub compressed: SizeRange,
    pub provenance: Vec<Provenance>,
}

impl Estimate {
    /// An on-disk figure, with the compressed figure derived from the
    /// compression ratio of its content kind (whose source is added to the
    /// provenance).
    pub fn from_uncompressed(
        uncompressed: SizeRange,
        kind: ContentKind,
        provenance: Provenance,
    ) -> Estimate {
        let ratio = kind.ratio();
        Estimate {
            uncompressed,
            compressed: ratio.compress(uncompressed),
            provenance: vec![provenance, ratio.provenance()],
        }
    }

    /// The least trustworthy kind among the sources.
    pub fn weakest(&self) -> Option<ProvenanceKind> {
        self.provenance.iter().map(|p| p.kind).max()
    }
}

/// Adds another estimate (independent figures); provenance entries that are
/// already listed are not repeated.
impl std::ops::Add for Estimate {
    type Output = Estimate;
    fn add(mut self, other: Estimate) -> Estimate {
        self.uncompressed = self.uncompressed + other.uncompressed;
        self.compressed = self.compressed + other.compressed;
        for p in other.provenance {
            if !self.provenance.contains(&p) {
                self.provenance.push(p);
            }
        }
        self
    }
}
