//! The reducer and the opening logic, in the browser's wasm (no DOM needed).

use std::rc::Rc;

use dockopt_core::fix::Applicability;
use dockopt_web::state::{Action, NoticeKind, Origin, Panel, State};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn reduce(state: Rc<State>, actions: Vec<Action>) -> Rc<State> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

fn edited_fragment() -> String {
    let state = reduce(
        Rc::new(State::default()),
        vec![Action::Edit {
            index: 1,
            text: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n".into(),
        }],
    );
    state.fragment().expect("the examples fit in a link")
}

#[wasm_bindgen_test]
fn opens_the_examples_without_link_or_drafts() {
    let state = State::open(Some(""), None);
    assert_eq!(state.origin, Origin::Examples);
    let names: Vec<_> = state.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["frontend", "backend"]);
    assert!(state.notice.is_none());
    assert!(
        !state.saves_drafts() && !state.syncs_fragment(),
        "nothing to save before a change"
    );
}

#[wasm_bindgen_test]
fn a_link_opens_its_documents_and_never_saves_drafts() {
    let fragment = edited_fragment();
    let state = Rc::new(State::open(
        Some(&format!("#{fragment}")),
        Some("v1.drafts"),
    ));
    assert_eq!(state.origin, Origin::Link);
    assert!(state.documents[1].text.starts_with("FROM debian:12\n"));
    assert!(
        !state.documents[1].report.findings.is_empty(),
        "analysed on open"
    );
    assert_eq!(
        state.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::Info)
    );
    let state = state.reduce(Action::Edit {
        index: 0,
        text: "FROM scratch\n".into(),
    });
    assert!(state.syncs_fragment());
    assert!(!state.saves_drafts());
}

#[wasm_bindgen_test]
fn a_broken_link_shows_the_codec_error_and_leaves_drafts_alone() {
    let state = Rc::new(State::open(Some("#v1.AB!cd"), Some("v1.whatever")));
    assert_eq!(state.origin, Origin::BrokenLink);
    let notice = state.notice.clone().expect("an error message");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice.text.contains("character 6 after the `#` is '!'"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("drafts"), "{}", notice.text);
    assert_eq!(state.documents.len(), 2, "the examples");
    let state = state.reduce(Action::Edit {
        index: 0,
        text: "FROM scratch\n".into(),
    });
    assert!(
        !state.saves_drafts(),
        "a broken link never overwrites drafts"
    );
    // Restoring the drafts makes them the saved documents again.
    let drafts = edited_fragment();
    let state = state.reduce(Action::RestoreDrafts(drafts));
    assert_eq!(state.origin, Origin::Drafts);
    assert!(state.saves_drafts());
    assert!(state.documents[1].text.starts_with("FROM debian:12\n"));
}

#[wasm_bindgen_test]
fn drafts_are_restored_when_there_is_no_link() {
    let state = State::open(None, Some(&edited_fragment()));
    assert_eq!(state.origin, Origin::Drafts);
    assert!(state.documents[1].text.starts_with("FROM debian:12\n"));
    let unreadable = State::open(None, Some("v1.%%%"));
    assert_eq!(unreadable.origin, Origin::Examples);
    assert_eq!(unreadable.notice.map(|n| n.kind), Some(NoticeKind::Error));
}

#[wasm_bindgen_test]
fn editing_marks_stale_until_analysed() {
    let state = Rc::new(State::default());
    let before = state.documents[1].report.findings.len();
    assert!(before > 0, "the backend example has findings");
    let state = state.reduce(Action::Edit {
        index: 1,
        text: "FROM python:3.12-slim\nUSER 1000\n".into(),
    });
    assert!(state.documents[1].stale);
    assert_eq!(state.documents[1].report.findings.len(), before);
    let state = state.reduce(Action::Analyse(1));
    assert!(!state.documents[1].stale);
    assert!(state.documents[1].report.findings.is_empty());
    assert_eq!(state.documents[1].analysed_text, state.documents[1].text);
}

#[wasm_bindgen_test]
fn one_debounced_analysis_catches_up_every_changed_tab() {
    let state = reduce(
        Rc::new(State::default()),
        vec![
            Action::Edit {
                index: 0,
                text: "FROM scratch\n".into(),
            },
            Action::Select(1),
            Action::Edit {
                index: 1,
                text: "FROM scratch\n".into(),
            },
            Action::AnalyseStale,
        ],
    );
    assert!(state.documents.iter().all(|d| !d.stale));
    assert!(state
        .documents
        .iter()
        .all(|d| d.analysed_text == "FROM scratch\n"));
    let same = state.clone().reduce(Action::AnalyseStale);
    assert!(Rc::ptr_eq(&state, &same));
}

#[wasm_bindgen_test]
fn fix_switches_change_the_rewrite() {
    let state = Rc::new(State::default());
    let original = state.documents[1].rewrite.outcome.text.clone();
    assert!(
        original.contains("rm -rf /var/lib/apt/lists/*"),
        "safe fix on by default"
    );
    let state = state.reduce(Action::SetFix {
        index: 1,
        id: "DL3009:1".into(),
        applicability: Applicability::Safe,
        on: false,
    });
    let doc = &state.documents[1];
    assert!(doc.selection.disabled.contains("DL3009:1"));
    assert!(!doc.rewrite.outcome.text.contains("/var/lib/apt/lists"));
    assert!(!doc.rewrite.unified.contains("/var/lib/apt/lists"));
    let state = state.reduce(Action::SetUnsafe { index: 1, on: true });
    let doc = &state.documents[1];
    assert!(doc.rewrite.outcome.text.contains("--no-install-recommends"));
    assert!(doc
        .rewrite
        .unified
        .contains("+RUN apt-get update && apt-get install --no-install-recommends"));
    assert!(state.revision > 0);
}

#[wasm_bindgen_test]
fn the_rewrite_can_replace_the_text_and_be_undone() {
    let state = Rc::new(State::default());
    let original = state.documents[1].text.clone();
    let rewritten = state.documents[1].rewrite.outcome.text.clone();
    assert_ne!(original, rewritten);
    let state = state.reduce(Action::UseRewritten(1));
    assert_eq!(state.documents[1].text, rewritten);
    assert!(!state.documents[1].stale, "analysed at once");
    assert!(
        state.documents[1].rewrite.unified.is_empty(),
        "the safe fixes are in: nothing left to rewrite"
    );
    let state = state.reduce(Action::Undo);
    assert_eq!(state.documents[1].text, original);
    // A stale rewrite is of an older text: refused.
    let state = state.reduce(Action::Edit {
        index: 1,
        text: "FROM debian:12\nRUN apt-get update\n".into(),
    });
    let same = state.clone().reduce(Action::UseRewritten(1));
    assert!(Rc::ptr_eq(&state, &same));
}

#[wasm_bindgen_test]
fn tabs_can_be_added_renamed_closed_and_restored() {
    let state = reduce(Rc::new(State::default()), vec![Action::AddTab]);
    assert_eq!(state.documents.len(), 3);
    assert_eq!(state.active, 2);
    assert_eq!(state.documents[2].name, "Dockerfile");
    let state = reduce(
        state,
        vec![Action::RenameTab {
            index: 2,
            name: "  tools ".into(),
        }],
    );
    assert_eq!(state.documents[2].name, "tools");
    let same = state.clone().reduce(Action::RenameTab {
        index: 2,
        name: "   ".into(),
    });
    assert!(Rc::ptr_eq(&state, &same), "an empty name is refused");
    let state = reduce(state, vec![Action::Select(0), Action::CloseTab(0)]);
    assert_eq!(state.documents.len(), 2);
    assert_eq!(state.documents[0].name, "backend");
    assert!(state.undo.is_some());
    let state = state.reduce(Action::Undo);
    assert_eq!(state.documents[0].name, "frontend");
    assert_eq!(state.active, 0);
    // The last tab cannot be closed.
    let one = reduce(
        state,
        vec![
            Action::CloseTab(0),
            Action::CloseTab(0),
            Action::CloseTab(0),
        ],
    );
    assert_eq!(one.documents.len(), 1);
}

#[wasm_bindgen_test]
fn examples_replace_the_tabs_undoably_and_keep_link_drafts_safe() {
    let state = reduce(
        Rc::new(State::default()),
        vec![
            Action::Edit {
                index: 0,
                text: "FROM scratch\n".into(),
            },
            Action::Reset,
        ],
    );
    assert!(state.documents[0].text.starts_with("# Frontend"));
    assert!(state.saves_drafts());
    let state = state.reduce(Action::Undo);
    assert_eq!(state.documents[0].text, "FROM scratch\n");
    // Opened from a link, "Examples" still never writes the drafts.
    let linked = Rc::new(State::open(Some(&edited_fragment()), None));
    let state = linked.reduce(Action::Reset);
    assert_eq!(state.origin, Origin::Link);
    assert!(!state.saves_drafts());
}

#[wasm_bindgen_test]
fn dockerignore_is_kept_per_document_and_travels_in_links() {
    let state = reduce(
        Rc::new(State::default()),
        vec![Action::SetDockerignore {
            index: 0,
            text: Some("node_modules\n".into()),
        }],
    );
    assert!(state.documents[0].stale);
    let state = state.reduce(Action::Analyse(0));
    assert_eq!(
        state.documents[0].dockerignore.as_deref(),
        Some("node_modules\n")
    );
    let reopened = State::open(Some(&state.fragment().unwrap()), None);
    assert_eq!(
        reopened.documents[0].dockerignore.as_deref(),
        Some("node_modules\n")
    );
    assert_eq!(reopened.documents[1].dockerignore, None);
}

#[wasm_bindgen_test]
fn out_of_range_and_no_op_actions_change_nothing() {
    let state = Rc::new(State::default());
    for action in [
        Action::Select(9),
        Action::Select(0),
        Action::Analyse(0),
        Action::Edit {
            index: 7,
            text: String::new(),
        },
        Action::CloseTab(5),
        Action::Undo,
        Action::ShowPanel(Panel::Findings),
        Action::DismissNotice,
    ] {
        let same = state.clone().reduce(action);
        assert!(Rc::ptr_eq(&state, &same));
    }
}
