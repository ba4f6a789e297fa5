//! Byte sizes as people read them, the same string in the CLI and the web
//! page: decimal units as `docker images` prints them (1 MB = 1,000,000
//! bytes), written with integer arithmetic only (core's float formatting
//! costs about 20 KB of wasm).
//!
//! - below 1 kB: `"512 B"`
//! - below 10 of a unit: one decimal, `"4.2 MB"`, `"1.5 kB"`
//! - from 10 of a unit: whole numbers, `"182 MB"`, `"37 kB"`
//! - from 1 GB: two decimals below 10 GB (`"1.18 GB"`), one above.
//!
//! It must stay pure (no locale, no floats) so every front end prints the
//! same string for the same number.
//!
//! Rounding is half up on the last digit shown; a value that rounds up to
//! the next unit is shown in that unit (`999_950` → `"1.0 MB"`).

/// `bytes` in decimal units (`"182 MB"`).
pub fn format_bytes(bytes: u64) -> String {
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    const UNITS: [(&str, u64); 4] = [
        ("kB", 1_000),
        ("MB", 1_000_000),
        ("GB", 1_000_000_000),
        ("TB", 1_000_000_000_000),
    ];
    for (i, (unit, size)) in UNITS.iter().enumerate() {
        let next = UNITS.get(i + 1).map(|(_, s)| *s);
        let places: u32 = if *unit == "GB" || *unit == "TB" {
            if bytes < size.saturating_mul(10) {
                2
            } else {
                1
            }
        } else if bytes < size.saturating_mul(10) {
            1
        } else {
            0
        };
        let text = fixed(bytes, *size, places);
        // Rounded up to 1000 of this unit ("1000 kB")? Use the next unit.
        let whole_part_digits = text.split('.').next().map_or(0, str::len);
        if next.is_some() && whole_part_digits >= 4 {
            continue;
        }
        return format!("{text} {unit}");
    }
    format!("{bytes} B")
}

/// `bytes / unit` with `places` decimals, rounded half up, integers only.
fn fixed(bytes: u64, unit: u64, places: u32) -> String {
    let scale = 10u128.pow(places);
    let scaled = (u128::from(bytes) * scale + u128::from(unit) / 2) / u128::from(unit);
    let whole = scaled / scale;
    if places == 0 {
        return whole.to_string();
    }
    let fraction = (scaled % scale).to_string();
    let padding = "0".repeat((places as usize).saturating_sub(fraction.len()));
    format!("{whole}.{padding}{fraction}")
}

/// A range as `"0 B"` when it is exact, `"150–210 MB"` (both ends in the unit of the high end when
/// they share it) or `"~182 MB"` when the bounds are within ±5% of the
/// expected value.
pub fn format_range(range: super::SizeRange) -> String {
    if range.low == range.high {
        return format_bytes(range.expected);
    }
    let spread = range.high.saturating_sub(range.low);
    if range.expected > 0 && spread.saturating_mul(10) <= range.expected {
        return format!("~{}", format_bytes(range.expected));
    }
    format!("{}–{}", format_bytes(range.low), format_bytes(range.high))
}

/// `part` as a whole percentage of `whole`, rounded half up (0 when
/// `whole` is 0).
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    ((u128::from(part) * 100 + u128::from(whole) / 2) / u128::from(whole)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_decimals() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(999), "999 B");
        assert_eq!(format_bytes(1_000), "1.0 kB");
        assert_eq!(format_bytes(1_549), "1.5 kB");
        assert_eq!(format_bytes(1_550), "1.6 kB");
        assert_eq!(format_bytes(37_200), "37 kB");
        assert_eq!(format_bytes(4_200_000), "4.2 MB");
        assert_eq!(format_bytes(182_400_000), "182 MB");
        assert_eq!(format_bytes(182_500_000), "183 MB");
        assert_eq!(format_bytes(1_180_000_000), "1.18 GB");
        assert_eq!(format_bytes(12_340_000_000), "12.3 GB");
    }

    #[test]
    fn rounding_into_the_next_unit_uses_that_unit() {
        assert_eq!(format_bytes(999_949), "1.0 MB");
        assert_eq!(format_bytes(999_999), "1.0 MB");
        assert_eq!(format_bytes(999_999_999), "1.00 GB");
    }

    #[test]
    fn ranges_and_percentages() {
        use crate::estimate::SizeRange;
        assert_eq!(
            format_range(SizeRange::new(180_000_000, 182_000_000, 185_000_000)),
            "~182 MB"
        );
        assert_eq!(
            format_range(SizeRange::new(18_000_000, 37_200_000, 78_000_000)),
            "18 MB–78 MB"
        );
        assert_eq!(percent(20, 180), 11);
        assert_eq!(percent(1, 0), 0);
    }
}
