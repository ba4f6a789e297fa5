use dockopt_core::estimate::summary::{Score, SizeSummary};
use dockopt_core::estimate::{ImageEstimate, LayerEstimate};
use dockopt_core::playground::{
    certainty_text, provenance_text, range_text, saving_text, score_points_text, SizePanel,
};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SizeEstimateProps {
    /// `None` until the size worker's first answer.
    pub panel: Option<SizePanel>,
    /// The text changed, or the worker is computing a newer answer.
    pub stale: bool,
    /// The size worker did not answer in time.
    #[prop_or_default]
    pub unavailable: bool,
    /// Why the full Debian package table could not be used.
    #[prop_or_default]
    pub apt_table_error: Option<String>,
    /// The headline figures and scores of the analysed text.
    #[prop_or_default]
    pub summary: Option<SizeSummary>,
}

fn score(label: &'static str, id: &'static str, score: &Score) -> Html {
    html! {
        <details class="score" data-testid={id}>
            <summary>{ format!("{label} {}", score.display) }</summary>
            if score.factors.is_empty() {
                <p class="muted">{ "Nothing lowered it." }</p>
            } else {
                <ul>
                    { for score.factors.iter().map(|f| html! {
                        <li>
                            <span class="score-points">{ score_points_text(f.tenths) }</span>
                            { " " }{ &f.what }
                        </li>
                    }) }
                </ul>
            }
        </details>
    }
}

fn provenance_list(estimate: &dockopt_core::estimate::Estimate) -> Html {
    html! {
        <ul class="provenance">
            { for estimate.provenance.iter().map(|p| html! { <li>{ provenance_text(p) }</li> }) }
        </ul>
    }
}

fn layer_row(layer: &LayerEstimate) -> Html {
    let wasted = layer.wasted_total();
    html! {
        <tr>
            <td class="layer-instruction"><code>{ &layer.label }</code>
                if !layer.notes.is_empty() {
                    <div class="layer-notes">{ for layer.notes.iter().map(|n| html! { <div>{ n }</div> }) }</div>
                }
            </td>
            <td class="num">{ range_text(layer.size.uncompressed) }</td>
            <td class="num">{ range_text(layer.size.compressed) }</td>
            <td class="num">{ if wasted.high > 0 { range_text(wasted) } else { String::new() } }</td>
            <td>
                <details>
                    <summary>{ certainty_text(&layer.size) }</summary>
                    { provenance_list(&layer.size) }
                </details>
            </td>
        </tr>
    }
}

fn layers_table(image: &ImageEstimate, id: &'static str) -> Html {
    html! {
        <table class="layers" data-testid={id}>
            <thead><tr>
                <th scope="col">{ "Layer" }</th>
                <th scope="col" class="num">{ "Size" }</th>
                <th scope="col" class="num">{ "Compressed" }</th>
                <th scope="col" class="num">{ "Wasted" }</th>
                <th scope="col">{ "Source" }</th>
            </tr></thead>
            <tbody>{ for image.image_layers().into_iter().map(layer_row) }</tbody>
        </table>
    }
}

fn figure(label: &'static str, id: &'static str, image: &ImageEstimate) -> Html {
    html! {
        <div class="figure" data-testid={id}>
            <div class="figure-label">{ label }</div>
            <div class="figure-value">{ range_text(image.total.uncompressed) }</div>
            <div class="figure-sub">{ format!("{} compressed", range_text(image.total.compressed)) }</div>
            <div class="figure-sub">{ format!("least certain part: {}", certainty_text(&image.total)) }</div>
        </div>
    }
}

/// The size estimate of one document: the image before and after the
/// selected fixes, what each fix saves, and every layer with where its
/// figure comes from.
#[function_component(SizeEstimate)]
pub fn size_estimate(props: &SizeEstimateProps) -> Html {
    let Some(panel) = &props.panel else {
        if props.unavailable {
            return html! {
                <div class="size-estimate" data-testid="size-estimate">
                    <h2>{ "Size estimate" }</h2>
                    <p class="error" data-testid="size-unavailable">
                        { "The size estimator could not be loaded: it runs in a worker of its own (size_worker.js and size_worker_bg.wasm, next to this page) that has not answered. Findings, fixes and the rewrite work without it; reload the page to try again, or run `dockopt estimate` from the CLI." }
                    </p>
                </div>
            };
        }
        return html! {
            <div class="size-estimate stale" data-testid="size-estimate">
                <h2>{ "Size estimate" }</h2>
                <p class="muted" data-testid="size-loading">
                    { "Estimating… The size estimator and its package tables load separately from the findings, after the page starts." }
                </p>
            </div>
        };
    };
    html! {
        <div class={classes!("size-estimate", props.stale.then_some("stale"))} data-testid="size-estimate">
            <h2>{ "Size estimate" }</h2>
            if let Some(summary) = &props.summary {
                <div class="summary" data-testid="size-summary">
                    <p class="headline" data-testid="size-headline">{ &summary.headline }</p>
                    <div class="scores">
                        { score("Security", "score-security", &summary.security) }
                        { score("Size", "score-size", &summary.size) }
                    </div>
                </div>
            }
            <div class="figures">
                { figure("Now", "size-before", &panel.before) }
                { figure("With the selected fixes", "size-after", &panel.after) }
                <div class="figure" data-testid="size-saving">
                    <div class="figure-label">{ "Saving" }</div>
                    <div class="figure-value">{ range_text(panel.saving) }</div>
                    <div class="figure-sub">{ format!("{}% · {} compressed", panel.percent, range_text(panel.saving_compressed)) }</div>
                </div>
            </div>
            if let Some(error) = &props.apt_table_error {
                <p class="error" data-testid="apt-table-error">
                    { format!("The full Debian package table could not be loaded ({error}), so these packages are sized as unknown: {}.",
                        panel.before.apt_outside_table.join(", ")) }
                </p>
            }
            <details class="figure-source" data-testid="size-sources">
                <summary>{ "Where “Now” comes from" }</summary>
                { provenance_list(&panel.before.total) }
            </details>
            <details class="figure-source">
                <summary>{ "Where “With the selected fixes” comes from" }</summary>
                { provenance_list(&panel.after.total) }
            </details>
            if !panel.fixes.is_empty() {
                <h3>{ "Each fix alone" }</h3>
                <ul class="fix-savings" data-testid="fix-savings">
                    { for panel.fixes.iter().map(|s| html! {
                        <li>
                            <span class="fix-id">{ &s.fix_id }</span>
                            <span class="fix-title">{ &s.title }</span>
                            <span class="saving">{ saving_text(s) }</span>
                        </li>
                    }) }
                </ul>
            }
            if !panel.before.unknowns.is_empty() {
                <h3>{ "Not sized" }</h3>
                <ul class="unknowns" data-testid="size-unknowns">
                    { for panel.before.unknowns.iter().map(|u| html! {
                        <li>{ format!("line {}: {} (assumed {})", u.span.start_position.line, u.what, range_text(u.range)) }</li>
                    }) }
                </ul>
            }
            <h3>{ "Layers now" }</h3>
            { layers_table(&panel.before, "layers-before") }
            <details class="after-layers">
                <summary>{ "Layers with the selected fixes" }</summary>
                { layers_table(&panel.after, "layers-after") }
            </details>
        </div>
    }
}
