use dockopt_syntax::{DirectiveKind, Span};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{Command, PackageAction, PackageManager};
use crate::model::{Model, RunScript};
use crate::report::Severity;
use crate::rules::helpers::{is_apt, mounts_cache_at, subcommand_span};
use crate::rules::helpers::{ships, stage_of};
use crate::rules::size_helpers::{built_on, known_var, non_root_user_before, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a package-manager or build-tool step in a builder stage (one
    /// whose file system does not ship) that runs without a
    /// `--mount=type=cache` on the tool's download cache: apt, pip, uv,
    /// npm, yarn, pnpm, bun, `go build`/`go mod download`, cargo, Maven and
    /// Gradle.
    ///
    /// ## Why is this bad?
    /// When anything before the step changes, BuildKit re-runs it from
    /// nothing and downloads every package again. A cache mount keeps the
    /// tool's cache between builds, outside the image, so a rebuild only
    /// fetches what changed. In a builder stage nothing of the cache ships
    /// either way, so the mount is pure gain.
    ///
    /// Not flagged: shipped stages (the size rules look at those), RUNs after
    /// a non-root `USER` (the cache directories would be someone else's and
    /// the mounts root-owned), and steps that already have a cache mount on
    /// every directory they use.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/app ./cmd/app
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /out/app ./cmd/app
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Fix safety
    /// Adds the missing `--mount=type=cache,target=…` flags to the RUN
    /// (apt's with `sharing=locked`, since apt refuses to share its lock),
    /// and a `# syntax=docker/dockerfile:1` line at the top when the file
    /// has no syntax directive. Unsafe: the build then needs BuildKit, and
    /// what the RUN wrote into those directories is no longer in the layer
    /// (a later `COPY --from` of `/root/.m2` or `/go/pkg/mod` would find it
    /// empty). On Debian and Ubuntu images the `docker-clean` apt hook still
    /// deletes downloaded `.deb` files; the lists are kept.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/cache/optimize/#use-cache-mounts>
    /// - <https://docs.docker.com/reference/dockerfile/#run---mounttypecache>
    pub static RULE = {
        code: "DO3001",
        name: "builder-without-cache-mount",
        family: Family::Cache,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Give package downloads in builder stages a cache mount",
        sources: &["Docker docs: optimize cache usage, cache mounts"],
        check: check,
    }
}

/// The cache directories a command uses, or none.
fn cache_dirs(model: &Model<'_>, index: usize, command: &Command<'_>) -> Vec<(String, bool)> {
    let locked = |p: &str| (p.to_string(), true);
    let plain = |p: &str| (p.to_string(), false);
    // A cache directory moved by the environment (`PIP_CACHE_DIR`,
    // `YARN_CACHE_FOLDER`, …) is where the mount must go.
    let moved = |name: &str, default: &str| {
        let dir = known_var(model, index, name)
            .filter(|d| d.starts_with('/'))
            .unwrap_or_else(|| default.to_string());
        (dir.trim_end_matches('/').to_string(), false)
    };
    if let Some(package) = command.package() {
        let action = package.action;
        let installs = matches!(action, PackageAction::Install | PackageAction::Update);
        return match package.manager {
            m if is_apt(m) && installs => vec![locked("/var/cache/apt"), locked("/var/lib/apt")],
            PackageManager::Pip if installs && !package.no_cache() => {
                vec![moved("PIP_CACHE_DIR", "/root/.cache/pip")]
            }
            PackageManager::Uv if installs && !package.no_cache() => {
                vec![moved("UV_CACHE_DIR", "/root/.cache/uv")]
            }
            PackageManager::Npm if installs => vec![moved("npm_config_cache", "/root/.npm")],
            PackageManager::Yarn if installs => {
                match package
                    .args
                    .value_of("--cache-folder")
                    .and_then(|w| w.literal())
                {
                    Some(dir) if dir.starts_with('/') => vec![plain(dir.trim_end_matches('/'))],
                    _ => vec![moved("YARN_CACHE_FOLDER", "/usr/local/share/.cache/yarn")],
                }
            }
            PackageManager::Pnpm if installs => {
                let store = known_var(model, index, "PNPM_HOME")
                    .filter(|h| h.starts_with('/'))
                    .map(|h| format!("{}/store", h.trim_end_matches('/')))
                    .unwrap_or_else(|| "/root/.local/share/pnpm/store".into());
                vec![(store, false)]
            }
            PackageManager::Bun if installs && !package.no_cache() => {
                vec![plain("/root/.bun/install/cache")]
            }
            PackageManager::Go
                if matches!(action, PackageAction::Install | PackageAction::Build) =>
            {
                let modules = known_var(model, index, "GOMODCACHE")
                    .or_else(|| known_var(model, index, "GOPATH").map(|p| format!("{p}/pkg/mod")))
                    .filter(|p| p.starts_with('/'))
                    .unwrap_or_else(|| {
                        if built_on(model, index, "golang") {
                            "/go/pkg/mod".into()
                        } else {
                            "/root/go/pkg/mod".into()
                        }
                    });
                let build = if package.subcommand_is("mod") {
                    None
                } else {
                    Some(moved("GOCACHE", "/root/.cache/go-build"))
                };
                build.into_iter().chain([(modules, false)]).collect()
            }
            PackageManager::Cargo
                if matches!(action, PackageAction::Install | PackageAction::Build) =>
            {
                let home = known_var(model, index, "CARGO_HOME")
                    .filter(|p| p.starts_with('/'))
                    .unwrap_or_else(|| {
                        if built_on(model, index, "rust") {
                            "/usr/local/cargo".into()
                        } else {
                            "/root/.cargo".into()
                        }
                    });
                vec![(format!("{}/registry", home.trim_end_matches('/')), false)]
            }
            _ => Vec::new(),
        };
    }
    match command.program() {
        Some("mvn" | "mvnw") => vec![plain("/root/.m2")],
        Some("gradle" | "gradlew") => vec![plain("/root/.gradle")],
        _ => Vec::new(),
    }
}

fn span_of(script: &RunScript<'_>, command: &Command<'_>) -> Option<Span> {
    match command.package() {
        Some(package) => Some(subcommand_span(script, command, package)),
        None => command.name().map(|n| script.file_span(n.span)),
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let has_syntax = model.dockerfile.directive(DirectiveKind::Syntax).is_some();
    for (index, instruction) in runs(model) {
        let Some(stage) = stage_of(model, index) else {
            continue;
        };
        if ships(model, index) || stage.in_image || non_root_user_before(model, index) {
            continue;
        }
        let mut first: Option<Span> = None;
        let mut missing: Vec<(String, bool)> = Vec::new();
        for script in model.scripts_of(index) {
            for command in &script.script.commands {
                let dirs: Vec<(String, bool)> = cache_dirs(model, index, command)
                    .into_iter()
                    .filter(|(dir, _)| !mounts_cache_at(instruction, dir))
                    .collect();
                if dirs.is_empty() {
                    continue;
                }
                if first.is_none() {
                    first = span_of(script, command);
                }
                for dir in dirs {
                    if !missing.iter().any(|(d, _)| *d == dir.0) {
                        missing.push(dir);
                    }
                }
            }
        }
        let Some(span) = first else { continue };
        let mounts: Vec<String> = missing
            .iter()
            .map(|(dir, locked)| {
                let sharing = if *locked { ",sharing=locked" } else { "" };
                format!("--mount=type=cache,target={dir}{sharing}")
            })
            .collect();
        let at = instruction
            .flags
            .first()
            .map(|f| f.span.start)
            .or_else(|| instruction.command().map(|c| c.span().start));
        let dirs: Vec<&str> = missing.iter().map(|(d, _)| d.as_str()).collect();
        let diagnostic = checker.report(
            span,
            format!(
                "This builder step downloads again on every rebuild: add a cache mount on {}",
                dirs.join(", ")
            ),
        );
        let Some(at) = at else { continue };
        let mut edits = Vec::new();
        if !has_syntax {
            edits.push(Edit::insert(0, "# syntax=docker/dockerfile:1\n"));
        }
        edits.push(Edit::insert(at, format!("{} ", mounts.join(" "))));
        diagnostic.fix("Add cache mounts", Applicability::Unsafe, edits);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{check_fixture, findings, fix_all, spanned};

    #[test]
    fn one_finding_per_run_at_the_first_step_with_every_missing_mount() {
        let text = "FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y gcc && pip install -r req.txt\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "update");
        assert_eq!(found[0].span.start_position.line, 2);
        assert_eq!(found[0].span.start_position.column, 13);
        assert_eq!(
            fix_all(&[&RULE], text),
            "# syntax=docker/dockerfile:1\nFROM python:3.12 AS build\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/root/.cache/pip apt-get update && apt-get install -y gcc && pip install -r req.txt\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n"
        );
    }

    #[test]
    fn heredoc_steps_and_existing_mounts() {
        let text = "# syntax=docker/dockerfile:1.7\nFROM node:22 AS build\nRUN --mount=type=cache,target=/root/.npm <<EOF\nnpm ci\nmvn -B package\nEOF\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "mvn");
        assert_eq!(found[0].span.start_position.line, 5);
        assert_eq!(found[0].span.start_position.column, 1);
        assert_eq!(
            fix_all(&[&RULE], text),
            "# syntax=docker/dockerfile:1.7\nFROM node:22 AS build\nRUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm <<EOF\nnpm ci\nmvn -B package\nEOF\nFROM nginx\nCOPY --from=build /dist /usr/share/nginx/html\n"
        );
    }

    #[test]
    fn shipped_stages_and_non_root_users_are_left_alone() {
        for text in [
            "FROM node:22\nRUN npm ci\n",
            "FROM node:22 AS base\nRUN npm ci\nFROM base\nCMD [\"node\"]\n",
            "FROM node:22 AS build\nUSER node\nRUN npm ci\nFROM nginx\nCOPY --from=build /a /a\n",
            "FROM python:3 AS build\nRUN pip install --no-cache-dir x\nFROM scratch\nCOPY --from=build /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn cache_directories_moved_by_env_or_flags() {
        let text = "FROM node:22 AS build\nENV YARN_CACHE_FOLDER=/cache/yarn PIP_CACHE_DIR=/cache/pip\nRUN yarn && pip install x\nFROM scratch\nCOPY --from=build /a /a\n";
        let fixed = fix_all(&[&RULE], text);
        assert!(fixed.contains("RUN --mount=type=cache,target=/cache/yarn --mount=type=cache,target=/cache/pip yarn"), "{fixed}");
        let flag = "FROM node:22 AS build\nRUN --mount=type=cache,target=/y yarn install --cache-folder /y\nFROM scratch\nCOPY --from=build /a /a\n";
        assert!(findings(&RULE, flag).is_empty());
    }

    #[test]
    fn cargo_and_pnpm_directories_follow_the_environment() {
        let text = "FROM rust:1 AS build\nENV PNPM_HOME=/pnpm\nRUN cargo build --release && pnpm install\nFROM scratch\nCOPY --from=build /a /a\n";
        let fixed = fix_all(&[&RULE], text);
        assert!(fixed.contains("RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/pnpm/store cargo build"), "{fixed}");
    }

    #[test]
    fn rewrite_fixture_cache_mounts() {
        check_fixture("cache-mounts");
    }
}
