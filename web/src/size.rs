//! The size estimator, off the page's critical path.
//!
//! The estimator and its data tables (the Debian package table alone is
//! 100 KB) are most of what the findings list does not need, so they run in
//! a web worker of their own (`src/bin/size_worker.rs`, built by trunk as a
//! `data-type="worker"` asset): the page's wasm holds the parser, the rules
//! and the fixes, shows findings and the rewrite as soon as it starts, and
//! the worker's wasm loads after the first render and answers with the
//! size panel of each document. Both call the same `dockopt-core`
//! functions as the CLI (`playground::fix_savings`, `playground::size_panel`),
//! so the page and `dockopt estimate` agree.
//!
//! The page sends a [`SizeRequest`] whenever a document's analysis or
//! rewrite changes and keeps showing the last panel (marked stale) until the
//! answer with the same key arrives; answers for older keys are dropped.
//!
//! The worker's wasm has the Debian package subset compiled in (1,384
//! packages: what real Dockerfiles install, with their closures). When an
//! estimate names an apt package outside it, the worker fetches the full
//! table (`debian_full.tsv.zz`, 63,666 packages, 1.5 MB, copied next to the
//! page by trunk) once and estimates again with it: the CLI has the same
//! table compiled in (`full-data`), so both give the same figures. If the
//! fetch fails, those packages stay unknown and the answer says why.

use std::collections::VecDeque;

use dockopt_core::estimate::apt::{AptUniverse, TABLE_NAME};
use dockopt_core::estimate::summary::{SizeSummary, SummaryInputs};
use dockopt_core::estimate::FixSaving;
use dockopt_core::fix::Fix;
use dockopt_core::playground::{self, SizePanel};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// The file trunk writes the worker's script to, next to `index.html`
/// (resolved against the page's URL, so it works under any sub-path).
/// Trunk does not hash workers' names: see [`worker_url`].
pub const WORKER_PATH: &str = "./size_worker.js";

/// The worker's URL for a page of build `build_id` (the hash in the
/// page's module name, `playground::build_id_of`): `?v=<id>` keeps a
/// browser from pairing this page with a worker it cached from an earlier
/// deploy (their messages would not decode). gloo asks for the wasm at the
/// same URL with `.js` replaced by `_bg.wasm`, query included.
pub fn worker_url(build_id: Option<&str>) -> String {
    match build_id {
        Some(id) => format!("{WORKER_PATH}?v={id}"),
        None => WORKER_PATH.to_string(),
    }
}

/// Everything the estimator needs to price one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeRequest {
    /// Which state of the document this is for (see `Document::size_key`).
    pub key: u64,
    /// The analysed text.
    pub text: String,
    /// The text with the selected fixes applied.
    pub rewritten: String,
    pub dockerignore: Option<String>,
    /// The fixes of the analysed text's report, each priced alone.
    pub fixes: Vec<Fix>,
    /// The page's half of the summary (`playground::summary_inputs`): the
    /// worker has no rules.
    pub summary: SummaryInputs,
    /// Where the full Debian table is, absolute (the worker runs from a
    /// `blob:` URL, so it cannot resolve a relative one).
    pub apt_table_url: String,
}

/// The estimator's answer to the request with the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeAnswer {
    pub key: u64,
    pub panel: SizePanel,
    /// The headline figures and scores of the analysed text.
    pub summary: SizeSummary,
    /// Why the full Debian table could not be used, when it was needed.
    pub apt_table_error: Option<String>,
}

/// What the worker computes for a request with the given Debian table
/// (`None`: the subset compiled in); also called directly by tests.
pub fn size_panel(request: &SizeRequest, apt: Option<&AptUniverse>) -> SizePanel {
    let ignore = request.dockerignore.as_deref();
    let savings = playground::fix_savings(&request.text, ignore, apt, &request.fixes);
    playground::size_panel(&request.text, &request.rewritten, ignore, apt, savings)
}

/// Whether a panel names apt packages that a larger table may have.
pub fn needs_full_apt_table(panel: &SizePanel) -> bool {
    !panel.before.apt_outside_table.is_empty() || !panel.after.apt_outside_table.is_empty()
}

/// The full Debian table's state in the worker.
#[derive(Default)]
pub enum AptTable {
    /// Not needed yet: the subset has answered everything.
    #[default]
    Subset,
    /// Being fetched; these requests wait for it.
    Fetching(VecDeque<(HandlerId, SizeRequest)>),
    Full(Box<AptUniverse>),
    /// The fetch failed, for this reason (given in every later answer that
    /// needed the table).
    Failed(String),
}

/// The worker: answers each request with its size panel. It remembers the
/// per-fix savings and the summary of the last text, so flipping a fix switch (same text,
/// new rewrite) re-estimates two images instead of one per fix.
#[derive(Default)]
pub struct SizeWorker {
    last_savings: Option<SavingsMemo>,
    table: AptTable,
}

struct SavingsMemo {
    text: String,
    dockerignore: Option<String>,
    fixes: Vec<Fix>,
    summary_inputs: SummaryInputs,
    full_table: bool,
    savings: Vec<FixSaving>,
    summary: SizeSummary,
}

/// What the worker tells itself when the table's fetch ends.
pub enum TableMessage {
    Fetched(Result<AptUniverse, String>),
}

impl SizeWorker {
    /// The answer to one request with the table the worker has now.
    pub fn answer(&mut self, request: SizeRequest) -> SizeAnswer {
        let (apt, error) = match &self.table {
            AptTable::Full(full) => (Some(&**full), None),
            AptTable::Failed(error) => (None, Some(error.clone())),
            AptTable::Subset | AptTable::Fetching(_) => (None, None),
        };
        let full_table = apt.is_some();
        let ignore = request.dockerignore.as_deref();
        let memo = self.last_savings.take().filter(|m| {
            m.text == request.text
                && m.dockerignore == request.dockerignore
                && m.fixes == request.fixes
                && m.summary_inputs == request.summary
                && m.full_table == full_table
        });
        let (savings, summary) = match memo {
            Some(memo) => (memo.savings, memo.summary),
            None => (
                playground::fix_savings(&request.text, ignore, apt, &request.fixes),
                playground::size_summary(&request.text, &request.summary, ignore, apt),
            ),
        };
        let panel = playground::size_panel(
            &request.text,
            &request.rewritten,
            ignore,
            apt,
            savings.clone(),
        );
        let apt_table_error = error.filter(|_| needs_full_apt_table(&panel));
        self.last_savings = Some(SavingsMemo {
            text: request.text,
            dockerignore: request.dockerignore,
            fixes: request.fixes,
            summary_inputs: request.summary,
            full_table,
            savings,
            summary: summary.clone(),
        });
        SizeAnswer {
            key: request.key,
            panel,
            summary,
            apt_table_error,
        }
    }

    /// What to do with a request: `Some(answer)` now, or `None` when it
    /// waits for the full table (`fetch` then says from where, the first
    /// time).
    pub fn take(&mut self, id: HandlerId, request: SizeRequest) -> Taken {
        if let AptTable::Fetching(waiting) = &mut self.table {
            waiting.push_back((id, request));
            return Taken::Waits { fetch: None };
        }
        let subset_only = matches!(self.table, AptTable::Subset);
        let url = request.apt_table_url.clone();
        let answer = self.answer(request.clone());
        if subset_only && needs_full_apt_table(&answer.panel) {
            self.table = AptTable::Fetching(VecDeque::from([(id, request)]));
            return Taken::Waits { fetch: Some(url) };
        }
        Taken::Answer(Box::new(answer))
    }

    /// Take the fetched table (or the reason it failed) and answer the
    /// requests that waited for it.
    pub fn table_fetched(
        &mut self,
        table: Result<AptUniverse, String>,
    ) -> Vec<(HandlerId, SizeAnswer)> {
        let waiting = match std::mem::take(&mut self.table) {
            AptTable::Fetching(waiting) => waiting,
            _ => VecDeque::new(),
        };
        self.table = match table {
            Ok(full) => AptTable::Full(Box::new(full)),
            Err(error) => AptTable::Failed(error),
        };
        waiting
            .into_iter()
            .map(|(id, request)| (id, self.answer(request)))
            .collect()
    }
}

/// What [`SizeWorker::take`] did with a request.
pub enum Taken {
    Answer(Box<SizeAnswer>),
    /// The request waits for the full table; fetch it from `fetch` if set.
    Waits {
        fetch: Option<String>,
    },
}

/// Fetch and inflate the full Debian table, from the worker.
async fn fetch_table(url: String) -> Result<AptUniverse, String> {
    use wasm_bindgen_futures::JsFuture;
    let failed = |what: &str, error: wasm_bindgen::JsValue| {
        let detail = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "unknown error".to_string());
        format!("{what} {url}: {detail}")
    };
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let response = JsFuture::from(scope.fetch_with_str(&url))
        .await
        .map_err(|e| failed("could not fetch", e))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("{url} answered HTTP {}", response.status()));
    }
    let buffer = response
        .array_buffer()
        .map_err(|e| failed("could not read", e))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| failed("could not read", e))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    AptUniverse::from_zlib(&bytes, TABLE_NAME).map_err(|e| format!("{url} is not the table: {e}"))
}

impl Worker for SizeWorker {
    type Message = TableMessage;
    type Input = SizeRequest;
    type Output = SizeAnswer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SizeWorker::default()
    }

    fn update(&mut self, scope: &WorkerScope<Self>, message: Self::Message) {
        let TableMessage::Fetched(table) = message;
        for (id, answer) in self.table_fetched(table) {
            scope.respond(id, answer);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        match self.take(id, request) {
            Taken::Answer(answer) => scope.respond(id, *answer),
            Taken::Waits { fetch: Some(url) } => {
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let table = fetch_table(url).await;
                    scope.send_message(TableMessage::Fetched(table));
                });
            }
            Taken::Waits { fetch: None } => {}
        }
    }
}
