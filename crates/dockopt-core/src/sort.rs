//! One stable sort for the whole crate, small in wasm.
//!
//! `slice::sort_by` is monomorphized per element type and comparator: each
//! of its copies (driftsort with its small-sort networks) costs about 3 KB of
//! wasm, and the playground had 13 of them (43 KB of code before wasm-opt,
//! ~10% of the page's code besides the rules). Here the merge sort itself is
//! compiled once, over indices with a `dyn` comparator; each call site only
//! adds the comparator closure and a permutation. Inputs are short (edits,
//! findings, spans of one file), so the indirection costs nothing visible.
//! Stable: equal elements keep their order, as with `sort_by`.

use std::cmp::Ordering;

/// Sort `v` stably by `cmp` (like `v.sort_by(cmp)`).
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_indices(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sort `v` stably by `key` (like `v.sort_by_key(key)`).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` stably in its natural order (like `v.sort()`).
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in the stable order `cmp` gives (bottom-up merge sort).
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // Take from the left run unless the right one is strictly less.
                let take_left = j >= end || (i < mid && cmp(from[j], from[i]) != Ordering::Less);
                if take_left {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            let mut std = v;
            std.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn natural_order_and_edge_cases() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut v = vec![3, 1, 2, 1];
        sort(&mut v);
        assert_eq!(v, [1, 1, 2, 3]);
        let mut words = vec!["b", "a", "c"];
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a"]);
    }
}
