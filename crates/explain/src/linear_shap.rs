//! Exact SHAP for linear models with independent features: φᵢ = βᵢ (zᵢ − E[zᵢ]) on the model's
//! dense inputs z (standardised numbers, one-hot categories), summed over each feature's
//! columns so that a categorical feature gets one value.

use modeldesk_train::linear::Linear;
use modeldesk_train::{Encoding, Matrix};

/// (values `[(row * outputs + k) * features + f]`, base per output).
pub(crate) fn shap(model: &Linear, x: &Matrix, features: usize) -> (Vec<f64>, Vec<f64>) {
    let k = model.outputs;
    let d = model.encoder.width();
    let z = model.encoder.transform(x);
    let rows = x.rows;
    // E[z] over the explained rows (the background is the data explained).
    let mut mean = vec![0.0; d];
    for r in 0..rows {
        for (m, v) in mean.iter_mut().zip(&z[r * d..(r + 1) * d]) {
            *m += v;
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    for m in &mut mean {
        *m /= rows.max(1) as f64;
    }
    // Which feature each dense column belongs to.
    let mut owner = Vec::with_capacity(d);
    for (f, e) in model.encoder.encodings.iter().enumerate() {
        let width = match e {
            Encoding::Standard { .. } => 1,
            Encoding::OneHot { categories } => *categories,
        };
        owner.extend(std::iter::repeat_n(f, width));
    }
    let mut values = vec![0.0; rows * k * features];
    for r in 0..rows {
        for c in 0..k {
            let out = &mut values[(r * k + c) * features..(r * k + c + 1) * features];
            for j in 0..d {
                out[owner[j]] += model.weights[j * k + c] * (z[r * d + j] - mean[j]);
            }
        }
    }
    let base = (0..k)
        .map(|c| {
            model.bias[c]
                + (0..d)
                    .map(|j| model.weights[j * k + c] * mean[j])
                    .sum::<f64>()
        })
        .collect();
    (values, base)
}
