use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DockerignoreProps {
    pub name: String,
    /// `None`: the document has no `.dockerignore`.
    pub text: Option<String>,
    pub on_change: Callback<Option<String>>,
}

/// The optional `.dockerignore` beside a Dockerfile, passed to the analysis.
#[function_component(Dockerignore)]
pub fn dockerignore(props: &DockerignoreProps) -> Html {
    let on_toggle = props.on_change.reform(|event: Event| {
        let on = event.target_unchecked_into::<HtmlInputElement>().checked();
        on.then(String::new)
    });
    let oninput = props.on_change.reform(|event: InputEvent| {
        Some(event.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    html! {
        <div class="dockerignore">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="dockerignore-toggle"
                    checked={props.text.is_some()}
                    onchange={on_toggle}
                />
                { " .dockerignore beside this Dockerfile" }
            </label>
            if let Some(text) = &props.text {
                <textarea
                    class="ignore-editor"
                    data-testid="dockerignore"
                    aria-label={format!(".dockerignore of {}", props.name)}
                    placeholder="node_modules\n.git\n*.log"
                    spellcheck="false"
                    rows="4"
                    value={text.clone()}
                    {oninput}
                />
            }
        </div>
    }
}
