//! Shared helpers for the integration tests: where the corpus lives.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpus` next to the repository (overridable with
/// `DOCKOPT_CORPUS` when the checkout lives elsewhere).
pub fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DOCKOPT_CORPUS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Every real-world Dockerfile: `(file name, text)`, sorted by name.
pub fn real_files() -> Vec<(String, String)> {
    let dir = corpus_dir().join("real");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.file_name().is_some_and(|n| n != "manifest.tsv"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, text)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 200,
        "the real corpus is missing: {}",
        dir.display()
    );
    files
}

/// BuildKit fixture folders under `buildkit-parser/<group>`, sorted.
pub fn fixture_dirs(group: &str) -> Vec<PathBuf> {
    let dir = corpus_dir().join("buildkit-parser").join(group);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}
