//! What a user can configure: which rules run, at which severity, which
//! registries are trusted (DL3026), which labels are required and what their
//! values must look like (DL3049–DL3058), and which stage ships.
//!
//! This is the shape of `.dockopt.toml`. Core only defines and merges it; the
//! CLI reads the file (core does no I/O, and the web page does not need a
//! TOML parser in its wasm).
//!
//! ```toml
//! [rules]
//! ignore = ["DL3008", "DL3059"]       # codes or BuildKit names
//! [rules.severity]
//! DL3015 = "warning"                   # also enables rules that are off by default
//! [registries]
//! trusted = ["docker.io", "*.gcr.io"]
//! [labels]
//! required = ["org.opencontainers.image.source"]
//! strict = true                        # DL3050: no labels outside the schema
//! [labels.schema]
//! "org.opencontainers.image.created" = "rfc3339"
//! [build]
//! target = "runtime"                   # the stage that ships (default: the last)
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// The value format a label must have (hadolint's `label-schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelFormat {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Rules switched off, by code (`DL3008`) or BuildKit name.
    pub ignore: Vec<String>,
    /// Severity overrides; naming a rule that is off by default enables it.
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegistriesConfig {
    /// Registries FROM may pull from (globs like `*.gcr.io`); empty = any.
    pub trusted: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabelsConfig {
    /// Labels every image must carry (DL3049).
    pub required: Vec<String>,
    /// Value formats per label (DL3051–DL3058).
    pub schema: BTreeMap<String, LabelFormat>,
    /// Flag labels that are not in the schema (DL3050).
    pub strict: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildConfig {
    /// The stage that ships (`docker build --target`); default: the last.
    pub target: Option<String>,
}

/// The whole configuration. Every section is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub rules: RulesConfig,
    pub registries: RegistriesConfig,
    pub labels: LabelsConfig,
    pub build: BuildConfig,
}

impl Config {
    /// Layer `other` (e.g. command-line flags) over `self` (e.g. the file):
    /// lists are extended, maps and single values are overridden.
    pub fn merged_with(mut self, other: &Config) -> Config {
        self.rules.ignore.extend(other.rules.ignore.iter().cloned());
        self.rules
            .severity
            .extend(other.rules.severity.iter().map(|(k, v)| (k.clone(), *v)));
        self.registries
            .trusted
            .extend(other.registries.trusted.iter().cloned());
        self.labels
            .required
            .extend(other.labels.required.iter().cloned());
        self.labels
            .schema
            .extend(other.labels.schema.iter().map(|(k, v)| (k.clone(), *v)));
        self.labels.strict |= other.labels.strict;
        if other.build.target.is_some() {
            self.build.target.clone_from(&other.build.target);
        }
        self
    }

    /// Whether `registry` matches one of the trusted patterns (`*` matches
    /// any run of characters, case-insensitively). No patterns: all trusted.
    pub fn trusts_registry(&self, registry: &str) -> bool {
        self.registries.trusted.is_empty()
            || self.registries.trusted.iter().any(|pattern| {
                glob_matches(
                    &pattern.to_ascii_lowercase(),
                    &registry.to_ascii_lowercase(),
                )
            })
    }
}

/// `*`-only glob matching, iterative (no recursion on input).
fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_globs() {
        let config = Config {
            registries: RegistriesConfig {
                trusted: vec!["docker.io".into(), "*.gcr.io".into()],
            },
            ..Config::default()
        };
        assert!(config.trusts_registry("docker.io"));
        assert!(config.trusts_registry("eu.gcr.io"));
        assert!(config.trusts_registry("EU.GCR.IO"));
        assert!(!config.trusts_registry("gcr.io.evil.com"));
        assert!(!config.trusts_registry("quay.io"));
        assert!(Config::default().trusts_registry("quay.io"));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(!glob_matches("a*b*c", "aXXbYY"));
    }

    #[test]
    fn flags_layer_over_the_file() {
        let file = Config {
            rules: RulesConfig {
                ignore: vec!["DL3008".into()],
                severity: [("DL3015".to_string(), Severity::Warning)].into(),
            },
            build: BuildConfig {
                target: Some("runtime".into()),
            },
            ..Config::default()
        };
        let flags = Config {
            rules: RulesConfig {
                ignore: vec!["DL3059".into()],
                severity: [("DL3015".to_string(), Severity::Error)].into(),
            },
            ..Config::default()
        };
        let merged = file.merged_with(&flags);
        assert_eq!(merged.rules.ignore, vec!["DL3008", "DL3059"]);
        assert_eq!(merged.rules.severity["DL3015"], Severity::Error);
        assert_eq!(merged.build.target.as_deref(), Some("runtime"));
    }

    #[test]
    fn unknown_keys_are_rejected_not_ignored() {
        let err = serde_json::from_str::<Config>(r#"{"rules": {"ignroe": ["DL3008"]}}"#)
            .expect_err("a typo must be reported");
        assert!(err.to_string().contains("ignroe"), "{err}");
        let ok: Config = serde_json::from_str(r#"{"labels": {"schema": {"a": "email"}}}"#).unwrap();
        assert_eq!(ok.labels.schema["a"], LabelFormat::Email);
    }
}
