use dockopt_syntax::{Command as SyntaxCommand, Instruction, InstructionKind};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::Joiner;
use crate::model::{Model, ScriptSource};
use crate::report::Severity;
use crate::rewrite::deps::{dependency_installs, DependencyInstall, DependencyTool};
use crate::rewrite::text::{as_lines, lines_with_comments, newline_of};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a dependency install that only needs the ecosystem's manifests
    /// (`npm ci`, `yarn install`, `pnpm install`, `pip install -r
    /// requirements.txt`, `go mod download`, `cargo fetch`, `mvn
    /// dependency:go-offline`) but runs after a `COPY` of the whole build
    /// context (`COPY . .`) in the same stage.
    ///
    /// ## Why is this bad?
    /// A COPY step's cache key is the content of what it copies. After
    /// `COPY . .`, any edit to any source file invalidates every later step,
    /// so each build downloads and installs every dependency again. Copying
    /// the manifests first and installing before the rest keeps the install
    /// cached until a manifest changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts a `COPY` of the manifests (with the flags of the
    /// whole-context COPY, to its destination) before `COPY . .`, and moves
    /// the install there: the whole RUN with the comments above it, or, when
    /// the install is the first of `&&`-joined commands, only that command.
    /// The manifests are the standard ones of the tool (`package.json` and
    /// `package-lock.json` for `npm ci`, `package*.json` for `npm install`,
    /// `go.mod` and `go.sum`, `pom.xml`, plus the Maven wrapper), the
    /// `-r` files pip names, and `.npmrc`/`.yarnrc.yml` when the Dockerfile
    /// mentions them. It is unsafe: an install that reads other files (a
    /// `postinstall` script, a local `file:` dependency, a workspace
    /// package, `-e .` inside requirements.txt) now runs without them. It is
    /// not offered when anything between the two steps could change the
    /// install (a RUN, ENV, ARG, USER, COPY; a WORKDIR moves up with the
    /// install when the whole-context COPY has an absolute destination, which
    /// the move cannot change), for `cargo fetch`
    /// (Cargo needs a source target to read the manifest), or when a
    /// manifest name is dynamic.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/cache/optimize/#order-your-layers>
    /// - hadolint has no such rule; BuildKit neither.
    pub static RULE = {
        code: "DO3100",
        name: "dependencies-installed-after-source",
        family: Family::Cache,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Copy the dependency manifests and install before copying the rest of the source",
        sources: &["Docker docs: Optimize cache usage (order your layers)"],
        check: check,
    }
}

/// Whether a COPY/ADD copies the whole build context.
fn copies_whole_context(instruction: &Instruction) -> bool {
    if !matches!(
        instruction.kind,
        InstructionKind::Copy | InstructionKind::Add
    ) || instruction.flag("from").is_some()
    {
        return false;
    }
    instruction.paths().is_some_and(|p| {
        p.json.is_none()
            && p.sources()
                .iter()
                .any(|w| matches!(w.text.as_str(), "." | "./" | "./."))
    })
}

fn tool_name(tool: DependencyTool) -> &'static str {
    match tool {
        DependencyTool::Npm => "npm",
        DependencyTool::Yarn => "yarn",
        DependencyTool::Pnpm => "pnpm",
        DependencyTool::Pip => "pip",
        DependencyTool::Go => "go",
        DependencyTool::Cargo => "cargo",
        DependencyTool::Maven => "maven",
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in &model.stages {
        let mut whole_copy: Option<usize> = None;
        let mut installed_before: Vec<DependencyTool> = Vec::new();
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            if whole_copy.is_none() && copies_whole_context(instruction) {
                whole_copy = Some(index);
                continue;
            }
            if instruction.kind != InstructionKind::Run {
                continue;
            }
            for install in dependency_installs(model, index) {
                let Some(copy) = whole_copy else {
                    installed_before.push(install.tool);
                    continue;
                };
                if installed_before.contains(&install.tool) {
                    continue;
                }
                let copy_text = model
                    .instructions
                    .get(copy)
                    .map(|l| l.instruction.span.text(model.text))
                    .unwrap_or("COPY . .");
                let what = install.span.text(model.text).to_string();
                let message = match &install.manifests {
                    Some(files) if install.tool != DependencyTool::Cargo => format!(
                        "`{what}` runs after `{copy_text}`: every source change re-runs it; copy {} first and install before the rest",
                        files.join(" ")
                    ),
                    _ => format!(
                        "`{what}` runs after `{copy_text}`: every source change re-runs it; copy the {} manifests first and install before the rest",
                        tool_name(install.tool)
                    ),
                };
                let edits = fix(model, copy, index, &install);
                let diagnostic = checker.report(install.span, message);
                if let Some(edits) = edits {
                    diagnostic.fix(
                        "Copy the manifests and install before the source",
                        Applicability::Unsafe,
                        edits,
                    );
                }
                installed_before.push(install.tool);
            }
        }
    }
}

/// Kinds that may sit between the whole-context COPY and the install
/// without changing what the install sees.
fn harmless_between(kind: InstructionKind) -> bool {
    matches!(
        kind,
        InstructionKind::Expose
            | InstructionKind::Label
            | InstructionKind::Maintainer
            | InstructionKind::Stopsignal
            | InstructionKind::Healthcheck
            | InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Volume
    )
}

fn fix(
    model: &Model<'_>,
    copy: usize,
    run: usize,
    install: &DependencyInstall<'_, '_>,
) -> Option<Vec<Edit>> {
    let text = model.text;
    let newline = newline_of(text);
    if install.tool == DependencyTool::Cargo {
        return None;
    }
    let manifests = install.manifests.as_ref()?;
    let copy_instruction = model.instructions.get(copy)?.instruction;
    // A WORKDIR between the two may move up with the install when the
    // whole-context COPY names an absolute destination (which the move
    // cannot change).
    let absolute_destination = copy_instruction
        .paths()
        .and_then(|p| p.destination())
        .is_some_and(|d| d.text.starts_with('/'));
    let mut workdirs = Vec::new();
    for i in (copy + 1)..run {
        let kind = model.instructions.get(i)?.instruction.kind;
        if kind == InstructionKind::Workdir && absolute_destination {
            workdirs.push(i);
        } else if !harmless_between(kind) {
            return None;
        }
    }
    let run_instruction = model.instructions.get(run)?.instruction;
    if !run_instruction.heredocs.is_empty() {
        return None;
    }
    let Some(SyntaxCommand::Shell(shell)) = run_instruction.command() else {
        return None;
    };
    let ScriptSource::CommandLine(_) = install.script.source else {
        return None;
    };
    let paths = copy_instruction.paths()?;
    let first_source = paths.sources().first()?;
    let destination = paths.destination()?;
    // `COPY --chown=app:app ` as written: keyword, flags and spacing.
    // `COPY --chown=app:app ` : COPY (also for an `ADD . .`, which copies
    // local files the same way) in the file's casing, then the flags and
    // spacing as written.
    let flags = text.get(copy_instruction.keyword.span.end..first_source.span.start)?;
    let copy_head = format!(
        "{}{flags}",
        crate::rewrite::TextStyle::of(model).keyword("COPY")
    );
    let dest = match destination.text.as_str() {
        "." | "./" => "./".to_string(),
        d if d.ends_with('/') => d.to_string(),
        d => format!("{d}/"),
    };
    let mut inserted = format!("{copy_head}{} {dest}{newline}", manifests.join(" "));
    for directory in &install.directories {
        inserted.push_str(&format!(
            "{copy_head}{directory} {dest}{}/{newline}",
            directory.trim_start_matches("./")
        ));
    }
    // The install: the whole RUN, or its first `&&`-joined command.
    let top: Vec<usize> = install
        .script
        .script
        .commands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.depth == 0)
        .map(|(n, _)| n)
        .collect();
    if top.first() != Some(&install.command) {
        return None;
    }
    let command = install.command()?;
    if command.group.is_some() {
        return None;
    }
    let (copy_start, _) = lines_with_comments(model, copy_instruction)?;
    let mut edits = Vec::new();
    let mut moved_workdirs = String::new();
    for &i in &workdirs {
        let workdir = model.instructions.get(i)?.instruction;
        let (start, end) = lines_with_comments(model, workdir)?;
        moved_workdirs.push_str(&as_lines(model, start, end));
        edits.push(Edit::delete(start, end));
    }
    inserted.insert_str(0, &moved_workdirs);
    match top
        .get(1)
        .and_then(|&n| install.script.script.commands.get(n))
    {
        None => {
            let (start, end) = lines_with_comments(model, run_instruction)?;
            inserted.push_str(&as_lines(model, start, end));
            edits.push(Edit::delete(start, end));
        }
        Some(next) if next.joiner == Joiner::And => {
            let command_span = install.script.file_span(command.span);
            let next_start = install.script.file_span(next.span).start;
            let head = text.get(run_instruction.keyword.span.start..shell.span.start)?;
            inserted.push_str(&format!("{head}{}{newline}", command_span.text(text)));
            edits.push(Edit::delete(command_span.start, next_start));
        }
        Some(_) => return None,
    }
    edits.push(Edit::insert(copy_start, inserted));
    Some(edits)
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    fn findings(text: &str) -> Vec<(String, bool)> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "DO3100")
            .map(|f| (text[f.span.start..f.span.end].to_string(), f.fix.is_some()))
            .collect()
    }

    fn fixed(text: &str) -> String {
        crate::rewrite::fix_only("DO3100", text)
    }

    #[test]
    fn pip_requirements_after_copy_dot() {
        let text = "FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY --chown=app:app . /app\r\nRUN pip install --no-cache-dir -r requirements/base.txt && python -m compileall .\r\nCMD [\"python\", \"main.py\"]\r\n";
        assert_eq!(findings(text), vec![("pip install".to_string(), true)]);
        assert_eq!(
            fixed(text),
            "FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY --chown=app:app requirements/base.txt /app/\r\nRUN pip install --no-cache-dir -r requirements/base.txt\r\nCOPY --chown=app:app . /app\r\nRUN python -m compileall .\r\nCMD [\"python\", \"main.py\"]\r\n"
        );
    }

    #[test]
    fn go_and_maven_wrapper_manifests() {
        let go = "FROM golang:1.23\nWORKDIR /src\nCOPY . .\n# modules\nRUN go mod download\nRUN go build -o /app .\n";
        assert_eq!(findings(go), vec![("go mod download".to_string(), true)]);
        let report = analyze(go);
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == "DO3100")
            .expect("finding");
        assert_eq!(
            (
                finding.span.start_position.line,
                finding.span.start_position.column
            ),
            (5, 5)
        );
        assert_eq!(
            fixed(go),
            "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\n# modules\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n"
        );
        let maven = "FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY . .\nRUN ./mvnw -B dependency:go-offline\n";
        assert_eq!(
            fixed(maven),
            "FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY mvnw pom.xml ./\nCOPY .mvn ./.mvn/\nRUN ./mvnw -B dependency:go-offline\nCOPY . .\n"
        );
    }

    #[test]
    fn a_workdir_between_moves_up_when_the_copy_is_absolute() {
        let text = "FROM node:22\nADD . /app\nWORKDIR /app\nRUN npm install\nENTRYPOINT [\"npm\", \"start\"]\n";
        assert_eq!(
            fixed(text),
            "FROM node:22\nWORKDIR /app\nCOPY package*.json /app/\nRUN npm install\nADD . /app\nENTRYPOINT [\"npm\", \"start\"]\n"
        );
        let relative = "FROM node:22\nCOPY . .\nWORKDIR /app\nRUN npm install\n";
        assert_eq!(findings(relative), vec![("npm install".to_string(), false)]);
    }

    #[test]
    fn no_finding_when_manifests_come_first() {
        let text = "FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n";
        assert!(findings(text).is_empty());
        // Installing named packages does not need the manifests.
        assert!(findings("FROM node:22\nCOPY . .\nRUN npm install -g pm2\n").is_empty());
    }

    #[test]
    fn no_fix_when_something_between_could_change_the_install() {
        let text = "FROM node:22\nCOPY . .\nENV NODE_ENV=production\nRUN npm ci\n";
        assert_eq!(findings(text), vec![("npm ci".to_string(), false)]);
        let cargo = "FROM rust:1.83\nCOPY . .\nRUN cargo fetch\n";
        assert_eq!(findings(cargo), vec![("cargo fetch".to_string(), false)]);
        let dynamic = "FROM python:3.12\nCOPY . .\nRUN pip install -r $REQS\n";
        assert_eq!(findings(dynamic), vec![("pip install".to_string(), false)]);
    }
}
