//! Quantile binning: each feature becomes `u8` bin codes (feature-major), with thresholds
//! chosen so that "bin ≤ b" and "value ≤ threshold[b]" agree exactly on `f32` inputs — what
//! makes the trainer's predictions and the exported ONNX trees identical.

use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::features::{FeatureKind, Matrix};

/// Rows sampled to choose numeric bin boundaries (as LightGBM's `bin_construct_sample_cnt`).
const BIN_SAMPLE: usize = 200_000;

/// How one feature maps values to bins. Bin `n_bins` (the last) holds missing values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BinMapper {
    /// Numeric: upper bounds of bins `0..n_bins-1` (the last value bin is open-ended).
    /// Categorical: empty (the bin is the category code).
    pub thresholds: Vec<f32>,
    /// Value bins (missing bin excluded).
    pub n_bins: usize,
    /// Whether the feature is categorical.
    pub categorical: bool,
}

impl BinMapper {
    /// The missing-value bin.
    pub fn missing_bin(&self) -> usize {
        self.n_bins
    }

    /// Bin of a value.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "codes < 255"
    )]
    pub fn bin(&self, x: f32) -> u8 {
        if x.is_nan() {
            return self.n_bins as u8;
        }
        if self.categorical {
            let code = x as usize;
            return if code < self.n_bins {
                code as u8
            } else {
                self.n_bins as u8
            };
        }
        self.thresholds.partition_point(|t| *t < x) as u8
    }

    /// The threshold for "bins ≤ b go left" (+∞ for the last value bin).
    pub fn threshold(&self, b: usize) -> f32 {
        self.thresholds.get(b).copied().unwrap_or(f32::INFINITY)
    }
}

/// Chooses bin boundaries for a numeric column from (a sample of) its values.
fn numeric_mapper(values: &[f32], max_bin: usize, seed: u64) -> BinMapper {
    let mut sample: Vec<f32> = if values.len() > BIN_SAMPLE {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..BIN_SAMPLE)
            .map(|_| values[rng.random_range(0..values.len())])
            .collect()
    } else {
        values.to_vec()
    };
    sample.retain(|v| !v.is_nan());
    sample.sort_unstable_by(f32::total_cmp);
    let mut distinct: Vec<(f32, usize)> = Vec::new();
    for v in sample.iter().copied() {
        match distinct.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    let mut thresholds = Vec::new();
    if distinct.len() <= max_bin {
        for w in distinct.windows(2) {
            thresholds.push(between(w[0].0, w[1].0));
        }
    } else {
        // Equal-frequency bins over distinct values: a bin closes once it holds its share;
        // heavy values naturally get a bin of their own.
        let total = sample.len();
        let mut cumulative = 0usize;
        let mut made = 1usize;
        for w in distinct.windows(2) {
            cumulative += w[0].1;
            if cumulative * max_bin >= made * total && made < max_bin {
                thresholds.push(between(w[0].0, w[1].0));
                made += 1;
            }
        }
    }
    BinMapper {
        n_bins: thresholds.len() + 1,
        thresholds,
        categorical: false,
    }
}

/// A threshold `t` with `lo <= t < hi` in `f32` (the midpoint when representable).
#[allow(
    clippy::cast_possible_truncation,
    reason = "thresholds are f32 by design"
)]
fn between(lo: f32, hi: f32) -> f32 {
    let mid = f64::midpoint(f64::from(lo), f64::from(hi)) as f32;
    if mid >= hi || mid < lo { lo } else { mid }
}

/// Bin mappers and the `u8` bin matrix of a training set.
#[derive(Debug, Clone)]
pub(crate) struct Binned {
    /// One mapper per feature.
    pub mappers: Vec<BinMapper>,
    /// `bins[f][row]`.
    pub bins: Vec<Vec<u8>>,
}

/// Builds mappers from `x` (training rows) and bins it.
pub(crate) fn bin_training(x: &Matrix, kinds: &[FeatureKind], max_bin: usize, seed: u64) -> Binned {
    let mappers: Vec<BinMapper> = x
        .columns
        .par_iter()
        .zip(kinds)
        .enumerate()
        .map(|(f, (col, kind))| match kind {
            FeatureKind::Numeric => numeric_mapper(col, max_bin, seed ^ f as u64),
            // A category code is its bin (at most MAX_CATEGORIES, so it fits next to the
            // missing bin): `max_bin` only applies to numeric features.
            FeatureKind::Categorical { categories } => BinMapper {
                thresholds: Vec::new(),
                n_bins: categories.len(),
                categorical: true,
            },
        })
        .collect();
    let bins = apply(&mappers, x);
    Binned { mappers, bins }
}

/// Bins any matrix with existing mappers (validation rows).
pub(crate) fn apply(mappers: &[BinMapper], x: &Matrix) -> Vec<Vec<u8>> {
    x.columns
        .par_iter()
        .zip(mappers)
        .map(|(col, m)| col.iter().map(|v| m.bin(*v)).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::cast_precision_loss, reason = "small test values")]
    fn thresholds_agree_with_bins() {
        let values: Vec<f32> = (0..1000)
            .map(|i| (i % 37) as f32 * 0.1 + 1e-7 * i as f32)
            .collect();
        let m = numeric_mapper(&values, 16, 1);
        assert!(m.n_bins <= 16 && m.n_bins > 1);
        for v in &values {
            let b = usize::from(m.bin(*v));
            assert!(b == 0 || *v > m.threshold(b - 1));
            assert!(*v <= m.threshold(b));
        }
        assert_eq!(usize::from(m.bin(f32::NAN)), m.missing_bin());
    }

    #[test]
    fn adjacent_floats_get_a_valid_threshold() {
        let a = 1.0f32;
        let b = f32::from_bits(a.to_bits() + 1);
        let t = between(a, b);
        assert!(a <= t && t < b);
    }
}
