//! What a Dockerfile is analysed with: its `.dockopt.toml` (found upward
//! from the file, or given with `--config`), the flags layered over it, and
//! the `.dockerignore` beside it. Reading these files is I/O, so it lives
//! here; what they mean is `dockopt_core::config`'s business.

use std::path::{Path, PathBuf};

use dockopt_core::config::Config;

use crate::discover::{describe_io_error, find_config, find_dockerignore, Origin, Source};

/// The settings of one command run.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--config FILE`: this file for every Dockerfile instead of discovery.
    pub config_file: Option<PathBuf>,
    /// Flags that override the file (`--ignore`, `--target`).
    pub overrides: Config,
    /// Use the `.dockerignore` next to each Dockerfile (default: yes).
    pub use_dockerignore: bool,
}

/// What one Dockerfile is analysed with.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub config: Config,
    pub dockerignore: Option<String>,
}

/// Parse a `.dockopt.toml` text. Unknown keys are errors (a typo must not
/// silently switch nothing off).
pub fn parse_config(text: &str, path: &Path) -> Result<Config, String> {
    toml::from_str::<Config>(text).map_err(|err| {
        let message = err.to_string();
        format!("{}: invalid config: {}", path.display(), message.trim_end())
    })
}

fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("{}: {}", path.display(), describe_io_error(&err)))?;
    parse_config(&text, path)
}

/// The config and `.dockerignore` for `source`, or a message saying which
/// file could not be read and why.
pub fn prepare(source: &Source, settings: &Settings) -> Result<Prepared, String> {
    let dockerfile = match &source.origin {
        Origin::File(path) => path.clone(),
        // Standard input is read as a Dockerfile in the current directory.
        Origin::Stdin => PathBuf::from("Dockerfile"),
    };
    let config_path = match &settings.config_file {
        Some(path) => Some(path.clone()),
        None => find_config(&dockerfile),
    };
    let file_config = match config_path {
        Some(path) => read_config(&path)?,
        None => Config::default(),
    };
    let dockerignore = match (&source.origin, settings.use_dockerignore) {
        (Origin::File(path), true) => match find_dockerignore(path) {
            Some(ignore) => Some(
                std::fs::read_to_string(&ignore)
                    .map_err(|err| format!("{}: {}", ignore.display(), describe_io_error(&err)))?,
            ),
            None => None,
        },
        _ => None,
    };
    Ok(Prepared {
        config: file_config.merged_with(&settings.overrides),
        dockerignore,
    })
}

impl From<&crate::cli::ConfigArgs> for Settings {
    fn from(args: &crate::cli::ConfigArgs) -> Settings {
        let mut overrides = Config::default();
        overrides.rules.ignore.clone_from(&args.disable);
        overrides.build.target.clone_from(&args.target);
        Settings {
            config_file: args.config.clone(),
            overrides,
            use_dockerignore: !args.no_dockerignore,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockopt_core::Severity;

    #[test]
    fn a_config_file_reads_into_the_core_shape() {
        let text = "[rules]\nignore = [\"DL3008\"]\n[rules.severity]\nDL3015 = \"warning\"\n[build]\ntarget = \"runtime\"\n";
        let config = parse_config(text, Path::new(".dockopt.toml")).expect("valid");
        assert_eq!(config.rules.ignore, vec!["DL3008"]);
        assert_eq!(
            config.rules.severity.get("DL3015"),
            Some(&Severity::Warning)
        );
        assert_eq!(config.build.target.as_deref(), Some("runtime"));
    }

    #[test]
    fn typos_are_errors_that_name_the_file_and_key() {
        let err = parse_config(
            "[rules]\nignroe = [\"DL3008\"]\n",
            Path::new("x/.dockopt.toml"),
        )
        .expect_err("unknown key");
        assert!(err.starts_with("x/.dockopt.toml: invalid config:"), "{err}");
        assert!(err.contains("ignroe"), "{err}");
    }
}
