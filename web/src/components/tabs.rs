use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub names: Vec<String>,
    pub active: usize,
    pub on_select: Callback<usize>,
}

/// One tab per document (e.g. "frontend" and "backend").
#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    html! {
        <nav class="tabs" role="tablist">
            { for props.names.iter().enumerate().map(|(index, name)| {
                let selected = index == props.active;
                let onclick = props.on_select.reform(move |_: MouseEvent| index);
                html! {
                    <button
                        role="tab"
                        class={classes!("tab", selected.then_some("active"))}
                        aria-selected={selected.to_string()}
                        data-testid={format!("tab-{name}")}
                        {onclick}
                    >{ name }</button>
                }
            }) }
        </nav>
    }
}
