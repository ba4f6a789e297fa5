//! `dockopt estimate`: the core's size estimate of each Dockerfile — the
//! image, layer by layer, what is wasted, what the data cannot size, the
//! saving of every fix and the scores — as text or JSON. Every figure and
//! its provenance come from [`dockopt_core::estimate`]; this module only
//! lays them out.

use dockopt_core::estimate::format::{format_bytes, format_range};
use dockopt_core::estimate::image::{estimate_dockerfile, EstimateOptions, ImageEstimate};
use dockopt_core::estimate::savings::{fix_savings, FixSaving};
use dockopt_core::estimate::summary::{summarize, SizeSummary};
use dockopt_core::estimate::Estimate;
use dockopt_core::Options;
use serde::Serialize;

use crate::check::for_each_source;
use crate::cli::EstimateArgs;
use crate::discover::Source;
use crate::settings::{prepare, Settings};

/// Everything estimated for one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileEstimate {
    pub path: String,
    pub summary: SizeSummary,
    pub image: ImageEstimate,
    pub savings: Vec<FixSaving>,
}

/// Estimate every source, in source order.
pub fn estimate_all(
    sources: &[Source],
    args: &EstimateArgs,
) -> Vec<Result<FileEstimate, (String, String)>> {
    let settings = Settings::from(&args.config);
    for_each_source(sources, |source, loaded| {
        let text = loaded.map_err(|m| (source.display.clone(), m))?;
        let prepared = prepare(source, &settings).map_err(|m| (source.display.clone(), m))?;
        let options = EstimateOptions {
            analysis: Options {
                config: Some(&prepared.config),
                dockerignore: prepared.dockerignore.as_deref(),
            },
            context_bytes: args.context_size,
            apt: None,
        };
        Ok(FileEstimate {
            path: source.display.clone(),
            summary: summarize(&text, &options),
            image: estimate_dockerfile(&text, &options),
            savings: fix_savings(&text, &options),
        })
    })
}

fn sizes(estimate: &Estimate) -> String {
    format!(
        "{} uncompressed, {} compressed",
        format_range(estimate.uncompressed),
        format_range(estimate.compressed)
    )
}

/// The text report of one file.
pub fn render_text(file: &FileEstimate, verbose: bool) -> String {
    let mut out = format!("{}\n  {}\n", file.path, file.summary.headline);
    out.push_str(&format!("  image: {}\n", sizes(&file.summary.current)));
    out.push_str(&format!(
        "  after safe fixes: {}; after all fixes: {}\n",
        format_range(file.summary.optimized_safe.uncompressed),
        format_range(file.summary.optimized_all.uncompressed)
    ));
    out.push_str(&format!(
        "  scores: security {}, size {}\n",
        file.summary.security.display, file.summary.size.display
    ));
    for stage in &file.image.stages {
        let ships = if stage.in_image { "ships" } else { "builder" };
        let name = stage
            .name
            .as_deref()
            .map(|n| format!(" \"{n}\""))
            .unwrap_or_default();
        out.push_str(&format!(
            "\n  stage {}{name} FROM {} ({ships}): {}\n",
            stage.index,
            stage.base,
            sizes(&stage.total)
        ));
        for layer in &stage.layers {
            let line = layer.span.start_position.line;
            out.push_str(&format!(
                "    {:>5}  {:<14} {}\n",
                format!("{line}:"),
                format_range(layer.size.uncompressed),
                layer.label
            ));
            if verbose {
                for provenance in &layer.size.provenance {
                    out.push_str(&format!(
                        "           from {}: {} ({})\n",
                        provenance.subject, provenance.source, provenance.uncertainty
                    ));
                }
                for note in &layer.notes {
                    out.push_str(&format!("           note: {note}\n"));
                }
            }
            for waste in &layer.wasted {
                out.push_str(&format!(
                    "           wasted {}: {}\n",
                    format_range(waste.size),
                    waste.what
                ));
            }
        }
    }
    if file.image.wasted.expected > 0 {
        out.push_str(&format!(
            "\n  wasted in the image: {}\n",
            format_range(file.image.wasted)
        ));
    }
    if !file.image.unknowns.is_empty() {
        out.push_str("\n  not sized by the data (shown as ranges):\n");
        for unknown in &file.image.unknowns {
            out.push_str(&format!(
                "    {}: {} ({})\n",
                unknown.span.start_position.line,
                unknown.what,
                format_range(unknown.range)
            ));
        }
    }
    let saving: Vec<&FixSaving> = file.savings.iter().filter(|s| s.saving.high > 0).collect();
    if !saving.is_empty() {
        out.push_str("\n  savings per fix:\n");
        for fix in saving {
            out.push_str(&format!(
                "    {:<12} -{} ({:?}): {}\n",
                fix.fix_id,
                format_range(fix.saving),
                fix.applicability,
                fix.title
            ));
        }
    }
    if verbose {
        for (title, score) in [
            ("security", &file.summary.security),
            ("size", &file.summary.size),
        ] {
            out.push_str(&format!("\n  {title} score {}:\n", score.display));
            for factor in &score.factors {
                out.push_str(&format!(
                    "    {:+}.{}  {}\n",
                    factor.tenths / 10,
                    (factor.tenths % 10).abs(),
                    factor.what
                ));
            }
        }
    }
    out
}

/// Bytes as the summary line of a run of several files prints them.
pub fn total_line(files: &[FileEstimate]) -> String {
    let total: u64 = files
        .iter()
        .map(|f| f.summary.current.uncompressed.expected)
        .sum();
    let optimized: u64 = files
        .iter()
        .map(|f| f.summary.optimized_safe.uncompressed.expected)
        .sum();
    format!(
        "{} images: ~{} now, ~{} after safe fixes\n",
        files.len(),
        format_bytes(total),
        format_bytes(optimized)
    )
}
