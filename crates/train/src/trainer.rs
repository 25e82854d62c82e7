//! What every trainer shares: the fit result, early stopping, and the progress metric.

use crate::features::{FeatureKind, Matrix};
use crate::metrics::{argmax, auc};
use crate::objective::Loss;
use crate::progress::{Control, Iteration};

/// What a trainer fits: training rows, their encodings, the loss, and validation rows.
#[derive(Clone, Copy)]
pub(crate) struct Problem<'a> {
    /// Training features.
    pub x: &'a Matrix,
    /// Training targets.
    pub y: &'a [f64],
    /// How each feature is encoded.
    pub kinds: &'a [FeatureKind],
    /// The loss.
    pub loss: Loss,
    /// Validation rows (early stopping, curves).
    pub valid: Option<(&'a Matrix, &'a [f64])>,
}

/// A trained model with its learning curve.
#[derive(Debug, Clone)]
pub struct Fit<M> {
    /// The model (truncated to the best iteration when early stopping chose one).
    pub model: M,
    /// One entry per iteration run.
    pub history: Vec<Iteration>,
    /// The 1-based iteration kept, when validation chose it.
    pub best_iteration: Option<usize>,
}

/// Early stopping on a validation loss: stop after `rounds` iterations without improvement.
#[derive(Debug, Clone)]
pub(crate) struct EarlyStop {
    rounds: usize,
    best: f64,
    best_iteration: Option<usize>,
}

impl EarlyStop {
    /// Patience of `rounds` (0 = never stop, but still remember the best iteration).
    pub fn new(rounds: usize) -> Self {
        Self {
            rounds,
            best: f64::INFINITY,
            best_iteration: None,
        }
    }

    /// Records iteration `it`'s loss; true when training should stop.
    pub fn update(&mut self, it: usize, loss: f64) -> bool {
        // A relative tolerance keeps float noise from counting as progress.
        if self.best_iteration.is_none() || loss < self.best - 1e-12 * self.best.abs().max(1.0) {
            self.best = loss;
            self.best_iteration = Some(it);
            return false;
        }
        self.rounds > 0 && self.best_iteration.is_some_and(|b| it >= b + self.rounds)
    }

    /// The 0-based best iteration, when early stopping is on.
    pub fn best_iteration(&self) -> Option<usize> {
        if self.rounds > 0 {
            self.best_iteration
        } else {
            None
        }
    }
}

/// The headline metric of raw scores (class-major): AUC, accuracy or RMSE.
pub(crate) fn headline_metric(loss: Loss, scores: &[Vec<f64>], y: &[f64]) -> (&'static str, f64) {
    match loss {
        Loss::Logistic => ("auc", auc(y, &scores[0])),
        Loss::Softmax(k) => {
            let mut row = vec![0.0; k];
            let correct = (0..y.len())
                .filter(|r| {
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = scores[c][*r];
                    }
                    #[allow(clippy::cast_precision_loss, reason = "class indices are small")]
                    let predicted = argmax(&row) as f64;
                    predicted == y[*r]
                })
                .count();
            #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
            ("accuracy", correct as f64 / y.len().max(1) as f64)
        }
        Loss::Squared => ("rmse", loss.mean_loss(scores, y).sqrt()),
    }
}

/// Most training rows the per-iteration metric is computed on (when there is no validation).
const METRIC_SAMPLE: usize = 20_000;

/// Builds iteration `it`'s report from raw scores (class-major), sends it to the progress sink
/// and appends it to `history`; returns the validation loss when there are validation rows.
pub(crate) fn report(
    ctl: Control<'_>,
    history: &mut Vec<Iteration>,
    (it, total): (usize, usize),
    loss: Loss,
    (scores, y): (&[Vec<f64>], &[f64]),
    valid: Option<(&[Vec<f64>], &[f64])>,
) -> Option<f64> {
    let train_loss = loss.mean_loss(scores, y);
    let valid_loss = valid.map(|(vs, vy)| loss.mean_loss(vs, vy));
    let (metric, metric_value) = match valid {
        Some((vs, vy)) => headline_metric(loss, vs, vy),
        None if y.len() > METRIC_SAMPLE => {
            // The curve's metric on evenly spaced training rows: an AUC sort of every row each
            // iteration would cost more than the boosting itself on large data.
            let step = y.len().div_ceil(METRIC_SAMPLE);
            let ys: Vec<f64> = y.iter().step_by(step).copied().collect();
            let ss: Vec<Vec<f64>> = scores
                .iter()
                .map(|c| c.iter().step_by(step).copied().collect())
                .collect();
            headline_metric(loss, &ss, &ys)
        }
        None => headline_metric(loss, scores, y),
    };
    let iteration = Iteration {
        iteration: it + 1,
        total,
        train_loss,
        valid_loss,
        metric,
        metric_value,
    };
    ctl.progress.iteration(&iteration);
    history.push(iteration);
    valid_loss
}
