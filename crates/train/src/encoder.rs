//! The dense input of linear models and MLPs: numeric features standardised (missing → the
//! training mean, i.e. 0), categorical features one-hot (missing/unknown → all zeros). The
//! exported ONNX graph repeats exactly this with Imputer, Scaler and OneHotEncoder.

use serde::{Deserialize, Serialize};

use crate::features::{FeatureKind, Matrix};

/// How one feature becomes dense columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Encoding {
    /// `(x - mean) / std`, missing → 0.
    Standard {
        /// Training mean.
        mean: f64,
        /// Training standard deviation (1 when constant).
        std: f64,
    },
    /// One column per category code `0..categories`.
    OneHot {
        /// Category count.
        categories: usize,
    },
}

/// The fitted encoder: one [`Encoding`] per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseEncoder {
    /// Per feature, in order.
    pub encodings: Vec<Encoding>,
}

impl DenseEncoder {
    /// Fits means/stds on training rows.
    pub fn fit(x: &Matrix, kinds: &[FeatureKind]) -> Self {
        let encodings = x
            .columns
            .iter()
            .zip(kinds)
            .map(|(col, kind)| match kind {
                FeatureKind::Numeric => {
                    let (mut n, mut sum) = (0.0, 0.0);
                    for v in col.iter().filter(|v| !v.is_nan()) {
                        n += 1.0;
                        sum += f64::from(*v);
                    }
                    let mean = if n > 0.0 { sum / n } else { 0.0 };
                    let var = col
                        .iter()
                        .filter(|v| !v.is_nan())
                        .map(|v| (f64::from(*v) - mean).powi(2))
                        .sum::<f64>()
                        / n.max(1.0);
                    let std = var.sqrt();
                    // Round through f32 so the ONNX Scaler (f32 attributes) uses the same numbers.
                    Encoding::Standard {
                        mean: round_f32(mean),
                        std: if std > 1e-12 { round_f32(std) } else { 1.0 },
                    }
                }
                FeatureKind::Categorical { categories } => Encoding::OneHot {
                    categories: categories.len(),
                },
            })
            .collect();
        Self { encodings }
    }

    /// Dense columns produced.
    pub fn width(&self) -> usize {
        self.encodings
            .iter()
            .map(|e| match e {
                Encoding::Standard { .. } => 1,
                Encoding::OneHot { categories } => *categories,
            })
            .sum()
    }

    /// Encodes all rows, row-major `rows × width`.
    pub fn transform(&self, x: &Matrix) -> Vec<f64> {
        let d = self.width();
        let mut out = vec![0.0; x.rows * d];
        let mut at = 0;
        for (col, e) in x.columns.iter().zip(&self.encodings) {
            match e {
                Encoding::Standard { mean, std } => {
                    for (r, v) in col.iter().enumerate() {
                        if !v.is_nan() {
                            out[r * d + at] = scale(*v, *mean, *std);
                        }
                    }
                    at += 1;
                }
                Encoding::OneHot { categories } => {
                    for (r, v) in col.iter().enumerate() {
                        #[allow(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "codes are small"
                        )]
                        let code = *v as usize;
                        if !v.is_nan() && code < *categories {
                            out[r * d + at + code] = 1.0;
                        }
                    }
                    at += categories;
                }
            }
        }
        out
    }
}

/// The value an ONNX `Scaler` computes in f32: `(x - offset) * (1 / std)`.
#[allow(clippy::cast_possible_truncation, reason = "mirrors the f32 graph")]
fn scale(x: f32, mean: f64, std: f64) -> f64 {
    let inv = (1.0 / std) as f32;
    f64::from((x - mean as f32) * inv)
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "deliberate rounding to f32"
)]
fn round_f32(v: f64) -> f64 {
    f64::from(v as f32)
}
