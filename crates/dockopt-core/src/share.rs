//! The share-link codec: documents and options <-> URL fragment `v1.<payload>`.
//!
//! The playground and `dockopt share` put the whole state into the link's
//! fragment, so no server ever stores a Dockerfile. This module owns that
//! encoding and its limits; it does no I/O and never touches a URL beyond
//! its fragment.
//!
//! # Format, version 1
//!
//! A fragment is `v1.` followed by the payload. [`encode_fragment`] returns it
//! *without* the leading `#` (the URL standard's "fragment" excludes it, and
//! `location.hash = …` adds it); [`decode_fragment`] accepts it with or
//! without `#`, or a whole URL.
//!
//! The payload is base64url without padding (RFC 4648 §5, alphabet
//! `A–Z a–z 0–9 - _`) of the **raw deflate** stream (RFC 1951, no zlib or gzip
//! wrapper, so there is no checksum) of this byte serialisation:
//!
//! ```text
//! state     = varint(document count) document* option*
//! document  = string(name) string(text)
//! string    = varint(byte length) UTF-8 bytes
//! option    = one tag byte, then its body; tags appear in increasing order,
//!             each at most once; an option at its default is left out
//!   0x01 enabled fixes    varint(count) string*      (sorted, as in a BTreeSet)
//!   0x02 disabled fixes   varint(count) string*
//!   0x03 unsafe fixes on  (no body: the tag's presence means `true`)
//!   0x04 selected tab     varint(index)
//!   0x05 settings         varint(count) (string(key) string(value))*
//! varint    = unsigned LEB128, at most 10 bytes, value < 2^64
//! ```
//!
//! The data ends after the last option; anything else there is an error.
//! New settings go into `settings` (0x05) without a format change. Anything a
//! version-1 reader cannot ignore safely (a new tag, a different compression)
//! needs `v2.`: [`decode_fragment`] dispatches on the version, so a later
//! version adds a decoder next to `decode_v1` and keeps reading old links.
//!
//! # Limits
//!
//! Links come from strangers, so decoding is bounded before any work:
//! [`MAX_LINK_LEN`] bytes of input, [`MAX_DECODED_LEN`] bytes after inflating
//! (a decompression bomb stops there), [`MAX_DOCUMENTS`] documents. Every
//! failure is a [`ShareError`] with a message meant for the person who
//! clicked the link. [`encode_fragment`] refuses a state that
//! [`decode_fragment`] would refuse, so every link we hand out opens.

mod error;
mod wire;

use std::collections::{BTreeMap, BTreeSet};

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

pub use error::{ShareError, TextField};

/// The version this build writes.
pub const CURRENT_VERSION: u32 = 1;
/// Longest input [`decode_fragment`] looks at, in bytes (2 MiB).
pub const MAX_LINK_LEN: usize = 2 * 1024 * 1024;
/// Largest serialised state, in bytes, before compression (1 MiB).
pub const MAX_DECODED_LEN: usize = 1024 * 1024;
/// Most documents (tabs) one link may carry.
pub const MAX_DOCUMENTS: usize = 64;

/// Deflate level for links: 9 is miniz's best standard level; the extra
/// "uber" level 10 saved nothing measurable on Dockerfiles.
const COMPRESSION_LEVEL: u8 = 9;

/// base64url without padding that ignores the unused low bits of the last
/// character: a link cut off mid-group then fails as cut-off deflate data
/// ([`ShareError::Truncated`]) instead of as a puzzling encoding error.
const LENIENT_URL_SAFE_NO_PAD: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// Everything a share link carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedState {
    pub documents: Vec<SharedDocument>,
    pub options: SharedOptions,
}

/// One tab of the playground: its name (e.g. `frontend`, may be empty) and text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedDocument {
    pub name: String,
    pub text: String,
}

/// The playground's options. Each field at its default costs nothing in a link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedOptions {
    /// Fix ids (e.g. `DL3009:12`) the user switched on.
    pub enabled_fixes: BTreeSet<String>,
    /// Fix ids the user switched off.
    pub disabled_fixes: BTreeSet<String>,
    /// Whether unsafe fixes are applied.
    pub unsafe_fixes: bool,
    /// Index of the selected document. Not checked against `documents`: a
    /// reader clamps it.
    pub selected_tab: usize,
    /// Settings added after v1, as key=value, so they need no format change.
    pub settings: BTreeMap<String, String>,
}

/// Encode `state` as a fragment `v1.<payload>` (without `#`).
///
/// Fails with [`ShareError::TooManyDocuments`] or [`ShareError::TooLarge`]
/// when the state is over the limits [`decode_fragment`] enforces.
pub fn encode_fragment(state: &SharedState) -> Result<String, ShareError> {
    if state.documents.len() > MAX_DOCUMENTS {
        return Err(ShareError::TooManyDocuments {
            count: state.documents.len(),
            limit: MAX_DOCUMENTS,
        });
    }
    let serialised = wire::write_state(state);
    if serialised.len() > MAX_DECODED_LEN {
        return Err(ShareError::TooLarge {
            limit: MAX_DECODED_LEN,
        });
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(&serialised, COMPRESSION_LEVEL);
    Ok(format!(
        "v{CURRENT_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(compressed)
    ))
}

/// `base_url` with its fragment (if any) replaced by the encoded `state`.
pub fn share_url(base_url: &str, state: &SharedState) -> Result<String, ShareError> {
    let without_fragment = base_url.split_once('#').map_or(base_url, |(url, _)| url);
    Ok(format!("{without_fragment}#{}", encode_fragment(state)?))
}

/// Decode a fragment made by [`encode_fragment`] (of this or an older version).
///
/// Accepts `v1.…`, `#v1.…` or a whole URL containing `#v1.…`; surrounding
/// whitespace is ignored.
pub fn decode_fragment(input: &str) -> Result<SharedState, ShareError> {
    if input.len() > MAX_LINK_LEN {
        return Err(ShareError::TooLong {
            length: input.len(),
            limit: MAX_LINK_LEN,
        });
    }
    let trimmed = input.trim();
    let fragment = trimmed.split_once('#').map_or(trimmed, |(_, f)| f);
    let (version, payload) = split_version(fragment)?;
    match version {
        1 => decode_v1(payload, fragment.len() - payload.len()),
        version => Err(ShareError::UnsupportedVersion { version }),
    }
}

/// Split `v<digits>.<payload>` into the version number and the payload.
fn split_version(fragment: &str) -> Result<(u32, &str), ShareError> {
    let rest = fragment
        .strip_prefix('v')
        .ok_or(ShareError::NotAShareLink)?;
    let (digits, payload) = rest.split_once('.').ok_or(ShareError::NotAShareLink)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotAShareLink);
    }
    // More digits than a u32 holds cannot be a real version either.
    let version = digits
        .parse::<u32>()
        .map_err(|_| ShareError::NotAShareLink)?;
    Ok((version, payload))
}

/// Decode a version-1 payload. `prefix_chars` is how many characters precede
/// the payload in the fragment, so errors can point at the right character.
fn decode_v1(payload: &str, prefix_chars: usize) -> Result<SharedState, ShareError> {
    // The base64 crate reports byte offsets and bytes; checking the alphabet
    // first lets the message name the character a person sees.
    if let Some((index, character)) = payload.chars().enumerate().find(|(_, c)| !is_base64url(*c)) {
        return Err(ShareError::InvalidCharacter {
            position: prefix_chars + index + 1,
            character,
        });
    }
    let compressed = LENIENT_URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| match e {
            // A length no encoder produces: the link was cut off mid-group.
            base64::DecodeError::InvalidLength(_) => ShareError::Truncated,
            _ => ShareError::Corrupt,
        })?;
    let serialised =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECODED_LEN).map_err(
            |e| match e.status {
                TINFLStatus::HasMoreOutput => ShareError::TooLarge {
                    limit: MAX_DECODED_LEN,
                },
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    ShareError::Truncated
                }
                _ => ShareError::Corrupt,
            },
        )?;
    wire::read_state(&serialised)
}

fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedState {
        SharedState {
            documents: vec![SharedDocument {
                name: "backend".into(),
                text: "FROM debian:12\nRUN apt-get update\n".into(),
            }],
            options: SharedOptions {
                enabled_fixes: ["DL3009:2".to_string()].into(),
                selected_tab: 0,
                ..SharedOptions::default()
            },
        }
    }

    #[test]
    fn fragment_starts_with_version_and_has_no_hash() {
        let fragment = encode_fragment(&sample()).unwrap();
        assert!(fragment.starts_with("v1."), "{fragment}");
        assert!(!fragment.contains('#'));
    }

    #[test]
    fn decode_accepts_hash_bare_and_whole_url() {
        let state = sample();
        let fragment = encode_fragment(&state).unwrap();
        assert_eq!(decode_fragment(&fragment).unwrap(), state);
        assert_eq!(decode_fragment(&format!("#{fragment}")).unwrap(), state);
        let url = share_url("https://example.test/play/#old", &state).unwrap();
        assert_eq!(url, format!("https://example.test/play/#{fragment}"));
        assert_eq!(decode_fragment(&format!(" {url}\n")).unwrap(), state);
    }

    #[test]
    fn split_version_reads_number_and_payload() {
        assert_eq!(split_version("v12.abc"), Ok((12, "abc")));
        assert_eq!(split_version("v1."), Ok((1, "")));
        assert_eq!(split_version("x1.abc"), Err(ShareError::NotAShareLink));
        assert_eq!(split_version("v.abc"), Err(ShareError::NotAShareLink));
        assert_eq!(split_version("v1abc"), Err(ShareError::NotAShareLink));
        assert_eq!(split_version("v1x.abc"), Err(ShareError::NotAShareLink));
        assert_eq!(
            split_version("v99999999999.abc"),
            Err(ShareError::NotAShareLink)
        );
    }

    #[test]
    fn invalid_character_position_counts_characters_after_hash() {
        // "v1." is 3 characters, then "AB", then the bad one: the 6th.
        assert_eq!(
            decode_fragment("#v1.ABé"),
            Err(ShareError::InvalidCharacter {
                position: 6,
                character: 'é'
            })
        );
    }

    #[test]
    fn empty_payload_reads_as_cut_off() {
        assert_eq!(decode_fragment("v1."), Err(ShareError::Truncated));
    }
}
