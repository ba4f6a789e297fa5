//! How each instruction becomes a layer estimate (the walk behind
//! [`super::image::estimate_dockerfile`]). This module owns the walk over
//! stages, paths and what is known to live at them, FROM and COPY; reading
//! a RUN is in `layers/run.rs`.
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
//!   earlier files; `python -m venv DIR` (an assumed venv at DIR, which
//!   the pip installs go into when the program path, `$VIRTUAL_ENV` or
//!   `PATH` says so); anything else is one "other commands" unknown.
//! - Paths deleted by a later RUN still cost the layer that wrote them:
//!   that layer reports them as wasted, the deleting layer adds nothing.
//! - `COPY`/`ADD`: the build context (unknown unless its size is given),
//!   heredocs (their exact length), `--from` a stage (the size of the
//!   stage's outputs under the copied path when the model knows them; a
//!   part of one output, at most that output, and several parts of it
//!   together at most it once; else unknown), `--from` an image, URLs.
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

mod run;

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
    /// apt names the table lacks (see `ImageEstimate::apt_outside_table`).
    apt_outside_table: Vec<String>,
    outputs: Vec<Output>,
    /// How much of an earlier stage's output `COPY --from` parts of it have
    /// already drawn, so that several parts of one output never sum to more
    /// than the output itself.
    drawn: Vec<Drawn>,
    /// Virtual environments created so far (`python -m venv DIR`).
    venvs: Vec<String>,
    /// The literal entries of `PATH` as ENV set it (empty: the base's).
    path: Vec<String>,
    workdir: String,
    total: Estimate,
    wasted: SizeRange,
}

/// What parts copied from one output (stage, index in its final outputs)
/// have taken so far: each part alone may be the whole output, so the sum
/// of their highs can pass the output's high; the stage total counts the
/// output's high once (see `Walk::finish`).
#[derive(Debug, Clone)]
struct Drawn {
    stage: usize,
    output: usize,
    /// The output's own figures.
    whole: Estimate,
    /// The sum of the parts taken so far.
    used: Estimate,
    /// The line of the first copy of a part.
    first_line: u32,
}

impl Drawn {
    /// By how much the parts' highs (uncompressed, compressed) pass the
    /// output's.
    fn excess(&self) -> (u64, u64) {
        (
            self.used
                .uncompressed
                .high
                .saturating_sub(self.whole.uncompressed.high),
            self.used
                .compressed
                .high
                .saturating_sub(self.whole.compressed.high),
        )
    }
}

/// The total excess of all parts drawn (see [`Drawn::excess`]).
fn drawn_excess(drawn: &[Drawn]) -> (u64, u64) {
    drawn.iter().fold((0, 0), |(u, c), d| {
        let (du, dc) = d.excess();
        (u + du, c + dc)
    })
}

impl StageState {
    fn new(base: Option<BaseImageEstimate>) -> StageState {
        StageState {
            base,
            installed: None,
            installed_note: None,
            apt_outside_table: Vec::new(),
            outputs: Vec::new(),
            drawn: Vec::new(),
            venvs: Vec::new(),
            path: Vec::new(),
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
    /// The excess of shared parts already taken off the parent stage's
    /// total (see [`Drawn`]).
    inherited_excess: (u64, u64),
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
            inherited_excess: (0, 0),
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
    for name in states.iter().flat_map(|s| &s.apt_outside_table) {
        if !image.apt_outside_table.contains(name) {
            image.apt_outside_table.push(name.clone());
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
                self.inherited_excess = drawn_excess(&self.state.drawn);
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
        let mut total = self
            .layers
            .iter()
            .fold(Estimate::default(), |sum, l| sum + l.size.clone());
        // Parts of one output copied by several COPY --from each show the
        // whole output as their high; the total counts it once.
        let (excess_u, excess_c) = drawn_excess(&self.state.drawn);
        let cap = |range: &mut SizeRange, excess: u64| {
            let high = range.high.saturating_sub(excess).max(range.expected);
            let taken = range.high - high;
            *range = SizeRange::new(range.low, range.expected, high);
            taken
        };
        let shared_high = (
            cap(
                &mut total.uncompressed,
                excess_u.saturating_sub(self.inherited_excess.0),
            ),
            cap(
                &mut total.compressed,
                excess_c.saturating_sub(self.inherited_excess.1),
            ),
        );
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
            feeds_image: stage.feeds_image,
            layers: self.layers,
            total,
            wasted,
            shared_high,
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
        if instruction.kind == InstructionKind::Env {
            self.read_path(instruction);
        }
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

    /// `ENV PATH=…`: its literal entries, `$PATH` standing for the entries
    /// before (unknown entries are left out).
    fn read_path(&mut self, instruction: &Instruction) {
        for pair in instruction.key_values() {
            if pair.key.text != "PATH" {
                continue;
            }
            let value = pair.value.text.trim_matches('"');
            let mut entries = Vec::new();
            for entry in value.split(':') {
                if entry == "$PATH" || entry == "${PATH}" {
                    entries.extend(self.state.path.iter().cloned());
                } else if !entry.contains('$') && entry.starts_with('/') {
                    entries.push(normalize(entry));
                }
            }
            self.state.path = entries;
        }
    }

    /// Sums the drafts into the layer, records the outputs and wastes.
    fn close(&mut self, mut layer: LayerEstimate, drafts: Vec<Draft>) -> LayerEstimate {
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
            return self.close(layer, Vec::new());
        };
        let Some(destination) = paths.destination() else {
            return self.close(layer, Vec::new());
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
                        let from = Source {
                            stage: s,
                            line: layer.span.start_position.line,
                            state,
                            label: &label,
                        };
                        copy_from_stage(
                            &from,
                            &source_path,
                            target,
                            &mut self.state.drawn,
                            &mut layer.notes,
                        )
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
            return self.close(layer, drafts);
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
        self.close(layer, drafts)
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

/// The stage a `COPY --from` reads.
struct Source<'s> {
    stage: usize,
    /// The line of the COPY that reads it.
    line: u32,
    state: &'s StageState,
    label: &'s str,
}

/// What `COPY --from=stage SOURCE` brings: the stage's outputs under the
/// source path, or a part of the output the source lies in (unknown share,
/// at most what earlier parts of that output left of it), or unknown.
fn copy_from_stage(
    from: &Source<'_>,
    source: &str,
    target: String,
    drawn: &mut Vec<Drawn>,
    notes: &mut Vec<String>,
) -> LayerPart {
    let label = from.label;
    let under: Vec<&Output> = from
        .state
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
            joined(
                &under.iter().map(|o| o.what.clone()).collect::<Vec<_>>(),
                "; "
            )
        );
        return part(
            &what,
            ContentKind::TextAndCaches,
            Some(target),
            estimate,
            unknown,
        );
    }
    let containing = from
        .state
        .outputs
        .iter()
        .enumerate()
        .find(|(_, o)| covers(&o.path, source));
    if let Some((output, containing)) = containing {
        let slot = match drawn
            .iter()
            .position(|d| d.stage == from.stage && d.output == output)
        {
            Some(slot) => slot,
            None => {
                drawn.push(Drawn {
                    stage: from.stage,
                    output,
                    whole: containing.estimate.clone(),
                    used: Estimate::default(),
                    first_line: from.line,
                });
                drawn.len() - 1
            }
        };
        let what = format!("{source} from stage {label}: part of {}", containing.what);
        let used = &drawn[slot].used;
        let whole = &containing.estimate;
        // Each part alone may be the whole output (high); the expected
        // figures of all parts together stay within the output's.
        let share = |assumed: SizeRange, whole: SizeRange, used: SizeRange| {
            let left = whole.expected.saturating_sub(used.expected);
            SizeRange::new(0, assumed.expected.min(left), whole.high)
        };
        let mut estimate = assumptions::copied_unknown(&what);
        estimate.uncompressed = share(estimate.uncompressed, whole.uncompressed, used.uncompressed);
        estimate.compressed = share(estimate.compressed, whole.compressed, used.compressed);
        if used.uncompressed.high > 0 {
            notes.push(format!(
                "shares the at most {} of {} with the copy on line {}: the stage total counts it once",
                super::format::format_bytes(whole.uncompressed.high),
                containing.what,
                drawn[slot].first_line
            ));
        }
        let sum = drawn[slot].used.clone() + estimate.clone();
        drawn[slot].used = sum;
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

fn short_list(items: &[String]) -> String {
    joined(items, " ")
}

/// The first six items, then `…`.
fn joined(items: &[String], separator: &str) -> String {
    let mut out: Vec<&str> = items.iter().take(6).map(String::as_str).collect();
    if items.len() > 6 {
        out.push("…");
    }
    out.join(separator)
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
            "/usr/local/lib/python3/site-packages"
        );
        assert!(covers("/root/.cache", "/root/.cache/pip"));
        assert!(covers("/tmp/*.tar.gz", "/tmp/node.tar.gz"));
        assert!(!covers("/tmp/*.tar.gz", "/tmp/node.zip"));
        assert!(!covers("/", "/usr"));
        assert!(!covers("/var/lib/apt/lists", "/var/lib/apt"));
    }
}
