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

use dockopt_core::fix::Fix;
use dockopt_core::playground::{self, SizePanel};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The file trunk writes the worker's loader to, next to `index.html`
/// (resolved against the page's URL, so it works under any sub-path).
pub const WORKER_PATH: &str = "./size_worker.js";

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
}

/// The estimator's answer to the request with the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeAnswer {
    pub key: u64,
    pub panel: SizePanel,
}

/// What the worker computes for a request (also called directly by tests).
pub fn size_panel(request: &SizeRequest) -> SizePanel {
    let ignore = request.dockerignore.as_deref();
    let savings = playground::fix_savings(&request.text, ignore, &request.fixes);
    playground::size_panel(&request.text, &request.rewritten, ignore, savings)
}

/// The worker: answers each request with its size panel. It remembers the
/// per-fix savings of the last text, so flipping a fix switch (same text,
/// new rewrite) re-estimates two images instead of one per fix.
#[derive(Default)]
pub struct SizeWorker {
    last_savings: Option<SavingsMemo>,
}

struct SavingsMemo {
    text: String,
    dockerignore: Option<String>,
    fixes: Vec<Fix>,
    savings: Vec<dockopt_core::estimate::FixSaving>,
}

impl SizeWorker {
    /// The answer to one request (what `received` sends back).
    pub fn answer(&mut self, request: SizeRequest) -> SizeAnswer {
        let ignore = request.dockerignore.as_deref();
        let memo = self.last_savings.take().filter(|m| {
            m.text == request.text
                && m.dockerignore == request.dockerignore
                && m.fixes == request.fixes
        });
        let savings = match memo {
            Some(memo) => memo.savings,
            None => playground::fix_savings(&request.text, ignore, &request.fixes),
        };
        let panel =
            playground::size_panel(&request.text, &request.rewritten, ignore, savings.clone());
        self.last_savings = Some(SavingsMemo {
            text: request.text,
            dockerignore: request.dockerignore,
            fixes: request.fixes,
            savings,
        });
        SizeAnswer {
            key: request.key,
            panel,
        }
    }
}

impl Worker for SizeWorker {
    type Message = ();
    type Input = SizeRequest;
    type Output = SizeAnswer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SizeWorker::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        scope.respond(id, self.answer(request));
    }
}
