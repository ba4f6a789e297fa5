//! Every `FROM` of the real Dockerfiles in ../shared/corpus/real gets a base
//! image estimate without panicking, and what is not in the table says so.
//! (The layer-by-layer model will run whole files; this covers the
//! resolvers it will call.) CI always has ../shared: a missing corpus fails.

mod common;

use dockopt_core::estimate::{
    base_image, AptUniverse, BaseImageMatch, InstalledSet, ProvenanceKind,
};

fn corpus() -> Vec<(String, String)> {
    common::real_corpus_by_path()
}

#[test]
fn every_from_line_gets_an_estimate_that_states_its_certainty() {
    let files = corpus();
    assert!(files.len() > 200, "the corpus has about 270 files");
    let (mut exact, mut nearest, mut unknown, mut total) = (0, 0, 0, 0);
    for (path, text) in &files {
        for line in text.lines() {
            let trimmed = line.trim_start();
            let Some(rest) = trimmed
                .get(..5)
                .filter(|k| k.eq_ignore_ascii_case("FROM "))
                .and_then(|_| trimmed.get(5..))
            else {
                continue;
            };
            total += 1;
            let b = base_image(rest);
            let e = &b.estimate;
            assert!(
                e.uncompressed.low <= e.uncompressed.expected
                    && e.uncompressed.expected <= e.uncompressed.high,
                "{path}: {rest}"
            );
            match &b.matched {
                BaseImageMatch::Exact | BaseImageMatch::Scratch | BaseImageMatch::Published => {
                    exact += 1
                }
                BaseImageMatch::Nearest { reason } => {
                    assert!(!reason.is_empty());
                    // Never presented as a plain table figure.
                    assert!(
                        e.weakest() >= Some(ProvenanceKind::NearestTableRow),
                        "{path}: {rest}"
                    );
                    nearest += 1;
                }
                BaseImageMatch::Unknown { reason } => {
                    assert!(!reason.is_empty());
                    assert_eq!(e.weakest(), Some(ProvenanceKind::Unknown), "{path}: {rest}");
                    unknown += 1;
                }
            }
        }
    }
    println!("FROM lines: {total}: {exact} exact, {nearest} nearest row, {unknown} unknown");
    assert_eq!(exact + nearest + unknown, total);
    assert!(total > 250);
}

#[test]
fn every_apt_install_word_list_resolves_without_panicking() {
    // Crude word lists (everything after `install` on a logical line): the
    // resolver must take any words, flags and variables included.
    let u = AptUniverse::embedded();
    let base = InstalledSet::debian_slim_base(u);
    let mut lists = 0;
    for (_, text) in corpus() {
        let joined = text.replace("\\\n", " ");
        for line in joined.lines() {
            if let Some((_, after)) = line.split_once(" install ") {
                let words: Vec<&str> = after
                    .split_whitespace()
                    .take_while(|w| !w.contains("&&"))
                    .collect();
                let r = u.resolve_install(&words, true, &base);
                assert!(r.total.low <= r.total.high);
                lists += 1;
            }
        }
    }
    assert!(lists > 50);
}
