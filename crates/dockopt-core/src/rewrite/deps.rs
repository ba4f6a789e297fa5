//! Dependency installs that only need the ecosystem's manifests (`npm ci`,
//! `pip install -r requirements.txt`, `go mod download`, `cargo fetch`,
//! `mvn dependency:go-offline`), and the manifests each one reads.

use dockopt_syntax::Span;

use crate::model::shell::{ByteRange, Command, PackageAction, PackageManager};
use crate::model::{Model, RunScript};

/// Which tool installs the dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyTool {
    Npm,
    Yarn,
    Pnpm,
    Pip,
    Go,
    Cargo,
    Maven,
}

/// One dependency-install command of a RUN.
#[derive(Debug)]
pub struct DependencyInstall<'m, 'd> {
    pub script: &'m RunScript<'d>,
    /// Index into the script's commands.
    pub command: usize,
    pub tool: DependencyTool,
    /// The files it reads, as they would be copied (`package.json`,
    /// `requirements.txt`); `None` when one is dynamic (`-r $REQS`).
    pub manifests: Option<Vec<String>>,
    /// Directories it reads too (`.mvn` for the Maven wrapper).
    pub directories: Vec<String>,
    /// The program and subcommand (`npm ci`, `go mod download`) in the file.
    pub span: Span,
}

impl<'d> DependencyInstall<'_, 'd> {
    pub fn command(&self) -> Option<&Command<'d>> {
        self.script.script.commands.get(self.command)
    }
}

/// The file span of a command's words from its program name through `n`
/// words after it.
fn words_span(script: &RunScript<'_>, command: &Command<'_>, extra: usize) -> Span {
    let Some(start) = command.name_index else {
        return script.file_span(command.span);
    };
    let first = command.words.get(start).map(|w| w.span.start);
    let last = command
        .words
        .get(start + extra)
        .or_else(|| command.words.last())
        .map(|w| w.span.end);
    match (first, last) {
        (Some(a), Some(b)) => script.file_span(ByteRange::new(a, b)),
        _ => script.file_span(command.span),
    }
}

/// Every dependency install of the RUN at `index`.
pub fn dependency_installs<'m, 'd>(
    model: &'m Model<'d>,
    index: usize,
) -> Vec<DependencyInstall<'m, 'd>> {
    let whole_text = model.text;
    let mut out = Vec::new();
    for script in model.scripts_of(index) {
        for (n, command) in script.script.commands.iter().enumerate() {
            if command.depth > 0 {
                continue;
            }
            let program = command.program().unwrap_or("");
            let args: Vec<&str> = command
                .arguments()
                .iter()
                .map(|w| w.literal().unwrap_or("$"))
                .collect();
            let found = if program == "cargo" && args.first() == Some(&"fetch") {
                Some((
                    DependencyTool::Cargo,
                    Some(vec!["Cargo.toml".to_string(), "Cargo.lock".to_string()]),
                    1,
                ))
            } else if matches!(program, "mvn" | "mvnw")
                && args
                    .iter()
                    .any(|a| a.starts_with("dependency:go-offline") || a.contains(":go-offline"))
            {
                let at = args
                    .iter()
                    .position(|a| a.contains("go-offline"))
                    .map_or(1, |p| p + 1);
                let mut files = Vec::new();
                if program == "mvnw" {
                    files.push("mvnw".to_string());
                }
                files.push("pom.xml".to_string());
                Some((DependencyTool::Maven, Some(files), at))
            } else if let Some(package) = command.package() {
                let sub = package.subcommand.len();
                let bare = package.action == PackageAction::Install && package.packages.is_empty();
                match package.manager {
                    PackageManager::Npm if bare => Some((
                        DependencyTool::Npm,
                        Some(if package.subcommand_is("ci") {
                            vec!["package.json".to_string(), "package-lock.json".to_string()]
                        } else {
                            vec!["package*.json".to_string()]
                        }),
                        sub,
                    )),
                    PackageManager::Yarn if bare => Some((
                        DependencyTool::Yarn,
                        Some(vec!["package.json".to_string(), "yarn.lock".to_string()]),
                        sub,
                    )),
                    PackageManager::Pnpm if bare => Some((
                        DependencyTool::Pnpm,
                        Some(vec![
                            "package.json".to_string(),
                            "pnpm-lock.yaml".to_string(),
                        ]),
                        sub,
                    )),
                    PackageManager::Pip
                        if package.action == PackageAction::Install
                            && package.uses_requirement_files()
                            && package.packages.is_empty() =>
                    {
                        let files: Option<Vec<String>> = package
                            .requirement_files()
                            .map(|w| w.literal().map(str::to_string))
                            .collect();
                        Some((DependencyTool::Pip, files, sub))
                    }
                    PackageManager::Go if package.subcommand.len() == 2 && bare => Some((
                        DependencyTool::Go,
                        Some(vec!["go.mod".to_string(), "go.sum".to_string()]),
                        sub,
                    )),
                    _ => None,
                }
            } else {
                None
            };
            let Some((tool, mut manifests, extra)) = found else {
                continue;
            };
            let mut directories = Vec::new();
            if tool == DependencyTool::Maven && program == "mvnw" {
                directories.push(".mvn".to_string());
            }
            // Configuration files the install reads, when the file names them.
            if matches!(
                tool,
                DependencyTool::Npm | DependencyTool::Yarn | DependencyTool::Pnpm
            ) {
                if let Some(files) = manifests.as_mut() {
                    for config in [".npmrc", ".yarnrc.yml", ".yarnrc"] {
                        if whole_text.contains(config) {
                            files.push(config.to_string());
                        }
                    }
                }
            }
            out.push(DependencyInstall {
                script,
                command: n,
                tool,
                manifests,
                directories,
                span: words_span(script, command, extra),
            });
        }
    }
    out
}
