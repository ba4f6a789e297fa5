//! Presentational components: they render props and report events, and
//! compute nothing themselves.

mod editor;
mod findings;
mod tabs;

pub use editor::Editor;
pub use findings::Findings;
pub use tabs::Tabs;
