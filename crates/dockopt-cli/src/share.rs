//! `dockopt share`: the given Dockerfiles as one playground link, through
//! the same codec the web app reads ([`dockopt_core::share`]).

use std::path::Path;

use dockopt_core::share::{share_url, SharedDocument, SharedState};

use crate::check::load;
use crate::discover::{Origin, Source, STDIN_DISPLAY_NAME};

/// The tab name for a Dockerfile: the directory's name for a file called
/// `Dockerfile` (`frontend/Dockerfile` → `frontend`, since that is what tells
/// several apart), the file name otherwise (`api.Dockerfile`).
pub fn document_name(source: &Source) -> String {
    let path = match &source.origin {
        Origin::File(path) => path.as_path(),
        Origin::Stdin => Path::new(&source.display),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display.clone());
    if source.origin == Origin::Stdin && source.display == STDIN_DISPLAY_NAME {
        return "Dockerfile".to_string();
    }
    if file_name == "Dockerfile" {
        let parent = std::path::absolute(path).ok().and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        });
        // A relative path says which directory the user meant; the absolute
        // one supplies it for `./Dockerfile`.
        let given_parent = path
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = given_parent.or(parent) {
            return name;
        }
    }
    file_name
}

/// Read every source and build the link. Fails with one message per source
/// that could not be read, or with the codec's message when the files are
/// too large for a link.
pub fn build_link(sources: &[Source], base_url: &str) -> Result<String, Vec<String>> {
    let mut documents = Vec::with_capacity(sources.len());
    let mut problems = Vec::new();
    let mut stdin = std::io::stdin().lock();
    for source in sources {
        match load(source, &mut stdin) {
            Ok(text) => documents.push(SharedDocument {
                name: document_name(source),
                text,
            }),
            Err(message) => problems.push(format!("{}: {message}", source.display)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let state = SharedState {
        documents,
        ..SharedState::default()
    };
    share_url(base_url, &state).map_err(|err| vec![format!("cannot make a link: {err}")])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn name_of(path: &str) -> String {
        document_name(&Source {
            display: path.into(),
            origin: Origin::File(PathBuf::from(path)),
        })
    }

    #[test]
    fn dockerfiles_are_named_after_their_directory() {
        assert_eq!(name_of("frontend/Dockerfile"), "frontend");
        assert_eq!(name_of("services/api/Dockerfile"), "api");
        assert_eq!(name_of("api.Dockerfile"), "api.Dockerfile");
        assert_eq!(name_of("deploy/Dockerfile.prod"), "Dockerfile.prod");
    }

    #[test]
    fn a_bare_dockerfile_is_named_after_the_current_directory() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let expected = cwd
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Dockerfile".into());
        assert_eq!(name_of("Dockerfile"), expected);
        assert_eq!(name_of("./Dockerfile"), expected);
    }
}
