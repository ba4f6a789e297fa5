//! `SizeRange`: a byte figure with its low and high bounds. Every estimate is
//! one of these; the helpers keep `low <= expected <= high` whatever they
//! are given, so no caller can produce an inverted range.

use serde::{Deserialize, Serialize};

/// A size in bytes with its uncertainty: `low <= expected <= high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SizeRange {
    pub low: u64,
    pub expected: u64,
    pub high: u64,
}

impl SizeRange {
    pub const ZERO: SizeRange = SizeRange {
        low: 0,
        expected: 0,
        high: 0,
    };

    /// A figure known exactly (a table entry taken as is).
    pub const fn exact(bytes: u64) -> SizeRange {
        SizeRange {
            low: bytes,
            expected: bytes,
            high: bytes,
        }
    }

    /// Builds a range from three figures in any order: the middle one is the
    /// expected value.
    pub fn new(low: u64, expected: u64, high: u64) -> SizeRange {
        let smallest = low.min(expected).min(high);
        let largest = low.max(expected).max(high);
        // The middle one is the sum minus the two extremes (in u128: no overflow).
        let sum = u128::from(low) + u128::from(expected) + u128::from(high);
        let middle = (sum - u128::from(smallest) - u128::from(largest)) as u64;
        SizeRange {
            low: smallest,
            expected: middle,
            high: largest,
        }
    }

    /// Difference of two figures computed from the *same* data (for example
    /// an apt closure with and without Recommends), where their errors move
    /// together: bound by bound, then re-ordered. Saturates at 0.
    pub fn sub_correlated(self, other: SizeRange) -> SizeRange {
        SizeRange::new(
            self.low.saturating_sub(other.low),
            self.expected.saturating_sub(other.expected),
            self.high.saturating_sub(other.high),
        )
    }

    /// Multiplies each bound by its own factor (negative or non-finite
    /// factors count as 0).
    pub fn scale(self, low_factor: f64, expected_factor: f64, high_factor: f64) -> SizeRange {
        SizeRange::new(
            mul(self.low, low_factor),
            mul(self.expected, expected_factor),
            mul(self.high, high_factor),
        )
    }

    /// Multiplies all three bounds by one factor.
    pub fn times(self, factor: f64) -> SizeRange {
        self.scale(factor, factor, factor)
    }

    /// Widens by a relative margin: `low × (1 − f)`, `high × (1 + f)`.
    pub fn widen(self, fraction: f64) -> SizeRange {
        let f = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.scale(1.0 - f, 1.0, 1.0 + f)
    }

    /// Widens by an absolute margin in bytes on each side.
    pub fn widen_by(self, bytes: u64) -> SizeRange {
        SizeRange::new(
            self.low.saturating_sub(bytes),
            self.expected,
            self.high.saturating_add(bytes),
        )
    }

    pub fn contains(&self, bytes: u64) -> bool {
        self.low <= bytes && bytes <= self.high
    }

    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }
}

fn mul(bytes: u64, factor: f64) -> u64 {
    if !factor.is_finite() || factor <= 0.0 {
        return 0;
    }
    // `as` saturates for floats beyond u64::MAX.
    (bytes as f64 * factor).round() as u64
}

/// Sum of two independent figures, bound by bound (saturating).
impl std::ops::Add for SizeRange {
    type Output = SizeRange;
    fn add(self, other: SizeRange) -> SizeRange {
        SizeRange::new(
            self.low.saturating_add(other.low),
            self.expected.saturating_add(other.expected),
            self.high.saturating_add(other.high),
        )
    }
}

/// Difference of two *independent* figures, interval arithmetic: the lowest
/// possible result pairs our low with their high. Saturates at 0. For
/// figures computed from the same data use `sub_correlated`.
impl std::ops::Sub for SizeRange {
    type Output = SizeRange;
    fn sub(self, other: SizeRange) -> SizeRange {
        SizeRange::new(
            self.low.saturating_sub(other.high),
            self.expected.saturating_sub(other.expected),
            self.high.saturating_sub(other.low),
        )
    }
}

impl std::iter::Sum for SizeRange {
    fn sum<I: Iterator<Item = SizeRange>>(iter: I) -> SizeRange {
        iter.fold(SizeRange::ZERO, |sum, r| sum + r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_orders_its_bounds() {
        assert_eq!(SizeRange::new(30, 10, 20), SizeRange::new(10, 20, 30));
    }

    #[test]
    fn independent_difference_pairs_low_with_high() {
        // [100, 120, 140] − [10, 20, 30] = [100−30, 120−20, 140−10].
        let d = SizeRange::new(100, 120, 140) - SizeRange::new(10, 20, 30);
        assert_eq!(d, SizeRange::new(70, 100, 130));
    }

    #[test]
    fn correlated_difference_goes_bound_by_bound_and_stays_ordered() {
        let d = SizeRange::new(100, 120, 140).sub_correlated(SizeRange::new(10, 20, 100));
        assert_eq!(d, SizeRange::new(40, 90, 100));
        assert_eq!(SizeRange::exact(5) - SizeRange::exact(9), SizeRange::ZERO);
    }

    #[test]
    fn scale_and_widen_keep_the_order() {
        let r = SizeRange::exact(1000).scale(1.2, 1.0, 0.8);
        assert_eq!(r, SizeRange::new(800, 1000, 1200));
        assert_eq!(
            SizeRange::exact(1000).widen(0.1),
            SizeRange::new(900, 1000, 1100)
        );
        assert_eq!(SizeRange::exact(1000).times(f64::NAN), SizeRange::ZERO);
        assert_eq!(
            SizeRange::exact(u64::MAX) + SizeRange::exact(1),
            SizeRange::exact(u64::MAX)
        );
    }
}
