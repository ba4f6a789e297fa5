//! How each instruction becomes a layer estimate (the walk behind
//! [`super::image::estimate_dockerfile`]).
//!
//! - `FROM image`: the base-image table (tag, variant, nearest row or
//!   unknown); an image named through an ARG without default is unknown.
//!   `FROM stage`: the earlier stage's total, files and installed packages.
//! - `RUN`: the recognised commands of every script of the RUN (heredoc
//!   bodies included): apt installs resolved with their Depends/Pre-Depends
//!   (and Recommends unless `--no-install-recommends`) minus what the base
//!   and earlier layers have; apk, pip/uv, npm/yarn/pnpm/bun, gem, go and
//!   cargo from their tables or the assumptions; caches each leaves behind
//!   unless the RUN removes them, mounts a cache there, or the manager is
//!   told not to keep one; downloads; `chown -R`/`chmod -R` rewriting
//!   earlier files; anything else is one "other commands" unknown.
//! - Paths deleted by a later RUN still cost the layer that wrote them:
//!   that layer reports them as wasted, the deleting layer adds nothing.
//! - `COPY`/`ADD`: the build context (unknown unless its size is given),
//!   heredocs (their exact length), `--from` a stage (the size of the
//!   stage's outputs under the copied path when the model knows them, else
//!   unknown), `--from` an image, URLs.
//! - Every other instruction is configuration: 0 bytes.
//!
//! It holds no figures of its own: every number comes from the resolvers
//! (apt, apk, pypi, npm, caches, base_image) or from `assumptions.rs`, and
//! it never reads files or the environment. No hash maps and no stable
//! sorts (wasm budget): the lists are short and searched linearly.

use dockopt_syntax::{Dockerfile, Instruction, InstructionKind};

use super::apk;
use super::apt::{AptUniverse, InstalledSet};
use super::assumptions;
use super::base_image::{base_image, BaseImageEstimate, BaseImageMatch, DistroFamily};
use super::caches;
use super::compression::ContentKind;
use super::image::{
    EstimateOptions, ImageEstimate, LayerEstimate, LayerKind, LayerPart, StageEstimate,
    UnknownPart, Waste, WasteKind,
};
use super::npm;
use super::provenance::{Estimate, Provenance, ProvenanceKind};
use super::pypi;
use super::range::SizeRange;
use crate::config::Config;
use crate::model::shell::{
    Command, Download, DownloadTool, FileTool, Invocation, PackageAction, PackageCommand,
    PackageKind, PackageManager,
};
use crate::model::{Base, Model, Scope, Value};
use crate::report::Span;

pub(crate) const APT_LISTS: &str = "/var/lib/apt/lists";
const APK_CACHE: &str = "/var/cache/apk";
const PIP_CACHE: &str = "/root/.cache/pip";
const UV_CACHE: &str = "/root/.cache/uv";
const NPM_CACHE: &str = "/root/.npm";
const YARN_CACHE: &str = "/usr/local/share/.cache/yarn";
const PNPM_STORE: &str = "/root/.local/share/pnpm/store";
const BUN_CACHE: &str = "/root/.bun/install/cache";
const GO_BUILD_CACHE: &str = "/root/.cache/go-build";
const GO_MOD_CACHE: &str = "/go/pkg/mod";
const CARGO_REGISTRY: &str = "/usr/local/cargo/registry";
/// Where pip installs in the official python images
/// (`/usr/local/lib/python3.X/site-packages`; paths are compared with the
/// minor version dropped, see `normalize`).
const SITE_PACKAGES: &str = "/usr/local/lib/python3/site-packages";
/// Where apt and apk put what they install, for matching copies.
const SYSTEM_PREFIX: &str = "/usr";

/// Programs whose effect on the file system is negligible (bytes, not
/// megabytes) or handled elsewhere (`rm`).
const NEGLIGIBLE: &[&str] = &[
    "echo",
    "printf",
    "mkdir",
    "ln",
    "cd",
    "true",
    "false",
    ":",
    "set",
    "export",
    "test",
    "[",
    "sed",
    "grep",
    "useradd",
    "adduser",
    "groupadd",
    "addgroup",
    "usermod",
    "groupmod",
    "chmod",
    "chown",
    "chgrp",
    "touch",
    "ls",
    "cat",
    "which",
    "id",
    "rm",
    "mv",
    "ldconfig",
    "exit",
    "sleep",
    "whoami",
    "env",
    "pwd",
    "umask",
    "source",
    ".",
    "command",
    "type",
    "printenv",
    "date",
    "uname",
    "tee",
    "head",
    "tail",
    "wc",
    "sort",
    "find",
    "xargs",
    "apt-mark",
    "dpkg-reconfigure",
    "ulimit",
    "unset",
    "shopt",
    "a2enmod",
    "a2dismod",
    "a2ensite",
    "update-alternatives",
    "update-ca-certificates",
    "rc-update",
    "systemctl",
    "corepack",
    "node",
    "java",
    "nproc",
    "getent",
    "passwd",
    "chpasswd",
    "locale",
    "eval",
    "trap",
    "cp",
    "userdel",
    "groupdel",
    "mktemp",
    "gpg",
    "gpgconf",
    "gpgv",
    "awk",
    "gawk",
    "mawk",
    "cut",
    "tr",
    "sha256sum",
    "sha512sum",
    "sha1sum",
    "md5sum",
    "dpkg-architecture",
    "readlink",
    "realpath",
    "dirname",
    "basename",
    "stat",
    "du",
    "df",
    "file",
    "ldd",
    "strip",
    "visudo",
    "su",
    "gosu",
    "tini",
    "setcap",
    "chsh",
    "cmp",
    "diff",
    "expr",
    "seq",
    "yes",
    "read",
    "wait",
    "return",
    "local",
    "declare",
    "shift",
    "break",
    "continue",
];

/// Programs that compile or bundle: their output is a build-output range.
const BUILDERS: &[&str] = &[
    "npx",
    "nx",
    "turbo",
    "bunx",
    "pnpx",
    "lerna",
    "hugo",
    "jekyll",
    "cargo-chef",
    "make",
    "cmake",
    "ninja",
    "mvn",
    "mvnw",
    "gradle",
    "gradlew",
    "dotnet",
    "msbuild",
    "bazel",
    "meson",
    "scons",
    "ant",
    "sbt",
    "lein",
    "mix",
    "rebar3",
    "tsc",
    "webpack",
    "vite",
    "next",
    "configure",
    "setup.py",
];

/// What the model knows lives at a path of a stage's file system.
#[derive(Debug, Clone)]
struct Output {
    path: String,
    estimate: Estimate,
    unknown: bool,
    what: String,
    /// Where the bytes are: stage, layer index in that stage, and whether
    /// they were already reported as wasted.
    stage: usize,
    layer: usize,
    /// Already reported as wasted (a cache left behind): a later delete
    /// changes why, it does not waste the bytes twice.
    wasted: bool,
}

/// What a stage has accumulated, inherited by stages built on it.
#[derive(Debug, Clone)]
struct StageState {
    base: Option<BaseImageEstimate>,
    /// Debian packages present; `None` until an apt install asks, then
    /// `Some(None)` when the base is not Debian-like.
    installed: Option<Option<InstalledSet>>,
    installed_note: Option<String>,
    outputs: Vec<Output>,
    workdir: String,
    total: Estimate,
    wasted: SizeRange,
}

impl StageState {
    fn new(base: Option<BaseImageEstimate>) -> StageState {
        StageState {
            base,
            installed: None,
            installed_note: None,
            outputs: Vec::new(),
            workdir: "/".to_string(),
            total: Estimate::default(),
            wasted: SizeRange::ZERO,
        }
    }
}

/// Collapses `.`/`..`/empty components, drops a trailing `*` component and
/// writes `python3.N` as `python3` (the official images' site-packages
/// carry the minor version; the model does not know it).
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.last() == Some(&"*") {
        parts.pop();
    }
    let mut out = String::new();
    for part in parts {
        out.push('/');
        let python_minor = part
            .strip_prefix("python3.")
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
        out.push_str(if python_minor { "python3" } else { part });
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// `path` made absolute against `workdir` (`~` is root's home), normalized.
pub(crate) fn absolute(workdir: &str, path: &str) -> String {
    let p = path.trim();
    let joined = if p == "~" {
        "/root".to_string()
    } else if let Some(rest) = p.strip_prefix("~/") {
        format!("/root/{rest}")
    } else if p.starts_with('/') {
        p.to_string()
    } else {
        format!("{}/{p}", workdir.trim_end_matches('/'))
    };
    normalize(&joined)
}

/// `*` matches any run of characters within one component.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = rest.get(at + piece.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether removing (or mounting) `pattern` takes away `path`: the same
/// path, a parent of it, or a glob matching it or a parent.
pub(crate) fn covers(pattern: &str, path: &str) -> bool {
    if pattern == "/" {
        return false; // `rm -rf /` or an empty value: never meant.
    }
    if path == pattern || path.starts_with(&format!("{pattern}/")) {
        return true;
    }
    if !pattern.contains('*') {
        return false;
    }
    let mut path_parts = path.split('/');
    pattern
        .split('/')
        .all(|p| path_parts.next().is_some_and(|q| wildcard(p, q)))
}

fn basename(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

fn table_note(base: &BaseImageEstimate) -> String {
    let subject = base
        .reference
        .as_ref()
        .map(|r| r.display_name())
        .unwrap_or_else(|| "base image".into());
    match &base.matched {
        BaseImageMatch::Exact => format!(
            "{}, {} record",
            base.row.clone().unwrap_or(subject),
            base.record_date.clone().unwrap_or_default()
        ),
        BaseImageMatch::Nearest { reason } => format!(
            "{subject}: nearest row {} ({} record): {reason}",
            base.row.clone().unwrap_or_default(),
            base.record_date.clone().unwrap_or_default()
        ),
        BaseImageMatch::Published => format!(
            "{subject}: published approximate size ({})",
            base.row.clone().unwrap_or_default()
        ),
        BaseImageMatch::Scratch => "scratch: the empty image".to_string(),
        BaseImageMatch::Unknown { reason } => format!("{subject}: unknown image ({reason})"),
    }
}

/// A draft part of the layer being built.
struct Draft {
    part: LayerPart,
    waste: Option<WasteKind>,
}

struct Walk<'m, 'd> {
    model: &'m Model<'d>,
    options: &'m EstimateOptions<'m>,
    stage: usize,
    state: StageState,
    layers: Vec<LayerEstimate>,
}

pub(super) fn walk(text: &str, options: &EstimateOptions<'_>) -> ImageEstimate {
    let default_config = Config::default();
    let config = options.analysis.config.unwrap_or(&default_config);
    let dockerfile = Dockerfile::parse(text);
    let model = Model::new(&dockerfile, config);
    let mut states: Vec<StageState> = Vec::new();
    let mut stages: Vec<StageEstimate> = Vec::new();
    for stage in &model.stages {
        let mut walk = Walk {
            model: &model,
            options,
            stage: stage.index,
            state: StageState::new(None),
            layers: Vec::new(),
        };
        walk.from(stage, &states, &stages);
        for index in stage.body.clone() {
            walk.instruction(index, &states);
        }
        let (state, stage_estimate) = walk.finish(stage);
        states.push(state);
        stages.push(stage_estimate);
    }
    let shipped = model.shipped;
    let mut image = ImageEstimate {
        shipped,
        ..ImageEstimate::default()
    };
    if let Some(s) = shipped.and_then(|i| stages.get(i)) {
        image.total = s.total.clone();
        image.wasted = s.wasted;
    }
    for stage in stages.iter().filter(|s| s.in_image) {
        for layer in stage
            .layers
            .iter()
            .filter(|l| l.kind != LayerKind::StageBase)
        {
            for part in layer.unknown_parts() {
                image.unknowns.push(UnknownPart {
                    stage: stage.index,
                    span: layer.span,
                    what: part.label.clone(),
                    range: part.estimate.uncompressed,
                });
            }
        }
    }
    image.stages = stages;
    image
}

impl<'m, 'd> Walk<'m, 'd> {
    fn span(&self, instruction: &Instruction) -> Span {
        Span::new(
            self.model.text,
            &self.model.line_index,
            instruction.span.start,
            instruction.span.end,
        )
    }

    fn layer(
        &self,
        index: usize,
        instruction: &Instruction,
        kind: LayerKind,
        label: String,
    ) -> LayerEstimate {
        LayerEstimate {
            stage: self.stage,
            instruction_index: index,
            span: self.span(instruction),
            instruction: instruction.kind.as_str().to_string(),
            kind,
            label,
            size: Estimate::default(),
            parts: Vec::new(),
            notes: Vec::new(),
            wasted: Vec::new(),
        }
    }

    fn from(
        &mut self,
        stage: &crate::model::Stage<'d>,
        states: &[StageState],
        stages: &[StageEstimate],
    ) {
        let instruction = stage.from;
        let index = stage.from_index;
        match &stage.base {
            Base::Stage(parent) => {
                let (Some(parent_state), Some(parent_estimate)) =
                    (states.get(*parent), stages.get(*parent))
                else {
                    return;
                };
                self.state = parent_state.clone();
                let mut layer = self.layer(
                    index,
                    instruction,
                    LayerKind::StageBase,
                    format!(
                        "stage {}: everything it holds",
                        parent_estimate
                            .name
                            .clone()
                            .unwrap_or_else(|| format!("#{parent}"))
                    ),
                );
                layer.size = parent_estimate.total.clone();
                layer.notes.push(format!(
                    "the files of stage {} ({} layers)",
                    parent_estimate
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("#{parent}")),
                    parent_estimate.layers.len()
                ));
                self.layers.push(layer);
            }
            Base::Scratch | Base::Image { .. } => {
                let estimate = match &stage.base {
                    Base::Image { reference, unknown } if !unknown.is_empty() => {
                        let mut b = base_image(
                            stage
                                .from
                                .as_from()
                                .and_then(|f| f.image())
                                .map_or("$", |w| w.text.as_str()),
                        );
                        let reason = format!(
                            "the image name depends on build argument(s) without a default: {}",
                            unknown.join(", ")
                        );
                        b.matched = BaseImageMatch::Unknown {
                            reason: reason.clone(),
                        };
                        if let Some(p) = b.estimate.provenance.first_mut() {
                            p.subject = reference.clone();
                            p.uncertainty = format!("{reason}; {}", p.uncertainty);
                        }
                        b
                    }
                    Base::Image { reference, .. } => base_image(reference),
                    _ => base_image("scratch"),
                };
                let unknown = matches!(estimate.matched, BaseImageMatch::Unknown { .. });
                let written = stage
                    .from
                    .as_from()
                    .and_then(|f| f.image())
                    .map_or_else(|| "unknown image".to_string(), |w| w.text.to_string());
                let mut label = estimate
                    .reference
                    .as_ref()
                    .map_or(written, |r| r.display_name());
                if let BaseImageMatch::Unknown { reason } = &estimate.matched {
                    label = format!("{label} (unknown: {reason})");
                }
                let mut layer = self.layer(index, instruction, LayerKind::BaseImage, label);
                layer.notes.push(table_note(&estimate));
                layer.size = estimate.estimate.clone();
                let content = match estimate.family {
                    DistroFamily::Alpine(_) | DistroFamily::Busybox => ContentKind::AlpineRootfs,
                    DistroFamily::Distroless | DistroFamily::Scratch => ContentKind::StaticBinary,
                    _ => ContentKind::DebianPackages,
                };
                layer.parts.push(LayerPart {
                    label: layer.label.clone(),
                    content,
                    path: None,
                    estimate: estimate.estimate.clone(),
                    unknown,
                });
                self.layers.push(layer);
                self.state = StageState::new(Some(estimate));
            }
        }
    }

    fn finish(mut self, stage: &crate::model::Stage<'d>) -> (StageState, StageEstimate) {
        let total = self
            .layers
            .iter()
            .fold(Estimate::default(), |sum, l| sum + l.size.clone());
        let own_waste: SizeRange = self.layers.iter().map(|l| l.wasted_total()).sum();
        let wasted = self.state.wasted + own_waste;
        self.state.total = total.clone();
        self.state.wasted = wasted;
        let base = match &stage.base {
            Base::Stage(p) => self
                .model
                .stages
                .get(*p)
                .map(|s| s.name.clone().unwrap_or_else(|| format!("#{p}")))
                .unwrap_or_default(),
            Base::Scratch => "scratch".into(),
            Base::Image { reference, .. } => reference.clone(),
        };
        let estimate = StageEstimate {
            index: stage.index,
            name: stage.name.clone(),
            base,
            in_image: stage.in_image,
            layers: self.layers,
            total,
            wasted,
        };
        (self.state, estimate)
    }

    fn scope(&self, index: usize) -> Scope {
        self.model.scope_at(index)
    }

    fn expand(&self, scope: &Scope, text: &str) -> String {
        scope.expand(text, self.model.escape).value
    }

    fn instruction(&mut self, index: usize, states: &[StageState]) {
        let Some(located) = self.model.instructions.get(index) else {
            return;
        };
        let instruction = located.instruction;
        let layer = match instruction.kind {
            InstructionKind::Run => self.run(index, instruction),
            InstructionKind::Copy | InstructionKind::Add => self.copy(index, instruction, states),
            InstructionKind::Workdir => {
                if let Some(word) = instruction.single_word() {
                    let scope = self.scope(index);
                    let value = self.expand(&scope, &word.text);
                    self.state.workdir = absolute(&self.state.workdir, &value);
                }
                let mut layer = self.layer(
                    index,
                    instruction,
                    LayerKind::Metadata,
                    format!("working directory {}", self.state.workdir),
                );
                layer
                    .notes
                    .push("creates an empty directory: 0 bytes counted".into());
                layer
            }
            InstructionKind::From => return,
            other => {
                let mut layer = self.layer(
                    index,
                    instruction,
                    LayerKind::Metadata,
                    format!("{other}: image configuration"),
                );
                layer
                    .notes
                    .push("image configuration only: no file-system bytes".into());
                layer
            }
        };
        self.layers.push(layer);
    }

    /// Adds a part, unless a removal or cache mount of the same RUN takes
    /// its path away (then it is only noted).
    fn push_part(
        &self,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        gone: &dyn Fn(&str) -> Option<&'static str>,
        draft: Draft,
    ) {
        if let Some(path) = &draft.part.path {
            if let Some(how) = gone(path) {
                layer.notes.push(format!(
                    "{} ({path}): {how}, not in the layer",
                    draft.part.label
                ));
                return;
            }
        }
        drafts.push(draft);
    }

    fn run(&mut self, index: usize, instruction: &'d Instruction) -> LayerEstimate {
        let mut layer = self.layer(index, instruction, LayerKind::Run, String::new());
        let scope = self.scope(index);
        let workdir = self.state.workdir.clone();
        let mounts: Vec<String> = crate::rules::helpers::cache_mount_targets(instruction)
            .iter()
            .map(|t| absolute(&workdir, t))
            .collect();
        let commands: Vec<&Command<'d>> = self
            .model
            .scripts_of(index)
            .flat_map(|s| s.script.commands.iter())
            .collect();
        // What this RUN removes (anywhere in it: the layer is what is left
        // when the RUN ends).
        let mut removed: Vec<String> = Vec::new();
        let mut created_dirs: Vec<String> = Vec::new();
        for command in &commands {
            match &command.invocation {
                Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                    for word in op.paths() {
                        if let Some(value) = word.literal() {
                            removed.push(absolute(&workdir, value));
                        }
                    }
                }
                Some(Invocation::File(op)) if op.tool == FileTool::MakeDirectory => {
                    for word in op.paths() {
                        if let Some(value) = word.literal() {
                            created_dirs.push(absolute(&workdir, value));
                        }
                    }
                }
                Some(Invocation::Package(p)) if p.action == PackageAction::Clean => {
                    removed.extend(cache_paths(p.manager).iter().map(|s| s.to_string()));
                }
                _ => {}
            }
        }
        let gone = |path: &str| -> Option<&'static str> {
            if removed.iter().any(|r| covers(r, path)) {
                Some("removed in the same RUN")
            } else if mounts.iter().any(|m| covers(m, path)) {
                Some("written to a cache/tmpfs mount")
            } else {
                None
            }
        };
        // Earlier files this RUN deletes: wasted where they were written.
        let mut kept = Vec::new();
        for output in std::mem::take(&mut self.state.outputs) {
            let deleted = removed.iter().any(|r| covers(r, &output.path));
            if deleted {
                self.waste_earlier(
                    &mut layer,
                    &output,
                    WasteKind::DeletedInLaterLayer,
                    instruction,
                );
            } else {
                kept.push(output);
            }
        }
        self.state.outputs = kept;

        let mut drafts: Vec<Draft> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        let mut builders: Vec<String> = Vec::new();
        let mut lists_done = false;
        let mut apk_cache_done = false;
        let mut apt = AptRun::default();
        let mut apk_adds: Vec<(usize, Vec<String>, Option<String>)> = Vec::new();
        let mut extracts = false;
        for command in &commands {
            if let Some(program) = command.program() {
                if matches!(
                    program,
                    "tar" | "unzip" | "dpkg" | "gunzip" | "xz" | "bsdtar"
                ) {
                    extracts = true;
                }
            }
        }
        if instruction.command().is_some_and(|c| c.is_exec()) {
            let e = assumptions::other_commands("exec-form RUN (not read)");
            drafts.push(Draft {
                part: part("exec-form RUN", ContentKind::TextAndCaches, None, e, true),
                waste: None,
            });
        }
        for command in &commands {
            match &command.invocation {
                Some(Invocation::Package(p)) => {
                    let mut ctx = RunContext {
                        layer: &mut layer,
                        drafts: &mut drafts,
                        gone: &gone,
                        scope: &scope,
                        workdir: &workdir,
                        lists_done: &mut lists_done,
                        apk_cache_done: &mut apk_cache_done,
                        builders: &mut builders,
                        apt: &mut apt,
                        apk: &mut apk_adds,
                    };
                    self.package(command, p, &mut ctx);
                }
                Some(Invocation::Download(d)) => {
                    self.download(d, &workdir, extracts, &mut layer, &mut drafts, &gone);
                }
                Some(Invocation::File(op))
                    if matches!(op.tool, FileTool::ChangeOwner | FileTool::ChangeMode)
                        && op.recursive() =>
                {
                    for word in op.paths() {
                        let Some(value) = word.literal() else {
                            continue;
                        };
                        let path = absolute(&workdir, value);
                        if created_dirs.iter().any(|d| covers(d, &path)) {
                            continue;
                        }
                        self.rewrite(&path, instruction, &mut layer, &mut drafts, op.tool);
                    }
                }
                _ => {
                    let Some(program) = command.program() else {
                        if command.name().is_some() {
                            others.push("$command".into());
                        }
                        continue;
                    };
                    if matches!(program, "mv" | "cp") {
                        self.relocate(
                            command,
                            program == "mv",
                            &workdir,
                            instruction,
                            &mut layer,
                            &mut drafts,
                        );
                        continue;
                    }
                    // `dpkg --print-architecture` and friends are queries;
                    // `dpkg -i` installs a package the model cannot size.
                    let dpkg_query = program == "dpkg"
                        && !command
                            .arguments()
                            .iter()
                            .any(|a| a.is("-i") || a.is("--install"));
                    if NEGLIGIBLE.contains(&program) || dpkg_query || command.invocation.is_some() {
                        continue;
                    }
                    let name = program.to_string();
                    let list = if BUILDERS.contains(&program)
                        || program.starts_with("./configure")
                        || (matches!(program, "python" | "python3")
                            && command.arguments().iter().any(|a| a.is("setup.py")))
                    {
                        &mut builders
                    } else {
                        &mut others
                    };
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        take_back_apt_removals(&apt, &mut drafts, &mut layer);
        take_back_apk_removals(&apt.removed_apk, &apk_adds, &mut drafts, &mut layer);
        if !builders.is_empty() {
            let what = format!("build output: {}", short_list(&builders));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    Some(workdir.clone()),
                    assumptions::build_output(&what),
                    true,
                ),
                waste: None,
            });
        }
        if !others.is_empty() {
            let what = format!("other commands: {}", short_list(&others));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::other_commands(&what),
                    true,
                ),
                waste: None,
            });
        }
        self.close(layer, drafts, index)
    }

    /// Sums the drafts into the layer, records the outputs and wastes.
    fn close(
        &mut self,
        mut layer: LayerEstimate,
        drafts: Vec<Draft>,
        _index: usize,
    ) -> LayerEstimate {
        let layer_index = self.layers.len();
        let mut labels: Vec<String> = Vec::new();
        for draft in drafts {
            let Draft { part, waste } = draft;
            if let Some(kind) = waste {
                layer.wasted.push(Waste {
                    kind,
                    what: part.label.clone(),
                    size: part.estimate.uncompressed,
                    by: None,
                });
            }
            if let Some(path) = &part.path {
                self.state.outputs.push(Output {
                    path: path.clone(),
                    estimate: part.estimate.clone(),
                    unknown: part.unknown,
                    what: part.label.clone(),
                    stage: self.stage,
                    layer: layer_index,
                    wasted: waste.is_some(),
                });
            }
            layer.size = std::mem::take(&mut layer.size) + part.estimate.clone();
            labels.push(part.label.clone());
            layer.parts.push(part);
        }
        let mut notes: Vec<String> = Vec::new();
        for note in std::mem::take(&mut layer.notes) {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        layer.notes = notes;
        if layer.label.is_empty() {
            layer.label = if labels.is_empty() {
                "no file-system change the model can size".to_string()
            } else {
                labels.join("; ")
            };
        }
        layer
    }

    /// Reports an earlier output as wasted: on the layer that holds it when
    /// it is this stage's, else on the layer that deletes or rewrites it.
    fn waste_earlier(
        &mut self,
        current: &mut LayerEstimate,
        output: &Output,
        kind: WasteKind,
        by: &Instruction,
    ) {
        let waste = Waste {
            kind,
            what: format!("{} ({})", output.what, output.path),
            size: output.estimate.uncompressed,
            by: Some(self.span(by)),
        };
        let verb = match kind {
            WasteKind::RewrittenInLaterLayer => "rewritten",
            WasteKind::MovedInLaterLayer => "moved",
            _ => "deleted",
        };
        current.notes.push(format!(
            "{} {verb} here: still shipped in the layer that wrote it",
            output.path
        ));
        let same_stage = output.stage == self.stage;
        match self.layers.get_mut(output.layer) {
            Some(layer) if same_stage && output.wasted => {
                // A cache left behind and deleted later: still wasted
                // once, now because a later layer deleted it.
                if let Some(existing) = layer.wasted.iter_mut().find(|w| w.what == output.what) {
                    existing.kind = kind;
                    existing.by = waste.by;
                } else {
                    layer.wasted.push(waste);
                }
            }
            Some(layer) if same_stage => layer.wasted.push(waste),
            // Bytes of the stage this one is built on: already counted in
            // its waste when they were.
            _ if output.wasted => {}
            _ => current.wasted.push(waste),
        }
    }

    /// `mv`/`cp -r` of files earlier layers wrote: the new layer holds a
    /// copy; after `mv` the old one is still shipped (wasted).
    fn relocate(
        &mut self,
        command: &Command<'_>,
        moves: bool,
        workdir: &str,
        instruction: &Instruction,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
    ) {
        let arguments = command.arguments();
        if !moves
            && !arguments.iter().any(|a| {
                a.literal().is_some_and(|v| {
                    v == "--recursive"
                        || v == "--archive"
                        || (v.starts_with('-')
                            && !v.starts_with("--")
                            && v.contains(['r', 'R', 'a']))
                })
            })
        {
            return;
        }
        let operands: Vec<&str> = arguments
            .iter()
            .filter_map(|a| a.literal())
            .filter(|v| !v.starts_with('-'))
            .collect();
        let Some((destination, sources)) = operands.split_last() else {
            return;
        };
        let destination = absolute(workdir, destination);
        for source in sources {
            let source = absolute(workdir, source);
            let matched: Vec<Output> = self
                .state
                .outputs
                .iter()
                .filter(|o| covers(&source, &o.path))
                .cloned()
                .collect();
            if matched.is_empty() {
                continue;
            }
            let estimate = matched
                .iter()
                .fold(Estimate::default(), |sum, o| sum + o.estimate.clone());
            let unknown = matched.iter().any(|o| o.unknown);
            if moves {
                for output in &matched {
                    self.waste_earlier(layer, output, WasteKind::MovedInLaterLayer, instruction);
                }
                self.state.outputs.retain(|o| !covers(&source, &o.path));
            }
            let what = format!(
                "{} {source} {destination}: files copied into a new layer",
                if moves { "mv" } else { "cp -r" }
            );
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    Some(destination.clone()),
                    estimate,
                    unknown,
                ),
                waste: None,
            });
        }
    }

    fn rewrite(
        &mut self,
        path: &str,
        instruction: &Instruction,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        tool: FileTool,
    ) {
        let matched: Vec<Output> = self
            .state
            .outputs
            .iter()
            .filter(|o| covers(path, &o.path))
            .cloned()
            .collect();
        let what = format!(
            "{} -R {path}: files copied into a new layer",
            if tool == FileTool::ChangeOwner {
                "chown"
            } else {
                "chmod"
            }
        );
        if matched.is_empty() {
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::copied_unknown(&what),
                    true,
                ),
                waste: None,
            });
            return;
        }
        let estimate = matched
            .iter()
            .fold(Estimate::default(), |sum, o| sum + o.estimate.clone());
        let unknown = matched.iter().any(|o| o.unknown);
        for output in &matched {
            self.waste_earlier(layer, output, WasteKind::RewrittenInLaterLayer, instruction);
        }
        // The files now live in this layer: later copies and deletes find
        // them here, once.
        self.state.outputs.retain(|o| !covers(path, &o.path));
        drafts.push(Draft {
            part: part(
                &what,
                ContentKind::TextAndCaches,
                Some(path.to_string()),
                estimate,
                unknown,
            ),
            waste: None,
        });
    }

    fn download(
        &self,
        d: &Download<'_>,
        workdir: &str,
        extracts: bool,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        gone: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        let url = d
            .urls
            .first()
            .map(|u| u.value.to_string())
            .unwrap_or_else(|| "a URL".into());
        let file = match (&d.output, d.tool) {
            (Some(o), _) if !o.is("-") => o.literal().map(|v| absolute(workdir, v)),
            (Some(_), _) => None,
            (None, DownloadTool::Curl) if d.args.has_flag("-O") => {
                Some(absolute(workdir, basename(&url)))
            }
            (None, DownloadTool::Curl) => None,
            (None, DownloadTool::Wget) => Some(absolute(workdir, basename(&url))),
        };
        let Some(file) = file else {
            let what = format!("installed from {url}");
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::AlreadyCompressed,
                    None,
                    assumptions::download(&what),
                    true,
                ),
                waste: None,
            });
            return;
        };
        let archive = [
            ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".zip", ".tar", ".deb", ".apk",
            ".rpm", ".whl",
        ]
        .iter()
        .any(|ext| file.ends_with(ext));
        if archive && (extracts || gone(&file).is_some()) {
            let what = format!("extracted from {}", basename(&file));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::download(&what),
                    true,
                ),
                waste: None,
            });
        }
        let what = format!("download {}", basename(&file));
        let draft = Draft {
            part: part(
                &what,
                ContentKind::AlreadyCompressed,
                Some(file.clone()),
                assumptions::download(&what),
                true,
            ),
            waste: (archive && extracts).then_some(WasteKind::ArchiveLeftBehind),
        };
        self.push_part(layer, drafts, gone, draft);
    }

    fn installed(&mut self) -> Option<&mut InstalledSet> {
        if self.state.installed.is_none() {
            let universe = AptUniverse::embedded();
            let (set, note) = match self.state.base.as_ref() {
                Some(base) => match &base.family {
                    DistroFamily::Debian(release) => (
                        InstalledSet::for_base_image(base, universe),
                        (*release != super::base_image::DebianRelease::Bookworm).then(|| {
                            "Debian bookworm package data stands in for this non-bookworm image"
                                .to_string()
                        }),
                    ),
                    DistroFamily::Ubuntu(release) => {
                        let mut set = InstalledSet::debian_base(universe);
                        set.description
                            .push_str(" — Debian bookworm data used for Ubuntu");
                        (
                            Some(set),
                            Some(format!(
                                "Ubuntu {release}: Debian bookworm package data stands in"
                            )),
                        )
                    }
                    DistroFamily::Unknown => (
                        Some(InstalledSet::debian_base(universe)),
                        Some("base image unknown: assumed a Debian base".to_string()),
                    ),
                    _ => (None, None),
                },
                None => (
                    Some(InstalledSet::debian_base(universe)),
                    Some("no base image: assumed a Debian base".to_string()),
                ),
            };
            self.state.installed = Some(set);
            self.state.installed_note = note;
        }
        self.state.installed.as_mut().and_then(|s| s.as_mut())
    }

    fn package(
        &mut self,
        command: &Command<'_>,
        p: &PackageCommand<'_>,
        ctx: &mut RunContext<'_, '_>,
    ) {
        use PackageManager as M;
        // `$PKGS` with a known ENV/ARG value is read as its words; an
        // unknown one stays a `$PKGS` argument (counted as unresolved).
        let mut names: Vec<String> = Vec::new();
        for pkg in &p.packages {
            match pkg.kind {
                PackageKind::Name => names.push(pkg.word.value.to_string()),
                PackageKind::Dynamic => {
                    let expanded = ctx.scope.expand(&pkg.word.value, self.model.escape);
                    if expanded.unknown.is_empty() {
                        names.extend(expanded.value.split_whitespace().map(str::to_string));
                    } else {
                        names.push(pkg.word.value.to_string());
                    }
                }
                _ => {}
            }
        }
        let local: Vec<String> = p
            .packages
            .iter()
            .filter(|pkg| matches!(pkg.kind, PackageKind::File | PackageKind::Url))
            .map(|pkg| pkg.word.value.to_string())
            .collect();
        match (p.manager, p.action) {
            (M::AptGet | M::Apt | M::Aptitude, PackageAction::Update) if !*ctx.lists_done => {
                *ctx.lists_done = true;
                ctx.push(
                    part(
                        "apt lists",
                        ContentKind::TextAndCaches,
                        Some(APT_LISTS.into()),
                        caches::apt_lists(),
                        false,
                    ),
                    Some(WasteKind::CacheLeftBehind),
                );
            }
            (M::AptGet | M::Apt | M::Aptitude, PackageAction::Install) => {
                let recommends = !p.no_install_recommends();
                let mut arguments: Vec<String> = names.clone();
                arguments.extend(local.iter().cloned());
                let argument_refs: Vec<&str> = arguments.iter().map(String::as_str).collect();
                let note = self.state.installed_note.clone();
                let Some(set) = self.installed() else {
                    let what = format!(
                        "apt-get install on a base that is not Debian-based: {}",
                        short_list(&arguments)
                    );
                    ctx.push(
                        part(
                            &what,
                            ContentKind::DebianPackages,
                            Some(SYSTEM_PREFIX.into()),
                            assumptions::other_commands(&what),
                            true,
                        ),
                        None,
                    );
                    return;
                };
                let universe = AptUniverse::embedded();
                if ctx.apt.before.is_none() {
                    ctx.apt.before = Some(set.clone());
                }
                let resolution = universe.resolve_install(&argument_refs, recommends, set);
                set.add_resolution(&resolution);
                ctx.apt.requested.extend(arguments.iter().cloned());
                ctx.apt.recommends |= recommends;
                ctx.apt.added.extend(resolution.packages.iter().cloned());
                ctx.apt.parts.push(ctx.drafts.len());
                let note = note.or_else(|| self.state.installed_note.clone());
                let label = format!(
                    "apt-get install: {} package(s){}",
                    resolution.packages.len(),
                    if recommends { " with Recommends" } else { "" }
                );
                ctx.layer.notes.push(format!(
                    "Installed-Size of {} packages, Debian 12 (bookworm){}",
                    resolution.packages.len(),
                    if set_docs_excluded(&self.state) {
                        ", docs excluded (-slim)"
                    } else {
                        ""
                    }
                ));
                if let Some(note) = note {
                    ctx.layer.notes.push(note);
                }
                if !resolution.already_installed.is_empty() {
                    ctx.layer.notes.push(format!(
                        "already installed: {}",
                        short_list(&resolution.already_installed)
                    ));
                }
                let unresolved = resolution.unknown.clone();
                ctx.push(
                    part(
                        &label,
                        ContentKind::DebianPackages,
                        Some(SYSTEM_PREFIX.into()),
                        resolution.estimate(),
                        false,
                    ),
                    None,
                );
                if !unresolved.is_empty() {
                    let what = format!("apt: not resolved: {}", short_list(&unresolved));
                    let e = assumptions::other_commands(&what).times_count(unresolved.len());
                    ctx.push(
                        part(
                            &what,
                            ContentKind::DebianPackages,
                            Some(SYSTEM_PREFIX.into()),
                            e,
                            true,
                        ),
                        None,
                    );
                }
            }
            (M::Apk, PackageAction::Install | PackageAction::Update) => {
                if p.action == PackageAction::Install {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    let set = apk::apk_add(&refs);
                    let label = format!(
                        "apk add: {} package(s)",
                        set.packages.len() + set.unknown.len()
                    );
                    let unknown = !set.unknown.is_empty();
                    ctx.apk.push((
                        ctx.drafts.len(),
                        names.clone(),
                        p.args.value_of("--virtual").map(|w| w.value.to_string()),
                    ));
                    ctx.push(
                        part(
                            &label,
                            ContentKind::AlpinePackages,
                            Some(SYSTEM_PREFIX.into()),
                            set.estimate,
                            unknown,
                        ),
                        None,
                    );
                }
                let keeps_cache = p.action == PackageAction::Update || !p.no_cache();
                if keeps_cache && !*ctx.apk_cache_done {
                    *ctx.apk_cache_done = true;
                    ctx.push(
                        part(
                            "apk cache",
                            ContentKind::AlreadyCompressed,
                            Some(APK_CACHE.into()),
                            apk::apk_cache(),
                            false,
                        ),
                        Some(WasteKind::CacheLeftBehind),
                    );
                }
            }
            (M::Pip | M::Uv | M::Poetry | M::Pipenv, PackageAction::Install) => {
                self.python(command, p, &names, &local, ctx);
            }
            (M::Npm | M::Yarn | M::Pnpm | M::Bun, PackageAction::Install) => {
                let global = p.has_flag("-g") || p.subcommand.iter().any(|w| w.is("global"));
                let target = if global {
                    "/usr/local/lib/node_modules".to_string()
                } else {
                    absolute(ctx.workdir, "node_modules")
                };
                let (install, cache) = if names.is_empty() && local.is_empty() {
                    let what = format!(
                        "{} project dependencies (package.json)",
                        manager_name(p.manager)
                    );
                    let install = assumptions::node_project(&what);
                    let cache = archive_of(
                        &install,
                        ContentKind::NodeModules,
                        &format!("{} cache", manager_name(p.manager)),
                    );
                    (
                        part(&what, ContentKind::NodeModules, Some(target), install, true),
                        (cache, true),
                    )
                } else {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    let set = npm::npm_install(&refs);
                    let unknown = !set.unknown.is_empty() || !local.is_empty();
                    let label = format!(
                        "{} install: {}",
                        manager_name(p.manager),
                        short_list(&names)
                    );
                    (
                        part(
                            &label,
                            ContentKind::NodeModules,
                            Some(target),
                            set.estimate,
                            unknown,
                        ),
                        (npm::npm_cache(&refs), unknown),
                    )
                };
                ctx.push(install, None);
                let cache_path = match p.manager {
                    M::Npm => NPM_CACHE,
                    M::Yarn => YARN_CACHE,
                    M::Pnpm => PNPM_STORE,
                    _ => BUN_CACHE,
                };
                let no_cache = p.manager == M::Bun && p.no_cache();
                if !no_cache {
                    let label = format!("{} cache", manager_name(p.manager));
                    ctx.push(
                        part(
                            &label,
                            ContentKind::AlreadyCompressed,
                            Some(cache_path.into()),
                            cache.0,
                            cache.1,
                        ),
                        Some(WasteKind::CacheLeftBehind),
                    );
                }
            }
            (M::Npm | M::Yarn | M::Pnpm | M::Bun, PackageAction::Other | PackageAction::Build) => {
                let runs_script = p
                    .subcommand
                    .iter()
                    .any(|w| matches!(w.value.as_ref(), "run" | "run-script" | "build" | "exec"));
                if runs_script {
                    let name =
                        format!("{} {}", manager_name(p.manager), short_words(&p.subcommand));
                    if !ctx.builders.contains(&name) {
                        ctx.builders.push(name);
                    }
                }
            }
            (M::Gem, PackageAction::Install) => {
                let mut estimate = Estimate::default();
                for name in &names {
                    estimate = estimate + assumptions::gem(name);
                }
                let label = format!("gem install: {}", short_list(&names));
                ctx.push(
                    part(
                        &label,
                        ContentKind::TextAndCaches,
                        Some("/usr/local/bundle".into()),
                        estimate,
                        true,
                    ),
                    None,
                );
            }
            (M::Go, PackageAction::Install) if p.subcommand_is("mod") || p.subcommand_is("get") => {
                self.toolchain_cache(ctx, &[GO_MOD_CACHE], "Go module cache");
            }
            (M::Go, PackageAction::Build | PackageAction::Install) => {
                let output = if p.action == PackageAction::Install {
                    "/go/bin".to_string()
                } else {
                    match p.args.value_of("-o").and_then(|w| w.literal()) {
                        Some(o) => absolute(ctx.workdir, o),
                        None => absolute(ctx.workdir, basename(ctx.workdir)),
                    }
                };
                let what = format!(
                    "go {}: binary {output}",
                    if p.action == PackageAction::Build {
                        "build"
                    } else {
                        "install"
                    }
                );
                ctx.push(
                    part(
                        &what,
                        ContentKind::StaticBinary,
                        Some(output),
                        assumptions::native_binary(&what),
                        true,
                    ),
                    None,
                );
                self.toolchain_cache(
                    ctx,
                    &[GO_BUILD_CACHE, GO_MOD_CACHE],
                    "Go build and module caches",
                );
            }
            (M::Cargo, PackageAction::Build | PackageAction::Install) => {
                if p.action == PackageAction::Install {
                    let what = "cargo install: binary".to_string();
                    ctx.push(
                        part(
                            &what,
                            ContentKind::StaticBinary,
                            Some("/usr/local/cargo/bin".into()),
                            assumptions::native_binary(&what),
                            true,
                        ),
                        None,
                    );
                } else {
                    let target = absolute(ctx.workdir, "target");
                    let what = format!("cargo build: {target}");
                    ctx.push(
                        part(
                            &what,
                            ContentKind::StaticBinary,
                            Some(target),
                            assumptions::toolchain_cache(&what),
                            true,
                        ),
                        None,
                    );
                }
                self.toolchain_cache(ctx, &[CARGO_REGISTRY], "Cargo registry");
            }
            (M::Dnf | M::Yum | M::Microdnf | M::Zypper, PackageAction::Install) => {
                let what = format!("{}: {}", manager_name(p.manager), short_list(&names));
                let e = assumptions::other_commands(&what).times_count(names.len().max(1));
                ctx.push(
                    part(
                        &what,
                        ContentKind::DebianPackages,
                        Some(SYSTEM_PREFIX.into()),
                        e,
                        true,
                    ),
                    None,
                );
            }
            (_, PackageAction::Upgrade | PackageAction::DistUpgrade) => {
                let what = format!("{} upgrade", manager_name(p.manager));
                ctx.push(
                    part(
                        &what,
                        ContentKind::DebianPackages,
                        None,
                        assumptions::other_commands(&what),
                        true,
                    ),
                    None,
                );
            }
            (M::Apk, PackageAction::Remove) => {
                // `.build-deps` reads as a path to the shell model.
                ctx.apt
                    .removed_apk
                    .extend(names.iter().chain(&local).cloned());
            }
            (
                M::AptGet | M::Apt | M::Aptitude,
                PackageAction::Remove | PackageAction::AutoRemove,
            ) => {
                ctx.apt.removed.extend(names.iter().cloned());
                ctx.apt.autoremove |= p.action == PackageAction::AutoRemove
                    || p.has_flag("--auto-remove")
                    || p.has_flag("--autoremove");
            }
            (_, PackageAction::Remove | PackageAction::AutoRemove) => {
                ctx.layer.notes.push(format!(
                    "{} removes packages: not subtracted (the estimate keeps what was installed)",
                    manager_name(p.manager)
                ));
            }
            _ => {}
        }
    }

    fn toolchain_cache(&self, ctx: &mut RunContext<'_, '_>, paths: &[&str], what: &str) {
        let left = paths.iter().filter(|p| (ctx.gone)(p).is_none()).count();
        if left == 0 {
            ctx.layer
                .notes
                .push(format!("{what}: removed or in a cache mount"));
            return;
        }
        let share = left as f64 / paths.len().max(1) as f64;
        let mut e = assumptions::toolchain_cache(what);
        e.uncompressed = e.uncompressed.times(share);
        e.compressed = e.compressed.times(share);
        let path = paths
            .iter()
            .find(|p| (ctx.gone)(p).is_none())
            .map(|p| p.to_string());
        ctx.push(
            part(what, ContentKind::TextAndCaches, path, e, true),
            Some(WasteKind::CacheLeftBehind),
        );
    }

    fn python(
        &mut self,
        command: &Command<'_>,
        p: &PackageCommand<'_>,
        names: &[String],
        local: &[String],
        ctx: &mut RunContext<'_, '_>,
    ) {
        use PackageManager as M;
        let _ = command;
        let target = if let Some(t) = p.args.value_of("--target").and_then(|w| w.literal()) {
            absolute(ctx.workdir, t)
        } else if let Some(prefix) = p.args.value_of("--prefix").and_then(|w| w.literal()) {
            absolute(ctx.workdir, prefix)
        } else if p.has_flag("--user") {
            "/root/.local".to_string()
        } else {
            SITE_PACKAGES.to_string()
        };
        let manager = manager_name(p.manager);
        let mut projects: Vec<String> = p
            .requirement_files()
            .map(|w| format!("-r {}", w.value))
            .collect();
        projects.extend(local.iter().cloned());
        let project_manager = matches!(p.manager, M::Poetry | M::Pipenv)
            || (p.manager == M::Uv && !p.subcommand.iter().any(|w| w.is("pip")));
        if project_manager && names.is_empty() && projects.is_empty() {
            projects.push(format!("{manager} project"));
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut cache = Estimate::default();
        let mut cache_unknown = false;
        if !names.is_empty() {
            let set = pypi::pip_install(&refs);
            let unknown = !set.unknown.is_empty();
            let label = format!("{manager} install: {}", short_list(names));
            ctx.push(
                part(
                    &label,
                    ContentKind::Python,
                    Some(target.clone()),
                    set.estimate,
                    unknown,
                ),
                None,
            );
            cache = cache + pypi::pip_cache(&refs);
        }
        for project in &projects {
            let what = format!("{manager} install {project}");
            let install = assumptions::python_project(&what);
            cache = cache + archive_of(&install, ContentKind::Python, &format!("{manager} cache"));
            cache_unknown = true;
            ctx.push(
                part(
                    &what,
                    ContentKind::Python,
                    Some(target.clone()),
                    install,
                    true,
                ),
                None,
            );
        }
        if names.is_empty() && projects.is_empty() {
            return;
        }
        let env_off = |name: &str| match ctx.scope.get(name) {
            Some(Value::Known(v)) => {
                !matches!(v.to_ascii_lowercase().as_str(), "" | "0" | "false" | "no")
            }
            _ => false,
        };
        let (cache_path, no_cache) = match p.manager {
            M::Pip => (PIP_CACHE, p.no_cache() || env_off("PIP_NO_CACHE_DIR")),
            M::Uv => (UV_CACHE, p.no_cache() || env_off("UV_NO_CACHE")),
            _ => {
                ctx.layer
                    .notes
                    .push(format!("{manager} cache: not estimated"));
                return;
            }
        };
        if no_cache {
            ctx.layer
                .notes
                .push(format!("{manager}: no download cache kept"));
            return;
        }
        ctx.push(
            part(
                &format!("{manager} cache"),
                ContentKind::AlreadyCompressed,
                Some(cache_path.into()),
                cache,
                cache_unknown,
            ),
            Some(WasteKind::CacheLeftBehind),
        );
    }

    fn copy(
        &mut self,
        index: usize,
        instruction: &Instruction,
        states: &[StageState],
    ) -> LayerEstimate {
        let is_add = instruction.kind == InstructionKind::Add;
        let mut layer = self.layer(
            index,
            instruction,
            if is_add {
                LayerKind::Add
            } else {
                LayerKind::Copy
            },
            String::new(),
        );
        let scope = self.scope(index);
        let workdir = self.state.workdir.clone();
        let Some(paths) = instruction.paths() else {
            return self.close(layer, Vec::new(), index);
        };
        let Some(destination) = paths.destination() else {
            return self.close(layer, Vec::new(), index);
        };
        let destination_text = self.expand(&scope, &destination.text);
        let destination_text = destination_text.trim_matches('"');
        let into_directory = destination_text.ends_with('/') || paths.sources().len() > 1;
        let destination_path = absolute(&workdir, destination_text);
        let target_of = |source: &str| -> String {
            let name = basename(source);
            if into_directory && !name.is_empty() && name != "." && !name.contains('*') {
                normalize(&format!("{destination_path}/{name}"))
            } else {
                destination_path.clone()
            }
        };
        let from = instruction
            .flag("from")
            .map(|f| self.expand(&scope, f.value_str()));
        let mut drafts = Vec::new();
        if let Some(from) = from {
            layer.kind = LayerKind::CopyFrom;
            let source_stage = self.stage_named(&from);
            for source in paths.sources() {
                let source_text = self.expand(&scope, &source.text);
                let source_path = absolute("/", source_text.trim_matches('"'));
                let target = target_of(&source_text);
                let draft = match source_stage.and_then(|s| states.get(s).map(|st| (s, st))) {
                    Some((s, state)) => {
                        let label = self
                            .model
                            .stages
                            .get(s)
                            .map_or_else(|| format!("#{s}"), |st| st.label());
                        copy_from_stage(state, &source_path, &label, target)
                    }
                    None => {
                        let what = format!("{source_path} from image {from}");
                        part(
                            &what,
                            ContentKind::TextAndCaches,
                            Some(target),
                            assumptions::copied_unknown(&what),
                            true,
                        )
                    }
                };
                drafts.push(Draft {
                    part: draft,
                    waste: None,
                });
            }
            return self.close(layer, drafts, index);
        }
        for source in paths.sources() {
            let source_text = self.expand(&scope, &source.text);
            let source_text = source_text.trim_matches('"').to_string();
            let target = target_of(&source_text);
            if let Some(heredoc) = instruction.heredoc_for(source) {
                let bytes = heredoc.content.len() as u64;
                let what = format!(
                    "heredoc {}",
                    source_text.trim_start_matches('<').trim_start_matches('-')
                );
                let estimate = Estimate::from_uncompressed(
                    SizeRange::exact(bytes),
                    ContentKind::TextAndCaches,
                    Provenance::new(
                        ProvenanceKind::Table,
                        &what,
                        "the heredoc body in the Dockerfile",
                        "exact: its length in bytes",
                    ),
                );
                drafts.push(Draft {
                    part: part(
                        &what,
                        ContentKind::TextAndCaches,
                        Some(target),
                        estimate,
                        false,
                    ),
                    waste: None,
                });
                continue;
            }
            let is_url = source_text.starts_with("http://")
                || source_text.starts_with("https://")
                || source_text.starts_with("git@");
            if is_add && is_url {
                let what = format!("ADD {source_text}");
                drafts.push(Draft {
                    part: part(
                        &what,
                        ContentKind::AlreadyCompressed,
                        Some(target),
                        assumptions::download(&what),
                        true,
                    ),
                    waste: None,
                });
                continue;
            }
            let whole = matches!(source_text.as_str(), "." | "./" | "*" | "./*" | "/");
            let (estimate, unknown) = match (self.options.context_bytes, whole) {
                (Some(bytes), true) => (
                    Estimate::from_uncompressed(
                        SizeRange::exact(bytes),
                        ContentKind::TextAndCaches,
                        Provenance::new(
                            ProvenanceKind::Assumption,
                            "build context",
                            "context size given in the estimate options",
                            "as given; .dockerignore is assumed applied",
                        ),
                    ),
                    false,
                ),
                (Some(bytes), false) => (
                    Estimate::from_uncompressed(
                        SizeRange::new(0, bytes.min(100_000), bytes),
                        ContentKind::TextAndCaches,
                        Provenance::new(
                            ProvenanceKind::Unknown,
                            format!("build context: {source_text}"),
                            "context size given in the estimate options",
                            "a part of the context: at most the whole context",
                        ),
                    ),
                    true,
                ),
                (None, true) => (assumptions::build_context(), true),
                (None, false) => (assumptions::context_path(&source_text), true),
            };
            let what = if whole {
                "build context".to_string()
            } else {
                format!("context: {source_text}")
            };
            if is_add
                && [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2"]
                    .iter()
                    .any(|e| source_text.ends_with(e))
            {
                layer
                    .notes
                    .push(format!("ADD extracts the local archive {source_text}"));
            }
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    Some(target),
                    estimate,
                    unknown,
                ),
                waste: None,
            });
        }
        self.close(layer, drafts, index)
    }

    /// An earlier stage named (or numbered) `value`.
    fn stage_named(&self, value: &str) -> Option<usize> {
        let lower = value.to_ascii_lowercase();
        if let Ok(n) = lower.parse::<usize>() {
            return (n < self.stage).then_some(n);
        }
        self.model
            .stages
            .iter()
            .take(self.stage)
            .rev()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
            .map(|s| s.index)
    }
}

fn set_docs_excluded(state: &StageState) -> bool {
    matches!(&state.installed, Some(Some(set)) if set.docs_excluded)
}

/// What `COPY --from=stage SOURCE` brings: the stage's outputs under the
/// source path, or the output the source is part of (unknown share), or
/// unknown.
fn copy_from_stage(state: &StageState, source: &str, label: &str, target: String) -> LayerPart {
    let under: Vec<&Output> = state
        .outputs
        .iter()
        .filter(|o| covers(source, &o.path))
        .collect();
    if !under.is_empty() {
        let estimate = under
            .iter()
            .fold(Estimate::default(), |sum, o| sum + o.estimate.clone());
        let unknown = under.iter().any(|o| o.unknown);
        let what = format!(
            "{source} from stage {label}: {}",
            short_list(&under.iter().map(|o| o.what.clone()).collect::<Vec<_>>())
        );
        return part(
            &what,
            ContentKind::TextAndCaches,
            Some(target),
            estimate,
            unknown,
        );
    }
    if let Some(containing) = state.outputs.iter().find(|o| covers(&o.path, source)) {
        let what = format!("{source} from stage {label}: part of {}", containing.what);
        let mut estimate = assumptions::copied_unknown(&what);
        let high = containing.estimate.uncompressed.high;
        estimate.uncompressed = SizeRange::new(0, estimate.uncompressed.expected.min(high), high);
        estimate.compressed = SizeRange::new(
            0,
            estimate
                .compressed
                .expected
                .min(containing.estimate.compressed.high),
            containing.estimate.compressed.high,
        );
        return part(
            &what,
            ContentKind::TextAndCaches,
            Some(target),
            estimate,
            true,
        );
    }
    let what = format!("{source} from stage {label}");
    part(
        &what,
        ContentKind::TextAndCaches,
        Some(target),
        assumptions::copied_unknown(&what),
        true,
    )
}

/// The download cache of an install: its archives, i.e. the install
/// divided by the content's compression ratio.
fn archive_of(install: &Estimate, kind: ContentKind, what: &str) -> Estimate {
    let ratio = kind.ratio();
    let archives = ratio.compress(install.uncompressed);
    let mut e = Estimate::from_uncompressed(
        archives,
        ContentKind::AlreadyCompressed,
        Provenance::new(
            ProvenanceKind::Unknown,
            what,
            "the install's range ÷ the content's archive ratio",
            "the downloaded archives of an unknown dependency set",
        ),
    );
    e.provenance.push(ratio.provenance());
    e
}

fn part(
    label: &str,
    content: ContentKind,
    path: Option<String>,
    estimate: Estimate,
    unknown: bool,
) -> LayerPart {
    LayerPart {
        label: label.to_string(),
        content,
        path,
        estimate,
        unknown,
    }
}

fn cache_paths(manager: PackageManager) -> &'static [&'static str] {
    use PackageManager as M;
    match manager {
        M::Pip => &[PIP_CACHE],
        M::Uv => &[UV_CACHE],
        M::Npm => &[NPM_CACHE],
        M::Yarn => &[YARN_CACHE],
        M::Pnpm => &[PNPM_STORE],
        M::Bun => &[BUN_CACHE],
        M::Apk => &[APK_CACHE],
        M::Go => &[GO_BUILD_CACHE, GO_MOD_CACHE],
        M::Cargo => &[CARGO_REGISTRY],
        _ => &[],
    }
}

fn manager_name(manager: PackageManager) -> &'static str {
    use PackageManager as M;
    match manager {
        M::AptGet => "apt-get",
        M::Apt => "apt",
        M::Aptitude => "aptitude",
        M::Apk => "apk",
        M::Dnf => "dnf",
        M::Yum => "yum",
        M::Microdnf => "microdnf",
        M::Zypper => "zypper",
        M::Pip => "pip",
        M::Uv => "uv",
        M::Poetry => "poetry",
        M::Pipenv => "pipenv",
        M::Pipx => "pipx",
        M::Npm => "npm",
        M::Yarn => "yarn",
        M::Pnpm => "pnpm",
        M::Bun => "bun",
        M::Gem => "gem",
        M::Go => "go",
        M::Cargo => "cargo",
    }
}

fn short_list(items: &[String]) -> String {
    let mut out: Vec<&str> = items.iter().take(6).map(String::as_str).collect();
    if items.len() > 6 {
        out.push("…");
    }
    out.join(" ")
}

fn short_words(words: &[crate::model::shell::Word<'_>]) -> String {
    words
        .iter()
        .take(3)
        .map(|w| w.value.as_ref())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The parts of the RUN being read, and what it removes.
struct RunContext<'a, 'g> {
    layer: &'a mut LayerEstimate,
    drafts: &'a mut Vec<Draft>,
    gone: &'g dyn Fn(&str) -> Option<&'static str>,
    scope: &'a Scope,
    workdir: &'a str,
    lists_done: &'a mut bool,
    apk_cache_done: &'a mut bool,
    builders: &'a mut Vec<String>,
    apt: &'a mut AptRun,
    /// The RUN's `apk add`s: draft index, names, `--virtual` group.
    apk: &'a mut Vec<(usize, Vec<String>, Option<String>)>,
}

/// The apt installs and removals of one RUN, to take back what a
/// `purge`/`remove` in the same RUN uninstalls.
#[derive(Default)]
struct AptRun {
    /// The installed set before the RUN's first install.
    before: Option<InstalledSet>,
    /// Arguments of the RUN's installs, and whether they took Recommends.
    requested: Vec<String>,
    recommends: bool,
    /// Packages the RUN's installs added, with their Installed-Size.
    added: Vec<(String, u64)>,
    /// Indices (in the drafts) of the install parts.
    parts: Vec<usize>,
    removed: Vec<String>,
    autoremove: bool,
    /// `apk del` arguments of the RUN (package or `--virtual` group names).
    removed_apk: Vec<String>,
}

impl RunContext<'_, '_> {
    fn push(&mut self, part: LayerPart, waste: Option<WasteKind>) {
        if let Some(path) = &part.path {
            if let Some(how) = (self.gone)(path) {
                self.layer
                    .notes
                    .push(format!("{} ({path}): {how}, not in the layer", part.label));
                return;
            }
        }
        self.drafts.push(Draft { part, waste });
    }
}

trait TimesCount {
    fn times_count(self, n: usize) -> Estimate;
}

impl TimesCount for Estimate {
    /// `n` independent copies of the same rule of thumb.
    fn times_count(mut self, n: usize) -> Estimate {
        let n = n.max(1) as f64;
        self.uncompressed = self.uncompressed.times(n);
        self.compressed = self.compressed.times(n);
        self
    }
}

/// A `purge`/`remove` in the same RUN as the install takes its packages
/// back out of the layer: the named packages, and with `--auto-remove` (or
/// an `autoremove`) the rest of their closure that the RUN's other
/// installs do not need. The install parts are scaled down by the share of
/// Installed-Size removed (the on-disk range is linear in it).
fn take_back_apt_removals(apt: &AptRun, drafts: &mut [Draft], layer: &mut LayerEstimate) {
    if apt.removed.is_empty() || apt.added.is_empty() {
        return;
    }
    let Some(before) = &apt.before else {
        return;
    };
    let universe = AptUniverse::embedded();
    let removed_refs: Vec<&str> = apt.removed.iter().map(String::as_str).collect();
    let removed_names: Vec<String> = if apt.autoremove {
        let closure = universe.resolve_install(&removed_refs, apt.recommends, before);
        let kept_args: Vec<&str> = apt
            .requested
            .iter()
            .map(String::as_str)
            .filter(|a| !removed_refs.contains(a))
            .collect();
        let kept = universe.resolve_install(&kept_args, apt.recommends, before);
        closure
            .packages
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| !kept.contains(name))
            .collect()
    } else {
        apt.removed.clone()
    };
    let added: u64 = apt.added.iter().map(|(_, b)| *b).sum();
    let (count, removed): (usize, u64) = apt
        .added
        .iter()
        .filter(|(name, _)| removed_names.contains(name))
        .fold((0, 0), |(n, sum), (_, b)| (n + 1, sum + b));
    if added == 0 || removed == 0 {
        return;
    }
    let factor = 1.0 - removed as f64 / added as f64;
    for &index in &apt.parts {
        if let Some(draft) = drafts.get_mut(index) {
            let e = &mut draft.part.estimate;
            e.uncompressed = e.uncompressed.times(factor);
            e.compressed = e.compressed.times(factor);
            draft.part.label = format!(
                "{}, {count} removed again in the same RUN",
                draft.part.label
            );
        }
    }
    layer.notes.push(format!(
        "{count} package(s) ({} KiB of Installed-Size) purged in the same RUN{}",
        removed / 1024,
        if apt.autoremove {
            " with their unneeded dependencies"
        } else {
            ""
        }
    ));
}

/// `apk del NAME…` in the same RUN as `apk add`: a `--virtual` group name
/// takes back the whole group, a package name that package. apk sizes are
/// per package (no dependency data), so the subtraction is exact for the
/// table's packages and removes the same rule-of-thumb range for the rest.
fn take_back_apk_removals(
    removed: &[String],
    adds: &[(usize, Vec<String>, Option<String>)],
    drafts: &mut [Draft],
    layer: &mut LayerEstimate,
) {
    if removed.is_empty() {
        return;
    }
    for (index, names, group) in adds {
        let whole_group = group.as_ref().is_some_and(|g| removed.contains(g));
        let gone: Vec<&str> = names
            .iter()
            .filter(|n| whole_group || removed.contains(n))
            .map(String::as_str)
            .collect();
        if gone.is_empty() {
            continue;
        }
        let Some(draft) = drafts.get_mut(*index) else {
            continue;
        };
        let back = apk::apk_add(&gone).estimate;
        let e = &mut draft.part.estimate;
        e.uncompressed = e.uncompressed.sub_correlated(back.uncompressed);
        e.compressed = e.compressed.sub_correlated(back.compressed);
        draft.part.label = format!(
            "{}, {} removed again in the same RUN",
            draft.part.label,
            gone.len()
        );
        layer.notes.push(format!(
            "apk del {}: {} package(s) taken back",
            group.as_deref().filter(|_| whole_group).unwrap_or("…"),
            gone.len()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_cover() {
        assert_eq!(absolute("/app", "./node_modules/"), "/app/node_modules");
        assert_eq!(absolute("/app", "~/.cache/pip"), "/root/.cache/pip");
        assert_eq!(absolute("/", "/var/lib/apt/lists/*"), "/var/lib/apt/lists");
        assert_eq!(
            normalize("/usr/local/lib/python3.12/site-packages"),
            SITE_PACKAGES
        );
        assert!(covers("/root/.cache", PIP_CACHE));
        assert!(covers("/tmp/*.tar.gz", "/tmp/node.tar.gz"));
        assert!(!covers("/tmp/*.tar.gz", "/tmp/node.zip"));
        assert!(!covers("/", "/usr"));
        assert!(!covers("/var/lib/apt/lists", "/var/lib/apt"));
    }
}
