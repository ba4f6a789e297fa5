//! The size worker's logic, its message codec and how answers land in the
//! state, in the browser's wasm (the worker itself is exercised end to end
//! by the Playwright tests against the release build).

use std::rc::Rc;

use dockopt_core::fix::FixSelection;
use dockopt_core::playground;
use dockopt_web::size::{size_panel, SizeAnswer, SizeRequest, SizeWorker};
use dockopt_web::state::{Action, State};
use gloo_worker::{Bincode, Codec};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

const TEXT: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n";

fn request(text: &str, key: u64) -> SizeRequest {
    SizeRequest {
        key,
        text: text.to_string(),
        rewritten: text.to_string(),
        dockerignore: None,
        fixes: playground::report_fixes(&dockopt_core::analyze(text)),
    }
}

#[wasm_bindgen_test]
fn the_worker_answers_what_the_core_computes_and_reuses_savings() {
    let mut worker = SizeWorker::default();
    let first = worker.answer(request(TEXT, 1));
    assert_eq!(first.key, 1);
    assert_eq!(first.panel, size_panel(&request(TEXT, 1)));
    assert!(
        first.panel.fixes.iter().any(|s| s.fix_id == "DL3009:1"),
        "the apt lists cleanup is priced: {:?}",
        first.panel.fixes
    );
    // Same text, another rewrite: the savings are reused, the panel is new.
    let mut second = request(TEXT, 2);
    second.rewritten =
        dockopt_core::engine::fix_text(TEXT, playground::options(None), &FixSelection::default())
            .text;
    let answer = worker.answer(second.clone());
    assert_eq!(answer.key, 2);
    assert_eq!(answer.panel, size_panel(&second));
    assert!(
        answer.panel.saving.expected > 0,
        "{:?}",
        answer.panel.saving
    );
}

#[wasm_bindgen_test]
fn requests_and_answers_survive_the_worker_codec() {
    let request = request(TEXT, 7);
    let decoded: SizeRequest = Bincode::decode(Bincode::encode(request.clone()));
    assert_eq!(decoded, request);
    let answer = SizeAnswer {
        key: 7,
        panel: size_panel(&request),
    };
    let decoded: SizeAnswer = Bincode::decode(Bincode::encode(answer.clone()));
    assert_eq!(decoded, answer);
}

#[wasm_bindgen_test]
fn an_answer_lands_only_on_the_state_it_was_asked_for() {
    let state = Rc::new(State::default());
    let doc = &state.documents[1];
    assert!(doc.size.is_none() && doc.size_pending());
    assert!(
        doc.fix_savings().is_empty(),
        "no savings before the worker answers"
    );
    let old = doc.size_request();
    // The text changes and is analysed again before the answer arrives.
    let state = state
        .reduce(Action::Edit {
            index: 1,
            text: TEXT.into(),
        })
        .reduce(Action::Analyse(1));
    let late = SizeAnswer {
        key: old.key,
        panel: size_panel(&old),
    };
    let state = state.reduce(Action::Sized(Box::new(late)));
    assert!(
        state.documents[1].size.is_none(),
        "an answer for an older text is dropped"
    );

    let current = state.documents[1].size_request();
    assert_eq!(current.text, TEXT);
    let panel = size_panel(&current);
    let state = state.reduce(Action::Sized(Box::new(SizeAnswer {
        key: current.key,
        panel: panel.clone(),
    })));
    let doc = &state.documents[1];
    assert_eq!(doc.size.as_ref(), Some(&panel));
    assert!(!doc.size_pending());
    assert_eq!(doc.fix_savings(), &panel.fixes[..]);

    // A fix switch asks again but keeps showing the last panel meanwhile,
    // and the savings (of the same analysis) stay.
    let id = panel.fixes[0].fix_id.clone();
    let applicability = panel.fixes[0].applicability;
    let state = state.reduce(Action::SetFix {
        index: 1,
        id,
        applicability,
        on: false,
    });
    let doc = &state.documents[1];
    assert!(doc.size_pending() && doc.size.is_some());
    assert_ne!(doc.size_key, current.key);
    assert_eq!(doc.fix_savings(), &panel.fixes[..]);
}
