//! The root component: holds the state and wires the components together.

use dockopt_core::fix::Applicability;
use dockopt_core::playground::{
    editor_range, fix_rows, highlights, patch_file_name, range_text, saving_text, severity_counts,
};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::components::{
    Dockerignore, Editor, Findings, NoticeBar, Rewritten, ShareBar, SizeEstimate, Tabs,
};
use crate::hooks::{use_size_worker, use_throttled_effect};
use crate::state::{
    Action, Notice, NoticeKind, Origin, Panel, RewriteView, ShareOutcome, State, DRAFTS_BACKUP_KEY,
    DRAFTS_KEY,
};

/// How long typing must pause before the text is analysed again.
const ANALYSIS_DEBOUNCE_MS: u32 = 200;
/// At most one `history.replaceState` (and drafts write) per this many ms
/// (Safari limits URL changes to about 100 per 30 s).
const URL_THROTTLE_MS: u32 = 750;
/// How long a confirmation stays up.
const NOTICE_MS: u32 = 5000;
/// Links longer than this get a warning when shared.
const LONG_LINK_CHARS: usize = 8000;

fn notify(state: &UseReducerHandle<State>, kind: NoticeKind, text: impl Into<String>) {
    state.dispatch(Action::Notify(Notice {
        kind,
        text: text.into(),
    }));
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let hash = browser::location_hash();
        let drafts = browser::load_drafts(DRAFTS_KEY);
        let state = State::open(Some(&hash), drafts.as_deref());
        if let (Some(drafts), true) = (
            &drafts,
            state.origin == Origin::Examples && state.notice.is_some(),
        ) {
            // Unreadable drafts: keep them aside before new drafts replace them.
            browser::save_drafts(DRAFTS_BACKUP_KEY, drafts);
        }
        state
    });
    use_size_worker(&state);
    let pending = use_mut_ref(|| None::<Timeout>);
    // The state of the latest render, for event listeners set up once.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    {
        // A link pasted into this tab changes only the fragment: open it.
        // (Our own replaceState calls fire no hashchange.)
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let state = latest.borrow().clone();
                if state.saves_drafts() {
                    if let Ok(fragment) = state.fragment() {
                        browser::save_drafts(DRAFTS_KEY, &fragment);
                    }
                }
                state.dispatch(Action::OpenLink {
                    hash: browser::location_hash(),
                    drafts: browser::load_drafts(DRAFTS_KEY),
                });
            });
            move || drop(listener)
        });
    }
    let editor_ref = use_node_ref();

    // The URL's fragment and the drafts follow the documents, throttled.
    {
        let snapshot = state.clone();
        use_throttled_effect(
            state.revision,
            state.syncs_fragment() || state.saves_drafts(),
            URL_THROTTLE_MS,
            move || match snapshot.fragment() {
                Ok(fragment) => {
                    if snapshot.syncs_fragment() {
                        browser::replace_fragment(&fragment);
                    }
                    if snapshot.saves_drafts() && !browser::save_drafts(DRAFTS_KEY, &fragment) {
                        notify(
                            &snapshot,
                            NoticeKind::Error,
                            "Your drafts could not be saved in this browser (storage is full or disabled).",
                        );
                    }
                }
                // Too large for a link: the URL keeps its last fragment and
                // the drafts their last state; say so once.
                Err(error) => {
                    let text = format!(
                        "Too much text to keep in the link or the drafts ({error}): download or copy your work."
                    );
                    if snapshot.notice.as_ref().map(|n| &n.text) != Some(&text) {
                        notify(&snapshot, NoticeKind::Error, text);
                    }
                }
            },
        );
    }

    // Plain confirmations ("Copied …") go away by themselves; errors and
    // notices that offer Undo or Restore stay until dismissed.
    let notice_timer = use_mut_ref(|| None::<Timeout>);
    {
        let dispatcher = state.dispatcher();
        let lasting =
            state.undo.is_some() || matches!(state.origin, Origin::Link | Origin::BrokenLink);
        use_effect_with(state.notice.clone(), move |notice| {
            *notice_timer.borrow_mut() = match notice {
                Some(notice) if notice.kind == NoticeKind::Info && !lasting => {
                    let notice = notice.clone();
                    Some(Timeout::new(NOTICE_MS, move || {
                        dispatcher.dispatch(Action::DismissNoticeIf(notice))
                    }))
                }
                _ => None,
            };
        });
    }

    let schedule_analysis = {
        let dispatcher = state.dispatcher();
        let pending = pending.clone();
        Callback::from(move |_: ()| {
            let dispatcher = dispatcher.clone();
            // Replacing the timeout drops (cancels) the previous one; the
            // new one analyses every changed tab, not only this one.
            *pending.borrow_mut() = Some(Timeout::new(ANALYSIS_DEBOUNCE_MS, move || {
                dispatcher.dispatch(Action::AnalyseStale)
            }));
        })
    };
    let index = state.active;
    let on_edit = {
        let dispatcher = state.dispatcher();
        let schedule = schedule_analysis.clone();
        Callback::from(move |text: String| {
            dispatcher.dispatch(Action::Edit { index, text });
            schedule.emit(());
        })
    };
    let on_dockerignore = {
        let dispatcher = state.dispatcher();
        let schedule = schedule_analysis.clone();
        Callback::from(move |text: Option<String>| {
            dispatcher.dispatch(Action::SetDockerignore { index, text });
            schedule.emit(());
        })
    };
    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(make(())))
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i| dispatcher.dispatch(Action::Select(i)))
    };
    let on_close = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i| dispatcher.dispatch(Action::CloseTab(i)))
    };
    let on_rename = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(index, name)| dispatcher.dispatch(Action::RenameTab { index, name }))
    };
    let on_toggle = {
        let dispatcher = state.dispatcher();
        Callback::from(
            move |(id, applicability, on): (String, Applicability, bool)| {
                dispatcher.dispatch(Action::SetFix {
                    index,
                    id,
                    applicability,
                    on,
                })
            },
        )
    };
    let on_unsafe = {
        let dispatcher = state.dispatcher();
        Callback::from(move |on| dispatcher.dispatch(Action::SetUnsafe { index, on }))
    };
    let on_use = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Action::UseRewritten(index)))
    };
    let on_view = {
        let dispatcher = state.dispatcher();
        Callback::from(move |view: RewriteView| dispatcher.dispatch(Action::ShowRewrite(view)))
    };
    let on_restore = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| {
            if let Some(drafts) = browser::load_drafts(DRAFTS_KEY) {
                dispatcher.dispatch(Action::RestoreDrafts(drafts));
            }
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: ()| match state.fragment() {
            Ok(fragment) => {
                let url = format!("{}#{fragment}", browser::base_url());
                browser::replace_fragment(&fragment);
                let dispatcher = state.dispatcher();
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = match browser::copy_text(&url).await {
                        Ok(()) => ShareOutcome {
                            message: if url.len() > LONG_LINK_CHARS {
                                format!("Link copied ({} characters: some chat apps cut links this long).", url.len())
                            } else {
                                "Link copied to the clipboard.".into()
                            },
                            url: Some(url),
                            copied: true,
                        },
                        Err(why) => ShareOutcome {
                            message: format!("Could not copy ({why}): the link is selected, press Ctrl+C to copy it."),
                            url: Some(url),
                            copied: false,
                        },
                    };
                    dispatcher.dispatch(Action::Shared(outcome));
                });
            }
            Err(error) => state.dispatch(Action::Shared(ShareOutcome {
                url: None,
                message: format!("Cannot make a link: {error}."),
                copied: false,
            })),
        })
    };
    let on_pick = {
        let state = state.clone();
        let editor_ref = editor_ref.clone();
        Callback::from(move |finding: usize| {
            let Some(doc) = state.active_document() else {
                return;
            };
            let Some(f) = doc.report.findings.get(finding) else {
                return;
            };
            let (start, end) = editor_range(&doc.analysed_text, &f.span);
            if let Some(textarea) = editor_ref.cast::<HtmlTextAreaElement>() {
                let _ = textarea.focus();
                let _ = textarea.set_selection_range(start, end);
                // Bring the line into view, a third from the top.
                let lines = doc.analysed_text.lines().count().max(1) as f64;
                let line = f64::from(f.span.start_position.line.saturating_sub(1));
                let per_line = f64::from(textarea.scroll_height()) / lines;
                let top = line * per_line - f64::from(textarea.client_height()) / 3.0;
                textarea.set_scroll_top(top.max(0.0) as i32);
            }
        })
    };
    let on_copy = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let Some(doc) = state.active_document() else {
                return;
            };
            let text = doc.rewrite.outcome.text.clone();
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => notify(&state, NoticeKind::Info, "Copied the rewritten Dockerfile."),
                    Err(why) => notify(
                        &state,
                        NoticeKind::Error,
                        format!(
                            "Could not copy ({why}): open “Optimized file” and copy it from there."
                        ),
                    ),
                }
            });
        })
    };
    let on_download = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let Some(doc) = state.active_document() else {
                return;
            };
            if browser::download(
                &patch_file_name(&doc.name),
                &doc.rewrite.unified,
                "text/x-diff",
            )
            .is_err()
            {
                notify(
                    &state,
                    NoticeKind::Error,
                    "The browser refused the download: switch to “Unified” and copy the patch.",
                );
            }
        })
    };

    let names: Vec<String> = state.documents.iter().map(|d| d.name.clone()).collect();
    let panel_button = |panel: Panel, label: String, id: &'static str| {
        let selected = state.panel == panel;
        let dispatcher = state.dispatcher();
        let onclick =
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ShowPanel(panel)));
        html! {
            <button type="button" role="tab" class={classes!("panel-tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls="results-panel" data-testid={id} {onclick}>{ label }</button>
        }
    };
    let body = match state.active_document() {
        Some(doc) => {
            let counts = severity_counts(&doc.report);
            // Marks only fit the text they were computed for.
            let highlights = if doc.stale {
                Vec::new()
            } else {
                highlights(&doc.analysed_text, &doc.report)
            };
            let rows = fix_rows(&doc.report, &doc.selection, &doc.rewrite.outcome);
            let savings: Vec<(String, String)> = doc
                .fix_savings()
                .iter()
                .map(|s| (s.fix_id.clone(), saving_text(s)))
                .collect();
            let panel = match state.panel {
                Panel::Findings => html! {
                    <Findings report={doc.report.clone()} counts={counts} stale={doc.stale} on_pick={on_pick} />
                },
                Panel::Rewritten => html! {
                    <Rewritten rewrite={doc.rewrite.clone()} rows={rows} savings={savings} unsafe_fixes={doc.selection.unsafe_fixes}
                        view={state.rewrite_view} stale={doc.stale} on_toggle={on_toggle} on_unsafe={on_unsafe}
                        on_view={on_view} on_copy={on_copy} on_download={on_download}
                        on_use={on_use} />
                },
                Panel::Size => {
                    html! { <SizeEstimate panel={doc.size.clone()} stale={doc.stale || doc.size_pending()} unavailable={state.size_unavailable} apt_table_error={doc.apt_table_error.clone()} summary={doc.size_summary.clone()} /> }
                }
            };
            html! {
                <main class="workspace">
                    <section class="pane editor-pane" aria-label="Dockerfile">
                        <Editor name={doc.name.clone()} text={doc.text.clone()} highlights={highlights} on_edit={on_edit} node_ref={editor_ref.clone()} />
                        <Dockerignore name={doc.name.clone()} text={doc.dockerignore.clone()} on_change={on_dockerignore} />
                    </section>
                    <section class="pane results-pane" aria-label="Results">
                        <div class="panel-tabs" role="tablist" aria-label="Results">
                            { panel_button(Panel::Findings, format!("Findings ({})", counts.total()), "panel-findings") }
                            { panel_button(Panel::Rewritten, format!("Rewritten ({})", doc.rewrite.outcome.applied.len()), "panel-rewritten") }
                            { panel_button(Panel::Size, match &doc.size {
                                Some(size) => format!("Size ({})", range_text(size.after.total.uncompressed)),
                                None => "Size (estimating…)".to_string(),
                            }, "panel-size") }
                        </div>
                        <div class="panel-body" id="results-panel" role="tabpanel">{ panel }</div>
                    </section>
                </main>
            }
        }
        None => html! { <main class="workspace"><p>{ "No document open." }</p></main> },
    };
    let can_restore = matches!(state.origin, Origin::Link | Origin::BrokenLink)
        && browser::load_drafts(DRAFTS_KEY).is_some_and(|d| !d.is_empty());

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "dockopt" }<span class="version">{ concat!("v", env!("CARGO_PKG_VERSION")) }</span></h1>
                <p class="tagline">{ "Dockerfile findings, fixes and size estimates — computed in your browser, nothing is uploaded." }</p>
                if can_restore && state.notice.is_none() {
                    <button type="button" class="button" data-testid="restore-drafts-top"
                        title="Open the drafts saved in this browser" onclick={on_restore.reform(|_: MouseEvent| ())}>{ "Your drafts" }</button>
                }
                <button type="button" class="button" data-testid="reset" title="Replace the tabs with the examples"
                    onclick={dispatch(|_| Action::Reset).reform(|_: MouseEvent| ())}>{ "Examples" }</button>
                <ShareBar outcome={state.share.clone()} select_link={state.share.as_ref().is_some_and(|s| !s.copied)}
                    on_share={on_share} />
            </header>
            if let Some(notice) = &state.notice {
                <NoticeBar notice={notice.clone()} can_restore={can_restore} can_undo={state.undo.is_some()}
                    on_restore={on_restore.clone()} on_undo={dispatch(|_| Action::Undo)}
                    on_dismiss={dispatch(|_| Action::DismissNotice)} />
            }
            <Tabs names={names} active={state.active} on_select={on_select}
                on_add={dispatch(|_| Action::AddTab)} on_close={on_close} on_rename={on_rename} />
            { body }
        </div>
    }
}
