//! SHAP explanations of ModelDesk models: exact path-dependent TreeSHAP and SHAP interaction
//! values for boosted trees, interventional TreeSHAP for imported tree ensembles, exact Linear
//! SHAP, and model-agnostic Shapley values (exact,
//! antithetic permutations or Kernel SHAP) for any model served by ONNX Runtime — per row, per output, with
//! progress and cancel, and additivity checked.

#![allow(
    clippy::many_single_char_names,
    clippy::float_cmp,
    reason = "numerical code follows the papers' notation; exact zero tests are intended"
)]

pub mod agnostic;
pub mod background;
mod fast_tree_shap;
pub mod interventional;
pub mod kernel;
mod linear_shap;
pub mod summary;
mod tree_shap;

use modeldesk_train::gbdt::Gbdt;
use modeldesk_train::{CancelToken, Matrix, ModelBody, TrainedModel};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// What can go wrong explaining.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// The explainer does not apply to this model.
    #[error("{method} cannot explain a {family} model")]
    Unsupported {
        /// The method asked for.
        method: &'static str,
        /// The model's family.
        family: &'static str,
    },
    /// Cancelled on request.
    #[error("explanation cancelled")]
    Cancelled,
    /// The model could not be evaluated on the coalitions (model-agnostic SHAP).
    #[error("could not evaluate the model: {0}")]
    Model(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, ExplainError>;

/// SHAP values for a batch of rows, in the model's raw output space (log-odds for binary,
/// logits per class for multiclass, the prediction for regression).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapValues {
    /// Feature names (the model's inputs), in value order.
    pub features: Vec<String>,
    /// Outputs explained (1, or the class count for multiclass).
    pub outputs: usize,
    /// Rows explained.
    pub rows: usize,
    /// `values[(row * outputs + k) * features + f]`.
    pub values: Vec<f64>,
    /// The expected raw output per output (base value).
    pub base: Vec<f64>,
    /// Largest |base + Σφ − model output| over rows and outputs (additivity check).
    pub max_additivity_error: f64,
}

/// Rows processed between progress reports / cancel checks.
const CHUNK: usize = 256;

/// Runs `per_row` over the rows of `x` in parallel chunks, with progress and cancel;
/// `width` values per row.
fn per_rows(
    x: &Matrix,
    width: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &CancelToken,
    model: &Gbdt,
    per_row: impl Fn(&[f32], &mut [f64], &mut tree_shap::Scratch) + Sync,
) -> Result<Vec<f64>> {
    let f = x.columns.len();
    let mut out = vec![0.0; x.rows * width];
    let done = std::sync::atomic::AtomicUsize::new(0);
    out.par_chunks_mut(CHUNK * width.max(1))
        .enumerate()
        .try_for_each(|(c, block)| {
            if cancel.is_cancelled() {
                return Err(ExplainError::Cancelled);
            }
            let mut row = vec![0f32; f];
            let mut space = tree_shap::Scratch::for_model(model);
            for (i, o) in block.chunks_mut(width.max(1)).enumerate() {
                x.row(c * CHUNK + i, &mut row);
                per_row(&row, o, &mut space);
            }
            let n = done.fetch_add(
                block.len() / width.max(1),
                std::sync::atomic::Ordering::Relaxed,
            );
            progress(n + block.len() / width.max(1), x.rows);
            Ok(())
        })?;
    Ok(out)
}

/// Largest |base + Σφ − raw| over rows and outputs.
fn additivity(values: &[f64], base: &[f64], raw: &[Vec<f64>], features: usize) -> f64 {
    let k = base.len();
    let mut worst = 0.0f64;
    for (i, phi) in values.chunks(features.max(1)).enumerate() {
        let (r, c) = (i / k, i % k);
        let total = base[c] + phi.iter().sum::<f64>();
        worst = worst.max((total - raw[c][r]).abs());
    }
    worst
}

/// SHAP values of every row of `x` (encoded features) for `model`: exact TreeSHAP for boosted
/// trees, exact Linear SHAP for linear models (`background_mean`: the encoded inputs' means).
pub fn shap_values(
    model: &TrainedModel,
    x: &Matrix,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &CancelToken,
) -> Result<ShapValues> {
    let features = x.columns.len();
    let (outputs, values, base) = match &model.body {
        ModelBody::Gbdt(g) => {
            let width = g.outputs * features;
            let fast = fast_tree_shap::FastModel::new(g, false);
            let values = per_rows(x, width, progress, cancel, g, |row, out, space| {
                tree_shap::shap_row(g, &fast, row, out, space);
            })?;
            let mut base = g.init.clone();
            for (i, t) in g.trees.iter().enumerate() {
                base[i % g.outputs] += tree_shap::expected_value(t);
            }
            (g.outputs, values, base)
        }
        ModelBody::Linear(l) => {
            let (values, base) = linear_shap::shap(l, x, features);
            (l.outputs, values, base)
        }
        ModelBody::Mlp(_) => {
            return Err(ExplainError::Unsupported {
                method: "exact SHAP",
                family: "mlp",
            });
        }
    };
    let raw = model.raw_scores(x);
    let max_additivity_error = additivity(&values, &base, &raw, features);
    Ok(ShapValues {
        features: model.features.iter().map(|f| f.name.clone()).collect(),
        outputs,
        rows: x.rows,
        values,
        base,
        max_additivity_error,
    })
}

/// SHAP interaction values of boosted trees: `values[((row * outputs + k) * F + i) * F + j]`.
pub fn interaction_values(
    model: &TrainedModel,
    x: &Matrix,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &CancelToken,
) -> Result<Vec<f64>> {
    let ModelBody::Gbdt(g) = &model.body else {
        return Err(ExplainError::Unsupported {
            method: "interaction values",
            family: model.family(),
        });
    };
    let features = x.columns.len();
    let fast = fast_tree_shap::FastModel::new(g, true);
    per_rows(
        x,
        g.outputs * features * features,
        progress,
        cancel,
        g,
        |row, out, space| tree_shap::interactions_row(g, &fast, row, out, space),
    )
}
