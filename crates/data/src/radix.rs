//! Sorting f64 values by LSD radix sort on order-preserving integer keys: for the million-row
//! columns profiles sort (exact quantiles, distinct counts), about five times faster than a
//! comparison sort, which made sorting the largest cost of profiling. Written here because no
//! small, well-kept crate offers a stable-memory float radix sort over `Vec<f64>`.

/// Maps an f64 to a u64 whose unsigned order is `f64::total_cmp` order.
fn key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn value(k: u64) -> f64 {
    let bits = if k >> 63 == 1 { k & !(1 << 63) } else { !k };
    f64::from_bits(bits)
}

/// Sorts `values` ascending in `total_cmp` order (-0.0 before 0.0, NaN last).
#[allow(clippy::cast_possible_truncation)] // digits are masked to 11 bits before indexing
pub(crate) fn sort_f64(values: &mut [f64]) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    if values.len() < 4096 {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let mut keys: Vec<u64> = values.iter().map(|&v| key(v)).collect();
    let mut scratch = vec![0u64; keys.len()];
    let mut shift = 0;
    while shift < 64 {
        let mut counts = [0usize; BUCKETS];
        for k in &keys {
            counts[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        // Skip a pass where every key has the same digit (common for the top bits).
        if counts.contains(&keys.len()) {
            shift += BITS;
            continue;
        }
        let mut offsets = [0usize; BUCKETS];
        let mut sum = 0;
        for (o, c) in offsets.iter_mut().zip(counts) {
            *o = sum;
            sum += c;
        }
        for &k in &keys {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            scratch[offsets[d]] = k;
            offsets[d] += 1;
        }
        std::mem::swap(&mut keys, &mut scratch);
        shift += BITS;
    }
    for (v, k) in values.iter_mut().zip(keys) {
        *v = value(k);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn matches_total_cmp_sort(mut v in prop::collection::vec(any::<f64>(), 0..10_000)) {
            let mut expected = v.clone();
            expected.sort_by(f64::total_cmp);
            super::sort_f64(&mut v);
            let got: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
            let want: Vec<u64> = expected.iter().map(|x| x.to_bits()).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn large_input_with_signs_and_zeros() {
        let mut v: Vec<f64> = (0..100_000)
            .map(|i| f64::from((i * 7919) % 100_003) - 50_000.5)
            .collect();
        v.extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY]);
        let mut expected = v.clone();
        expected.sort_by(f64::total_cmp);
        super::sort_f64(&mut v);
        assert_eq!(
            v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
