//! Hooks: timing (debounce, throttle) around state changes, and the size
//! worker.

mod use_size_worker;
mod use_throttled_effect;

pub use use_size_worker::use_size_worker;
pub use use_throttled_effect::use_throttled_effect;
