//! The share-link codec: documents and options <-> URL fragment `#v1.<payload>`.
