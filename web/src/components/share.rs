use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::ShareOutcome;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub outcome: Option<ShareOutcome>,
    /// Whether the link could not be copied (then the link text is selected).
    pub select_link: bool,
    pub on_share: Callback<()>,
}

/// The Share button, what it did, and the link itself.
#[function_component(ShareBar)]
pub fn share_bar(props: &ShareProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        let select = props.select_link;
        let url = props.outcome.as_ref().and_then(|o| o.url.clone());
        use_effect_with((url, select), move |(url, select)| {
            if let (Some(_), true) = (url, select) {
                if let Some(input) = input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let onfocus = Callback::from(|event: FocusEvent| {
        event.target_unchecked_into::<HtmlInputElement>().select();
    });
    html! {
        <div class="share">
            <button type="button" class="button primary" data-testid="share"
                onclick={props.on_share.reform(|_: MouseEvent| ())}>{ "Share" }</button>
            if let Some(outcome) = &props.outcome {
                if let Some(url) = &outcome.url {
                    <input ref={input} class="share-link" data-testid="share-link" readonly=true
                        aria-label="Share link" value={url.clone()} {onfocus} />
                }
                <span class="share-status" role="status" data-testid="share-status">{ &outcome.message }</span>
            }
        </div>
    }
}
