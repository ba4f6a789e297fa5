//! The version-1 byte serialisation of a [`SharedState`] (the grammar is in
//! the parent module's docs). Compression and base64 are not done here.

use std::collections::{BTreeMap, BTreeSet};

use super::{ShareError, SharedDocument, SharedOptions, SharedState, TextField, MAX_DOCUMENTS};

const TAG_ENABLED_FIXES: u8 = 0x01;
const TAG_DISABLED_FIXES: u8 = 0x02;
const TAG_UNSAFE_FIXES: u8 = 0x03;
const TAG_SELECTED_TAB: u8 = 0x04;
const TAG_SETTINGS: u8 = 0x05;

/// A u64 never needs more than 10 LEB128 bytes (7 bits each).
const MAX_VARINT_BYTES: usize = 10;

pub(super) fn write_state(state: &SharedState) -> Vec<u8> {
    let text_bytes: usize = state
        .documents
        .iter()
        .map(|d| d.name.len() + d.text.len())
        .sum();
    let mut out = Vec::with_capacity(text_bytes + 16);
    write_varint(&mut out, state.documents.len() as u64);
    for document in &state.documents {
        write_string(&mut out, &document.name);
        write_string(&mut out, &document.text);
    }
    let options = &state.options;
    if !options.enabled_fixes.is_empty() {
        out.push(TAG_ENABLED_FIXES);
        write_set(&mut out, &options.enabled_fixes);
    }
    if !options.disabled_fixes.is_empty() {
        out.push(TAG_DISABLED_FIXES);
        write_set(&mut out, &options.disabled_fixes);
    }
    if options.unsafe_fixes {
        out.push(TAG_UNSAFE_FIXES);
    }
    if options.selected_tab != 0 {
        out.push(TAG_SELECTED_TAB);
        write_varint(&mut out, options.selected_tab as u64);
    }
    if !options.settings.is_empty() {
        out.push(TAG_SETTINGS);
        write_varint(&mut out, options.settings.len() as u64);
        for (key, value) in &options.settings {
            write_string(&mut out, key);
            write_string(&mut out, value);
        }
    }
    out
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn write_string(out: &mut Vec<u8>, text: &str) {
    write_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn write_set(out: &mut Vec<u8>, set: &BTreeSet<String>) {
    write_varint(out, set.len() as u64);
    for item in set {
        write_string(out, item);
    }
}

pub(super) fn read_state(bytes: &[u8]) -> Result<SharedState, ShareError> {
    let mut reader = Reader { bytes, offset: 0 };
    let count = reader.varint()?;
    if count > MAX_DOCUMENTS as u64 {
        return Err(ShareError::TooManyDocuments {
            count: usize::try_from(count).unwrap_or(usize::MAX),
            limit: MAX_DOCUMENTS,
        });
    }
    let mut documents = Vec::new();
    for document in 0..count as usize {
        let name = reader.string(TextField::DocumentName { document })?;
        let text = reader.string(TextField::DocumentText { document })?;
        documents.push(SharedDocument { name, text });
    }
    let options = read_options(&mut reader)?;
    Ok(SharedState { documents, options })
}

fn read_options(reader: &mut Reader<'_>) -> Result<SharedOptions, ShareError> {
    let mut options = SharedOptions::default();
    let mut previous_tag = 0u8;
    while let Some(tag) = reader.next_byte() {
        let tag_offset = reader.offset - 1;
        // Strictly increasing tags rule out duplicates and keep one encoding per state.
        if tag <= previous_tag {
            return Err(ShareError::Malformed {
                offset: tag_offset,
                problem: "an option is repeated or out of order",
            });
        }
        previous_tag = tag;
        match tag {
            TAG_ENABLED_FIXES => options.enabled_fixes = reader.set()?,
            TAG_DISABLED_FIXES => options.disabled_fixes = reader.set()?,
            TAG_UNSAFE_FIXES => options.unsafe_fixes = true,
            TAG_SELECTED_TAB => {
                let index = reader.varint()?;
                options.selected_tab =
                    usize::try_from(index).map_err(|_| ShareError::Malformed {
                        offset: tag_offset,
                        problem: "the selected tab number is too large",
                    })?;
            }
            TAG_SETTINGS => options.settings = reader.settings()?,
            _ => {
                return Err(ShareError::Malformed {
                    offset: tag_offset,
                    problem: "unknown option",
                })
            }
        }
    }
    Ok(options)
}

/// A cursor over the serialised bytes; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl Reader<'_> {
    fn next_byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.offset)?;
        self.offset += 1;
        Some(byte)
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.offset)
    }

    fn truncated(&self) -> ShareError {
        ShareError::Malformed {
            offset: self.offset,
            problem: "the data ends in the middle of a value",
        }
    }

    fn varint(&mut self) -> Result<u64, ShareError> {
        let start = self.offset;
        let mut value = 0u64;
        for index in 0..MAX_VARINT_BYTES {
            let byte = self.next_byte().ok_or_else(|| self.truncated())?;
            let bits = u64::from(byte & 0x7f);
            let shift = 7 * index as u32;
            // The 10th byte may only carry the single bit left of a u64.
            if shift == 63 && bits > 1 {
                break;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ShareError::Malformed {
            offset: start,
            problem: "a number is too large",
        })
    }

    /// A length or count, checked against what is left so that a forged
    /// length can neither overrun the data nor make us allocate for it.
    fn length(&mut self) -> Result<usize, ShareError> {
        let length = self.varint()?;
        match usize::try_from(length) {
            Ok(length) if length <= self.remaining() => Ok(length),
            _ => Err(ShareError::Malformed {
                offset: self.offset,
                problem: "a length runs past the end of the data",
            }),
        }
    }

    fn string(&mut self, field: TextField) -> Result<String, ShareError> {
        let length = self.length()?;
        let bytes = self
            .bytes
            .get(self.offset..self.offset + length)
            .ok_or_else(|| self.truncated())?;
        self.offset += length;
        String::from_utf8(bytes.to_vec()).map_err(|_| ShareError::InvalidUtf8 { field })
    }

    fn set(&mut self) -> Result<BTreeSet<String>, ShareError> {
        // Every entry takes at least one byte, so `length` bounds the loop by the data size.
        let count = self.length()?;
        let mut set = BTreeSet::new();
        for _ in 0..count {
            set.insert(self.string(TextField::FixId)?);
        }
        Ok(set)
    }

    fn settings(&mut self) -> Result<BTreeMap<String, String>, ShareError> {
        let count = self.length()?;
        let mut settings = BTreeMap::new();
        for _ in 0..count {
            let key = self.string(TextField::SettingKey)?;
            let value = self.string(TextField::SettingValue)?;
            settings.insert(key, value);
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint_bytes(value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_varint(&mut out, value);
        out
    }

    #[test]
    fn varint_uses_leb128() {
        // Values from the LEB128 definition: 7 bits per byte, low bits first.
        assert_eq!(varint_bytes(0), [0x00]);
        assert_eq!(varint_bytes(127), [0x7f]);
        assert_eq!(varint_bytes(128), [0x80, 0x01]);
        assert_eq!(varint_bytes(300), [0xac, 0x02]);
        assert_eq!(varint_bytes(u64::MAX).len(), 10);
    }

    #[test]
    fn varint_round_trips_edges_and_rejects_overflow() {
        for value in [0, 1, 127, 128, 16_383, 16_384, u32::MAX as u64, u64::MAX] {
            let bytes = varint_bytes(value);
            let mut reader = Reader {
                bytes: &bytes,
                offset: 0,
            };
            assert_eq!(reader.varint(), Ok(value));
        }
        // 2^64 needs a 10th byte carrying 2: no u64 holds it.
        let mut too_big = vec![0x80; 9];
        too_big.push(0x02);
        let mut reader = Reader {
            bytes: &too_big,
            offset: 0,
        };
        assert!(matches!(
            reader.varint(),
            Err(ShareError::Malformed {
                problem: "a number is too large",
                ..
            })
        ));
    }

    #[test]
    fn default_state_is_one_byte() {
        assert_eq!(write_state(&SharedState::default()), [0x00]);
    }

    #[test]
    fn layout_matches_documented_grammar() {
        let state = SharedState {
            documents: vec![SharedDocument {
                name: "a".into(),
                text: "FROM x".into(),
            }],
            options: SharedOptions {
                enabled_fixes: ["F1".to_string()].into(),
                disabled_fixes: BTreeSet::new(),
                unsafe_fixes: true,
                selected_tab: 2,
                settings: [("k".to_string(), "v".to_string())].into(),
            },
        };
        let mut expected = vec![1, 1, b'a', 6];
        expected.extend_from_slice(b"FROM x");
        expected.extend_from_slice(&[TAG_ENABLED_FIXES, 1, 2, b'F', b'1']);
        expected.extend_from_slice(&[TAG_UNSAFE_FIXES]);
        expected.extend_from_slice(&[TAG_SELECTED_TAB, 2]);
        expected.extend_from_slice(&[TAG_SETTINGS, 1, 1, b'k', 1, b'v']);
        assert_eq!(write_state(&state), expected);
        assert_eq!(read_state(&expected), Ok(state));
    }

    #[test]
    fn rejects_out_of_order_unknown_and_trailing_data() {
        let repeated = [0, TAG_UNSAFE_FIXES, TAG_UNSAFE_FIXES];
        let unknown = [0, 0x06];
        let zero_tag = [0, 0x00];
        for bytes in [&repeated[..], &unknown[..], &zero_tag[..]] {
            assert!(
                matches!(read_state(bytes), Err(ShareError::Malformed { .. })),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn rejects_lengths_past_the_end() {
        // One document whose name claims 5 bytes but only 2 follow.
        assert!(matches!(
            read_state(&[1, 5, b'a', b'b']),
            Err(ShareError::Malformed { offset: 2, .. })
        ));
        // A set claiming a billion entries in four bytes.
        assert!(matches!(
            read_state(&[0, TAG_ENABLED_FIXES, 0x80, 0x94, 0xeb, 0xdc, 0x03]),
            Err(ShareError::Malformed { .. })
        ));
        assert!(matches!(
            read_state(&[]),
            Err(ShareError::Malformed { offset: 0, .. })
        ));
    }

    #[test]
    fn too_many_documents_is_checked_before_reading_them() {
        assert_eq!(
            read_state(&[65]),
            Err(ShareError::TooManyDocuments {
                count: 65,
                limit: MAX_DOCUMENTS
            })
        );
    }

    #[test]
    fn invalid_utf8_names_the_field() {
        assert_eq!(
            read_state(&[2, 0, 0, 1, b'x', 1, 0xff]),
            Err(ShareError::InvalidUtf8 {
                field: TextField::DocumentText { document: 1 }
            })
        );
    }
}
