//! Global summaries derived from SHAP values: the feature that best colours each dependence plot
//! (the strongest interaction), from interaction values when there are some, else from `shap`'s
//! `approximate_interactions` heuristic.
#![allow(
    clippy::cast_precision_loss,
    reason = "row and bin counts are far below 2^52"
)]

use rayon::prelude::*;

/// Rows the heuristic looks at (evenly spaced beyond this, like `shap`'s 10,000-row sample).
const MAX_ROWS: usize = 10_000;

/// Pearson correlation of two equally long slices; `None` when either is constant.
fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (x - ma, y - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Σ over bins of |corr(φ, other)|; bins where `other` has a missing value are skipped.
fn binned_correlation(phi: &[f64], other: &[Option<f64>], bin: usize) -> f64 {
    if other.iter().all(|v| v.is_none_or(|v| v.abs() < 1e-8)) {
        return 0.0;
    }
    let mut o = Vec::with_capacity(bin);
    phi.chunks(bin)
        .zip(other.chunks(bin))
        .filter_map(|(p, v)| {
            o.clear();
            o.extend(v.iter().map_while(|x| *x));
            (o.len() == p.len()).then(|| correlation(p, &o)).flatten()
        })
        .map(f64::abs)
        .sum()
}

/// How strongly feature `other` seems to interact with feature `index`: rows sorted by
/// `index`'s value, cut into bins of a tenth of the rows (at most 50 per bin), and
/// |corr(φ_index, x_other)| summed over the bins — for `other`'s values and for whether it is
/// missing, the larger counts (as `shap.utils.approximate_interactions`).
fn interaction_score(
    phi_sorted: &[f64],
    order: &[usize],
    x: &[Option<f64>],
    features: usize,
    other: usize,
) -> f64 {
    let bin = (order.len() / 10).clamp(1, 50);
    let values: Vec<Option<f64>> = order.iter().map(|&r| x[r * features + other]).collect();
    let missing: Vec<Option<f64>> = values
        .iter()
        .map(|v| Some(if v.is_none() { 1.0 } else { 0.0 }))
        .collect();
    binned_correlation(phi_sorted, &values, bin).max(binned_correlation(phi_sorted, &missing, bin))
}

/// For each feature, the other feature that best colours its dependence plot (its strongest
/// approximate interaction), or `None` when nothing correlates.
///
/// `shap` is row-major `[row * features + f]` for one output, `x` the features' values in the
/// same layout (`None` when missing).
#[must_use]
pub fn dependence_colours(shap: &[f64], x: &[Option<f64>], features: usize) -> Vec<Option<usize>> {
    let rows = shap.len().checked_div(features).unwrap_or(0);
    let sample: Vec<usize> = if rows > MAX_ROWS {
        (0..MAX_ROWS).map(|i| i * rows / MAX_ROWS).collect()
    } else {
        (0..rows).collect()
    };
    (0..features)
        .into_par_iter()
        .map(|index| {
            let mut order = sample.clone();
            // Sorted by the feature's value, missing last (as NumPy's argsort puts NaN).
            order.sort_by(
                |&a, &b| match (x[a * features + index], x[b * features + index]) {
                    (Some(p), Some(q)) => p.total_cmp(&q),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                },
            );
            let phi: Vec<f64> = order.iter().map(|&r| shap[r * features + index]).collect();
            (0..features)
                .filter(|&j| j != index)
                .map(|j| (j, interaction_score(&phi, &order, x, features, j)))
                .filter(|(_, s)| *s > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(j, _)| j)
        })
        .collect()
}

/// For each feature, the other feature with the largest mean |interaction value| in a
/// `features × features` matrix (row-major), or `None` when every off-diagonal entry is zero.
#[must_use]
pub fn strongest_interactions(matrix: &[f64], features: usize) -> Vec<Option<usize>> {
    (0..features)
        .map(|i| {
            (0..features)
                .filter(|&j| j != i && matrix[i * features + j] > 0.0)
                .max_by(|&a, &b| matrix[i * features + a].total_cmp(&matrix[i * features + b]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interacting_feature_colours_the_dependence_plot() {
        // φ_0 = x0 * x2: feature 2 modulates feature 0's effect; feature 1 is noise.
        let n_rows: u32 = 400;
        let mut shap = Vec::new();
        let mut x = Vec::new();
        for r in 0..n_rows {
            let x0 = f64::from(r % 20) - 10.0;
            let x1 = f64::from((r * 7919) % 13);
            let x2 = if (r / 20) % 2 == 0 { 1.0 } else { -1.0 };
            shap.extend([x0 * x2, 0.1 * x1, 0.5 * x2]);
            x.extend([Some(x0), Some(x1), Some(x2)]);
        }
        let colours = dependence_colours(&shap, &x, 3);
        assert_eq!(colours[0], Some(2));
    }

    #[test]
    fn constant_or_missing_features_colour_nothing() {
        let shap = vec![1.0, 0.0, 2.0, 0.0, 3.0, 0.0];
        let x = vec![Some(1.0), None, Some(2.0), None, Some(3.0), None];
        assert_eq!(dependence_colours(&shap, &x, 2), vec![None, None]);
    }

    #[test]
    fn strongest_interaction_ignores_the_diagonal() {
        let m = [9.0, 1.0, 2.0, 1.0, 9.0, 0.0, 2.0, 0.0, 9.0];
        assert_eq!(
            strongest_interactions(&m, 3),
            vec![Some(2), Some(0), Some(0)]
        );
    }
}
