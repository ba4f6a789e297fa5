//! The dockopt playground: a Yew single-page app that renders what
//! `dockopt-core` returns. It holds state and draws it; every analysis lives
//! in core.

pub mod app;
pub mod components;
pub mod state;

pub use app::App;
