use yew::prelude::*;

use crate::state::{Notice, NoticeKind};

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
    /// Offer "Restore drafts" (a link is open and drafts exist).
    pub can_restore: bool,
    /// Offer "Undo" (a tab was closed or the tabs replaced).
    pub can_undo: bool,
    pub on_restore: Callback<()>,
    pub on_undo: Callback<()>,
    pub on_dismiss: Callback<()>,
}

/// The banner for messages: a broken link, a closed tab, a failed copy.
#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeProps) -> Html {
    let (class, role) = match props.notice.kind {
        NoticeKind::Error => ("notice notice-error", "alert"),
        NoticeKind::Info => ("notice notice-info", "status"),
    };
    html! {
        <div class={class} role={role} data-testid="notice">
            <span class="notice-text">{ &props.notice.text }</span>
            if props.can_restore {
                <button type="button" class="button" data-testid="restore-drafts"
                    onclick={props.on_restore.reform(|_: MouseEvent| ())}>{ "Restore drafts" }</button>
            }
            if props.can_undo {
                <button type="button" class="button" data-testid="undo-close"
                    onclick={props.on_undo.reform(|_: MouseEvent| ())}>{ "Undo" }</button>
            }
            <button type="button" class="close" aria-label="Dismiss"
                onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "×" }</button>
        </div>
    }
}
