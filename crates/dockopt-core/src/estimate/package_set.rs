//! The result shape shared by the small package tables (apk, PyPI, npm): a
//! figure per requested package, the total, the names that were not in the
//! table, and the estimate with its provenance.

use serde::{Deserialize, Serialize};

use super::provenance::Estimate;
use super::range::SizeRange;

/// One requested package and what it is estimated to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSize {
    pub name: String,
    pub size: SizeRange,
    /// false when the figure is the "unknown package" rule of thumb.
    pub known: bool,
}

/// What installing a list of packages adds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PackageSetEstimate {
    pub packages: Vec<PackageSize>,
    /// Requested names (or arguments such as `-r requirements.txt`,
    /// `$PACKAGES`) that no table row covers; each is counted with the
    /// unknown-package rule.
    pub unknown: Vec<String>,
    pub estimate: Estimate,
}

impl PackageSetEstimate {
    pub fn total(&self) -> SizeRange {
        self.estimate.uncompressed
    }
}

/// The package name in an argument such as `name==1.0`, `name[extra]>=2`,
/// `name@^1`: the leading run of characters valid in a name. `None` when
/// the argument is a flag, a variable, a path or a URL.
pub(crate) fn leading_name(argument: &str, extra_name_chars: &str) -> Option<String> {
    let argument = argument.trim().trim_matches(|c| c == '"' || c == '\'');
    if argument.is_empty()
        || argument.starts_with('-')
        || argument.contains('$')
        || argument.contains('/') && !argument.starts_with('@')
        || argument.starts_with('.')
    {
        return None;
    }
    let name: String = argument
        .chars()
        .take_while(|c| {
            c.is_ascii_alphanumeric() || "-_.".contains(*c) || extra_name_chars.contains(*c)
        })
        .collect();
    if name.is_empty() {
        None
    } else {
        Some(name)
    }
}
