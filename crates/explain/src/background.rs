//! Background summaries for model-agnostic SHAP: `k` weighted rows standing for a whole dataset
//! (k-means, as `shap.kmeans` does), so that every coalition costs `k` model rows, not `n`.
//!
//! Written here rather than taken from a crate: the clustering crates in Rust (linfa) bring a
//! linear-algebra stack for what is 60 lines of Lloyd iterations, and the snapping of centres
//! to observed values is specific to explaining.
#![allow(
    clippy::cast_precision_loss,
    reason = "row and cluster counts are far below 2^52"
)]

use rand::SeedableRng;
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand_chacha::ChaCha8Rng;

/// `k` representative rows and the share of the data each stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Row-major `k × features` values, each an observed value of its column (NaN where the
    /// cluster's rows were all missing).
    pub rows: Vec<f64>,
    /// Weights (cluster sizes / n), summing to 1.
    pub weights: Vec<f64>,
}

/// Lloyd iterations at most.
const ITERATIONS: usize = 100;

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Summarises `data` (row-major, `features` wide, NaN missing) by `k` k-means clusters: seeded
/// k-means++ starts, Lloyd iterations on the columns scaled to unit variance with missing
/// values at the column mean, then each centre's values snapped to the nearest value observed
/// in its column, weighted by cluster size. With `k ≥` the row count, every row stands alone.
#[must_use]
pub fn kmeans(data: &[f64], features: usize, k: usize, seed: u64) -> Summary {
    let n = data.len().checked_div(features).unwrap_or(0);
    if n == 0 || k == 0 {
        return Summary {
            rows: Vec::new(),
            weights: Vec::new(),
        };
    }
    if k >= n {
        return Summary {
            rows: data.to_vec(),
            weights: vec![1.0 / n as f64; n],
        };
    }
    let (z, mean, scale) = standardise(data, n, features);
    let row = |r: usize| &z[r * features..(r + 1) * features];

    // k-means++ seeding.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut centres: Vec<f64> = row(0).to_vec();
    let mut nearest: Vec<f64> = (0..n).map(|r| distance(row(r), row(0))).collect();
    while centres.len() < k * features {
        let pick = WeightedIndex::new(&nearest).map_or(0, |d| d.sample(&mut rng));
        centres.extend_from_slice(row(pick));
        let c = &centres[centres.len() - features..];
        for (r, d) in nearest.iter_mut().enumerate() {
            *d = d.min(distance(row(r), c));
        }
    }
    // Lloyd iterations.
    let mut label = vec![0usize; n];
    for _ in 0..ITERATIONS {
        let mut moved = false;
        for (r, l) in label.iter_mut().enumerate() {
            let best = (0..k)
                .min_by(|&a, &b| {
                    distance(row(r), &centres[a * features..(a + 1) * features]).total_cmp(
                        &distance(row(r), &centres[b * features..(b + 1) * features]),
                    )
                })
                .unwrap_or(0);
            moved |= *l != best;
            *l = best;
        }
        let mut sums = vec![0.0; k * features];
        let mut counts = vec![0usize; k];
        for (r, &l) in label.iter().enumerate() {
            counts[l] += 1;
            for j in 0..features {
                sums[l * features + j] += row(r)[j];
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                for j in 0..features {
                    centres[c * features + j] = sums[c * features + j] / counts[c] as f64;
                }
            }
        }
        if !moved {
            break;
        }
    }
    // Snap each centre to observed values (in original units) and weigh it.
    let mut counts = vec![0usize; k];
    for &l in &label {
        counts[l] += 1;
    }
    let mut rows = Vec::with_capacity(k * features);
    let mut weights = Vec::with_capacity(k);
    for c in (0..k).filter(|&c| counts[c] > 0) {
        for j in 0..features {
            let target = centres[c * features + j] * scale[j] + mean[j];
            rows.push(nearest_observed(data, features, j, target));
        }
        weights.push(counts[c] as f64 / n as f64);
    }
    Summary { rows, weights }
}

/// The columns scaled to unit variance around their means (missing values at 0, the mean),
/// with the means and scales.
fn standardise(data: &[f64], n: usize, features: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut mean = vec![0.0; features];
    let mut scale = vec![0.0; features];
    for j in 0..features {
        let observed: Vec<f64> = (0..n)
            .map(|r| data[r * features + j])
            .filter(|v| v.is_finite())
            .collect();
        let count = observed.len().max(1) as f64;
        let m = observed.iter().sum::<f64>() / count;
        let var = observed.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / count;
        mean[j] = m;
        scale[j] = if var > 0.0 { var.sqrt() } else { 1.0 };
    }
    let z = data
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let j = i % features;
            if v.is_finite() {
                (v - mean[j]) / scale[j]
            } else {
                0.0
            }
        })
        .collect();
    (z, mean, scale)
}

/// The observed value of column `j` nearest `target` (NaN when the column is all missing).
fn nearest_observed(data: &[f64], features: usize, j: usize, target: f64) -> f64 {
    data.iter()
        .skip(j)
        .step_by(features)
        .filter(|v| v.is_finite())
        .min_by(|a, b| (*a - target).abs().total_cmp(&(*b - target).abs()))
        .copied()
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_blobs_become_two_weighted_observed_rows() {
        // 30 rows near (0, 0), 10 near (10, 100).
        let mut data = Vec::new();
        for i in 0..30u8 {
            data.extend([f64::from(i % 3) * 0.1, f64::from(i % 5)]);
        }
        for i in 0..10u8 {
            data.extend([10.0 + f64::from(i % 2) * 0.1, 100.0 + f64::from(i % 3)]);
        }
        let s = kmeans(&data, 2, 2, 0);
        assert_eq!(s.weights.len(), 2);
        let mut pairs: Vec<(f64, f64, f64)> = s
            .weights
            .iter()
            .enumerate()
            .map(|(c, w)| (*w, s.rows[c * 2], s.rows[c * 2 + 1]))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!((pairs[0].0 - 0.25).abs() < 1e-12 && (pairs[1].0 - 0.75).abs() < 1e-12);
        assert!(pairs[0].1 >= 10.0 && pairs[0].2 >= 100.0, "{pairs:?}");
        assert!(pairs[1].1 < 1.0 && pairs[1].2 < 5.0, "{pairs:?}");
        // Every value is one the data holds.
        for v in &s.rows {
            assert!(data.contains(v), "{v} is not observed");
        }
    }

    #[test]
    fn more_clusters_than_rows_keeps_every_row() {
        let data = [1.0, f64::NAN, 3.0, 4.0];
        let s = kmeans(&data, 2, 5, 0);
        assert_eq!(s.weights, vec![0.5, 0.5]);
        assert_eq!(s.rows.len(), 4);
    }
}
