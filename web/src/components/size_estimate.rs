use yew::prelude::*;

/// The size estimate panel. The estimate API (`estimate_dockerfile`) is not
/// in this build's core yet, so this says so instead of guessing.
#[function_component(SizeEstimate)]
pub fn size_estimate() -> Html {
    html! {
        <div class="size-estimate" data-testid="size-estimate">
            <h2>{ "Size estimate" }</h2>
            <p class="muted">{ "Image size estimates are not available in this build yet." }</p>
        </div>
    }
}
