//! The one reducer-held state of the app: the documents (named tabs), which
//! tab and view are shown, each document's latest report and rewrite, and
//! the messages shown to the user. Every number and text shown comes from
//! `dockopt-core`; this module only decides when to ask for it.

use std::rc::Rc;

use dockopt_core::engine::analyze_with;
use dockopt_core::examples::EXAMPLES;
use dockopt_core::fix::{Applicability, FixSelection};
use dockopt_core::playground::{self, PlaygroundDocument, Rewrite, SizePanel};
use dockopt_core::share::{decode_fragment, encode_fragment, ShareError};
use dockopt_core::Report;
use yew::Reducible;

use crate::size::{SizeAnswer, SizeRequest};
use dockopt_core::estimate::summary::SummaryInputs;

/// A new key for a size request: unique in this page, so an answer can only
/// land on the document state it was asked for.
fn next_size_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// One Dockerfile being edited, with the report and rewrite of the text
/// last analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub name: String,
    pub text: String,
    /// The `.dockerignore` beside it, when the user gave one.
    pub dockerignore: Option<String>,
    pub selection: FixSelection,
    /// The text `report` and `rewrite` were computed from.
    pub analysed_text: String,
    /// The `.dockerignore` they were computed with (the one above may have
    /// changed since: the document is then stale).
    pub analysed_dockerignore: Option<String>,
    pub report: Report,
    pub rewrite: Rewrite,
    /// The size estimate before and after the selected fixes, with what
    /// each fix saves alone: the size worker's last answer (`None` until
    /// the first one arrives).
    pub size: Option<SizePanel>,
    /// The key of the size request for the current analysis and rewrite.
    pub size_key: u64,
    /// Whether `size` answers `size_key` (false while the worker computes).
    pub size_fresh: bool,
    /// Changes with every analysis (not with a fix switch): the per-fix
    /// savings in `size` belong to the fixes of the report only when
    /// `sized_analysis == analysis_key`.
    pub analysis_key: u64,
    pub sized_analysis: u64,
    /// Why the full Debian table could not be used for `size`, when it
    /// was needed (its packages are then unknown).
    pub apt_table_error: Option<String>,
    /// The analysis half of the summary of `analysed_text` (sent to the
    /// size worker, which has no rules).
    pub summary_inputs: SummaryInputs,
    /// The headline figures and scores that came with `size`.
    pub size_summary: Option<dockopt_core::estimate::summary::SizeSummary>,
    /// True while the text or `.dockerignore` changed since the analysis.
    pub stale: bool,
}

impl Document {
    pub fn new(document: PlaygroundDocument) -> Self {
        let PlaygroundDocument {
            name,
            text,
            dockerignore,
            selection,
        } = document;
        let mut document = Document {
            name,
            analysed_text: String::new(),
            analysed_dockerignore: None,
            report: Report::default(),
            rewrite: playground::rewrite(
                "",
                "",
                None,
                &Report::default(),
                &FixSelection::default(),
            ),
            size: None,
            size_key: 0,
            size_fresh: false,
            analysis_key: 0,
            sized_analysis: 0,
            apt_table_error: None,
            size_summary: None,
            summary_inputs: SummaryInputs::default(),
            text,
            dockerignore,
            selection,
            stale: true,
        };
        document.analyse();
        document
    }

    fn example(name: &str, text: &str) -> Self {
        Document::new(PlaygroundDocument {
            name: name.to_string(),
            text: text.to_string(),
            ..PlaygroundDocument::default()
        })
    }

    /// Analyse the current text and rewrite it with the selected fixes.
    fn analyse(&mut self) {
        let ignore = self.dockerignore.as_deref();
        self.report = analyze_with(&self.text, playground::options(ignore));
        self.analysed_text = self.text.clone();
        self.analysed_dockerignore = self.dockerignore.clone();
        self.analysis_key = next_size_key();
        self.rewrite_again();
        self.summary_inputs = playground::summary_inputs(
            &self.analysed_text,
            self.analysed_dockerignore.as_deref(),
            &self.report,
            &self.selection,
            &self.rewrite.outcome.text,
        );
        self.stale = false;
    }

    /// Rewrite the analysed text again (after a fix switch changed).
    fn rewrite_again(&mut self) {
        self.rewrite = playground::rewrite(
            &self.name,
            &self.analysed_text,
            self.analysed_dockerignore.as_deref(),
            &self.report,
            &self.selection,
        );
        self.size_key = next_size_key();
        self.size_fresh = false;
    }

    /// What the size worker needs to price the current analysis and rewrite.
    /// `apt_table_url` is where the full Debian table is (absolute).
    pub fn size_request(&self, apt_table_url: &str) -> SizeRequest {
        SizeRequest {
            key: self.size_key,
            text: self.analysed_text.clone(),
            rewritten: self.rewrite.outcome.text.clone(),
            dockerignore: self.analysed_dockerignore.clone(),
            fixes: playground::report_fixes(&self.report),
            summary: self.summary_inputs.clone(),
            apt_table_url: apt_table_url.to_string(),
        }
    }

    /// Whether the size panel is waiting for an answer to `size_key`.
    pub fn size_pending(&self) -> bool {
        !self.size_fresh
    }

    /// What each fix of the report saves alone, once the worker priced
    /// this analysis.
    pub fn fix_savings(&self) -> &[dockopt_core::estimate::FixSaving] {
        match &self.size {
            Some(panel) if self.sized_analysis == self.analysis_key => &panel.fixes,
            _ => &[],
        }
    }

    pub fn to_playground(&self) -> PlaygroundDocument {
        PlaygroundDocument {
            name: self.name.clone(),
            text: self.text.clone(),
            dockerignore: self.dockerignore.clone(),
            selection: self.selection.clone(),
        }
    }
}

/// What `Action::Undo` brings back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// A closed tab, and where it was.
    Close {
        index: usize,
        document: Box<Document>,
    },
    /// A document's text before "Use rewritten" replaced it.
    Text { index: usize, text: String },
    /// All tabs, before "Examples" replaced them.
    Replace {
        documents: Vec<Document>,
        active: usize,
        origin: Origin,
    },
}

/// Where the documents on screen came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The built-in examples (first visit, or after Reset).
    Examples,
    /// The drafts saved in this browser.
    Drafts,
    /// A share link was opened in this page: drafts are not overwritten
    /// (not even after "Examples") until the user restores them.
    Link,
    /// A share link that could not be read: the examples are shown and the
    /// drafts are left alone.
    BrokenLink,
}

/// Which panel the right-hand side shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Findings,
    Rewritten,
    Size,
}

/// How the rewrite is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RewriteView {
    SideBySide,
    Unified,
    Text,
}

/// A message in the banner under the top bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub documents: Vec<Document>,
    pub active: usize,
    pub origin: Origin,
    pub panel: Panel,
    pub rewrite_view: RewriteView,
    pub notice: Option<Notice>,
    /// What the last destructive action removed, so it can be undone.
    pub undo: Option<Undo>,
    /// Counts user changes; the URL and the drafts follow once it is > 0.
    pub revision: u64,
    /// The link the Share button made, and what happened when copying it.
    pub share: Option<ShareOutcome>,
    /// True when the size worker gave no answer in time (it could not be
    /// loaded): the size panel says so instead of "Estimating…".
    pub size_unavailable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOutcome {
    pub url: Option<String>,
    pub message: String,
    /// Whether the link reached the clipboard; if not, the link text is
    /// selected for the user to copy.
    pub copied: bool,
}

/// The localStorage key drafts are kept under (a share fragment).
pub const DRAFTS_KEY: &str = "dockopt.drafts";
/// Where drafts that could not be read are kept, so nothing is lost.
pub const DRAFTS_BACKUP_KEY: &str = "dockopt.drafts.unreadable";

impl Default for State {
    fn default() -> Self {
        State::from_documents(examples(), 0, Origin::Examples)
    }
}

fn examples() -> Vec<Document> {
    EXAMPLES
        .iter()
        .map(|e| Document::example(e.name, e.text))
        .collect()
}

impl State {
    fn from_documents(documents: Vec<Document>, active: usize, origin: Origin) -> Self {
        State {
            active: active.min(documents.len().saturating_sub(1)),
            documents,
            origin,
            panel: Panel::Findings,
            rewrite_view: RewriteView::SideBySide,
            notice: None,
            undo: None,
            revision: 0,
            share: None,
            size_unavailable: false,
        }
    }

    fn from_fragment(fragment: &str, origin: Origin) -> Result<Self, ShareError> {
        let shared = decode_fragment(fragment)?;
        let (documents, active) = playground::from_shared(&shared);
        if documents.is_empty() {
            return Err(ShareError::Malformed {
                offset: 0,
                problem: "the link holds no Dockerfile",
            });
        }
        let documents = documents.into_iter().map(Document::new).collect();
        Ok(State::from_documents(documents, active, origin))
    }

    /// The state a page opens with: the share link in the URL's fragment
    /// (`hash`, with or without `#`) if there is one, else the saved
    /// drafts, else the examples. A broken link shows the examples and its
    /// error; drafts are never replaced by a link's content.
    pub fn open(hash: Option<&str>, drafts: Option<&str>) -> Self {
        let hash = hash.map(|h| h.trim_start_matches('#')).unwrap_or_default();
        let has_drafts = drafts.is_some_and(|d| !d.trim().is_empty());
        let kept = if has_drafts {
            " Your drafts in this browser are kept: use “Restore drafts” to open them."
        } else {
            ""
        };
        if !hash.is_empty() {
            return match State::from_fragment(hash, Origin::Link) {
                Ok(mut state) => {
                    if has_drafts {
                        state.notice = Some(Notice {
                            kind: NoticeKind::Info,
                            text: format!("Opened the Dockerfiles of a shared link.{kept}"),
                        });
                    }
                    state
                }
                Err(error) => {
                    let mut state = State::from_documents(examples(), 0, Origin::BrokenLink);
                    state.notice = Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!("The link could not be opened: {error}. Showing the examples instead.{kept}"),
                    });
                    state
                }
            };
        }
        if let Some(drafts) = drafts.filter(|_| has_drafts) {
            return match State::from_fragment(drafts, Origin::Drafts) {
                Ok(state) => state,
                Err(error) => State {
                    notice: Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!(
                            "Your saved drafts could not be read ({error}); showing the examples."
                        ),
                    }),
                    ..State::default()
                },
            };
        }
        State::default()
    }

    pub fn active_document(&self) -> Option<&Document> {
        self.documents.get(self.active)
    }

    /// Whether the drafts in localStorage should follow this state: only
    /// after a change, and never while a (possibly broken) link is open.
    pub fn saves_drafts(&self) -> bool {
        self.revision > 0 && matches!(self.origin, Origin::Examples | Origin::Drafts)
    }

    /// Whether the URL's fragment should follow this state.
    pub fn syncs_fragment(&self) -> bool {
        self.revision > 0 || self.origin == Origin::Link
    }

    /// The share fragment (`v1.…`, no `#`) of the documents.
    pub fn fragment(&self) -> Result<String, ShareError> {
        let documents: Vec<PlaygroundDocument> =
            self.documents.iter().map(Document::to_playground).collect();
        encode_fragment(&playground::to_shared(&documents, self.active))
    }

    fn changed(mut self) -> Rc<Self> {
        self.revision += 1;
        self.share = None;
        Rc::new(self)
    }
}

pub enum Action {
    /// Show the tab at this index.
    Select(usize),
    /// The user changed a document's text (analysis follows, debounced).
    Edit {
        index: usize,
        text: String,
    },
    /// Give a document a `.dockerignore` (`Some`, possibly empty) or drop it.
    SetDockerignore {
        index: usize,
        text: Option<String>,
    },
    /// Re-analyse a document's current text.
    Analyse(usize),
    /// Re-analyse every document whose text changed (the debounce timer's
    /// action: a timer replaced by an edit in another tab loses nothing).
    AnalyseStale,
    /// Open a new empty tab and show it.
    AddTab,
    /// Close a tab (it can be brought back with `Undo`).
    CloseTab(usize),
    /// Bring back what the last close, "Use rewritten" or "Examples" removed.
    Undo,
    /// Replace a document's text with its rewrite (undoable).
    UseRewritten(usize),
    RenameTab {
        index: usize,
        name: String,
    },
    /// Switch one fix of a document on or off.
    SetFix {
        index: usize,
        id: String,
        applicability: Applicability,
        on: bool,
    },
    /// Switch all unsafe fixes of a document on or off.
    SetUnsafe {
        index: usize,
        on: bool,
    },
    ShowPanel(Panel),
    ShowRewrite(RewriteView),
    /// Replace everything with the examples (the drafts follow on the next change).
    Reset,
    /// Open the drafts saved in this browser (this fragment).
    RestoreDrafts(String),
    /// The URL's fragment changed (a link pasted into this tab): open it as
    /// a page load would, with the drafts as they are now.
    OpenLink {
        hash: String,
        drafts: Option<String>,
    },
    /// The size worker answered a request (dropped unless it is for a
    /// document's current `size_key`).
    Sized(Box<SizeAnswer>),
    /// The size worker has not answered its first request in time.
    SizeUnavailable,
    /// Show the result of pressing Share.
    Shared(ShareOutcome),
    Notify(Notice),
    DismissNotice,
    /// Dismiss the notice only if it is still this one (for timers).
    DismissNoticeIf(Notice),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Select(index) if index < next.documents.len() && index != next.active => {
                next.active = index;
                next.share = None;
                Rc::new(next)
            }
            Action::Select(_) => self,
            Action::Edit { index, text } => match next.documents.get_mut(index) {
                Some(doc) if doc.text != text => {
                    doc.text = text;
                    doc.stale = true;
                    next.changed()
                }
                _ => self,
            },
            Action::SetDockerignore { index, text } => match next.documents.get_mut(index) {
                Some(doc) if doc.dockerignore != text => {
                    doc.dockerignore = text;
                    doc.stale = true;
                    next.changed()
                }
                _ => self,
            },
            Action::Analyse(index) => match next.documents.get_mut(index) {
                Some(doc) if doc.stale => {
                    doc.analyse();
                    Rc::new(next)
                }
                _ => self,
            },
            Action::AnalyseStale if next.documents.iter().any(|d| d.stale) => {
                for doc in next.documents.iter_mut().filter(|d| d.stale) {
                    doc.analyse();
                }
                Rc::new(next)
            }
            Action::AnalyseStale => self,
            Action::AddTab => {
                let names: Vec<&str> = next.documents.iter().map(|d| d.name.as_str()).collect();
                let name = playground::new_tab_name(&names);
                if next.documents.len() >= dockopt_core::share::MAX_DOCUMENTS {
                    next.notice = Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!(
                            "At most {} tabs fit in a share link.",
                            dockopt_core::share::MAX_DOCUMENTS
                        ),
                    });
                    return Rc::new(next);
                }
                next.documents.push(Document::example(&name, "FROM \n"));
                next.active = next.documents.len() - 1;
                next.changed()
            }
            Action::CloseTab(index) if index < next.documents.len() && next.documents.len() > 1 => {
                let closed = next.documents.remove(index);
                next.notice = Some(Notice {
                    kind: NoticeKind::Info,
                    text: format!("Closed “{}”.", closed.name),
                });
                next.undo = Some(Undo::Close {
                    index,
                    document: Box::new(closed),
                });
                if next.active > index || next.active >= next.documents.len() {
                    next.active = next.active.saturating_sub(1);
                }
                next.changed()
            }
            Action::CloseTab(_) => self,
            Action::Undo => match next.undo.take() {
                Some(Undo::Close { index, document }) => {
                    let index = index.min(next.documents.len());
                    next.documents.insert(index, *document);
                    next.active = index;
                    next.notice = None;
                    next.changed()
                }
                Some(Undo::Text { index, text }) => match next.documents.get_mut(index) {
                    Some(doc) => {
                        doc.text = text;
                        doc.analyse();
                        next.active = index;
                        next.notice = None;
                        next.changed()
                    }
                    None => self,
                },
                Some(Undo::Replace {
                    documents,
                    active,
                    origin,
                }) => {
                    next.documents = documents;
                    next.active = active;
                    next.origin = origin;
                    next.notice = None;
                    next.changed()
                }
                None => self,
            },
            // Only for a fresh rewrite: a stale one is of an older text.
            Action::UseRewritten(index) => match next.documents.get_mut(index) {
                Some(doc) if !doc.stale && doc.rewrite.outcome.text != doc.text => {
                    let old = std::mem::replace(&mut doc.text, doc.rewrite.outcome.text.clone());
                    doc.analyse();
                    next.notice = Some(Notice {
                        kind: NoticeKind::Info,
                        text: format!("“{}” now holds the rewritten Dockerfile.", doc.name),
                    });
                    next.undo = Some(Undo::Text { index, text: old });
                    next.changed()
                }
                _ => self,
            },
            Action::RenameTab { index, name } => {
                let name = name.trim().to_string();
                match next.documents.get_mut(index) {
                    Some(doc) if !name.is_empty() && doc.name != name => {
                        doc.name = name;
                        doc.rewrite_again();
                        next.changed()
                    }
                    _ => self,
                }
            }
            Action::SetFix {
                index,
                id,
                applicability,
                on,
            } => match next.documents.get_mut(index) {
                Some(doc) => {
                    playground::set_fix(&mut doc.selection, &id, applicability, on);
                    doc.rewrite_again();
                    next.changed()
                }
                None => self,
            },
            Action::SetUnsafe { index, on } => match next.documents.get_mut(index) {
                Some(doc) if doc.selection.unsafe_fixes != on => {
                    doc.selection.unsafe_fixes = on;
                    doc.rewrite_again();
                    next.changed()
                }
                _ => self,
            },
            Action::ShowPanel(panel) if panel != next.panel => {
                next.panel = panel;
                Rc::new(next)
            }
            Action::ShowPanel(_) => self,
            Action::ShowRewrite(view) if view != next.rewrite_view => {
                next.rewrite_view = view;
                Rc::new(next)
            }
            Action::ShowRewrite(_) => self,
            Action::Reset => {
                // After a link, drafts stay untouched: the origin stays.
                let origin = match next.origin {
                    Origin::Examples | Origin::Drafts => Origin::Examples,
                    link => link,
                };
                let mut state = State::from_documents(examples(), 0, origin);
                state.panel = next.panel;
                state.revision = next.revision;
                state.notice = Some(Notice {
                    kind: NoticeKind::Info,
                    text: "Replaced the tabs with the examples.".into(),
                });
                state.undo = Some(Undo::Replace {
                    documents: next.documents,
                    active: next.active,
                    origin: next.origin,
                });
                state.changed()
            }
            Action::RestoreDrafts(fragment) => {
                match State::from_fragment(&fragment, Origin::Drafts) {
                    Ok(mut state) => {
                        state.panel = next.panel;
                        state.revision = next.revision;
                        state.changed()
                    }
                    Err(error) => {
                        next.notice = Some(Notice {
                            kind: NoticeKind::Error,
                            text: format!("Your saved drafts could not be read: {error}."),
                        });
                        Rc::new(next)
                    }
                }
            }
            Action::OpenLink { hash, drafts } => {
                let mut state = State::open(Some(&hash), drafts.as_deref());
                state.panel = next.panel;
                state.revision = next.revision;
                Rc::new(state)
            }
            Action::SizeUnavailable if !next.size_unavailable => {
                next.size_unavailable = true;
                Rc::new(next)
            }
            Action::SizeUnavailable => self,
            Action::Sized(answer) => {
                next.size_unavailable = false;
                match next
                    .documents
                    .iter_mut()
                    .find(|d| d.size_key == answer.key && !d.size_fresh)
                {
                    Some(doc) => {
                        doc.size = Some(answer.panel);
                        doc.apt_table_error = answer.apt_table_error;
                        doc.size_summary = Some(answer.summary);
                        doc.size_fresh = true;
                        doc.sized_analysis = doc.analysis_key;
                        Rc::new(next)
                    }
                    None => Rc::new(next),
                }
            }
            Action::Shared(outcome) => {
                next.share = Some(outcome);
                Rc::new(next)
            }
            Action::Notify(notice) => {
                next.notice = Some(notice);
                Rc::new(next)
            }
            Action::DismissNotice if next.notice.is_some() => {
                next.notice = None;
                Rc::new(next)
            }
            Action::DismissNotice => self,
            Action::DismissNoticeIf(notice) if next.notice.as_ref() == Some(&notice) => {
                next.notice = None;
                Rc::new(next)
            }
            Action::DismissNoticeIf(_) => self,
        }
    }
}
