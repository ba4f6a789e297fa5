use dockopt_core::playground::{applicability_label, SeverityCounts};
use dockopt_core::{Report, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Report,
    pub counts: SeverityCounts,
    /// The text changed since the report was made (analysis pending).
    pub stale: bool,
    /// A finding (by index in `report.findings`) was clicked.
    pub on_pick: Callback<usize>,
}

pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev sev-error",
        Severity::Warning => "sev sev-warning",
        Severity::Info => "sev sev-info",
        Severity::Style => "sev sev-style",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The findings of one document: position, rule code, severity, message.
/// Clicking one selects its span in the editor.
#[function_component(Findings)]
pub fn findings(props: &FindingsProps) -> Html {
    let counts = props.counts;
    let title = match counts.total() {
        0 => "No findings".to_string(),
        n => plural(n, "finding", "findings"),
    };
    html! {
        <div class={classes!("findings", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <div class="findings-head">
                <h2 data-testid="findings-count">{ title }</h2>
                <ul class="counts" aria-label="Findings by severity">
                    { for counts.by_severity().iter().filter(|(_, n)| *n > 0).map(|(severity, n)| html! {
                        <li class={severity_class(*severity)} data-testid={format!("count-{}", severity.as_str())}>
                            { format!("{n} {}", severity.as_str()) }
                        </li>
                    }) }
                    if counts.suppressed > 0 {
                        <li class="sev sev-suppressed" data-testid="count-suppressed">
                            { format!("{} suppressed", counts.suppressed) }
                        </li>
                    }
                </ul>
            </div>
            <ol class="finding-list" data-testid="findings">
                { for props.report.findings.iter().enumerate().map(|(index, f)| {
                    let p = f.span.start_position;
                    let onclick = props.on_pick.reform(move |_: MouseEvent| index);
                    html! {
                        <li class="finding" data-code={f.code.clone()}>
                            <button class="finding-button" type="button" {onclick}
                                title="Select this in the editor">
                                <span class="pos">{ format!("{}:{}", p.line, p.column) }</span>
                                <span class="code">{ &f.code }</span>
                                <span class={severity_class(f.severity)}>{ f.severity.as_str() }</span>
                                <span class="message">{ &f.message }
                                    if let Some(fix) = &f.fix {
                                        <span class={classes!("badge", "fix-badge", format!("badge-{}", applicability_label(fix.applicability)))}
                                            title={fix.title.clone()}>{ format!("fix: {}", applicability_label(fix.applicability)) }</span>
                                    }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            if !props.report.suppressed.is_empty() {
                <details class="suppressed" data-testid="suppressed">
                    <summary>{ format!("{} suppressed by pragmas", plural(props.report.suppressed.len(), "finding", "findings")) }</summary>
                    <ul>
                        { for props.report.suppressed.iter().map(|s| {
                            let p = s.finding.span.start_position;
                            html! {
                                <li class="suppressed-item">
                                    <span class="pos">{ format!("{}:{}", p.line, p.column) }</span>
                                    <span class="code">{ &s.finding.code }</span>
                                    <span class="message">{ &s.finding.message }</span>
                                    <span class="by">{ format!("by {}", s.by) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}
