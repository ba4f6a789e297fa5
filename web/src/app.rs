//! The root component: holds the state and wires the components together.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::{Editor, Findings, Tabs};
use crate::state::{Action, State};

/// How long typing must pause before the text is analysed again.
const ANALYSIS_DEBOUNCE_MS: u32 = 200;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let pending = use_mut_ref(|| None::<Timeout>);

    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |index| state.dispatch(Action::Select(index)))
    };
    let on_edit = {
        let dispatcher = state.dispatcher();
        let index = state.active;
        Callback::from(move |text: String| {
            dispatcher.dispatch(Action::Edit { index, text });
            let dispatcher = dispatcher.clone();
            // Replacing the timeout drops (cancels) the previous one.
            *pending.borrow_mut() = Some(Timeout::new(ANALYSIS_DEBOUNCE_MS, move || {
                dispatcher.dispatch(Action::Analyse(index))
            }));
        })
    };

    let names: Vec<String> = state.documents.iter().map(|d| d.name.clone()).collect();
    let body = match state.active_document() {
        Some(doc) => html! {
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Dockerfile">
                    <Editor name={doc.name.clone()} text={doc.text.clone()} on_edit={on_edit} />
                </section>
                <section class="pane findings-pane" aria-label="Findings">
                    <Findings report={doc.report.clone()} stale={doc.stale} />
                </section>
            </main>
        },
        None => html! { <main class="workspace"><p>{ "No document open." }</p></main> },
    };

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "dockopt" }</h1>
                <p class="tagline">{ "Dockerfile findings, fixes and size estimates — computed in your browser, nothing is uploaded." }</p>
            </header>
            <Tabs names={names} active={state.active} on_select={on_select} />
            { body }
        </div>
    }
}
