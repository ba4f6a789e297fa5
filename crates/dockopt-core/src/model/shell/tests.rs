//! Unit tests of the shell reading.
