//! Which ecosystem a stage builds, read from its base image and the
//! commands it runs: Node (and whether it is a Next.js app), Python (and its
//! web framework), Go, Rust, Java with Maven or Gradle.

use crate::model::{Base, Model};

/// A Python web framework, when the stage names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PythonFramework {
    FastApi,
    Django,
    Flask,
    Other,
}

/// What a stage builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    /// `next`: the stage builds or runs a Next.js app.
    Node {
        next: bool,
    },
    Python(PythonFramework),
    Go,
    Rust,
    Maven,
    Gradle,
}

/// The image a stage is (ultimately) built on: registry path and tag as
/// written after variable expansion. `None` for scratch, an unknown
/// reference, or a reference that depends on an unset build argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    /// The whole reference (`docker.io/library/node:22-slim`).
    pub reference: String,
    /// The last path component in lower case (`node`, `golang`).
    pub name: String,
    /// The path without registry, lower case (`library/node`, `distroless/static-debian12`).
    pub path: String,
    /// The tag (`latest` when none was written).
    pub tag: String,
    pub has_digest: bool,
    /// The stage whose FROM names this image.
    pub stage: usize,
}

/// The image at the root of a stage's chain of `FROM <stage>`.
pub fn base_image(model: &Model<'_>, stage: usize) -> Option<BaseImage> {
    let mut current = stage;
    for _ in 0..=model.stages.len() {
        match &model.stages.get(current)?.base {
            Base::Stage(parent) if *parent < current => current = *parent,
            Base::Image { reference, unknown } if unknown.is_empty() && !reference.is_empty() => {
                let image = dockopt_syntax::ImageRef::parse(reference);
                let path = image.path().to_ascii_lowercase();
                let name = path.rsplit('/').next().unwrap_or("").to_string();
                return Some(BaseImage {
                    reference: reference.clone(),
                    name,
                    path,
                    tag: image.tag().unwrap_or("latest").to_string(),
                    has_digest: image.digest().is_some(),
                    stage: current,
                });
            }
            _ => return None,
        }
    }
    None
}

/// The stages whose file systems make up `stage`: it and the stages it is
/// built on, the root first.
pub fn chain(model: &Model<'_>, stage: usize) -> Vec<usize> {
    let mut out = crate::rules::helpers::stage_chain(model, stage);
    out.reverse();
    out
}

/// The text of a stage's instructions (FROM included), for keyword checks.
fn stage_text(model: &Model<'_>, stage: usize) -> String {
    let mut out = String::new();
    for s in chain(model, stage) {
        let Some(st) = model.stages.get(s) else {
            continue;
        };
        for i in st.from_index..st.body.end {
            if let Some(located) = model.instructions.get(i) {
                out.push_str(located.instruction.span.text(model.text));
                out.push('\n');
            }
        }
    }
    out
}

/// The programs run by the RUNs of a stage (and the stages it is built on).
fn programs(model: &Model<'_>, stage: usize) -> Vec<String> {
    let stages = chain(model, stage);
    model
        .scripts
        .iter()
        .filter(|s| stages.contains(&s.stage))
        .flat_map(|s| s.script.commands.iter())
        .filter_map(|c| c.program().map(str::to_string))
        .collect()
}

fn ecosystem_of_image(name: &str) -> Option<Ecosystem> {
    match name {
        "node" => Some(Ecosystem::Node { next: false }),
        "python" | "pypy" => Some(Ecosystem::Python(PythonFramework::Other)),
        "golang" => Some(Ecosystem::Go),
        "rust" => Some(Ecosystem::Rust),
        "maven" => Some(Ecosystem::Maven),
        "gradle" => Some(Ecosystem::Gradle),
        _ => None,
    }
}

fn ecosystem_of_program(program: &str) -> Option<Ecosystem> {
    match program {
        "npm" | "npx" | "yarn" | "pnpm" | "node" => Some(Ecosystem::Node { next: false }),
        "pip" | "pip3" | "uv" | "poetry" | "pipenv" => {
            Some(Ecosystem::Python(PythonFramework::Other))
        }
        "go" => Some(Ecosystem::Go),
        "cargo" => Some(Ecosystem::Rust),
        "mvn" | "mvnw" => Some(Ecosystem::Maven),
        "gradle" | "gradlew" => Some(Ecosystem::Gradle),
        _ => None,
    }
}

/// The ecosystem of a stage: its base image's, else that of the first
/// build tool it runs; refined by what the stage mentions (Next.js, the
/// Python web framework).
pub fn detect(model: &Model<'_>, stage: usize) -> Option<Ecosystem> {
    let from_image = base_image(model, stage).and_then(|b| ecosystem_of_image(&b.name));
    let found = from_image.or_else(|| {
        programs(model, stage)
            .iter()
            .find_map(|p| ecosystem_of_program(p))
    })?;
    let text = stage_text(model, stage).to_ascii_lowercase();
    Some(match found {
        Ecosystem::Node { .. } => Ecosystem::Node {
            next: mentions_next(&text),
        },
        Ecosystem::Python(_) => {
            Ecosystem::Python(if text.contains("uvicorn") || text.contains("fastapi") {
                PythonFramework::FastApi
            } else if text.contains("django") || text.contains("manage.py") {
                PythonFramework::Django
            } else if text.contains("flask") {
                PythonFramework::Flask
            } else {
                PythonFramework::Other
            })
        }
        other => other,
    })
}

/// Whether stage text (lower case) shows a Next.js app.
fn mentions_next(text: &str) -> bool {
    text.contains(".next")
        || text.contains("next.config")
        || text.contains("next_telemetry")
        || text.contains("next build")
        || text.contains("next start")
}

/// A slim tag of the same image line: `22` → `22-slim`, `3.12-bookworm` →
/// `3.12-slim-bookworm`; a tag that is already slim or alpine stays.
pub fn slim_tag(tag: &str) -> String {
    let lower = tag.to_ascii_lowercase();
    if lower.contains("slim") || lower.contains("alpine") {
        return tag.to_string();
    }
    for codename in ["bookworm", "trixie", "bullseye"] {
        if let Some(version) = lower.strip_suffix(&format!("-{codename}")) {
            return format!("{version}-slim-{codename}");
        }
        if lower == codename {
            return format!("slim-{codename}");
        }
    }
    if lower == "latest" {
        return "slim".to_string();
    }
    format!("{tag}-slim")
}

/// The reference with another tag (the registry and path kept as written).
pub fn with_tag(base: &BaseImage, tag: &str) -> String {
    let reference = base.reference.split('@').next().unwrap_or("");
    let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
    let without_tag = match reference[last_slash..].find(':') {
        Some(colon) => &reference[..last_slash + colon],
        None => reference,
    };
    format!("{without_tag}:{tag}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use dockopt_syntax::Dockerfile;

    fn detect_in(text: &str) -> Option<Ecosystem> {
        let dockerfile = Dockerfile::parse(text);
        let model = Model::new(&dockerfile, &Config::default());
        detect(&model, model.shipped?)
    }

    #[test]
    fn ecosystems_from_images_and_commands() {
        assert_eq!(
            detect_in("FROM node:22\nRUN npm ci\nRUN npm run build\nCMD npx next start\n"),
            Some(Ecosystem::Node { next: true })
        );
        assert_eq!(
            detect_in("FROM node:22-slim\nCMD [\"node\", \"index.js\"]\n"),
            Some(Ecosystem::Node { next: false })
        );
        assert_eq!(
            detect_in("FROM python:3.12\nCMD [\"uvicorn\", \"app.main:app\"]\n"),
            Some(Ecosystem::Python(PythonFramework::FastApi))
        );
        assert_eq!(
            detect_in("FROM debian:12\nRUN pip install django\n"),
            Some(Ecosystem::Python(PythonFramework::Django))
        );
        assert_eq!(
            detect_in("FROM eclipse-temurin:21-jdk\nRUN ./mvnw package\n"),
            Some(Ecosystem::Maven)
        );
        assert_eq!(
            detect_in("FROM golang:1.23 AS b\nFROM b\nRUN true\n"),
            Some(Ecosystem::Go)
        );
        assert_eq!(detect_in("FROM alpine\nRUN true\n"), None);
    }

    #[test]
    fn slim_tags() {
        assert_eq!(slim_tag("22"), "22-slim");
        assert_eq!(slim_tag("3.12-bookworm"), "3.12-slim-bookworm");
        assert_eq!(slim_tag("3.12-slim"), "3.12-slim");
        assert_eq!(slim_tag("20-alpine"), "20-alpine");
        assert_eq!(slim_tag("latest"), "slim");
    }

    #[test]
    fn retagging_keeps_the_registry() {
        let base = BaseImage {
            reference: "localhost:5000/library/node:22".into(),
            name: "node".into(),
            path: "library/node".into(),
            tag: "22".into(),
            has_digest: false,
            stage: 0,
        };
        assert_eq!(
            with_tag(&base, "22-slim"),
            "localhost:5000/library/node:22-slim"
        );
    }
}
