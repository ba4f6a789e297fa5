use dockopt_core::fix::Applicability;
use dockopt_core::playground::{applicability_label, FixRow, FixStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FixListProps {
    pub rows: Vec<FixRow>,
    /// Savings per fix id, as text with its range (from the size estimate),
    /// shown next to the switch when known.
    #[prop_or_default]
    pub savings: Vec<(String, String)>,
    pub on_toggle: Callback<(String, Applicability, bool)>,
}

/// One switch per fix, with its title, applicability and what the rewrite
/// did with it (applied, or skipped and why).
#[function_component(FixList)]
pub fn fix_list(props: &FixListProps) -> Html {
    if props.rows.is_empty() {
        return html! { <p class="muted" data-testid="no-fixes">{ "No fixes for this Dockerfile." }</p> };
    }
    html! {
        <ul class="fix-list" data-testid="fixes">
            { for props.rows.iter().map(|row| {
                let id = row.id.clone();
                let applicability = row.applicability;
                let onchange = props.on_toggle.reform(move |event: Event| {
                    let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                    (id.clone(), applicability, on)
                });
                let label = applicability_label(row.applicability);
                let (status_class, status) = match &row.status {
                    FixStatus::Applied { pass } if *pass > 1 => ("status applied", format!("applied (pass {pass})")),
                    FixStatus::Applied { .. } => ("status applied", "applied".to_string()),
                    FixStatus::Skipped { reason } => ("status skipped", format!("skipped: {reason}")),
                };
                let saving = props.savings.iter().find(|(id, _)| *id == row.id).map(|(_, s)| s.clone());
                html! {
                    <li class="fix" data-fix={row.id.clone()}>
                        <label class="switch">
                            <input type="checkbox" role="switch" checked={row.on} {onchange}
                                data-testid={format!("fix-{}", row.id)}
                                aria-label={format!("Apply {}: {}", row.id, row.title)} />
                            <span class="fix-title">{ &row.title }</span>
                        </label>
                        <span class="fix-meta">
                            <span class="fix-id">{ &row.id }</span>
                            <span class={classes!("badge", format!("badge-{label}"))}>{ label }</span>
                            if let Some(saving) = saving {
                                <span class="saving" data-testid="fix-saving">{ saving }</span>
                            }
                            <span class={status_class}>{ status }</span>
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}
