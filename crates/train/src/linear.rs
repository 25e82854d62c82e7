//! Linear and logistic regression (binomial or multinomial) with L2 regularisation, fitted to
//! convergence with L-BFGS on standardised inputs — the objective of scikit-learn's `Ridge`
//! (`alpha = l2`) and `LogisticRegression` (`C = 1 / l2`).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::encoder::DenseEncoder;
use crate::error::{Result, TrainError, bad_param};
use crate::features::Matrix;
use crate::lbfgs::{self, Options};
use crate::objective::{Loss, class, sigmoid, softmax};
use crate::progress::Control;
use crate::trainer::{Fit, Problem, report};

/// Linear-model hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinearParams {
    /// L2 penalty `l2/2 · ‖w‖²` added to the summed loss (the intercept is not penalised).
    pub l2: f64,
    /// Most L-BFGS iterations.
    pub max_iter: usize,
    /// Stop when the gradient's max-norm (per row) falls below this.
    pub tol: f64,
}

impl Default for LinearParams {
    fn default() -> Self {
        Self {
            l2: 1.0,
            max_iter: 500,
            tol: 1e-7,
        }
    }
}

impl LinearParams {
    /// Checks ranges; each error names the parameter.
    pub fn validate(&self) -> Result<()> {
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(bad_param(
                "l2",
                format!("{} must be a finite number ≥ 0", self.l2),
            ));
        }
        if self.max_iter == 0 {
            return Err(bad_param("max_iter", "must be at least 1"));
        }
        Ok(())
    }
}

/// A fitted linear model: `scores = encode(x) · weights + bias`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Linear {
    /// Input encoding (standardise / one-hot).
    pub encoder: DenseEncoder,
    /// Weights, row-major `width × outputs`.
    pub weights: Vec<f64>,
    /// One intercept per output.
    pub bias: Vec<f64>,
    /// Outputs (1, or the class count for multiclass).
    pub outputs: usize,
}

/// Row-major dense scores `rows × k` of encoded rows.
fn scores_of(xd: &[f64], d: usize, w: &[f64], b: &[f64]) -> Vec<f64> {
    let k = b.len();
    let mut out = vec![0.0; xd.len() / d.max(1) * k];
    out.par_chunks_mut(k)
        .zip(xd.par_chunks(d))
        .for_each(|(s, row)| {
            s.copy_from_slice(b);
            for (j, v) in row.iter().enumerate() {
                if *v != 0.0 {
                    for c in 0..k {
                        s[c] += v * w[j * k + c];
                    }
                }
            }
        });
    out
}

/// Class-major copy of row-major scores.
fn class_major(s: &[f64], k: usize) -> Vec<Vec<f64>> {
    (0..k)
        .map(|c| s.iter().skip(c).step_by(k).copied().collect())
        .collect()
}

impl Linear {
    /// Raw scores, class-major.
    pub fn raw_scores(&self, x: &Matrix) -> Vec<Vec<f64>> {
        let d = self.encoder.width();
        let xd = self.encoder.transform(x);
        class_major(&scores_of(&xd, d, &self.weights, &self.bias), self.outputs)
    }
}

/// Summed loss and its gradient w.r.t. (weights, bias) for row-major scores.
fn loss_grad(loss: Loss, xd: &[f64], d: usize, y: &[f64], params: &[f64], grad: &mut [f64]) -> f64 {
    let k = loss.outputs();
    let (w, b) = params.split_at(d * k);
    let scores = scores_of(xd, d, w, b);
    let (value, g) = scores
        .par_chunks(k)
        .zip(xd.par_chunks(d))
        .zip(y.par_iter())
        .fold(
            || (0.0, vec![0.0; d * k + k]),
            |(mut value, mut g), ((s, row), t)| {
                let mut r = s.to_vec();
                match loss {
                    Loss::Squared => {
                        r[0] -= t;
                        value += 0.5 * r[0] * r[0];
                    }
                    Loss::Logistic => {
                        let p = sigmoid(s[0]);
                        // log(1 + e^s) - t·s, computed stably.
                        value += s[0].max(0.0) + (-s[0].abs()).exp().ln_1p() - t * s[0];
                        r[0] = p - t;
                    }
                    Loss::Softmax(_) => {
                        softmax(&mut r);
                        let c = class(*t);
                        value -= r[c].max(1e-300).ln();
                        r[c] -= 1.0;
                    }
                }
                for (j, v) in row.iter().enumerate() {
                    if *v != 0.0 {
                        for c in 0..k {
                            g[j * k + c] += v * r[c];
                        }
                    }
                }
                for c in 0..k {
                    g[d * k + c] += r[c];
                }
                (value, g)
            },
        )
        .reduce(
            || (0.0, vec![0.0; d * k + k]),
            |(va, mut ga), (vb, gb)| {
                for (a, b) in ga.iter_mut().zip(gb) {
                    *a += b;
                }
                (va + vb, ga)
            },
        );
    grad.copy_from_slice(&g);
    value
}

/// Fits a linear model.
pub(crate) fn train(data: Problem<'_>, p: &LinearParams, ctl: Control<'_>) -> Result<Fit<Linear>> {
    let Problem {
        x,
        y,
        kinds,
        loss,
        valid,
    } = data;
    p.validate()?;
    let encoder = DenseEncoder::fit(x, kinds);
    let d = encoder.width();
    let k = loss.outputs();
    let xd = encoder.transform(x);
    let valid_dense = valid.map(|(vx, vy)| (encoder.transform(vx), vy));
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    let n = x.rows.max(1) as f64;
    let objective = |params: &[f64], grad: &mut [f64]| {
        let mut value = loss_grad(loss, &xd, d, y, params, grad);
        for i in 0..d * k {
            value += 0.5 * p.l2 * params[i] * params[i];
            grad[i] += p.l2 * params[i];
        }
        for gi in grad.iter_mut() {
            *gi /= n;
        }
        value / n
    };
    let mut params = vec![0.0; d * k + k];
    // Start from the best constant model.
    params[d * k..].copy_from_slice(&loss.init_scores(y));
    let mut history = Vec::new();
    let mut cancelled = false;
    let total = p.max_iter;
    let mut each = |it: usize, _value: f64, params: &[f64]| {
        if ctl.cancel.is_cancelled() {
            cancelled = true;
            return false;
        }
        let (w, b) = params.split_at(d * k);
        let train_scores = class_major(&scores_of(&xd, d, w, b), k);
        let valid_scores = valid_dense
            .as_ref()
            .map(|(vd, vy)| (class_major(&scores_of(vd, d, w, b), k), *vy));
        report(
            ctl,
            &mut history,
            (it, total),
            loss,
            (&train_scores, y),
            valid_scores.as_ref().map(|(vs, vy)| (vs.as_slice(), *vy)),
        );
        true
    };
    let opts = Options {
        max_iter: p.max_iter,
        tol: p.tol,
        memory: 10,
    };
    lbfgs::minimise(&mut params, &objective, opts, &mut each);
    if cancelled {
        return Err(TrainError::Cancelled);
    }
    let (w, b) = params.split_at(d * k);
    Ok(Fit {
        model: Linear {
            encoder,
            weights: w.to_vec(),
            bias: b.to_vec(),
            outputs: k,
        },
        history,
        best_iteration: None,
    })
}
