//! The dockopt playground: a Yew single-page app that renders what
//! `dockopt-core` returns. It holds state and draws it; every analysis lives
//! in core.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod size;
pub mod state;

pub use app::App;

/// Show a message instead of a blank page if anything panics. (The release
/// build aborts on panic, but the hook still runs first.)
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        browser::show_fatal(&format!(
            "dockopt hit an internal error and stopped{}{detail}. Your drafts saved in this browser are kept: reload the page to continue.",
            if detail.is_empty() { "" } else { ": " }
        ));
    }));
}
