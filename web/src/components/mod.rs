//! Presentational components: they render props (values `dockopt-core`
//! computed) and report events, and compute nothing themselves.

mod diff_view;
mod dockerignore;
mod editor;
mod findings;
mod fix_list;
mod notice;
mod rewritten;
mod share;
mod size_estimate;
mod tabs;

pub use diff_view::DiffView;
pub use dockerignore::Dockerignore;
pub use editor::Editor;
pub use findings::Findings;
pub use fix_list::FixList;
pub use notice::NoticeBar;
pub use rewritten::Rewritten;
pub use share::ShareBar;
pub use size_estimate::SizeEstimate;
pub use tabs::Tabs;
