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
    sorted.sort_by(f64::total_cmp);
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let low = *sorted.get(below)?;
    let high = *sorted.get(above)?;
    Some(low + (high - low) * (position - below as f64))
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
    fn rows_skip_the_header_comment_and_the_column_names() {
        let text = "# GENERATED\n# Record dates: 2026\nname\tsize\na\t1\nb\t\n";
        let all: Vec<Vec<&str>> = rows(text).collect();
        assert_eq!(all, vec![vec!["a", "1"], vec!["b", ""]]);
        assert_eq!(record_dates(text), "2026");
        assert_eq!(number(&all[1], 1), None);
    }
}
