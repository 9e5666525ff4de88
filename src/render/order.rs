//! One sort for the whole renderer: every distinct `sort` instantiation costs kilobytes of
//! wasm, so all orderings go through `(u64 key, u32 payload)` pairs, with compound keys built
//! from ranks.

/// Sorts pairs ascending by key, then payload.
pub(crate) fn sort_pairs(v: &mut [(u64, u32)]) {
    v.sort_unstable();
}

/// A key whose unsigned order is [`f64::total_cmp`]'s order.
pub(crate) fn f64_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Inverse of [`f64_key`].
pub(crate) fn f64_from_key(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// A key whose unsigned order is `i64`'s order.
pub(crate) fn i64_key(x: i64) -> u64 {
    (x as u64) ^ (1 << 63)
}

/// The order of `0..n` by `(primary[i], secondary[i])`, both ascending; ties in both by `i`.
pub(crate) fn order_by2(primary: &[u64], secondary: &[u64]) -> Vec<u32> {
    let n = primary.len().min(secondary.len());
    let mut pairs: Vec<(u64, u32)> = (0..n).map(|i| (secondary[i], i as u32)).collect();
    sort_pairs(&mut pairs);
    let mut rank = vec![0u32; n];
    for (r, &(_, i)) in pairs.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut by_rank = vec![0u32; n];
    for (i, &r) in rank.iter().enumerate() {
        by_rank[r as usize] = i as u32;
    }
    let mut pairs: Vec<(u64, u32)> = (0..n).map(|i| (primary[i], rank[i])).collect();
    sort_pairs(&mut pairs);
    pairs
        .into_iter()
        .map(|(_, r)| by_rank[r as usize])
        .collect()
}

/// Insertion sort, for tiny lists.
pub(crate) fn insertion_sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_order() {
        let xs = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            3.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(f64_key(w[0]) < f64_key(w[1]), "{w:?}");
        }
        for &x in &xs {
            assert_eq!(f64_from_key(f64_key(x)).to_bits(), x.to_bits());
        }
        assert!(i64_key(-5) < i64_key(0) && i64_key(0) < i64_key(7));
        let o = order_by2(&[2, 1, 2, 1], &[0, 9, 0, 3]);
        assert_eq!(o, vec![3, 1, 0, 2]);
        let mut v = vec![3, 1, 2];
        insertion_sort_by(&mut v, |a, b| a < b);
        assert_eq!(v, vec![1, 2, 3]);
    }
}
