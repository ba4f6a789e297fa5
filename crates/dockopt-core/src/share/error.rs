//! Why a share link could not be read or written, in words for the person
//! who clicked it.

use std::fmt;

use super::CURRENT_VERSION;

/// Every way encoding or decoding a share link can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with `v<number>.`.
    NotAShareLink,
    /// A version this build cannot read (usually a newer dockopt made it).
    UnsupportedVersion { version: u32 },
    /// The input is longer than any link we accept.
    TooLong { length: usize, limit: usize },
    /// A character outside base64url. `position` is 1-based, counted in
    /// characters after the `#` (the `v1.` prefix included).
    InvalidCharacter { position: usize, character: char },
    /// The data stops early: the link was probably cut off when copied.
    Truncated,
    /// The compressed data is not valid deflate.
    Corrupt,
    /// The state is larger than `limit` bytes once decompressed (on decode:
    /// a decompression bomb or a link from a larger build; on encode: too
    /// much text to share).
    TooLarge { limit: usize },
    /// A name, text, fix id or setting is not valid UTF-8.
    InvalidUtf8 { field: TextField },
    /// The decompressed data does not follow the format.
    Malformed {
        offset: usize,
        problem: &'static str,
    },
    /// More documents than a link may carry.
    TooManyDocuments { count: usize, limit: usize },
}

/// Which string of the state an [`ShareError::InvalidUtf8`] was found in.
/// Document numbers are 0-based indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    DocumentName { document: usize },
    DocumentText { document: usize },
    FixId,
    SettingKey,
    SettingValue,
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextField::DocumentName { document } => {
                write!(f, "the name of document {}", document + 1)
            }
            TextField::DocumentText { document } => {
                write!(f, "the text of document {}", document + 1)
            }
            TextField::FixId => f.write_str("a fix id"),
            TextField::SettingKey => f.write_str("a setting's name"),
            TextField::SettingValue => f.write_str("a setting's value"),
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAShareLink => f.write_str(
                "this is not a dockopt share link: the part after `#` should start with `v1.`",
            ),
            ShareError::UnsupportedVersion { version } if *version > CURRENT_VERSION => write!(
                f,
                "this link was made by a newer dockopt (v{version}); \
                 reload the page or update dockopt"
            ),
            ShareError::UnsupportedVersion { version } => write!(
                f,
                "this link uses format v{version}, which no dockopt ever wrote"
            ),
            ShareError::TooLong { length, limit } => write!(
                f,
                "this link is too long to be a dockopt link \
                 ({length} characters; at most {limit} are accepted)"
            ),
            ShareError::InvalidCharacter {
                position,
                character,
            } => write!(
                f,
                "this link is damaged: character {position} after the `#` is {character:?}, \
                 which a dockopt link never contains"
            ),
            ShareError::Truncated => f.write_str(
                "this link is incomplete: its data stops early (was it cut off when copied?)",
            ),
            ShareError::Corrupt => {
                f.write_str("this link is damaged: its compressed data is not valid")
            }
            ShareError::TooLarge { limit } => write!(
                f,
                "the shared Dockerfiles are larger than {} KiB once unpacked, \
                 more than a link may carry",
                limit / 1024
            ),
            ShareError::InvalidUtf8 { field } => {
                write!(f, "this link is damaged: {field} is not valid UTF-8 text")
            }
            ShareError::Malformed { offset, problem } => write!(
                f,
                "this link is damaged: its data is malformed at byte {offset} ({problem})"
            ),
            ShareError::TooManyDocuments { count, limit } => write!(
                f,
                "a link holds at most {limit} Dockerfiles, this one has {count}"
            ),
        }
    }
}

impl std::error::Error for ShareError {}
