//! Shared by the corpus tests: the real Dockerfiles of ../shared/corpus/real,
//! used unchanged. CI always has ../shared beside the repository, so a
//! missing corpus fails instead of passing on nothing.

#![allow(dead_code)] // each corpus test uses a part of this

use std::path::{Path, PathBuf};

/// Every readable file of the real corpus with its text, sorted by path
/// (`manifest.tsv` and the README included: callers that want Dockerfiles
/// only filter them out).
pub fn real_corpus() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, text))
        })
        .collect()
}

/// [`real_corpus`] with each file named by its displayed path.
pub fn real_corpus_by_path() -> Vec<(String, String)> {
    real_corpus()
        .into_iter()
        .map(|(p, text)| (p.display().to_string(), text))
        .collect()
}
