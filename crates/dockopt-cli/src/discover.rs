//! Which files a command works on: expanding directories into the
//! Dockerfiles inside them, and finding the files that sit next to a
//! Dockerfile and change how it is read (`.dockerignore`, `.dockopt.toml`).
//!
//! Only names and directory listings are looked at here; no file is read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Directories never searched: version control, dependencies and build
/// output hold copies or fixtures, not the project's own Dockerfiles.
pub const SKIPPED_DIRECTORIES: [&str; 3] = [".git", "node_modules", "target"];

/// The config file name, looked up from each Dockerfile's directory upward.
pub const CONFIG_FILE_NAME: &str = ".dockopt.toml";

/// How standard input is reported when `--stdin-filename` does not name it.
pub const STDIN_DISPLAY_NAME: &str = "<stdin>";

/// One input to check: a file on disk or standard input, with the name it is
/// reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as reported (forward slashes, no leading `./`).
    pub display: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
}

/// A path that could not be expanded (missing, or a directory that cannot be listed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryError {
    pub display: String,
    pub message: String,
}

/// What [`discover`] found: sources in argument order (a directory's files
/// sorted by path, each source once), and the paths that failed.
#[derive(Debug, Default)]
pub struct Discovered {
    pub sources: Vec<Source>,
    pub errors: Vec<DiscoveryError>,
}

/// Whether a file name is one a directory search picks up: `Dockerfile`,
/// `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`. BuildKit's per-Dockerfile
/// ignore files (`Dockerfile.dockerignore`, `api.Dockerfile.dockerignore`)
/// match `Dockerfile.*` but are not Dockerfiles.
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "Dockerfile"
        || name
            .strip_prefix("Dockerfile.")
            .is_some_and(|s| !s.is_empty())
        || name
            .strip_suffix(".Dockerfile")
            .is_some_and(|s| !s.is_empty())
        || name
            .strip_suffix(".dockerfile")
            .is_some_and(|s| !s.is_empty())
}

/// Expand command-line paths: files are taken as given whatever their name,
/// `-` is standard input (reported as `stdin_name`), directories are searched
/// and their Dockerfiles sorted by path, so the result never depends on
/// directory listing order. A source reached twice is kept once, where it
/// was first reached.
pub fn discover(paths: &[PathBuf], stdin_name: &str) -> Discovered {
    let mut sources: Vec<Source> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut errors = Vec::new();
    let mut add = |display: String, origin: Origin, sources: &mut Vec<Source>| {
        if seen.insert(display.clone()) {
            sources.push(Source { display, origin });
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            add(stdin_name.to_string(), Origin::Stdin, &mut sources);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = BTreeMap::new();
                search_directory(path, &mut found, &mut errors);
                for (display, origin) in found {
                    add(display, origin, &mut sources);
                }
            }
            Ok(_) => add(display_path(path), Origin::File(path.clone()), &mut sources),
            Err(err) => errors.push(DiscoveryError {
                display: display_path(path),
                message: describe_io_error(&err),
            }),
        }
    }
    Discovered { sources, errors }
}

/// Depth-first search with an explicit stack: a deep tree cannot overflow
/// ours. Symbolic links to directories are not followed, so a link cycle
/// cannot loop; links to files are.
fn search_directory(
    root: &Path,
    found: &mut BTreeMap<String, Origin>,
    errors: &mut Vec<DiscoveryError>,
) {
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let entries = match std::fs::read_dir(&directory) {
            Ok(entries) => entries,
            Err(err) => {
                errors.push(DiscoveryError {
                    display: display_path(&directory),
                    message: describe_io_error(&err),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                if !SKIPPED_DIRECTORIES.contains(&name.as_ref()) {
                    pending.push(path);
                }
            } else if is_dockerfile_name(&name)
                && (file_type.is_file() || (file_type.is_symlink() && path.is_file()))
            {
                found.insert(display_path(&path), Origin::File(path));
            }
        }
    }
}

/// A path as reported: `./` prefixes dropped, `/` as the separator.
pub fn display_path(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into()),
            other => parts.push(other.as_os_str().to_string_lossy().into()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// An I/O error in words, without Rust's `(os error 2)` suffix.
pub fn describe_io_error(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// The ignore file that applies to the Dockerfile at `dockerfile`, looked up
/// the way BuildKit does next to it: `<name>.dockerignore` first (e.g.
/// `api.Dockerfile.dockerignore`), else `.dockerignore` in the same directory.
///
/// `check` passes this file's text to the analysis once `dockopt_core`
/// accepts one (rules about `COPY . .` sending a whole context need it).
pub fn find_dockerignore(dockerfile: &Path) -> Option<PathBuf> {
    let directory = dockerfile.parent().unwrap_or(Path::new(""));
    let mut candidates = Vec::with_capacity(2);
    if let Some(name) = dockerfile.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        candidates.push(directory.join(specific));
    }
    candidates.push(directory.join(".dockerignore"));
    candidates.into_iter().find(|candidate| candidate.is_file())
}

/// The `.dockopt.toml` that applies to the Dockerfile at `dockerfile`: the
/// nearest one in its directory or an ancestor. The search stops at the
/// repository root (a directory containing `.git`), so a config outside the
/// repository never leaks in, or at the file system root.
///
/// Reading the config waits for `dockopt_core` to accept settings.
pub fn find_config(dockerfile: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(dockerfile).ok()?;
    let mut directory = absolute.parent();
    while let Some(current) = directory {
        let candidate = current.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if current.join(".git").exists() {
            return None;
        }
        directory = current.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.dev",
            "Dockerfile.prod.arm64",
            "api.Dockerfile",
            "api.dockerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "dockerfile",
            "Dockerfile.",
            ".Dockerfile",
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
            ".dockerignore",
            "Dockerfiles",
            "README.md",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn display_paths_drop_dot_prefixes() {
        assert_eq!(display_path(Path::new("./a/./Dockerfile")), "a/Dockerfile");
        assert_eq!(display_path(Path::new("a/b")), "a/b");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("/x/Dockerfile")), "/x/Dockerfile");
        assert_eq!(display_path(Path::new("../x")), "../x");
    }

    #[test]
    fn io_errors_lose_the_os_error_number() {
        let err = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(!describe_io_error(&err).contains("os error"));
        let err = std::io::Error::from_raw_os_error(2);
        assert_eq!(describe_io_error(&err), "No such file or directory");
    }
}
