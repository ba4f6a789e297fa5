//! The `dockopt` command line as a library, so the binary stays a thin shell
//! and the integration tests can reach the pieces that are not visible from
//! the outside (file discovery, config discovery, the code frame).
//!
//! This crate owns everything that touches the file system, the process and
//! the terminal. It analyses nothing itself: it reads files, hands their text
//! to [`dockopt_core::analyze`] and prints the [`dockopt_core::Report`]s in
//! the format asked for.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod color;
pub mod discover;
pub mod estimate;
pub mod fix;
pub mod output;
pub mod run;
pub mod settings;
pub mod share;
