//! A small multi-layer perceptron: dense ReLU layers, an identity/sigmoid/softmax head, Adam
//! on shuffled mini-batches, L2 weight decay and early stopping — scikit-learn's `MLPClassifier`
//! / `MLPRegressor` recipe. Written here (about 200 lines) because the Rust deep-learning
//! crates (burn, candle) would multiply the build for a model this small.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::encoder::DenseEncoder;
use crate::error::{Result, bad_param};
use crate::features::Matrix;
use crate::objective::{Loss, class, sigmoid, softmax};
use crate::progress::Control;
use crate::trainer::{EarlyStop, Fit, Problem, report};

/// MLP hyper-parameters (scikit-learn's defaults unless noted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpParams {
    /// Units per hidden layer, e.g. `[64, 32]`.
    pub hidden: Vec<usize>,
    /// Adam step size.
    pub learning_rate: f64,
    /// Rows per mini-batch.
    pub batch_size: usize,
    /// Most passes over the data.
    pub max_epochs: usize,
    /// L2 weight decay (scikit-learn's `alpha`).
    pub l2: f64,
    /// Stop after this many epochs without a better validation loss (training loss when
    /// there is no validation split).
    pub early_stopping_rounds: usize,
    /// Seed for initial weights and shuffling.
    pub seed: u64,
}

impl Default for MlpParams {
    fn default() -> Self {
        Self {
            hidden: vec![64],
            learning_rate: 1e-3,
            batch_size: 200,
            max_epochs: 200,
            l2: 1e-4,
            early_stopping_rounds: 10,
            seed: 0,
        }
    }
}

impl MlpParams {
    /// Checks ranges; each error names the parameter.
    pub fn validate(&self) -> Result<()> {
        if self.hidden.contains(&0) {
            return Err(bad_param("hidden", "every layer needs at least one unit"));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(bad_param(
                "learning_rate",
                format!("{} must be > 0", self.learning_rate),
            ));
        }
        if self.batch_size == 0 || self.max_epochs == 0 {
            return Err(bad_param(
                if self.batch_size == 0 {
                    "batch_size"
                } else {
                    "max_epochs"
                },
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// One dense layer: `out = in · w + b`, `w` row-major `inputs × outputs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// Input width.
    pub inputs: usize,
    /// Output width.
    pub outputs: usize,
    /// Weights.
    pub w: Vec<f64>,
    /// Biases.
    pub b: Vec<f64>,
}

impl Layer {
    fn forward(&self, x: &[f64], out: &mut [f64]) {
        out.copy_from_slice(&self.b);
        for (i, v) in x.iter().enumerate() {
            if *v != 0.0 {
                let row = &self.w[i * self.outputs..(i + 1) * self.outputs];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += v * w;
                }
            }
        }
    }
}

/// A fitted MLP: ReLU after every layer but the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mlp {
    /// Input encoding.
    pub encoder: DenseEncoder,
    /// Layers, input first.
    pub layers: Vec<Layer>,
}

impl Mlp {
    /// Activations of every layer for one encoded row (the last is the raw scores).
    fn forward(&self, x: &[f64]) -> Vec<Vec<f64>> {
        let mut acts: Vec<Vec<f64>> = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let mut out = vec![0.0; layer.outputs];
            layer.forward(if l == 0 { x } else { &acts[l - 1] }, &mut out);
            if l + 1 < self.layers.len() {
                for v in &mut out {
                    *v = v.max(0.0);
                }
            }
            acts.push(out);
        }
        acts
    }

    /// Raw scores, class-major.
    pub fn raw_scores(&self, x: &Matrix) -> Vec<Vec<f64>> {
        use rayon::prelude::*;
        let d = self.encoder.width();
        let xd = self.encoder.transform(x);
        let rows: Vec<Vec<f64>> = xd
            .par_chunks(d.max(1))
            .map(|row| self.forward(row).pop().unwrap_or_default())
            .collect();
        let k = self.layers.last().map_or(1, |l| l.outputs);
        (0..k)
            .map(|c| rows.iter().map(|r| r[c]).collect())
            .collect()
    }
}

/// d(loss)/d(scores) for one row, in place on `s`; returns the row's loss.
fn output_delta(loss: Loss, s: &mut [f64], t: f64) -> f64 {
    match loss {
        Loss::Squared => {
            let e = s[0] - t;
            s[0] = e;
            0.5 * e * e
        }
        Loss::Logistic => {
            let z = s[0];
            s[0] = sigmoid(z) - t;
            z.max(0.0) + (-z.abs()).exp().ln_1p() - t * z
        }
        Loss::Softmax(_) => {
            softmax(s);
            let c = class(t);
            let l = -s[c].max(1e-300).ln();
            s[c] -= 1.0;
            l
        }
    }
}

/// Adam state for one parameter vector.
struct Adam {
    m: Vec<f64>,
    v: Vec<f64>,
}

impl Adam {
    fn new(n: usize) -> Self {
        Self {
            m: vec![0.0; n],
            v: vec![0.0; n],
        }
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, t: i32) {
        let (b1, b2, eps) = (0.9, 0.999, 1e-8);
        let c1 = 1.0 - f64::powi(b1, t);
        let c2 = 1.0 - f64::powi(b2, t);
        for i in 0..params.len() {
            self.m[i] = b1 * self.m[i] + (1.0 - b1) * grad[i];
            self.v[i] = b2 * self.v[i] + (1.0 - b2) * grad[i] * grad[i];
            params[i] -= lr * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + eps);
        }
    }
}

/// Trains an MLP.
#[allow(
    clippy::too_many_lines,
    reason = "forward, backward and the epoch loop read best together"
)]
pub(crate) fn train(data: Problem<'_>, p: &MlpParams, ctl: Control<'_>) -> Result<Fit<Mlp>> {
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
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let mut widths = vec![d];
    widths.extend(&p.hidden);
    widths.push(k);
    let layers: Vec<Layer> = widths
        .windows(2)
        .map(|w| {
            #[allow(clippy::cast_precision_loss, reason = "layer widths are small")]
            let bound = (6.0 / (w[0] + w[1]) as f64).sqrt();
            Layer {
                inputs: w[0],
                outputs: w[1],
                w: (0..w[0] * w[1])
                    .map(|_| rng.random_range(-bound..bound))
                    .collect(),
                b: (0..w[1]).map(|_| rng.random_range(-bound..bound)).collect(),
            }
        })
        .collect();
    let mut model = Mlp { encoder, layers };
    let mut adam_w: Vec<Adam> = model.layers.iter().map(|l| Adam::new(l.w.len())).collect();
    let mut adam_b: Vec<Adam> = model.layers.iter().map(|l| Adam::new(l.b.len())).collect();
    let mut order: Vec<usize> = (0..x.rows).collect();
    let mut stop = EarlyStop::new(p.early_stopping_rounds);
    let mut best_model = model.clone();
    let mut history = Vec::new();
    let mut t = 0i32;
    let n_layers = model.layers.len();
    for epoch in 0..p.max_epochs {
        ctl.check()?;
        order.shuffle(&mut rng);
        for batch in order.chunks(p.batch_size) {
            let mut gw: Vec<Vec<f64>> = model.layers.iter().map(|l| vec![0.0; l.w.len()]).collect();
            let mut gb: Vec<Vec<f64>> = model.layers.iter().map(|l| vec![0.0; l.b.len()]).collect();
            #[allow(clippy::cast_precision_loss, reason = "batch sizes fit f64")]
            let scale = 1.0 / batch.len() as f64;
            for &r in batch {
                let input = &xd[r * d..(r + 1) * d];
                let mut acts = model.forward(input);
                let mut delta = acts.pop().unwrap_or_default();
                output_delta(loss, &mut delta, y[r]);
                for l in (0..n_layers).rev() {
                    let layer = &model.layers[l];
                    let a_in: &[f64] = if l == 0 { input } else { &acts[l - 1] };
                    for (i, a) in a_in.iter().enumerate() {
                        if *a != 0.0 {
                            let row = &mut gw[l][i * layer.outputs..(i + 1) * layer.outputs];
                            for (g, dl) in row.iter_mut().zip(&delta) {
                                *g += a * dl * scale;
                            }
                        }
                    }
                    for (g, dl) in gb[l].iter_mut().zip(&delta) {
                        *g += dl * scale;
                    }
                    if l > 0 {
                        let mut next = vec![0.0; layer.inputs];
                        for (i, nx) in next.iter_mut().enumerate() {
                            if a_in[i] > 0.0 {
                                let row = &layer.w[i * layer.outputs..(i + 1) * layer.outputs];
                                *nx = row.iter().zip(&delta).map(|(w, dl)| w * dl).sum();
                            }
                        }
                        delta = next;
                    }
                }
            }
            t += 1;
            for (l, layer) in model.layers.iter_mut().enumerate() {
                for (g, w) in gw[l].iter_mut().zip(&layer.w) {
                    *g += p.l2 * w * scale;
                }
                adam_w[l].step(&mut layer.w, &gw[l], p.learning_rate, t);
                adam_b[l].step(&mut layer.b, &gb[l], p.learning_rate, t);
            }
        }
        let train_scores = model.raw_scores(x);
        let valid_scores = valid.map(|(vx, vy)| (model.raw_scores(vx), vy));
        let valid_loss = report(
            ctl,
            &mut history,
            (epoch, p.max_epochs),
            loss,
            (&train_scores, y),
            valid_scores.as_ref().map(|(vs, vy)| (vs.as_slice(), *vy)),
        );
        let watched =
            valid_loss.unwrap_or_else(|| history.last().map_or(f64::INFINITY, |i| i.train_loss));
        let done = stop.update(epoch, watched);
        if stop.best_iteration() == Some(epoch) || p.early_stopping_rounds == 0 {
            best_model = model.clone();
        }
        if done {
            break;
        }
    }
    let best_iteration = stop.best_iteration().map(|b| b + 1);
    Ok(Fit {
        model: best_model,
        history,
        best_iteration,
    })
}
