use dockopt_core::diff::{Hunk, Row, Segment};
use yew::prelude::*;

use crate::state::RewriteView;

#[derive(Properties, PartialEq)]
pub struct DiffViewProps {
    pub hunks: Vec<Hunk>,
    pub unified: String,
    pub rewritten: String,
    pub view: RewriteView,
}

fn line_text(text: &str) -> &str {
    text.strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text)
}

fn segments(segments: &[Segment]) -> Html {
    html! {
        { for segments.iter().map(|s| {
            let text = line_text(&s.text).to_string();
            if s.changed {
                html! { <mark class="word">{ text }</mark> }
            } else {
                html! { <>{ text }</> }
            }
        }) }
    }
}

fn cell(number: Option<usize>, class: &'static str, content: Html) -> Html {
    html! {
        <>
            <td class="ln">{ number.map(|n| n.to_string()).unwrap_or_default() }</td>
            <td class={classes!("code-cell", class)}>{ content }</td>
        </>
    }
}

fn side_by_side(hunks: &[Hunk]) -> Html {
    html! {
        <table class="sbs" data-testid="diff-side-by-side">
            <caption class="visually-hidden">{ "Original on the left, rewritten on the right" }</caption>
            <colgroup>
                <col class="ln-col" /><col /><col class="ln-col" /><col />
            </colgroup>
            { for hunks.iter().map(|hunk| html! {
                <tbody>
                    <tr class="hunk-head"><td colspan="4">
                        { format!("@@ -{},{} +{},{} @@", hunk.old_start, hunk.old_len, hunk.new_start, hunk.new_len) }
                    </td></tr>
                    { for hunk.rows.iter().map(|row| match row {
                        Row::Equal { old_line, new_line, text } => html! {
                            <tr>
                                { cell(Some(*old_line), "eq", html! { line_text(text).to_string() }) }
                                { cell(Some(*new_line), "eq", html! { line_text(text).to_string() }) }
                            </tr>
                        },
                        Row::Delete { old_line, text } => html! {
                            <tr>
                                { cell(Some(*old_line), "del", html! { line_text(text).to_string() }) }
                                { cell(None, "empty", html! {}) }
                            </tr>
                        },
                        Row::Insert { new_line, text } => html! {
                            <tr>
                                { cell(None, "empty", html! {}) }
                                { cell(Some(*new_line), "ins", html! { line_text(text).to_string() }) }
                            </tr>
                        },
                        Row::Replace { old_line, new_line, old, new } => html! {
                            <tr>
                                { cell(Some(*old_line), "del", segments(old)) }
                                { cell(Some(*new_line), "ins", segments(new)) }
                            </tr>
                        },
                    }) }
                </tbody>
            }) }
        </table>
    }
}

fn unified(text: &str) -> Html {
    html! {
        <pre class="unified" data-testid="diff-unified">
            { for text.split_inclusive('\n').map(|line| {
                let class = match line.as_bytes().first() {
                    Some(b'+') if !line.starts_with("+++ ") => "u-ins",
                    Some(b'-') if !line.starts_with("--- ") => "u-del",
                    Some(b'@') => "u-hunk",
                    Some(b'-') | Some(b'+') => "u-file",
                    _ => "u-eq",
                };
                html! { <span class={class}>{ line.to_string() }</span> }
            }) }
        </pre>
    }
}

/// The rewrite: side by side with changed words marked, as a unified
/// patch, or the optimized Dockerfile alone.
#[function_component(DiffView)]
pub fn diff_view(props: &DiffViewProps) -> Html {
    match props.view {
        RewriteView::Text => html! {
            <pre class="rewritten-text" data-testid="rewritten-text">{ props.rewritten.clone() }</pre>
        },
        _ if props.hunks.is_empty() => html! {
            <p class="muted" data-testid="no-diff">{ "The selected fixes change nothing: the rewritten Dockerfile is the original." }</p>
        },
        RewriteView::SideBySide => side_by_side(&props.hunks),
        RewriteView::Unified => unified(&props.unified),
    }
}
