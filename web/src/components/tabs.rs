use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub names: Vec<String>,
    pub active: usize,
    pub on_select: Callback<usize>,
    pub on_add: Callback<()>,
    pub on_close: Callback<usize>,
    pub on_rename: Callback<(usize, String)>,
}

/// One tab per document (e.g. "frontend" and "backend"); the shown tab can
/// be renamed (double-click or ✎) and closed (×); + adds one.
#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let renaming = use_state(|| None::<usize>);
    let can_close = props.names.len() > 1;
    let list = use_node_ref();
    // Arrow keys, Home and End move between tabs (the WAI-ARIA tabs
    // pattern); the newly shown tab then takes the focus.
    let moved = use_mut_ref(|| false);
    {
        let list = list.clone();
        let moved = moved.clone();
        use_effect_with(props.active, move |_| {
            if std::mem::take(&mut *moved.borrow_mut()) {
                if let Some(list) = list.cast::<web_sys::Element>() {
                    if let Ok(Some(tab)) = list.query_selector("[role=tab][aria-selected=true]") {
                        if let Some(tab) =
                            wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&tab)
                        {
                            let _ = tab.focus();
                        }
                    }
                }
            }
        });
    }
    let onkeydown = {
        let count = props.names.len();
        let active = props.active;
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            let target = match event.key().as_str() {
                "ArrowRight" => (active + 1) % count.max(1),
                "ArrowLeft" => (active + count.max(1) - 1) % count.max(1),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            let on_tab = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|e| e.get_attribute("role").as_deref() == Some("tab"));
            if on_tab {
                event.prevent_default();
                *moved.borrow_mut() = true;
                on_select.emit(target);
            }
        })
    };
    let commit = {
        let renaming = renaming.clone();
        let on_rename = props.on_rename.clone();
        Callback::from(move |(index, name): (usize, String)| {
            renaming.set(None);
            on_rename.emit((index, name));
        })
    };
    html! {
        <nav class="tabs" aria-label="Dockerfiles">
            <div role="tablist" class="tab-list" ref={list} {onkeydown}>
            { for props.names.iter().enumerate().map(|(index, name)| {
                let selected = index == props.active;
                if *renaming == Some(index) {
                    let on_blur = commit.reform(move |event: FocusEvent| {
                        (index, event.target_unchecked_into::<HtmlInputElement>().value())
                    });
                    let on_key = {
                        let commit = commit.clone();
                        let renaming = renaming.clone();
                        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
                            "Enter" => commit.emit((index, event.target_unchecked_into::<HtmlInputElement>().value())),
                            "Escape" => renaming.set(None),
                            _ => {}
                        })
                    };
                    return html! {
                        <input class="tab-rename" data-testid="tab-rename" aria-label={format!("New name for {name}")}
                            value={name.clone()} onblur={on_blur} onkeydown={on_key} autofocus=true />
                    };
                }
                let onclick = props.on_select.reform(move |_: MouseEvent| index);
                let ondblclick = {
                    let renaming = renaming.clone();
                    Callback::from(move |_: MouseEvent| renaming.set(Some(index)))
                };
                let start_rename = {
                    let renaming = renaming.clone();
                    Callback::from(move |_: MouseEvent| renaming.set(Some(index)))
                };
                let close = props.on_close.reform(move |_: MouseEvent| index);
                html! {
                    <span class={classes!("tab-wrap", selected.then_some("active"))}>
                        <button
                            type="button"
                            role="tab"
                            class={classes!("tab", selected.then_some("active"))}
                            aria-selected={selected.to_string()}
                            tabindex={if selected { "0" } else { "-1" }}
                            data-testid={format!("tab-{name}")}
                            {onclick}
                            {ondblclick}
                        >{ name }</button>
                        if selected {
                            <button type="button" class="tab-action" data-testid="rename-tab"
                                aria-label={format!("Rename {name}")} title="Rename" onclick={start_rename}>{ "✎" }</button>
                            if can_close {
                                <button type="button" class="tab-action" data-testid="close-tab"
                                    aria-label={format!("Close {name}")} title="Close" onclick={close}>{ "×" }</button>
                            }
                        }
                    </span>
                }
            }) }
            </div>
            <button type="button" class="tab-add" data-testid="add-tab" aria-label="New Dockerfile tab"
                title="New tab" onclick={props.on_add.reform(|_: MouseEvent| ())}>{ "+" }</button>
        </nav>
    }
}
