use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub name: String,
    pub text: String,
    pub on_edit: Callback<String>,
    /// The text area, so that clicking a finding can select its span.
    pub node_ref: NodeRef,
}

/// The Dockerfile text area. Every keystroke reports the whole text.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
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
        />
    }
}
