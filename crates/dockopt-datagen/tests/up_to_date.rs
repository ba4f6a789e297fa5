//! The committed tables in dockopt-core must be exactly what the generator
//! writes from ../shared/data. CI always has ../shared, so a missing
//! directory is a failure, not a skip.

use std::path::Path;

#[test]
fn committed_tables_match_a_fresh_generation() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo_root = crate_dir.join("../..");
    let shared = repo_root.join("../shared");
    let files = dockopt_datagen::generate(&shared)
        .unwrap_or_else(|e| panic!("generation from {} failed: {e}", shared.display()));
    let stale = dockopt_datagen::check(&files, &dockopt_datagen::default_out_dir(&repo_root));
    assert!(
        stale.is_empty(),
        "{}\nregenerate with: {}",
        stale.join("\n"),
        dockopt_datagen::REGENERATE
    );
}

#[test]
fn generation_is_deterministic() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let first = dockopt_datagen::generate(&shared).expect("first run");
    let second = dockopt_datagen::generate(&shared).expect("second run");
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        assert!(a.bytes == b.bytes, "{} differs between two runs", a.name);
    }
}
