//! Share links: round trips over random states, one test per hostile input,
//! and the length of a typical link.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use dockopt_core::share::{
    decode_fragment, encode_fragment, share_url, ShareError, SharedDocument, SharedOptions,
    SharedState, TextField, MAX_DECODED_LEN, MAX_DOCUMENTS, MAX_LINK_LEN,
};
use proptest::prelude::*;

/// A fragment whose payload is the raw deflate of `serialised`, built by hand
/// so tests can feed the decoder bytes `encode_fragment` would never write.
fn fragment_of_serialised(serialised: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(serialised, 6);
    format!("v1.{}", URL_SAFE_NO_PAD.encode(compressed))
}

fn compressed_payload(fragment: &str) -> Vec<u8> {
    let payload = fragment
        .strip_prefix("v1.")
        .expect("fragment has v1 prefix");
    URL_SAFE_NO_PAD
        .decode(payload)
        .expect("payload is base64url")
}

fn document(name: &str, text: &str) -> SharedDocument {
    SharedDocument {
        name: name.to_string(),
        text: text.to_string(),
    }
}

const FRONTEND: &str = r#"# syntax=docker/dockerfile:1.7
# Frontend: build the single-page app with Node, serve it with nginx.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ARG API_URL=https://api.example.com
ARG SENTRY_RELEASE
ENV VITE_API_URL=$API_URL \
    VITE_SENTRY_RELEASE=$SENTRY_RELEASE \
    NODE_ENV=production
RUN npm run lint
RUN npm run test -- --run
RUN npm run build

FROM nginx:1.27
LABEL org.opencontainers.image.title="shop-frontend" \
      org.opencontainers.image.source="https://github.com/example/shop"
RUN apt-get update
RUN apt-get install -y curl ca-certificates tzdata
ENV TZ=Europe/Berlin
COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/dist /usr/share/nginx/html
RUN chown -R nginx:nginx /usr/share/nginx/html \
 && chmod -R 755 /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=30s --timeout=3s \
  CMD curl -f http://localhost/healthz || exit 1
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
"#;

const BACKEND: &str = r#"# Backend: Django API with gunicorn.
FROM python:3.12
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y \
    build-essential \
    libpq-dev \
    gettext \
    git \
    curl
WORKDIR /srv/app
COPY requirements.txt requirements-prod.txt ./
RUN pip install -r requirements.txt
RUN pip install -r requirements-prod.txt
RUN pip install gunicorn==22.0.0 psycopg[binary]==3.2.1
COPY manage.py ./
COPY project/ project/
COPY shop/ shop/
COPY locale/ locale/
RUN python manage.py compilemessages
RUN python manage.py collectstatic --noinput
RUN useradd --create-home --shell /bin/bash appuser
RUN chown -R appuser:appuser /srv/app
USER appuser
ENV DJANGO_SETTINGS_MODULE=project.settings.production
EXPOSE 8000
HEALTHCHECK CMD curl -f http://localhost:8000/health/ || exit 1
CMD ["gunicorn", "project.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--access-logfile", "-"]
"#;

/// Two realistic ~40-line Dockerfiles with a couple of options set.
fn typical_state() -> SharedState {
    SharedState {
        documents: vec![document("frontend", FRONTEND), document("backend", BACKEND)],
        options: SharedOptions {
            enabled_fixes: ["DL3009:25".to_string(), "DL3015:26".to_string()].into(),
            disabled_fixes: ["DL3008:4".to_string()].into(),
            selected_tab: 1,
            ..SharedOptions::default()
        },
    }
}

#[test]
fn typical_link_is_short_and_url_safe() {
    let state = typical_state();
    let fragment = encode_fragment(&state).unwrap();
    let text_bytes = FRONTEND.len() + BACKEND.len();
    println!(
        "two Dockerfiles ({} + {} lines, {text_bytes} bytes): fragment {} characters",
        FRONTEND.lines().count(),
        BACKEND.lines().count(),
        fragment.len()
    );
    assert!(text_bytes > 1900, "the sample should be two ~1 KB files");
    assert!(
        fragment.len() < 1536,
        "fragment is {} chars",
        fragment.len()
    );
    // Compression must actually pay for the base64 expansion.
    assert!(fragment.len() < text_bytes);
    let (prefix, payload) = fragment.split_at(3);
    assert_eq!(prefix, "v1.");
    assert!(payload
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(decode_fragment(&fragment).unwrap(), state);
}

#[test]
fn empty_state_costs_almost_nothing() {
    let fragment = encode_fragment(&SharedState::default()).unwrap();
    assert!(fragment.len() <= 8, "{fragment}");
    assert_eq!(decode_fragment(&fragment).unwrap(), SharedState::default());
}

#[test]
fn default_options_add_nothing_to_the_link() {
    let plain = SharedState {
        documents: vec![document("a", "FROM scratch\n")],
        options: SharedOptions::default(),
    };
    let mut with_options = plain.clone();
    with_options.options.unsafe_fixes = true;
    with_options.options.selected_tab = 3;
    let plain_bytes = compressed_payload(&encode_fragment(&plain).unwrap());
    let option_bytes = compressed_payload(&encode_fragment(&with_options).unwrap());
    assert!(plain_bytes.len() < option_bytes.len());
}

#[test]
fn share_url_replaces_an_existing_fragment() {
    let state = typical_state();
    let url = share_url("https://dockopt.dev/play#v1.old", &state).unwrap();
    let fragment = encode_fragment(&state).unwrap();
    assert_eq!(url, format!("https://dockopt.dev/play#{fragment}"));
    assert_eq!(decode_fragment(&url).unwrap(), state);
    let url = share_url("https://dockopt.dev/play", &state).unwrap();
    assert_eq!(url, format!("https://dockopt.dev/play#{fragment}"));
}

#[test]
fn large_texts_round_trip() {
    // ~200 KB of varied text from a fixed linear congruential generator, so
    // that deflate cannot shrink it to nothing.
    let alphabet: Vec<char> = "RUN apt-get\\\n\r\t\0é漢😀𝄞$-{}".chars().collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = String::new();
    while text.len() < 200_000 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
    }
    let state = SharedState {
        documents: vec![document("big", &text), document("", "")],
        options: SharedOptions::default(),
    };
    let fragment = encode_fragment(&state).unwrap();
    assert_eq!(decode_fragment(&fragment).unwrap(), state);
}

#[test]
fn the_most_documents_allowed_round_trip() {
    let state = SharedState {
        documents: (0..MAX_DOCUMENTS)
            .map(|i| document(&format!("tab {i}"), &format!("FROM image{i}\n")))
            .collect(),
        options: SharedOptions {
            selected_tab: MAX_DOCUMENTS - 1,
            ..SharedOptions::default()
        },
    };
    let fragment = encode_fragment(&state).unwrap();
    assert_eq!(decode_fragment(&fragment).unwrap(), state);
}

// ---- hostile input: one test per error ------------------------------------

#[test]
fn not_a_share_link() {
    for input in [
        "",
        "#",
        "#hello",
        "https://dockopt.dev/play#section-2",
        "1.abc",
        "#V1.abc",
    ] {
        assert_eq!(
            decode_fragment(input),
            Err(ShareError::NotAShareLink),
            "{input:?}"
        );
    }
    let message = ShareError::NotAShareLink.to_string();
    assert!(message.contains("not a dockopt share link"), "{message}");
}

#[test]
fn future_version_says_newer_dockopt() {
    let error = decode_fragment("#v9.xxx").unwrap_err();
    assert_eq!(error, ShareError::UnsupportedVersion { version: 9 });
    assert_eq!(
        error.to_string(),
        "this link was made by a newer dockopt (v9); reload the page or update dockopt"
    );
    // v0 was never written: no claim that a newer dockopt made it.
    let old = decode_fragment("v0.AA").unwrap_err();
    assert_eq!(old, ShareError::UnsupportedVersion { version: 0 });
    assert!(!old.to_string().contains("newer"));
}

#[test]
fn invalid_base64_character_is_named_with_its_position() {
    let fragment = encode_fragment(&typical_state()).unwrap();
    // Replace the 11th payload character with '*': it sits at position 14
    // after the '#' (3 characters of "v1." before it).
    let mut damaged: Vec<char> = fragment.chars().collect();
    damaged[13] = '*';
    let damaged: String = damaged.into_iter().collect();
    let error = decode_fragment(&format!("#{damaged}")).unwrap_err();
    assert_eq!(
        error,
        ShareError::InvalidCharacter {
            position: 14,
            character: '*'
        }
    );
    let message = error.to_string();
    assert!(
        message.contains("character 14") && message.contains("'*'"),
        "{message}"
    );
    // Standard base64's '+' and '/' and padding are not base64url either.
    assert!(matches!(
        decode_fragment("v1.AB+C"),
        Err(ShareError::InvalidCharacter { character: '+', .. })
    ));
    assert!(matches!(
        decode_fragment("v1.ABC="),
        Err(ShareError::InvalidCharacter { character: '=', .. })
    ));
}

#[test]
fn every_cut_of_a_link_reads_as_truncated() {
    let fragment = encode_fragment(&typical_state()).unwrap();
    for end in 3..fragment.len() {
        let cut = &fragment[..end];
        assert_eq!(
            decode_fragment(cut),
            Err(ShareError::Truncated),
            "cut at {end}"
        );
    }
}

#[test]
fn invalid_deflate_block_type_is_corrupt() {
    let fragment = encode_fragment(&typical_state()).unwrap();
    let mut compressed = compressed_payload(&fragment);
    // Bits 1-2 of the first byte are the block type; 0b11 is reserved by RFC 1951.
    compressed[0] |= 0b110;
    let damaged = format!("v1.{}", URL_SAFE_NO_PAD.encode(&compressed));
    assert_eq!(decode_fragment(&damaged), Err(ShareError::Corrupt));
}

#[test]
fn decompression_bomb_stops_at_the_limit() {
    // A well-formed state (one document of 50 MB of zeros) that would decode
    // fine without the limit: only the size bound can reject it.
    const BOMB_TEXT_LEN: usize = 50 * 1024 * 1024;
    let mut serialised = vec![1u8, 0];
    let mut length = BOMB_TEXT_LEN as u64;
    while length >= 0x80 {
        serialised.push((length as u8 & 0x7f) | 0x80);
        length >>= 7;
    }
    serialised.push(length as u8);
    serialised.resize(serialised.len() + BOMB_TEXT_LEN, 0);
    let fragment = fragment_of_serialised(&serialised);
    assert!(fragment.len() < MAX_LINK_LEN, "the bomb itself is small");
    assert_eq!(
        decode_fragment(&fragment),
        Err(ShareError::TooLarge {
            limit: MAX_DECODED_LEN
        })
    );
}

#[test]
fn encoding_refuses_what_decoding_would_refuse() {
    let huge = SharedState {
        documents: vec![document("big", &"x".repeat(MAX_DECODED_LEN))],
        options: SharedOptions::default(),
    };
    assert_eq!(
        encode_fragment(&huge),
        Err(ShareError::TooLarge {
            limit: MAX_DECODED_LEN
        })
    );
    let crowded = SharedState {
        documents: vec![document("", ""); MAX_DOCUMENTS + 1],
        options: SharedOptions::default(),
    };
    assert_eq!(
        encode_fragment(&crowded),
        Err(ShareError::TooManyDocuments {
            count: MAX_DOCUMENTS + 1,
            limit: MAX_DOCUMENTS
        })
    );
}

#[test]
fn overlong_input_is_refused_before_decoding() {
    let input = format!("v1.{}", "A".repeat(MAX_LINK_LEN));
    assert_eq!(
        decode_fragment(&input),
        Err(ShareError::TooLong {
            length: MAX_LINK_LEN + 3,
            limit: MAX_LINK_LEN
        })
    );
}

#[test]
fn invalid_utf8_in_text_is_reported_per_field() {
    // One document: name "ok", text bytes C3 28 (a lead byte without its continuation).
    let fragment = fragment_of_serialised(&[1, 2, b'o', b'k', 2, 0xc3, 0x28]);
    assert_eq!(
        decode_fragment(&fragment),
        Err(ShareError::InvalidUtf8 {
            field: TextField::DocumentText { document: 0 }
        })
    );
    // A lone surrogate encoded as UTF-8 (ED A0 80) in a name.
    let fragment = fragment_of_serialised(&[1, 3, 0xed, 0xa0, 0x80, 0]);
    assert_eq!(
        decode_fragment(&fragment),
        Err(ShareError::InvalidUtf8 {
            field: TextField::DocumentName { document: 0 }
        })
    );
}

#[test]
fn malformed_serialisation_truncated_or_extra_bytes() {
    // The text claims 10 bytes, only 3 follow.
    let short = fragment_of_serialised(&[1, 0, 10, b'a', b'b', b'c']);
    assert!(matches!(
        decode_fragment(&short),
        Err(ShareError::Malformed { .. })
    ));
    // A complete empty state followed by a stray byte.
    let extra = fragment_of_serialised(&[0, 0x03, 0x03]);
    assert!(matches!(
        decode_fragment(&extra),
        Err(ShareError::Malformed { offset: 2, .. })
    ));
    // Nothing at all after inflating.
    let empty = fragment_of_serialised(&[]);
    assert!(matches!(
        decode_fragment(&empty),
        Err(ShareError::Malformed { offset: 0, .. })
    ));
}

#[test]
fn too_many_documents_in_a_link() {
    let fragment = fragment_of_serialised(&[200, 1]);
    assert_eq!(
        decode_fragment(&fragment),
        Err(ShareError::TooManyDocuments {
            count: 200,
            limit: MAX_DOCUMENTS
        })
    );
}

#[test]
fn serde_keeps_the_state_for_local_storage() {
    let state = typical_state();
    let json = serde_json::to_string(&state).unwrap();
    assert_eq!(serde_json::from_str::<SharedState>(&json).unwrap(), state);
    // Drafts written before a field existed still load.
    let old: SharedState =
        serde_json::from_str(r#"{"documents":[{"name":"a","text":"FROM x"}]}"#).unwrap();
    assert_eq!(old.documents, vec![document("a", "FROM x")]);
    assert_eq!(old.options, SharedOptions::default());
}

// ---- properties -------------------------------------------------------------

/// Text built from pieces that stress the codec: line endings, NUL, astral
/// characters, Dockerfile words and any other char.
fn tricky_text(max_pieces: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\0".to_string()),
        Just("😀𝄞".to_string()),
        Just("RUN apt-get install -y curl \\\n".to_string()),
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max_pieces).prop_map(|pieces| pieces.concat())
}

/// Random states. Up to 12 documents keeps a debug-build run short; the
/// full [`MAX_DOCUMENTS`] is covered by `the_most_documents_allowed_round_trip`.
fn shared_state() -> impl Strategy<Value = SharedState> {
    let documents = proptest::collection::vec(
        (tricky_text(8), tricky_text(300)).prop_map(|(name, text)| SharedDocument { name, text }),
        0..12,
    );
    let ids = proptest::collection::btree_set(any::<String>(), 0..6);
    let settings = proptest::collection::btree_map(any::<String>(), any::<String>(), 0..4);
    let options = (ids.clone(), ids, any::<bool>(), any::<usize>(), settings).prop_map(
        |(enabled_fixes, disabled_fixes, unsafe_fixes, selected_tab, settings)| SharedOptions {
            enabled_fixes,
            disabled_fixes,
            unsafe_fixes,
            selected_tab,
            settings,
        },
    );
    (documents, options).prop_map(|(documents, options)| SharedState { documents, options })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        // Print a failing input instead of writing files into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_state_round_trips(state in shared_state()) {
        let fragment = encode_fragment(&state).unwrap();
        prop_assert!(fragment.starts_with("v1."));
        prop_assert!(fragment[3..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        prop_assert_eq!(decode_fragment(&fragment).unwrap(), state.clone());
        prop_assert_eq!(decode_fragment(&format!("#{fragment}")).unwrap(), state);
    }

    #[test]
    fn damaged_links_never_panic(
        state in shared_state(),
        position in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let fragment = encode_fragment(&state).unwrap();
        let mut compressed = compressed_payload(&fragment);
        let index = position.index(compressed.len());
        compressed[index] ^= mask;
        let damaged = format!("v1.{}", URL_SAFE_NO_PAD.encode(&compressed));
        // Raw deflate has no checksum, so some flips decode to another valid
        // state; whatever comes out must then survive its own round trip.
        if let Ok(other) = decode_fragment(&damaged) {
            let again = encode_fragment(&other).unwrap();
            prop_assert_eq!(decode_fragment(&again).unwrap(), other);
        }
    }

    #[test]
    fn arbitrary_input_never_panics(input in any::<String>()) {
        let _ = decode_fragment(&input);
        let _ = decode_fragment(&format!("#v1.{input}"));
    }

    #[test]
    fn arbitrary_deflated_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = decode_fragment(&fragment_of_serialised(&bytes));
    }
}
