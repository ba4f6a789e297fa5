//! Reading the generated tables in `data/` (written by `dockopt-datagen`):
//! `#` header lines, one column-name line, then tab-separated rows. Also the
//! small statistics (median, quantiles) that rules of thumb compute from the
//! data instead of quoting numbers.

/// Data rows of a generated table: comment lines and the column-name line are
/// skipped; each row is split on tabs.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .skip(1)
        .map(|line| line.split('\t').collect())
}

/// The `# Record dates:` line of a generated table's header, for provenance.
pub(crate) fn record_dates(text: &str) -> &str {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| line.strip_prefix("# Record dates: "))
        .unwrap_or("record date not stated")
}

/// Cell `i` of a row, or "" when the row is short.
pub(crate) fn cell<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

/// Cell `i` parsed as bytes; `None` when empty or not a number.
pub(crate) fn number(row: &[&str], i: usize) -> Option<u64> {
    cell(row, i).trim().parse().ok()
}

/// Quantile `q` (0..=1) of `values` by linear interpolation between the
/// nearest ranks (so the median of an even count is the mean of the middle
/// two). `None` for an empty slice.
pub(crate) fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    insertion_sort_by(&mut sorted, |a, b| a < b);
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let low = *sorted.get(below)?;
    let high = *sorted.get(above)?;
    Some(low + (high - low) * (position - below as f64))
}

/// Sorts a short slice (tens of items) in place. The standard sorts cost
/// several KB of wasm per element type; the lists sorted here are tiny.
pub(crate) fn insertion_sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (left, right) = items.split_at(j);
            match (left.last(), right.first()) {
                (Some(a), Some(b)) if less(b, a) => items.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// `value` with `places` decimals, written with integer arithmetic: core's
/// float formatting costs about 20 KB of wasm, more than this module's code.
pub(crate) fn decimal(value: f64, places: u32) -> String {
    if !value.is_finite() || value < 0.0 {
        return String::from("?");
    }
    let scale = 10u64.pow(places.min(6));
    let scaled = (value * scale as f64).round() as u64;
    let whole = scaled / scale;
    if places == 0 {
        return whole.to_string();
    }
    let fraction = (scaled % scale).to_string();
    let padding = "0".repeat((places as usize).saturating_sub(fraction.len()));
    format!("{whole}.{padding}{fraction}")
}

/// Bytes in decimal megabytes with `places` decimals.
pub(crate) fn megabytes(bytes: u64, places: u32) -> String {
    decimal(bytes as f64 / 1e6, places)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.5), Some(2.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 5.0, 9.0], 0.25), Some(2.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn decimals_without_float_formatting() {
        assert_eq!(decimal(2.6303, 2), "2.63");
        assert_eq!(decimal(2.05, 1), "2.1");
        assert_eq!(decimal(3.004, 2), "3.00");
        assert_eq!(decimal(0.954219, 1), "1.0");
        assert_eq!(decimal(417.2, 0), "417");
        assert_eq!(megabytes(10_789_076, 1), "10.8");
    }

    #[test]
    fn rows_skip_the_header_comment_and_the_column_names() {
        let text = "# GENERATED\n# Record dates: 2026\nname\tsize\na\t1\nb\t\n";
        let all: Vec<Vec<&str>> = rows(text).collect();
        assert_eq!(all, vec![vec!["a", "1"], vec!["b", ""]]);
        assert_eq!(record_dates(text), "2026");
        assert_eq!(number(&all[1], 1), None);
    }
}
