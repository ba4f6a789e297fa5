//! The one reducer-held state of the app: the documents (named tabs), which
//! tab is shown, and each document's latest report.

use std::rc::Rc;

use dockopt_core::examples::EXAMPLES;
use dockopt_core::Report;
use yew::Reducible;

/// One Dockerfile being edited, with the report of its last analysed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub name: String,
    pub text: String,
    pub report: Report,
    /// True while the text has changed since `report` was computed.
    pub stale: bool,
}

impl Document {
    pub fn new(name: &str, text: &str) -> Self {
        Document {
            name: name.to_string(),
            text: text.to_string(),
            report: dockopt_core::analyze(text),
            stale: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub documents: Vec<Document>,
    pub active: usize,
}

impl Default for State {
    fn default() -> Self {
        State {
            documents: EXAMPLES
                .iter()
                .map(|e| Document::new(e.name, e.text))
                .collect(),
            active: 0,
        }
    }
}

impl State {
    pub fn active_document(&self) -> Option<&Document> {
        self.documents.get(self.active)
    }
}

pub enum Action {
    /// Show the tab at this index.
    Select(usize),
    /// The user changed a document's text (analysis follows, debounced).
    Edit { index: usize, text: String },
    /// Re-analyse a document's current text.
    Analyse(usize),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Select(index) if index < next.documents.len() => next.active = index,
            Action::Select(_) => return self,
            Action::Edit { index, text } => match next.documents.get_mut(index) {
                Some(doc) if doc.text != text => {
                    doc.text = text;
                    doc.stale = true;
                }
                _ => return self,
            },
            Action::Analyse(index) => match next.documents.get_mut(index) {
                Some(doc) if doc.stale => {
                    doc.report = dockopt_core::analyze(&doc.text);
                    doc.stale = false;
                }
                _ => return self,
            },
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_marks_stale_until_analysed() {
        let state = Rc::new(State::default());
        assert_eq!(state.documents.len(), 2);
        let before = state.documents[1].report.findings.len();
        assert!(before > 0, "the backend example must have findings");
        let state = state.reduce(Action::Edit {
            index: 1,
            text: "FROM python:3.12-slim\nUSER 1000\n".into(),
        });
        assert!(state.documents[1].stale);
        assert_eq!(state.documents[1].report.findings.len(), before);
        let state = state.reduce(Action::Analyse(1));
        assert!(!state.documents[1].stale);
        assert!(state.documents[1].report.findings.is_empty());
    }

    #[test]
    fn out_of_range_actions_change_nothing() {
        let state = Rc::new(State::default());
        let same = state.clone().reduce(Action::Select(9));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
