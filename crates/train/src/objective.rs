//! Losses shared by every trainer: squared error, binary log-loss, softmax cross-entropy —
//! their gradients, hessians, starting scores and values.

use crate::features::Task;

/// Smallest probability used in log-losses (as scikit-learn clips).
const EPS: f64 = 1e-15;

/// The loss a task trains on. Scores are raw model outputs: one per row (regression,
/// binary: log-odds) or one per row and class (multiclass), class-major: `scores[k][row]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Squared error.
    Squared,
    /// Binary log-loss on a sigmoid.
    Logistic,
    /// Cross-entropy on a softmax over `k` classes.
    Softmax(usize),
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Softmax of `scores` in place.
pub fn softmax(scores: &mut [f64]) {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

impl Loss {
    /// The loss for `task` with `classes` classes.
    pub fn for_task(task: Task, classes: usize) -> Self {
        match task {
            Task::Regression => Self::Squared,
            Task::Binary => Self::Logistic,
            Task::Multiclass => Self::Softmax(classes),
        }
    }

    /// Score vectors per row (1, or k for softmax).
    pub fn outputs(self) -> usize {
        match self {
            Self::Softmax(k) => k,
            _ => 1,
        }
    }

    /// The best constant scores: mean, log-odds of the base rate, log of class priors.
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    pub fn init_scores(self, y: &[f64]) -> Vec<f64> {
        let n = y.len().max(1) as f64;
        match self {
            Self::Squared => vec![y.iter().sum::<f64>() / n],
            Self::Logistic => {
                let p = (y.iter().sum::<f64>() / n).clamp(EPS, 1.0 - EPS);
                vec![(p / (1.0 - p)).ln()]
            }
            Self::Softmax(k) => {
                let mut counts = vec![0.0; k];
                for v in y {
                    counts[class(*v)] += 1.0;
                }
                counts.iter().map(|c: &f64| (c / n).max(EPS).ln()).collect()
            }
        }
    }

    /// Turns raw scores of one row into predictions in place (probabilities for classifiers).
    pub fn transform(self, scores: &mut [f64]) {
        match self {
            Self::Squared => {}
            Self::Logistic => scores[0] = sigmoid(scores[0]),
            Self::Softmax(_) => softmax(scores),
        }
    }

    /// Gradients and hessians for output `k` (always 0 unless softmax), row by row.
    /// `scores` is class-major.
    pub fn gradients(self, scores: &[Vec<f64>], y: &[f64], k: usize, g: &mut [f32], h: &mut [f32]) {
        use rayon::prelude::*;
        let grad_hess = |r: usize| -> (f64, f64) {
            match self {
                Self::Squared => (scores[0][r] - y[r], 1.0),
                Self::Logistic => {
                    let p = sigmoid(scores[0][r]);
                    (p - y[r], (p * (1.0 - p)).max(1e-16))
                }
                Self::Softmax(classes) => {
                    // LightGBM's hessian factor k/(k-1) keeps leaf values comparable to binary.
                    #[allow(clippy::cast_precision_loss, reason = "class counts are small")]
                    let factor = classes as f64 / (classes as f64 - 1.0);
                    let p = softmax_at(scores, r, k);
                    let t = if class(y[r]) == k { 1.0 } else { 0.0 };
                    (p - t, (factor * p * (1.0 - p)).max(1e-16))
                }
            }
        };
        g.par_iter_mut()
            .zip(h.par_iter_mut())
            .enumerate()
            .for_each(|(r, (g, h))| {
                let (gv, hv) = grad_hess(r);
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "gradients are f32 like LightGBM's"
                )]
                {
                    *g = gv as f32;
                    *h = hv as f32;
                }
            });
    }

    /// Mean loss over rows.
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    pub fn mean_loss(self, scores: &[Vec<f64>], y: &[f64]) -> f64 {
        use rayon::prelude::*;
        let n = y.len().max(1) as f64;
        let total: f64 = (0..y.len())
            .into_par_iter()
            .map(|r| match self {
                Self::Squared => (scores[0][r] - y[r]).powi(2),
                Self::Logistic => {
                    let p = sigmoid(scores[0][r]).clamp(EPS, 1.0 - EPS);
                    if y[r] > 0.5 { -p.ln() } else { -(1.0 - p).ln() }
                }
                Self::Softmax(_) => -softmax_at(scores, r, class(y[r])).max(EPS).ln(),
            })
            .sum();
        total / n
    }
}

/// Softmax probability of class `k` for row `r`.
fn softmax_at(scores: &[Vec<f64>], r: usize, k: usize) -> f64 {
    let max = scores
        .iter()
        .map(|s| s[r])
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = scores.iter().map(|s| (s[r] - max).exp()).sum();
    (scores[k][r] - max).exp() / sum
}

/// A class index stored as f64.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "class indices are small and non-negative"
)]
pub fn class(v: f64) -> usize {
    v as usize
}
