//! The semantic model over the syntax tree: stages, scopes and the shell
//! commands inside RUN instructions.

pub mod shell;
