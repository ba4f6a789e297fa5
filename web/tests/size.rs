//! The size worker's logic, its message codec and how answers land in the
//! state, in the browser's wasm (the worker itself is exercised end to end
//! by the Playwright tests against the release build).

use std::rc::Rc;

use dockopt_core::estimate::apt::{AptUniverse, TABLE_NAME};
use dockopt_core::fix::FixSelection;
use dockopt_core::playground;
use dockopt_web::size::{
    needs_full_apt_table, size_panel, SizeAnswer, SizeRequest, SizeWorker, Taken,
};
use dockopt_web::state::{Action, State};
use gloo_worker::HandlerId;
use gloo_worker::{Bincode, Codec};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

const URL: &str = "http://127.0.0.1/dockopt/debian_full.tsv.zz";
const TEXT: &str = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n";

fn summary_of(text: &str) -> dockopt_core::estimate::summary::SizeSummary {
    dockopt_core::estimate::summary::summarize(text, &playground::estimate_options(None, None))
}

fn request(text: &str, key: u64) -> SizeRequest {
    SizeRequest {
        key,
        text: text.to_string(),
        rewritten: text.to_string(),
        dockerignore: None,
        fixes: playground::report_fixes(&dockopt_core::analyze(text)),
        summary: dockopt_core::estimate::summary::summary_inputs(
            text,
            playground::options(None),
            &dockopt_core::analyze(text),
        ),
        apt_table_url: "http://127.0.0.1/dockopt/debian_full.tsv.zz".into(),
    }
}

#[wasm_bindgen_test]
fn the_worker_answers_what_the_core_computes_and_reuses_savings() {
    let mut worker = SizeWorker::default();
    let first = worker.answer(request(TEXT, 1));
    assert_eq!(first.key, 1);
    assert_eq!(first.panel, size_panel(&request(TEXT, 1), None));
    // The summary split between the page and the worker is `dockopt
    // estimate`'s summary.
    let summary =
        dockopt_core::estimate::summary::summarize(TEXT, &playground::estimate_options(None, None));
    assert_eq!(first.summary, summary);
    assert!(
        summary.headline.starts_with("Current Size: "),
        "{}",
        summary.headline
    );
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
    assert_eq!(answer.panel, size_panel(&second, None));
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
        panel: size_panel(&request, None),
        summary: summary_of(TEXT),
        apt_table_error: None,
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
    let old = doc.size_request(URL);
    // The text changes and is analysed again before the answer arrives.
    let state = state
        .reduce(Action::Edit {
            index: 1,
            text: TEXT.into(),
        })
        .reduce(Action::Analyse(1));
    let late = SizeAnswer {
        key: old.key,
        panel: size_panel(&old, None),
        summary: summary_of(&old.text),
        apt_table_error: None,
    };
    let state = state.reduce(Action::Sized(Box::new(late)));
    assert!(
        state.documents[1].size.is_none(),
        "an answer for an older text is dropped"
    );

    let current = state.documents[1].size_request(URL);
    assert_eq!(current.text, TEXT);
    let panel = size_panel(&current, None);
    let state = state.reduce(Action::Sized(Box::new(SizeAnswer {
        key: current.key,
        panel: panel.clone(),
        summary: summary_of(TEXT),
        apt_table_error: None,
    })));
    let doc = &state.documents[1];
    assert_eq!(doc.size.as_ref(), Some(&panel));
    assert_eq!(
        doc.size_summary.as_ref().map(|s| s.headline.clone()),
        Some(summary_of(TEXT).headline)
    );
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

/// figlet (739 KiB, Depends: libc6) is in the full Debian table but not in
/// the subset the worker has compiled in.
const FIGLET: &str =
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends figlet && rm -rf /var/lib/apt/lists/*\n";

fn handler(n: u64) -> HandlerId {
    // HandlerId has no public constructor; it is a newtype of a counter.
    Bincode::decode(Bincode::encode(n))
}

fn full_table() -> AptUniverse {
    let bytes = include_bytes!("../../crates/dockopt-core/src/estimate/data/debian_full.tsv.zz");
    AptUniverse::from_zlib(bytes, TABLE_NAME).expect("the committed table inflates")
}

#[wasm_bindgen_test]
fn a_package_outside_the_subset_waits_for_the_full_table_once() {
    let subset = size_panel(&request(FIGLET, 1), None);
    assert!(
        needs_full_apt_table(&subset),
        "{:?}",
        subset.before.apt_outside_table
    );
    assert_eq!(subset.before.apt_outside_table, ["figlet"]);

    let mut worker = SizeWorker::default();
    // The subset answers what it can at once.
    assert!(matches!(
        worker.take(handler(1), request(TEXT, 1)),
        Taken::Answer(_)
    ));
    // figlet: fetch the table (from the request's URL), once.
    match worker.take(handler(2), request(FIGLET, 2)) {
        Taken::Waits { fetch: Some(url) } => assert_eq!(url, URL),
        _ => panic!("the first request that needs the table fetches it"),
    }
    assert!(matches!(
        worker.take(handler(3), request(TEXT, 3)),
        Taken::Waits { fetch: None }
    ));
    let answers = worker.table_fetched(Ok(full_table()));
    let keys: Vec<u64> = answers.iter().map(|(_, a)| a.key).collect();
    assert_eq!(keys, [2, 3], "the waiting requests, in order");
    let figlet = &answers[0].1;
    assert!(figlet.panel.before.apt_outside_table.is_empty());
    assert!(figlet.apt_table_error.is_none());
    // 739 KiB of Installed-Size more than the subset's unknown guess: the
    // layer now says one package was added, as `dockopt estimate` does.
    let full = size_panel(&request(FIGLET, 2), Some(&full_table()));
    assert_eq!(figlet.panel, full);
    // Later requests use the full table without waiting.
    assert!(
        matches!(worker.take(handler(4), request(FIGLET, 4)), Taken::Answer(a) if a.panel == full)
    );
}

#[wasm_bindgen_test]
fn a_failed_table_fetch_keeps_the_packages_unknown_and_says_why() {
    let mut worker = SizeWorker::default();
    assert!(matches!(
        worker.take(handler(1), request(FIGLET, 1)),
        Taken::Waits { fetch: Some(_) }
    ));
    let answers = worker.table_fetched(Err(format!("{URL} answered HTTP 404")));
    let answer = &answers[0].1;
    assert_eq!(answer.panel, size_panel(&request(FIGLET, 1), None));
    assert_eq!(
        answer.apt_table_error.as_deref(),
        Some("http://127.0.0.1/dockopt/debian_full.tsv.zz answered HTTP 404")
    );
    // No second fetch; answers that do not need the table carry no error.
    assert!(
        matches!(worker.take(handler(2), request(FIGLET, 2)), Taken::Answer(a) if a.apt_table_error.is_some())
    );
    assert!(
        matches!(worker.take(handler(3), request(TEXT, 3)), Taken::Answer(a) if a.apt_table_error.is_none())
    );
}
