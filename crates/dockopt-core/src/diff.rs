//! Line and word diffs between an original Dockerfile and its rewrite.
