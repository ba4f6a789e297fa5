//! Splitting a single-stage build into a builder and a runtime stage, per
//! ecosystem. The original stage becomes the builder (` AS build` is added
//! to its FROM); the runtime stage is appended at the end of the file. What
//! only matters at run time (CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK, LABEL,
//! STOPSIGNAL, VOLUME) moves there with the comments above it, ENV lines
//! are repeated there, and the ecosystem decides the runtime base and what
//! to copy. Every edit splices the original text; moved lines are the
//! original bytes.

use dockopt_syntax::{Command as SyntaxCommand, Instruction, InstructionKind, Span};

use crate::fix::Edit;
use crate::model::shell::{ByteRange, Command, PackageAction, PackageManager};
use crate::model::{Model, Value};
use crate::rewrite::ecosystem::{base_image, slim_tag, with_tag, BaseImage};
use crate::rewrite::text::{as_lines, lines_with_comments, node_of};
use crate::rewrite::{Ecosystem, TextStyle};

/// A planned split: the edits and what they assume.
#[derive(Debug)]
pub struct Split {
    pub edits: Vec<Edit>,
    /// The runtime base image.
    pub runtime: String,
    /// What the split takes for granted, in words for the fix title.
    pub assumptions: Vec<String>,
}

/// Why no split is offered.
pub type NoSplit = String;

/// Instructions that only matter when the image runs: they move to the
/// runtime stage.
fn moves_to_runtime(kind: InstructionKind) -> bool {
    matches!(
        kind,
        InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Expose
            | InstructionKind::Healthcheck
            | InstructionKind::Label
            | InstructionKind::Stopsignal
            | InstructionKind::Volume
    )
}

/// `path` resolved against the directory `dir`.
pub fn resolve(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        return normalize(path);
    }
    normalize(&format!("{}/{path}", dir.trim_end_matches('/')))
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The working directory just before instruction `index` of `stage`, when
/// it is known (`None` after a WORKDIR with a variable).
pub fn workdir_at(model: &Model<'_>, stage: usize, index: usize, initial: &str) -> Option<String> {
    let body = model.stages.get(stage)?.body.clone();
    let mut dir = initial.to_string();
    for i in body.start..index.min(body.end) {
        let instruction = model.instructions.get(i)?.instruction;
        if instruction.kind != InstructionKind::Workdir {
            continue;
        }
        let value = instruction.single_word()?.unquoted(model.escape);
        if value.contains('$') {
            return None;
        }
        dir = resolve(&dir, &value);
    }
    Some(dir)
}

/// The working directory the base image starts in.
fn initial_workdir(image: &BaseImage) -> &'static str {
    if image.name == "golang" {
        "/go"
    } else {
        "/"
    }
}

/// The exec-form arguments of the stage's last CMD or ENTRYPOINT (the
/// ENTRYPOINT's when there is one), as decoded strings.
fn run_command(model: &Model<'_>, stage: usize) -> Result<Vec<String>, NoSplit> {
    let body = model
        .stages
        .get(stage)
        .map(|s| s.body.clone())
        .unwrap_or(0..0);
    let find = |kind: InstructionKind| {
        body.clone()
            .rev()
            .filter_map(|i| model.instructions.get(i))
            .find(|l| l.instruction.kind == kind)
            .map(|l| l.instruction)
    };
    let instruction = find(InstructionKind::Entrypoint)
        .or_else(|| find(InstructionKind::Cmd))
        .ok_or_else(|| "the stage has no CMD or ENTRYPOINT".to_string())?;
    match instruction.command() {
        Some(SyntaxCommand::Exec(exec)) => {
            Ok(exec.args.iter().map(|w| w.text.to_string()).collect())
        }
        _ => Err("its CMD/ENTRYPOINT is in shell form".to_string()),
    }
}

/// Every command of the stage's RUNs, with the RUN's model index.
fn commands<'m, 'd>(
    model: &'m Model<'d>,
    stage: usize,
) -> impl Iterator<Item = (&'m crate::model::RunScript<'d>, &'m Command<'d>)> {
    model
        .scripts
        .iter()
        .filter(move |s| s.stage == stage)
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
}

/// Whether a command's words include `word` as an argument.
fn has_argument(command: &Command<'_>, word: &str) -> bool {
    command.arguments().iter().any(|w| w.is(word))
}

/// The value given to a `-o`-style option (`-o out`, `-o=out`).
fn option_value(command: &Command<'_>, option: &str) -> Option<String> {
    let args = command.arguments();
    for (n, word) in args.iter().enumerate() {
        let value = word.literal()?;
        if value == option {
            return args
                .get(n + 1)
                .and_then(|w| w.literal())
                .map(str::to_string);
        }
        if let Some(rest) = value.strip_prefix(&format!("{option}=")) {
            return Some(rest.to_string());
        }
    }
    None
}

/// The value of ENV `name` at the end of the stage (empty when it comes
/// from a build argument).
fn env_value(model: &Model<'_>, stage: usize, name: &str) -> Option<String> {
    let end = model.stages.get(stage)?.body.end;
    match model.scope_at(end.saturating_sub(1)).get(name) {
        Some(Value::Known(v)) => Some(v.clone()),
        // Set from a build argument: set, to an unknown value.
        Some(_) => Some(String::new()),
        None => None,
    }
    .or_else(|| {
        // scope_at stops before the last instruction: look at it too.
        let last = model.instructions.get(end.saturating_sub(1))?.instruction;
        last.key_values()
            .iter()
            .find(|kv| kv.key.text == name)
            .map(|kv| kv.value.unquoted(model.escape))
    })
}

/// The pieces an ecosystem contributes to the split.
struct Plan {
    runtime: String,
    /// Edits of the builder (a `CGO_ENABLED=0`, a venv, a prune).
    builder: Vec<Edit>,
    /// Lines right after the runtime FROM (before ENV and WORKDIR).
    head: Vec<String>,
    /// Whether the runtime gets the builder's WORKDIR.
    workdir: bool,
    /// Lines after WORKDIR: the copies from the builder.
    copies: Vec<String>,
    /// A CMD that replaces the original (which is then dropped).
    new_cmd: Option<String>,
    assumptions: Vec<String>,
}

/// Plan the split of the single stage `stage` for `ecosystem`.
pub fn plan_split(model: &Model<'_>, stage: usize, ecosystem: Ecosystem) -> Result<Split, NoSplit> {
    if model.stages.len() != 1 {
        return Err("the file already has several stages".into());
    }
    let st = model.stages.get(stage).ok_or("no stage")?;
    let image = base_image(model, stage).ok_or("the base image is not known")?;
    let from = st.from.as_from().ok_or("no FROM")?;
    let image_word = from.image().ok_or("no FROM image")?;
    if image_word.text.contains('$') || image.has_digest {
        return Err("the FROM reference has a variable or a digest".into());
    }
    let has_user = st.body.clone().any(|i| {
        model
            .instructions
            .get(i)
            .is_some_and(|l| l.instruction.kind == InstructionKind::User)
    });
    if has_user {
        return Err("the stage switches USER; the runtime stage would not have that user".into());
    }
    if crate::rewrite::text::dangling_continuation(model, model.text.len()) {
        return Err("the file ends in a line continuation".into());
    }
    let style = TextStyle::of(model);
    let workdir = workdir_at(model, stage, st.body.end, initial_workdir(&image))
        .ok_or("the WORKDIR depends on a variable")?;
    let builder_name = match st.name_word {
        Some(word) => word.text.to_string(),
        None => "build".to_string(),
    };
    let dropped = check_builder(model, stage, &image, &workdir, ecosystem)?;
    let plan = match ecosystem {
        Ecosystem::Go => go(model, stage, &image, &workdir, &builder_name, &style)?,
        Ecosystem::Rust => rust(model, stage, &image, &workdir, &builder_name)?,
        Ecosystem::Maven | Ecosystem::Gradle => {
            java(model, stage, &image, &workdir, &builder_name)?
        }
        Ecosystem::Node { next: true } => {
            next(model, stage, &image, &workdir, &builder_name, &style)?
        }
        Ecosystem::Node { next: false } => {
            node(model, stage, &image, &workdir, &builder_name, &style)?
        }
        Ecosystem::Python(_) => python(model, stage, &image, &workdir, &builder_name, &style)?,
    };

    let text = model.text;
    let newline = style.newline;
    let mut edits = plan.builder;
    if st.name_word.is_none() {
        edits.push(Edit::insert(
            image_word.span.end,
            format!(" {} {builder_name}", style.keyword("AS")),
        ));
    }
    let mut moved = String::new();
    let mut envs = String::new();
    for index in st.body.clone() {
        let Some(instruction) = model.instructions.get(index).map(|l| l.instruction) else {
            continue;
        };
        if instruction.kind == InstructionKind::Env {
            if let Some(node) = node_of(model, instruction) {
                envs.push_str(&as_lines(model, node.full_span.start, node.full_span.end));
            }
            continue;
        }
        if !moves_to_runtime(instruction.kind) {
            continue;
        }
        let (start, end) = lines_with_comments(model, instruction).ok_or("no lines")?;
        edits.push(Edit::delete(start, end));
        let replaced = plan.new_cmd.is_some()
            && matches!(
                instruction.kind,
                InstructionKind::Cmd | InstructionKind::Entrypoint
            );
        if !replaced {
            moved.push_str(&as_lines(model, start, end));
        }
    }
    let args = redeclared_args(model, stage, &format!("{envs}{moved}"), &style);
    // Where the builder ends once the moved lines are gone: trailing blank
    // lines are dropped too, so exactly one blank line separates the stages.
    let deletions: Vec<(usize, usize)> = edits
        .iter()
        .filter(|e| e.replacement.is_empty() && e.start < e.end)
        .map(|e| (e.start, e.end))
        .collect();
    let mut builder_end = text.len();
    let mut blank_lines = Vec::new();
    loop {
        if let Some(&(start, _)) = deletions.iter().find(|d| d.1 == builder_end) {
            builder_end = start;
            continue;
        }
        if builder_end > 0 && text.get(..builder_end).is_some_and(|t| t.ends_with('\n')) {
            let start = crate::rewrite::text::line_start(text, builder_end - 1);
            if text
                .get(start..builder_end)
                .is_some_and(|l| l.trim().is_empty())
            {
                blank_lines.push(Edit::delete(start, builder_end));
                builder_end = start;
                continue;
            }
        }
        break;
    }
    edits.extend(blank_lines);
    let mut runtime = String::new();
    if builder_end == text.len() && !text.is_empty() && !text.ends_with('\n') {
        runtime.push_str(newline);
    }
    if builder_end > 0 {
        runtime.push_str(newline);
    }
    runtime.push_str(&style.line(
        "FROM",
        &format!("{} {} runtime", plan.runtime, style.keyword("AS")),
    ));
    runtime.push_str(&args);
    for line in &plan.head {
        runtime.push_str(line);
        runtime.push_str(newline);
    }
    runtime.push_str(&envs);
    if plan.workdir && workdir != "/" {
        runtime.push_str(&style.line("WORKDIR", &workdir));
    }
    for line in &plan.copies {
        runtime.push_str(line);
        runtime.push_str(newline);
    }
    runtime.push_str(&moved);
    if let Some(cmd) = &plan.new_cmd {
        runtime.push_str(&style.line("CMD", cmd));
    }
    let append = Edit::insert(text.len(), runtime);
    edits.push(append);
    Ok(Split {
        edits: shift_deletions(text, edits),
        runtime: plan.runtime,
        assumptions: {
            let mut assumptions = plan.assumptions;
            if !dropped.is_empty() {
                assumptions.push(format!(
                    "the program does not need {} at run time (installed for the build only)",
                    dropped.join(", ")
                ));
            }
            assumptions
        },
    })
}

/// Whether `text` references the variable `name` (`$NAME`, `${NAME…}`).
fn references(text: &str, name: &str) -> bool {
    let plain = format!("${name}");
    let braced = format!("${{{name}");
    text.contains(&braced)
        || text.match_indices(&plain).any(|(at, m)| {
            !text[at + m.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The ARG lines the runtime stage needs for what it repeats or moves: the
/// stage's own declarations copied as written, `ARG NAME` for a global one.
fn redeclared_args(model: &Model<'_>, stage: usize, moved: &str, style: &TextStyle) -> String {
    let mut out = String::new();
    let mut seen: Vec<String> = Vec::new();
    let body = model
        .stages
        .get(stage)
        .map(|s| s.body.clone())
        .unwrap_or(0..0);
    for index in body {
        let Some(instruction) = model.instructions.get(index).map(|l| l.instruction) else {
            continue;
        };
        let names: Vec<String> = instruction
            .arg_decls()
            .iter()
            .map(|a| a.name.text.to_string())
            .collect();
        if names.iter().any(|n| references(moved, n)) {
            if let Some(node) = node_of(model, instruction) {
                out.push_str(&as_lines(model, node.full_span.start, node.full_span.end));
            }
            seen.extend(names);
        }
    }
    for name in model
        .global_scope
        .names()
        .into_iter()
        .filter(|n| !seen.iter().any(|s| s == n) && references(moved, n))
    {
        out.push_str(&style.line("ARG", name));
    }
    out
}

/// Programs a Node or Python builder may run without writing outside the
/// app directory (or the venv).
const CONFINED_PROGRAMS: &[&str] = &[
    "apt-get", "apt", "apk", "rm", "mkdir", "echo", "true", "set", "cd", "chmod", "chown",
];

/// The split keeps only what the ecosystem's runtime copies: refuse
/// builders that put files elsewhere (a COPY outside the app directory, a
/// RUN that may write anywhere). Returns the system packages the runtime
/// will not have (for Go, Rust, Java and Node: an assumption to state).
fn check_builder(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    ecosystem: Ecosystem,
) -> Result<Vec<String>, NoSplit> {
    let mut dropped: Vec<String> = Vec::new();
    let st = model.stages.get(stage).ok_or("no stage")?;
    let inside = |path: &str| {
        path == workdir || path.starts_with(&format!("{}/", workdir.trim_end_matches('/')))
    };
    for index in st.body.clone() {
        let Some(instruction) = model.instructions.get(index).map(|l| l.instruction) else {
            continue;
        };
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) {
            continue;
        }
        let Some(destination) = instruction.paths().and_then(|p| p.destination()) else {
            continue;
        };
        let dir =
            workdir_at(model, stage, index, initial_workdir(image)).ok_or("unknown WORKDIR")?;
        let resolved = resolve(&dir, &destination.unquoted(model.escape));
        if !inside(&resolved) {
            return Err(format!(
                "`{}` copies to {resolved}, outside the app directory {workdir}",
                instruction
                    .span
                    .text(model.text)
                    .lines()
                    .next()
                    .unwrap_or("")
            ));
        }
    }
    let interpreted = matches!(ecosystem, Ecosystem::Node { .. } | Ecosystem::Python(_));
    for (_, command) in commands(model, stage) {
        let Some(program) = command.program() else {
            continue;
        };
        if interpreted {
            let allowed = CONFINED_PROGRAMS.contains(&program)
                || match ecosystem {
                    Ecosystem::Python(_) => {
                        let args: Vec<&str> = command
                            .arguments()
                            .iter()
                            .filter_map(|w| w.literal())
                            .collect();
                        program.starts_with("pip")
                            || (program.starts_with("python")
                                && args.first() == Some(&"-m")
                                && matches!(args.get(1), Some(&"pip") | Some(&"compileall")))
                    }
                    _ => {
                        matches!(program, "npm" | "yarn" | "pnpm" | "npx" | "next")
                            && !has_argument(command, "-g")
                            && !has_argument(command, "--global")
                            && !has_argument(command, "global")
                    }
                };
            if !allowed {
                return Err(format!(
                    "a RUN runs `{program}`, which may write outside {workdir}"
                ));
            }
        }
        // System packages the runtime will not have (Python reinstalls
        // them; the others ship on a different base): an assumption.
        if let Some(package) = command.package() {
            let system = matches!(
                package.manager,
                PackageManager::AptGet | PackageManager::Apt | PackageManager::Apk
            );
            if system
                && package.action == PackageAction::Install
                && !matches!(ecosystem, Ecosystem::Python(_))
            {
                for p in &package.packages {
                    if p.kind != crate::model::shell::PackageKind::Name {
                        return Err("a system package is named by a variable or a file".into());
                    }
                    let name = p.name.to_string();
                    // python3 is node-gyp's, like make and g++.
                    let node_gyp = matches!(ecosystem, Ecosystem::Node { .. })
                        && matches!(name.as_str(), "python3" | "python");
                    if !is_build_package(&name)
                        && !node_gyp
                        && !matches!(name.as_str(), "ca-certificates" | "tzdata")
                        && !dropped.contains(&name)
                    {
                        dropped.push(name);
                    }
                }
            }
        }
    }
    Ok(dropped)
}

/// Whether two edits touch the same text (as the fix engine sees it: two
/// insertions at one offset, or ranges that overlap, an insertion strictly
/// inside a range included).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.start == a.end && b.start == b.end {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
}

/// Deleting whole lines as "the line ending before, then the line" instead
/// of "the line, then its line ending" removes the same text, but puts the
/// start of the deleted line strictly inside the range. Another rule's fix
/// that inserts there in the same pass (a HEALTHCHECK or USER before the
/// CMD this split moves) then conflicts and is re-computed on the split
/// file, where it lands in the runtime stage instead of the builder.
fn shift_deletions(text: &str, edits: Vec<Edit>) -> Vec<Edit> {
    let newline_before = |at: usize| -> Option<usize> {
        let before = text.get(..at)?;
        if before.ends_with("\r\n") {
            Some(2)
        } else if before.ends_with('\n') {
            Some(1)
        } else {
            None
        }
    };
    let mut out = edits.clone();
    // Front to back, so that a run of adjacent deletions shifts as a whole.
    let mut order: Vec<usize> = (0..edits.len()).collect();
    crate::sort::sort_by_key(&mut order, |&n| edits.get(n).map(|e| (e.start, e.end)));
    for n in order {
        let Some(edit) = edits.get(n) else {
            continue;
        };
        if !edit.replacement.is_empty() || edit.start == edit.end {
            continue;
        }
        let (Some(before), Some(last)) = (newline_before(edit.start), newline_before(edit.end))
        else {
            continue;
        };
        if edit.start < before || edit.end < edit.start + last {
            continue;
        }
        let shifted = Edit::delete(edit.start - before, edit.end - last);
        let clashes = out
            .iter()
            .enumerate()
            .any(|(m, other)| m != n && overlaps(&shifted, other));
        if !clashes {
            out[n] = shifted;
        }
    }
    out
}

fn copy_line(style: &TextStyle, builder: &str, from: &str, to: &str) -> String {
    format!("{} --from={builder} {from} {to}", style.keyword("COPY"))
}

/// The destination for a path the CMD names: as written when relative.
fn destination(written: &str, absolute: &str) -> String {
    if written.starts_with('/') {
        absolute.to_string()
    } else if written.starts_with("./") {
        written.to_string()
    } else {
        format!("./{written}")
    }
}

fn go(
    model: &Model<'_>,
    stage: usize,
    _image: &BaseImage,
    workdir: &str,
    builder: &str,
    style: &TextStyle,
) -> Result<Plan, NoSplit> {
    let (script, build) = commands(model, stage)
        .filter(|(_, c)| {
            c.package().is_some_and(|p| {
                p.manager == PackageManager::Go && p.action == PackageAction::Build
            })
        })
        .last()
        .ok_or("no `go build`")?;
    let output =
        option_value(build, "-o").ok_or("`go build` has no `-o`: the binary's path is unknown")?;
    if output.ends_with('/') {
        return Err("`go build -o` names a directory".into());
    }
    let built_in =
        workdir_at(model, stage, script.instruction_index, "/go").ok_or("unknown WORKDIR")?;
    let binary = resolve(&built_in, &output);
    let command = run_command(model, stage)?;
    if command.first().is_some_and(|c| c == "go") {
        return Err("the image runs `go run`".into());
    }
    let mut builder_edits = Vec::new();
    let cgo = env_value(model, stage, "CGO_ENABLED").or_else(|| {
        build
            .assignment("CGO_ENABLED")
            .map(|a| a.value.value.to_string())
    });
    match cgo.as_deref() {
        Some("0") => {}
        Some(_) => return Err("the build sets CGO_ENABLED: the binary needs libc".into()),
        None => {
            let at = script
                .file_span(ByteRange::new(build.span.start, build.span.start))
                .start;
            builder_edits.push(Edit::insert(at, "CGO_ENABLED=0 "));
        }
    }
    // The image must run that binary: by its path, or by its name from a
    // directory on distroless's PATH.
    let on_path = |name: &str| {
        [
            "/usr/local/bin",
            "/usr/bin",
            "/bin",
            "/usr/local/sbin",
            "/usr/sbin",
            "/sbin",
        ]
        .iter()
        .any(|dir| format!("{dir}/{name}") == binary)
    };
    let (to, relative) = match command.first() {
        Some(first) if resolve(workdir, first) == binary => {
            (destination(first, &binary), !first.starts_with('/'))
        }
        Some(first) if !first.contains('/') && on_path(first) => (binary.clone(), false),
        _ => {
            return Err(format!(
                "the CMD/ENTRYPOINT does not run the built {binary}"
            ))
        }
    };
    let changes_directory = script
        .script
        .commands
        .iter()
        .take_while(|c| c.span.start < build.span.start)
        .any(|c| matches!(c.program(), Some("cd") | Some("pushd")));
    if changes_directory {
        return Err("the build RUN changes directory before `go build`".into());
    }
    Ok(Plan {
        runtime: "gcr.io/distroless/static-debian12:nonroot".into(),
        builder: builder_edits,
        head: Vec::new(),
        workdir: relative,
        copies: vec![copy_line(style, builder, &binary, &to)],
        new_cmd: None,
        assumptions: vec![
            format!("the static binary {binary} is all the program needs at run time (no templates, assets or cgo)"),
            "it may run as distroless's nonroot user (UID 65532)".into(),
        ],
    })
}

fn rust(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    builder: &str,
) -> Result<Plan, NoSplit> {
    let style = TextStyle::of(model);
    commands(model, stage)
        .find(|(_, c)| c.program() == Some("cargo") && has_argument(c, "build"))
        .ok_or("no `cargo build`")?;
    let command = run_command(model, stage)?;
    let first = command.first().ok_or("empty CMD")?;
    let binary = resolve(workdir, first);
    if !binary.contains("/target/") {
        return Err("the CMD does not run a binary from target/".into());
    }
    let tag = image.tag.to_ascii_lowercase();
    let family = crate::estimate::base_image::base_image(&image.reference).family;
    use crate::estimate::base_image::{DebianRelease, DistroFamily};
    let release = if tag.contains("bookworm") {
        12
    } else if tag.contains("trixie") {
        13
    } else {
        match family {
            DistroFamily::Debian(DebianRelease::Bookworm) => 12,
            DistroFamily::Debian(DebianRelease::Trixie) => 13,
            _ => return Err("the Debian release of the Rust image is unknown".into()),
        }
    };
    let openssl = model
        .scripts
        .iter()
        .filter(|s| s.stage == stage)
        .flat_map(|s| s.script.package_commands())
        .any(|(_, p)| p.packages.iter().any(|k| k.name == "libssl-dev"));
    let (runtime, head) = if openssl {
        let codename = if release == 12 { "bookworm" } else { "trixie" };
        let libssl = if release == 12 {
            "libssl3"
        } else {
            "libssl3t64"
        };
        (
            format!("debian:{codename}-slim"),
            vec![format!(
                "{} apt-get update && apt-get install -y --no-install-recommends ca-certificates {libssl} && rm -rf /var/lib/apt/lists/*",
                style.keyword("RUN")
            )],
        )
    } else {
        (
            format!("gcr.io/distroless/cc-debian{release}:nonroot"),
            Vec::new(),
        )
    };
    Ok(Plan {
        runtime,
        builder: Vec::new(),
        head,
        workdir: !first.starts_with('/'),
        copies: vec![copy_line(
            &style,
            builder,
            &binary,
            &destination(first, &binary),
        )],
        new_cmd: None,
        assumptions: vec![
            format!(
                "{binary} is all the program needs at run time, linked only against glibc{}",
                if openssl { " and OpenSSL" } else { "" }
            ),
            format!("the builder is Debian {release}, so the runtime's glibc matches"),
        ],
    })
}

/// The Java major version of a Maven, Gradle or JDK image tag.
fn java_version(image: &BaseImage) -> Option<String> {
    let tag = image.tag.to_ascii_lowercase();
    let digits_after = |marker: &str| -> Option<String> {
        let at = tag.find(marker)? + marker.len();
        let digits: String = tag[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        (!digits.is_empty()).then_some(digits)
    };
    match image.name.as_str() {
        "maven" => digits_after("temurin-")
            .or_else(|| digits_after("openjdk-"))
            .or_else(|| digits_after("corretto-"))
            .or_else(|| digits_after("jdk-")),
        "gradle" => digits_after("jdk"),
        "eclipse-temurin" | "openjdk" | "amazoncorretto" => {
            let digits: String = tag.chars().take_while(|c| c.is_ascii_digit()).collect();
            (!digits.is_empty()).then_some(digits)
        }
        _ => None,
    }
}

fn java(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    builder: &str,
) -> Result<Plan, NoSplit> {
    let style = TextStyle::of(model);
    let version = java_version(image).ok_or("the Java version of the image is unknown")?;
    let command = run_command(model, stage)?;
    let jar_at = command
        .iter()
        .position(|a| a == "-jar")
        .ok_or("the CMD does not run `java -jar`")?;
    let jar = command.get(jar_at + 1).ok_or("no jar after -jar")?;
    if jar.contains(['*', '$']) {
        return Err("the jar path has a wildcard or a variable".into());
    }
    let built = resolve(workdir, jar);
    Ok(Plan {
        runtime: format!("eclipse-temurin:{version}-jre"),
        builder: Vec::new(),
        head: Vec::new(),
        workdir: !jar.starts_with('/'),
        copies: vec![copy_line(
            &style,
            builder,
            &built,
            &destination(jar, &built),
        )],
        new_cmd: None,
        assumptions: vec![
            format!("{built} is a self-contained (Spring Boot or shaded) jar"),
            format!("it runs on the Java {version} JRE without JDK tools"),
        ],
    })
}

/// Whether a command builds a Node app (`npm run build`, `yarn build`,
/// `next build`).
pub fn is_node_build(command: &Command<'_>) -> bool {
    let args: Vec<&str> = command
        .arguments()
        .iter()
        .filter_map(|w| w.literal())
        .collect();
    match command.program() {
        Some("npm") => {
            args.first() == Some(&"run") && args.get(1).is_some_and(|a| a.contains("build"))
        }
        Some("yarn") | Some("pnpm") => args.iter().any(|a| a.contains("build")),
        Some("next") | Some("npx") => args.contains(&"build"),
        _ => false,
    }
}

/// The builder's RUN that builds the app (`npm run build`, `next build`).
fn node_build_run(model: &Model<'_>, stage: usize) -> Option<usize> {
    commands(model, stage)
        .filter(|(_, c)| is_node_build(c))
        .map(|(s, _)| s.instruction_index)
        .last()
}

fn node_manager(model: &Model<'_>, stage: usize) -> Option<PackageManager> {
    commands(model, stage)
        .filter_map(|(_, c)| c.package())
        .find(|p| {
            matches!(
                p.manager,
                PackageManager::Npm | PackageManager::Yarn | PackageManager::Pnpm
            ) && p.action == PackageAction::Install
        })
        .map(|p| p.manager)
}

fn node(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    builder: &str,
    style: &TextStyle,
) -> Result<Plan, NoSplit> {
    let build = node_build_run(model, stage).ok_or("no build step (`npm run build`)")?;
    if node_manager(model, stage) != Some(PackageManager::Npm) {
        return Err("only npm projects are split".into());
    }
    if workdir == "/" {
        return Err("the app has no WORKDIR".into());
    }
    let instruction = model.instructions.get(build).ok_or("no RUN")?.instruction;
    let node = node_of(model, instruction).ok_or("no lines")?;
    let mut prune = style.line("RUN", "npm prune --omit=dev");
    if !model
        .text
        .get(..node.full_span.end)
        .is_some_and(|t| t.ends_with('\n'))
    {
        prune = format!("{}{prune}", style.newline);
    }
    Ok(Plan {
        runtime: with_tag(image, &slim_tag(&image.tag)),
        builder: vec![Edit::insert(node.full_span.end, prune)],
        head: match env_value(model, stage, "NODE_ENV") {
            // The stage's own ENV lines are repeated in the runtime.
            Some(_) => Vec::new(),
            None => vec![format!("{} NODE_ENV=production", style.keyword("ENV"))],
        },
        workdir: true,
        copies: vec![copy_line(style, builder, workdir, workdir)],
        new_cmd: None,
        assumptions: vec![
            format!("everything the app needs at run time is in {workdir} after the build, with devDependencies pruned"),
        ],
    })
}

fn first_tcp_port(model: &Model<'_>, stage: usize) -> Option<String> {
    let body = model.stages.get(stage)?.body.clone();
    body.filter_map(|i| model.instructions.get(i))
        .find_map(|l| match &l.instruction.body {
            dockopt_syntax::Body::Expose(words) => words
                .first()
                .map(|w| w.text.split('/').next().unwrap_or("").to_string()),
            _ => None,
        })
}

fn next(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    builder: &str,
    style: &TextStyle,
) -> Result<Plan, NoSplit> {
    node_build_run(model, stage).ok_or("no build step (`next build`)")?;
    if workdir == "/" {
        return Err("the app has no WORKDIR".into());
    }
    let has_entrypoint = model.stages.get(stage).is_some_and(|s| {
        s.body.clone().any(|i| {
            model
                .instructions
                .get(i)
                .is_some_and(|l| l.instruction.kind == InstructionKind::Entrypoint)
        })
    });
    if has_entrypoint {
        return Err("the stage has an ENTRYPOINT".into());
    }
    let env = |name: &str| env_value(model, stage, name);
    let mut head = Vec::new();
    if env("NODE_ENV").is_none() {
        head.push(format!("{} NODE_ENV=production", style.keyword("ENV")));
    }
    if env("HOSTNAME").is_none() {
        head.push(format!("{} HOSTNAME=0.0.0.0", style.keyword("ENV")));
    }
    if let Some(port) = first_tcp_port(model, stage).filter(|p| p != "3000" && !p.contains('$')) {
        if env("PORT").is_none() {
            head.push(format!("{} PORT={port}", style.keyword("ENV")));
        }
    }
    let at = |p: &str| resolve(workdir, p);
    Ok(Plan {
        runtime: with_tag(image, &slim_tag(&image.tag)),
        builder: Vec::new(),
        head,
        workdir: true,
        copies: vec![
            copy_line(style, builder, &at("public"), "./public"),
            copy_line(style, builder, &at(".next/standalone"), "./"),
            copy_line(style, builder, &at(".next/static"), "./.next/static"),
        ],
        new_cmd: Some("[\"node\", \"server.js\"]".into()),
        assumptions: vec![
            "next.config sets `output: 'standalone'`".into(),
            "the app has a public/ directory".into(),
        ],
    })
}

/// Runtime libraries for build-time `-dev` packages (Debian, Alpine).
fn runtime_library(package: &str, alpine: bool) -> Option<&'static str> {
    if alpine {
        return match package {
            "postgresql-dev" | "libpq-dev" => Some("libpq"),
            "mariadb-dev" | "mariadb-connector-c-dev" => Some("mariadb-connector-c"),
            "jpeg-dev" | "libjpeg-turbo-dev" => Some("libjpeg-turbo"),
            "libxml2-dev" => Some("libxml2"),
            "libxslt-dev" => Some("libxslt"),
            _ => None,
        };
    }
    match package {
        "libpq-dev" => Some("libpq5"),
        "default-libmysqlclient-dev" | "libmariadb-dev" | "libmariadb-dev-compat" => {
            Some("libmariadb3")
        }
        "libjpeg-dev" | "libjpeg62-turbo-dev" => Some("libjpeg62-turbo"),
        "libxml2-dev" => Some("libxml2"),
        "libxslt1-dev" | "libxslt-dev" => Some("libxslt1.1"),
        "libmagic-dev" => Some("libmagic1"),
        "libgeos-dev" => Some("libgeos-c1v5"),
        "libcairo2-dev" => Some("libcairo2"),
        _ => None,
    }
}

/// Build-only packages that need no runtime counterpart.
fn build_only(package: &str) -> bool {
    crate::rewrite::split::is_build_package(package)
        && !package.ends_with("-dev")
        && !package.ends_with("-devel")
        || matches!(
            package,
            "python3-dev"
                | "python-dev"
                | "libffi-dev"
                | "libssl-dev"
                | "zlib1g-dev"
                | "musl-dev"
                | "libc-dev"
                | "libc6-dev"
                | "linux-headers"
                | "openssl-dev"
                | "zlib-dev"
                | "cargo"
                | "rust"
        )
}

/// Whether the packages of the install at (`script`, `command`) are removed
/// again: a later remove or autoremove in the same RUN (`apk del
/// .build-deps`, `apt-get purge -y --auto-remove`), or a later RUN of the
/// shipped chain that removes them by name.
fn removed_later(
    model: &Model<'_>,
    stages: &[usize],
    script: &crate::model::RunScript<'_>,
    command: usize,
    names: &[&str],
) -> bool {
    let removes = |p: &crate::model::shell::PackageCommand<'_>| {
        matches!(p.action, PackageAction::Remove | PackageAction::AutoRemove)
    };
    let same_run = script
        .script
        .commands
        .iter()
        .skip(command + 1)
        .filter_map(|c| c.package())
        .any(removes);
    same_run
        || model
            .scripts
            .iter()
            .filter(|s| stages.contains(&s.stage) && s.instruction_index > script.instruction_index)
            .flat_map(|s| s.script.package_commands())
            .any(|(_, p)| removes(p) && p.packages.iter().any(|k| names.contains(&k.name.as_ref())))
}

/// The first build package (compiler, headers, `build-essential`; `git`
/// only with others) that the shipped chain installs and does not remove
/// again, with every build package of that install.
pub fn shipped_build_packages(model: &Model<'_>, shipped: usize) -> Option<(Span, Vec<String>)> {
    let stages = crate::rewrite::ecosystem::chain(model, shipped);
    for script in model.scripts.iter().filter(|s| stages.contains(&s.stage)) {
        for (n, command) in script.script.commands.iter().enumerate() {
            let Some(package) = command.package() else {
                continue;
            };
            if package.action != PackageAction::Install
                || matches!(
                    package.manager,
                    PackageManager::Pip
                        | PackageManager::Npm
                        | PackageManager::Yarn
                        | PackageManager::Pnpm
                        | PackageManager::Go
                        | PackageManager::Cargo
                        | PackageManager::Gem
                        | PackageManager::Uv
                        | PackageManager::Poetry
                        | PackageManager::Pipenv
                        | PackageManager::Pipx
                        | PackageManager::Bun
                )
            {
                continue;
            }
            let found: Vec<&str> = package
                .packages
                .iter()
                .map(|p| p.name.as_ref())
                .filter(|n| is_build_package(n))
                .collect();
            // git alone is often a run-time need (CI agents, git servers).
            if found.is_empty() || found == ["git"] {
                continue;
            }
            if removed_later(model, &stages, script, n, &found) {
                continue;
            }
            let Some(first) = package.packages.iter().find(|p| is_build_package(&p.name)) else {
                continue;
            };
            return Some((
                script.file_span(first.word.span),
                found.iter().map(|n| n.to_string()).collect(),
            ));
        }
    }
    None
}

/// Packages that only building needs: compilers, headers, version control.
pub fn is_build_package(package: &str) -> bool {
    matches!(
        package,
        "gcc"
            | "g++"
            | "clang"
            | "make"
            | "cmake"
            | "build-essential"
            | "build-base"
            | "git"
            | "pkg-config"
            | "pkgconf"
            | "autoconf"
            | "automake"
            | "libtool"
            | "musl-dev"
            | "linux-headers"
            | "libc-dev"
            | "libc6-dev"
            | "gfortran"
            | "cargo"
            | "rust"
    ) || package.ends_with("-dev")
        || package.ends_with("-devel")
}

fn python(
    model: &Model<'_>,
    stage: usize,
    image: &BaseImage,
    workdir: &str,
    builder: &str,
    style: &TextStyle,
) -> Result<Plan, NoSplit> {
    if workdir == "/" {
        return Err("the app has no WORKDIR".into());
    }
    if image.name != "python" {
        return Err("the base is not an official python image".into());
    }
    let pip_runs: Vec<usize> = commands(model, stage)
        .filter(|(_, c)| {
            c.package().is_some_and(|p| {
                p.manager == PackageManager::Pip && p.action == PackageAction::Install
            })
        })
        .map(|(s, c)| {
            if has_argument(c, "--user") {
                usize::MAX
            } else {
                s.instruction_index
            }
        })
        .collect();
    if pip_runs.is_empty() {
        return Err("no `pip install`".into());
    }
    if pip_runs.contains(&usize::MAX) {
        return Err("`pip install --user` does not work in a venv".into());
    }
    let venv_exists = commands(model, stage).any(|(_, c)| {
        c.program() == Some("virtualenv") || (has_argument(c, "venv") && has_argument(c, "-m"))
    }) || model.text.contains("VIRTUAL_ENV");
    if venv_exists {
        return Err("the build already uses a virtual environment".into());
    }
    let alpine = image.tag.to_ascii_lowercase().contains("alpine");
    // What the runtime must install again: the runtime libraries of the
    // `-dev` packages, and every package that is not for building.
    let mut libraries: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for (_, command) in commands(model, stage) {
        let Some(package) = command.package() else {
            continue;
        };
        if package.action != PackageAction::Install
            || !matches!(
                package.manager,
                PackageManager::AptGet | PackageManager::Apt | PackageManager::Apk
            )
        {
            continue;
        }
        for p in &package.packages {
            if p.kind != crate::model::shell::PackageKind::Name {
                return Err("a system package is named by a variable or a file".into());
            }
            let name = p.name.as_ref();
            let runtime = match runtime_library(name, alpine) {
                Some(lib) => Some(lib.to_string()),
                None if build_only(name) => None,
                None if is_build_package(name) => {
                    unknown.push(name.to_string());
                    None
                }
                None => Some(p.word.value.to_string()),
            };
            if let Some(runtime) = runtime {
                if !libraries.contains(&runtime) {
                    libraries.push(runtime);
                }
            }
        }
    }
    let first_pip = pip_runs.iter().copied().min().ok_or("no pip")?;
    // The venv goes before the first COPY that precedes the install (so a
    // changed requirements file does not re-create it), else before the
    // install.
    let first_copy = model.stages.get(stage).and_then(|s| {
        (s.body.start..first_pip).find(|&i| {
            model.instructions.get(i).is_some_and(|l| {
                matches!(
                    l.instruction.kind,
                    InstructionKind::Copy | InstructionKind::Add
                )
            })
        })
    });
    let venv_before = first_copy.unwrap_or(first_pip);
    let instruction: &Instruction = model
        .instructions
        .get(venv_before)
        .ok_or("no RUN")?
        .instruction;
    let (start, _) = lines_with_comments(model, instruction).ok_or("no lines")?;
    let venv = format!(
        "{}{}",
        style.line("RUN", "python -m venv /opt/venv"),
        style.line("ENV", "PATH=\"/opt/venv/bin:$PATH\"")
    );
    let mut head = Vec::new();
    if !libraries.is_empty() {
        let list = libraries.join(" ");
        head.push(if alpine {
            format!("{} apk add --no-cache {list}", style.keyword("RUN"))
        } else {
            format!(
                "{} apt-get update && apt-get install -y --no-install-recommends {list} && rm -rf /var/lib/apt/lists/*",
                style.keyword("RUN")
            )
        });
    }
    head.push(format!(
        "{} PATH=\"/opt/venv/bin:$PATH\"",
        style.keyword("ENV")
    ));
    let mut assumptions = vec![format!(
        "the app is {workdir} plus what pip installs; the venv at /opt/venv carries over to the same Python"
    )];
    if !unknown.is_empty() {
        assumptions.push(format!(
            "no runtime library is needed for {}",
            unknown.join(", ")
        ));
    }
    Ok(Plan {
        runtime: with_tag(image, &slim_tag(&image.tag)),
        builder: vec![Edit::insert(start, venv)],
        head,
        workdir: true,
        copies: vec![
            copy_line(style, builder, "/opt/venv", "/opt/venv"),
            copy_line(style, builder, workdir, workdir),
        ],
        new_cmd: None,
        assumptions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_workdir() {
        assert_eq!(resolve("/app", "target/x.jar"), "/app/target/x.jar");
        assert_eq!(resolve("/app/", "./bin/../server"), "/app/server");
        assert_eq!(resolve("/app", "/usr/bin/x"), "/usr/bin/x");
        assert_eq!(resolve("/", "app"), "/app");
    }

    #[test]
    fn java_versions_from_tags() {
        let image = |name: &str, tag: &str| BaseImage {
            reference: format!("{name}:{tag}"),
            name: name.into(),
            path: format!("library/{name}"),
            tag: tag.into(),
            has_digest: false,
            stage: 0,
        };
        assert_eq!(
            java_version(&image("maven", "3.9-eclipse-temurin-21")).as_deref(),
            Some("21")
        );
        assert_eq!(
            java_version(&image("gradle", "8.10-jdk17")).as_deref(),
            Some("17")
        );
        assert_eq!(
            java_version(&image("eclipse-temurin", "21-jdk")).as_deref(),
            Some("21")
        );
        assert_eq!(java_version(&image("maven", "latest")), None);
    }
}
