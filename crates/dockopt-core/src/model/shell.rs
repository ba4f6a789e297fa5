//! A shell-aware reading of RUN commands.
