//! Sorting f64 values through order-preserving integer keys: the standard library's unstable
//! sort on `u64` keys sorts a million-row float column about 1.8 times faster than an 11-bit
//! LSD radix sort did here, and several times faster than comparing floats with `total_cmp`
//! (measured on the import benchmark's columns), so the profile sorts this way.

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
pub(crate) fn sort_f64(values: &mut [f64]) {
    let mut keys: Vec<u64> = values.iter().map(|&v| key(v)).collect();
    keys.sort_unstable();
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
