use dockopt_core::playground::Highlight;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub name: String,
    pub text: String,
    /// The text cut into runs, finding spans marked (empty while stale).
    pub highlights: Vec<Highlight>,
    pub on_edit: Callback<String>,
    /// The text area, so that clicking a finding can select its span.
    pub node_ref: NodeRef,
}

/// The Dockerfile text area, over an underlay that underlines the findings'
/// spans (same font and padding, scrolled with it). Every keystroke reports
/// the whole text.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let mirror = use_node_ref();
    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onscroll = {
        let mirror = mirror.clone();
        Callback::from(move |event: Event| {
            let textarea = event.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(mirror) = mirror.cast::<Element>() {
                mirror.set_scroll_top(textarea.scroll_top());
                mirror.set_scroll_left(textarea.scroll_left());
            }
        })
    };
    html! {
        <div class="editor-wrap">
            <pre class="editor-mirror" aria-hidden="true" ref={mirror}>
                { for props.highlights.iter().map(|run| match run.severity {
                    Some(severity) => html! { <mark class={classes!("hl", format!("hl-{}", severity.as_str()))}>{ run.text.clone() }</mark> },
                    None => html! { { run.text.clone() } },
                }) }
                { "\n" }
            </pre>
            <textarea
                ref={props.node_ref.clone()}
                class="editor"
                data-testid="editor"
                aria-label={format!("{} Dockerfile", props.name)}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                value={props.text.clone()}
                {oninput}
                {onscroll}
            />
        </div>
    }
}
