use dockopt_core::{Report, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Report,
    /// The text changed since the report was made (analysis pending).
    pub stale: bool,
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev sev-error",
        Severity::Warning => "sev sev-warning",
        Severity::Info => "sev sev-info",
        Severity::Style => "sev sev-style",
    }
}

/// The findings of one document: position, rule code, severity, message.
#[function_component(Findings)]
pub fn findings(props: &FindingsProps) -> Html {
    let count = props.report.findings.len();
    html! {
        <div class={classes!("findings", props.stale.then_some("stale"))}>
            <h2 data-testid="findings-count">
                { match count { 0 => "No findings".to_string(), 1 => "1 finding".to_string(), n => format!("{n} findings") } }
            </h2>
            <ol class="finding-list" data-testid="findings">
                { for props.report.findings.iter().map(|f| {
                    let p = f.span.start_position;
                    html! {
                        <li class="finding" data-code={f.code.clone()}>
                            <span class="pos">{ format!("{}:{}", p.line, p.column) }</span>
                            <span class="code">{ &f.code }</span>
                            <span class={severity_class(f.severity)}>{ f.severity.as_str() }</span>
                            <span class="message">{ &f.message }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
