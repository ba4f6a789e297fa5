//! The library's discovery hooks: `.dockopt.toml` upward, `.dockerignore`
//! next to a Dockerfile, and reading a source that turns out unreadable.

mod common;

use common::*;
use dockopt_cli::check::check;
use dockopt_cli::discover::{find_config, find_dockerignore, Origin, Source};

#[test]
fn config_is_the_nearest_one_upward() {
    let dir = tree(&[
        (".dockopt.toml", "# root\n"),
        ("a/b/Dockerfile", "FROM x\n"),
        ("a/.dockopt.toml", "# a\n"),
        ("c/Dockerfile", "FROM x\n"),
    ]);
    let root = dir.path();
    assert_eq!(
        find_config(&root.join("a/b/Dockerfile")),
        Some(root.join("a/.dockopt.toml"))
    );
    assert_eq!(
        find_config(&root.join("c/Dockerfile")),
        Some(root.join(".dockopt.toml"))
    );
    assert_eq!(
        find_config(&root.join("Dockerfile")),
        Some(root.join(".dockopt.toml"))
    );
}

#[test]
fn config_search_stops_at_the_repository_root() {
    let dir = tree(&[
        (".dockopt.toml", "# outside the repository\n"),
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/app/Dockerfile", "FROM x\n"),
    ]);
    let root = dir.path();
    assert_eq!(find_config(&root.join("repo/app/Dockerfile")), None);
    // A config at the repository root itself is still found.
    write(root, "repo/.dockopt.toml", b"");
    assert_eq!(
        find_config(&root.join("repo/app/Dockerfile")),
        Some(root.join("repo/.dockopt.toml"))
    );
}

#[test]
fn dockerignore_prefers_the_dockerfile_specific_one() {
    let dir = tree(&[
        ("a/Dockerfile", ""),
        ("a/.dockerignore", ""),
        ("a/api.Dockerfile", ""),
        ("a/api.Dockerfile.dockerignore", ""),
        ("b/Dockerfile", ""),
    ]);
    let root = dir.path();
    assert_eq!(
        find_dockerignore(&root.join("a/Dockerfile")),
        Some(root.join("a/.dockerignore"))
    );
    assert_eq!(
        find_dockerignore(&root.join("a/api.Dockerfile")),
        Some(root.join("a/api.Dockerfile.dockerignore"))
    );
    assert_eq!(find_dockerignore(&root.join("b/Dockerfile")), None);
}

#[test]
fn a_source_that_cannot_be_read_is_a_file_error() {
    let dir = tree(&[("ok/Dockerfile", CLEAN), ("dir/Dockerfile/keep", "")]);
    let sources = vec![
        Source {
            display: "dir/Dockerfile".into(),
            origin: Origin::File(dir.path().join("dir/Dockerfile")),
        },
        Source {
            display: "ok/Dockerfile".into(),
            origin: Origin::File(dir.path().join("ok/Dockerfile")),
        },
    ];
    let run = check(&sources);
    assert_eq!(run.files.len(), 1);
    assert_eq!(run.files[0].path, "ok/Dockerfile");
    assert_eq!(run.errors.len(), 1);
    assert_eq!(run.errors[0].path, "dir/Dockerfile");
    assert_eq!(run.errors[0].message, "Is a directory");
}
