use dockopt_core::diff::DiffStats;
use dockopt_core::fix::Applicability;
use dockopt_core::playground::{FixRow, Rewrite};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{DiffView, FixList};
use crate::state::RewriteView;

#[derive(Properties, PartialEq)]
pub struct RewrittenProps {
    pub rewrite: Rewrite,
    pub rows: Vec<FixRow>,
    #[prop_or_default]
    pub savings: Vec<(String, String)>,
    pub unsafe_fixes: bool,
    pub view: RewriteView,
    pub stale: bool,
    pub on_toggle: Callback<(String, Applicability, bool)>,
    pub on_unsafe: Callback<bool>,
    pub on_view: Callback<RewriteView>,
    pub on_copy: Callback<()>,
    /// Put the rewritten text into the editor.
    pub on_use: Callback<()>,
    pub on_download: Callback<()>,
}

fn stats_text(stats: DiffStats) -> String {
    format!("+{} −{} lines", stats.lines_added, stats.lines_removed)
}

/// The optimized Dockerfile: fix switches, the diff and the exports.
#[function_component(Rewritten)]
pub fn rewritten(props: &RewrittenProps) -> Html {
    let on_unsafe = props
        .on_unsafe
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().checked());
    let view_button = |view: RewriteView, label: &'static str, id: &'static str| {
        let selected = props.view == view;
        let onclick = props.on_view.reform(move |_: MouseEvent| view);
        html! {
            <button type="button" class={classes!("seg", selected.then_some("active"))}
                aria-pressed={selected.to_string()} data-testid={id} {onclick}>{ label }</button>
        }
    };
    let outcome = &props.rewrite.outcome;
    let applied = outcome.applied.len();
    html! {
        <div class={classes!("rewritten", props.stale.then_some("stale"))}>
            <div class="rewritten-head">
                <h2>{ "Rewritten" }</h2>
                <span class="muted" data-testid="rewrite-summary">
                    { format!("{} applied · {}", match applied { 1 => "1 fix".to_string(), n => format!("{n} fixes") }, stats_text(props.rewrite.stats)) }
                </span>
                if !outcome.converged {
                    <span class="warn">{ "stopped at the pass limit" }</span>
                }
            </div>
            <section aria-label="Fixes" class="fixes">
                <label class="check unsafe-toggle">
                    <input type="checkbox" role="switch" data-testid="unsafe-toggle"
                        checked={props.unsafe_fixes} onchange={on_unsafe} />
                    { " Apply unsafe fixes (they may change behaviour)" }
                </label>
                <FixList rows={props.rows.clone()} savings={props.savings.clone()} on_toggle={props.on_toggle.clone()} />
            </section>
            <div class="toolbar">
                <div class="segmented" role="group" aria-label="Diff view">
                    { view_button(RewriteView::SideBySide, "Side by side", "view-side-by-side") }
                    { view_button(RewriteView::Unified, "Unified", "view-unified") }
                    { view_button(RewriteView::Text, "Optimized file", "view-text") }
                </div>
                <span class="spacer" />
                <button type="button" class="button" data-testid="use-rewritten"
                    disabled={props.stale || props.rewrite.unified.is_empty()}
                    title="Replace the editor's text with the rewritten Dockerfile (can be undone)"
                    onclick={props.on_use.reform(|_: MouseEvent| ())}>{ "Use in editor" }</button>
                <button type="button" class="button" data-testid="copy-rewritten"
                    onclick={props.on_copy.reform(|_: MouseEvent| ())}>{ "Copy rewritten" }</button>
                <button type="button" class="button" data-testid="download-patch"
                    disabled={props.rewrite.unified.is_empty()}
                    onclick={props.on_download.reform(|_: MouseEvent| ())}>{ "Download .patch" }</button>
            </div>
            <div class="diff">
                <DiffView hunks={props.rewrite.hunks.clone()} unified={props.rewrite.unified.clone()}
                    rewritten={outcome.text.clone()} view={props.view} />
            </div>
        </div>
    }
}
