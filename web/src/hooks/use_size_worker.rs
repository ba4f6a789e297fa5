use std::collections::HashSet;

use gloo::timers::callback::Timeout;
use gloo_worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use dockopt_core::estimate::apt::FULL_TABLE_FILE;

use crate::browser;
use crate::size::{worker_url, SizeWorker};
use crate::state::{Action, State};

/// How long the first answer may take before the size panel says the
/// estimator could not be loaded (the worker is ~180 KB gzip).
const FIRST_ANSWER_MS: u32 = 15_000;

/// Prices every document in the size worker: after each render where a
/// document waits for a size answer, sends its request once; the worker
/// (spawned on the first such render, i.e. after the page has drawn its
/// findings) answers with `Action::Sized`. If the first answer does not
/// come in time (the worker's files could not be loaded), dispatches
/// `Action::SizeUnavailable` so the panel says so.
#[hook]
pub fn use_size_worker(state: &UseReducerHandle<State>) {
    let bridge = use_mut_ref(|| None::<WorkerBridge<SizeWorker>>);
    let answered = use_mut_ref(|| false);
    let watchdog = use_mut_ref(|| None::<Timeout>);
    let sent = use_mut_ref(HashSet::<u64>::new);
    let waiting: Vec<u64> = state
        .documents
        .iter()
        .filter(|d| d.size_pending())
        .map(|d| d.size_key)
        .collect();
    let state = state.clone();
    use_effect_with(waiting, move |waiting| {
        if !waiting.is_empty() {
            let mut bridge = bridge.borrow_mut();
            let bridge = bridge.get_or_insert_with(|| {
                let dispatcher = state.dispatcher();
                let silent = state.dispatcher();
                let answered_in_time = answered.clone();
                *watchdog.borrow_mut() = Some(Timeout::new(FIRST_ANSWER_MS, move || {
                    if !*answered_in_time.borrow() {
                        silent.dispatch(Action::SizeUnavailable);
                    }
                }));
                let answered = answered.clone();
                SizeWorker::spawner()
                    .callback(move |answer| {
                        *answered.borrow_mut() = true;
                        dispatcher.dispatch(Action::Sized(Box::new(answer)));
                    })
                    .spawn(&worker_url(browser::build_id().as_deref()))
            });
            let table_url = browser::asset_url(FULL_TABLE_FILE);
            let mut sent = sent.borrow_mut();
            sent.retain(|key| waiting.contains(key));
            for doc in state.documents.iter().filter(|d| d.size_pending()) {
                if sent.insert(doc.size_key) {
                    bridge.send(doc.size_request(&table_url));
                }
            }
        }
    });
}
