//! Hooks: timing (debounce, throttle) around state changes.

mod use_throttled_effect;

pub use use_throttled_effect::use_throttled_effect;
