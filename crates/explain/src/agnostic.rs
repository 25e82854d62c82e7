//! Model-agnostic SHAP: Shapley values of any model from its value function on coalitions
//! (features in the coalition take the explained row's values, the others a background row's,
//! outputs averaged over the background — the "interventional" game `shap`'s Exact and
//! Permutation explainers play). Exact enumeration for few features, antithetic permutation
//! sampling otherwise. The caller evaluates coalitions in large batches (through ONNX Runtime).
//!
//! Written here rather than taken from a crate: no Rust crate computes Shapley values over a
//! batched black-box model, and this is the product's edge.
#![allow(
    clippy::cast_precision_loss,
    reason = "feature, coalition and row counts are far below 2^52"
)]

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::{ExplainError, Result, ShapValues};
use modeldesk_train::CancelToken;

/// Features up to which [`Method::Auto`] enumerates every coalition (2^12 = 4,096 per row).
pub const EXACT_MAX_FEATURES: usize = 12;

/// A model as a cooperative game on one row at a time.
pub trait CoalitionGame: Sync {
    /// Number of features (players).
    fn features(&self) -> usize;
    /// Number of outputs explained (1, or one per class).
    fn outputs(&self) -> usize;
    /// For each coalition (`true` = the feature takes row `row`'s value), the model's output
    /// averaged over the background: `coalitions.len() × outputs` values, row-major.
    fn values(&self, row: usize, coalitions: &[Vec<bool>]) -> Result<Vec<f64>>;
}

/// How Shapley values are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Exact up to [`EXACT_MAX_FEATURES`] features, permutations above.
    Auto,
    /// Every coalition (2^features evaluations per row).
    Exact,
    /// Antithetic permutation sampling: each sampled order is walked forwards and backwards.
    Permutation {
        /// Orders sampled per row (each walked both ways).
        permutations: usize,
        /// Seed of the orders.
        seed: u64,
    },
    /// Kernel SHAP: a weighted linear fit on sampled coalitions (see [`crate::kernel`]).
    Kernel {
        /// Coalitions evaluated per row.
        samples: usize,
        /// Seed of the sampled coalitions.
        seed: u64,
    },
}

/// One row's values: `(φ per output and feature, v(∅), v(all))`.
pub(crate) type RowValues = (Vec<f64>, Vec<f64>, Vec<f64>);

impl Method {
    /// The method [`Method::Auto`] resolves to for `features` features.
    #[must_use]
    pub fn resolve(self, features: usize) -> Self {
        match self {
            Self::Auto if features <= EXACT_MAX_FEATURES => Self::Exact,
            Self::Auto => Self::Permutation {
                permutations: 10,
                seed: 0,
            },
            other => other,
        }
    }

    /// A short name for summaries.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Exact => "exact",
            Self::Permutation { .. } => "permutation",
            Self::Kernel { .. } => "kernel",
        }
    }
}

/// Shapley weight `s! (m - s - 1)! / m!` for coalitions of size `s` out of `m` players.
fn shapley_weights(m: usize) -> Vec<f64> {
    // Computed as 1 / (m * C(m-1, s)) to stay exact in f64 for the sizes used.
    let mut binom = vec![1.0f64; m];
    for s in 1..m {
        binom[s] = binom[s - 1] * (m - s) as f64 / s as f64;
    }
    binom.iter().map(|c| 1.0 / (m as f64 * c)).collect()
}

/// Exact Shapley values of one row: `(phi[features × outputs] in feature-major order per
/// output, v(∅), v(all))`.
fn exact_row<G: CoalitionGame + ?Sized>(game: &G, row: usize) -> Result<RowValues> {
    let m = game.features();
    let k = game.outputs();
    let masks: Vec<Vec<bool>> = (0..1usize << m)
        .map(|bits| (0..m).map(|j| bits >> j & 1 == 1).collect())
        .collect();
    let v = game.values(row, &masks)?;
    let w = shapley_weights(m);
    let mut phi = vec![0.0; k * m];
    for bits in 0..1usize << m {
        let size = bits.count_ones() as usize;
        for j in 0..m {
            if bits >> j & 1 == 1 {
                continue;
            }
            let with = bits | 1 << j;
            for o in 0..k {
                phi[o * m + j] += w[size] * (v[with * k + o] - v[bits * k + o]);
            }
        }
    }
    let full = (1usize << m) - 1;
    Ok((phi, v[..k].to_vec(), v[full * k..(full + 1) * k].to_vec()))
}

/// Antithetic permutation estimate for one row.
fn permutation_row<G: CoalitionGame + ?Sized>(
    game: &G,
    row: usize,
    permutations: usize,
    seed: u64,
) -> Result<RowValues> {
    let m = game.features();
    let k = game.outputs();
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed ^ (row as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut orders = Vec::with_capacity(2 * permutations.max(1));
    for _ in 0..permutations.max(1) {
        let mut order: Vec<usize> = (0..m).collect();
        order.shuffle(&mut rng);
        let reverse: Vec<usize> = order.iter().rev().copied().collect();
        orders.push(order);
        orders.push(reverse);
    }
    // One batch: for each order, the empty coalition then each prefix.
    let mut masks = Vec::with_capacity(orders.len() * (m + 1));
    for order in &orders {
        let mut mask = vec![false; m];
        masks.push(mask.clone());
        for &j in order {
            mask[j] = true;
            masks.push(mask.clone());
        }
    }
    let v = game.values(row, &masks)?;
    let mut phi = vec![0.0; k * m];
    for (p, order) in orders.iter().enumerate() {
        let base = p * (m + 1);
        for (step, &j) in order.iter().enumerate() {
            for o in 0..k {
                phi[o * m + j] += v[(base + step + 1) * k + o] - v[(base + step) * k + o];
            }
        }
    }
    let n = orders.len() as f64;
    for p in &mut phi {
        *p /= n;
    }
    let full = m * k;
    Ok((phi, v[..k].to_vec(), v[full..full + k].to_vec()))
}

/// Shapley values of rows `0..rows` of `game`, reporting rows done and stopping on cancel.
/// Rows run one after another: each row's coalitions are already one large batch for the
/// model, which uses every core.
pub fn shapley_values<G: CoalitionGame + ?Sized>(
    game: &G,
    rows: usize,
    names: Vec<String>,
    method: Method,
    progress: &dyn Fn(usize, usize),
    cancel: &CancelToken,
) -> Result<ShapValues> {
    let m = game.features();
    let k = game.outputs();
    if names.len() != m {
        return Err(ExplainError::Model(format!(
            "{} feature names for {m} features",
            names.len()
        )));
    }
    let method = method.resolve(m);
    let mut values = vec![0.0; rows * k * m];
    let mut base = vec![0.0; k];
    let mut max_err = 0.0f64;
    for row in 0..rows {
        if cancel.is_cancelled() {
            return Err(ExplainError::Cancelled);
        }
        let (phi, empty, full) = match method {
            Method::Exact | Method::Auto => exact_row(game, row)?,
            Method::Permutation { permutations, seed } => {
                permutation_row(game, row, permutations, seed)?
            }
            Method::Kernel { samples, seed } => {
                crate::kernel::kernel_row(game, row, samples, seed)?
            }
        };
        values[row * k * m..(row + 1) * k * m].copy_from_slice(&phi);
        for o in 0..k {
            let sum: f64 = phi[o * m..(o + 1) * m].iter().sum();
            max_err = max_err.max((empty[o] + sum - full[o]).abs());
        }
        base = empty;
        progress(row + 1, rows);
    }
    Ok(ShapValues {
        features: names,
        outputs: k,
        rows,
        values,
        base,
        max_additivity_error: max_err,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(x) = Σ w_j x_j + c·x_0·x_1 on one row against a background.
    struct Toy {
        x: Vec<f64>,
        background: Vec<Vec<f64>>,
    }

    impl Toy {
        fn f(z: &[f64]) -> f64 {
            2.0 * z[0] - z[1] + 0.5 * z[2] + 3.0 * z[0] * z[1]
        }
    }

    impl CoalitionGame for Toy {
        fn features(&self) -> usize {
            3
        }
        fn outputs(&self) -> usize {
            1
        }
        fn values(&self, _row: usize, coalitions: &[Vec<bool>]) -> Result<Vec<f64>> {
            Ok(coalitions
                .iter()
                .map(|mask| {
                    let total: f64 = self
                        .background
                        .iter()
                        .map(|b| {
                            let z: Vec<f64> = (0..3)
                                .map(|j| if mask[j] { self.x[j] } else { b[j] })
                                .collect();
                            Self::f(&z)
                        })
                        .sum();
                    total / self.background.len() as f64
                })
                .collect())
        }
    }

    fn toy() -> Toy {
        Toy {
            x: vec![1.0, 2.0, -1.0],
            background: vec![
                vec![0.0, 0.0, 0.0],
                vec![1.0, -1.0, 2.0],
                vec![-2.0, 1.0, 0.5],
            ],
        }
    }

    #[test]
    fn exact_values_match_the_closed_form_of_a_linear_plus_pair_model() {
        let g = toy();
        let s = shapley_values(
            &g,
            1,
            vec!["a".into(), "b".into(), "c".into()],
            Method::Exact,
            &|_, _| {},
            &CancelToken::new(),
        )
        .unwrap();
        // Linear parts: w_j (x_j - mean_b b_j); the pair term 3 x0 x1 splits its interventional
        // effect E_b[3(x0 x1 - x0 b1 - b0 x1 + b0 b1)] ... computed by brute force below.
        let mean = |j: usize| g.background.iter().map(|b| b[j]).sum::<f64>() / 3.0;
        let pair = |s0: bool, s1: bool| {
            g.background
                .iter()
                .map(|b| 3.0 * if s0 { g.x[0] } else { b[0] } * if s1 { g.x[1] } else { b[1] })
                .sum::<f64>()
                / 3.0
        };
        let pair0 = 0.5 * (pair(true, false) - pair(false, false))
            + 0.5 * (pair(true, true) - pair(false, true));
        let pair1 = 0.5 * (pair(false, true) - pair(false, false))
            + 0.5 * (pair(true, true) - pair(true, false));
        let want = [
            2.0 * (g.x[0] - mean(0)) + pair0,
            -(g.x[1] - mean(1)) + pair1,
            0.5 * (g.x[2] - mean(2)),
        ];
        for (got, want) in s.values.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert!(s.max_additivity_error < 1e-12);
    }

    #[test]
    fn permutations_are_additive_and_converge_to_exact() {
        let g = toy();
        let names = vec!["a".into(), "b".into(), "c".into()];
        let exact = shapley_values(
            &g,
            1,
            names.clone(),
            Method::Exact,
            &|_, _| {},
            &CancelToken::new(),
        )
        .unwrap();
        let sampled = shapley_values(
            &g,
            1,
            names,
            Method::Permutation {
                permutations: 200,
                seed: 3,
            },
            &|_, _| {},
            &CancelToken::new(),
        )
        .unwrap();
        assert!(
            sampled.max_additivity_error < 1e-12,
            "antithetic walks are additive by construction"
        );
        for (a, b) in sampled.values.iter().zip(&exact.values) {
            assert!((a - b).abs() < 0.05, "{a} vs {b}");
        }
    }

    #[test]
    fn kernel_shap_is_exact_with_every_coalition_and_close_when_sampled() {
        let g = toy();
        let names: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
        let run = |method| {
            shapley_values(
                &g,
                1,
                names.clone(),
                method,
                &|_, _| {},
                &CancelToken::new(),
            )
            .unwrap()
        };
        let exact = run(Method::Exact);
        let kernel = run(Method::Kernel {
            samples: 6,
            seed: 0,
        });
        for (a, b) in kernel.values.iter().zip(&exact.values) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        assert!(kernel.max_additivity_error < 1e-12);
    }

    /// A 10-feature game with pairwise products: exact Shapley values by enumeration.
    struct Wide;

    impl Wide {
        fn f(z: &[f64]) -> f64 {
            (0..10).map(|j| (j as f64 - 4.0) * z[j]).sum::<f64>()
                + 2.0 * z[0] * z[1]
                + z[2] * z[5] * z[7]
        }
    }

    impl CoalitionGame for Wide {
        fn features(&self) -> usize {
            10
        }
        fn outputs(&self) -> usize {
            2
        }
        fn values(&self, _row: usize, coalitions: &[Vec<bool>]) -> Result<Vec<f64>> {
            let x: Vec<f64> = (0..10u8).map(|j| 1.0 + f64::from(j) / 10.0).collect();
            Ok(coalitions
                .iter()
                .flat_map(|mask| {
                    let z: Vec<f64> = (0..10).map(|j| if mask[j] { x[j] } else { 0.0 }).collect();
                    let v = Self::f(&z);
                    [v, -0.5 * v + 1.0]
                })
                .collect())
        }
    }

    #[test]
    fn kernel_and_permutation_estimates_approach_exact_values_on_ten_features() {
        let names: Vec<String> = (0..10).map(|j| format!("x{j}")).collect();
        let run = |method| {
            shapley_values(
                &Wide,
                1,
                names.clone(),
                method,
                &|_, _| {},
                &CancelToken::new(),
            )
            .unwrap()
        };
        let exact = run(Method::Exact);
        let err = |s: &ShapValues| {
            s.values
                .iter()
                .zip(&exact.values)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max)
        };
        let kernel = run(Method::Kernel {
            samples: 600,
            seed: 7,
        });
        assert!(kernel.max_additivity_error < 1e-9);
        assert!(err(&kernel) < 0.15, "kernel error {}", err(&kernel));
        let full = run(Method::Kernel {
            samples: 1022,
            seed: 7,
        });
        assert!(err(&full) < 1e-9, "full-budget kernel error {}", err(&full));
        let perm = run(Method::Permutation {
            permutations: 100,
            seed: 7,
        });
        assert!(err(&perm) < 0.1, "permutation error {}", err(&perm));
    }

    #[test]
    fn weights_sum_to_one_over_coalition_sizes() {
        for m in 1..=12 {
            let w = shapley_weights(m);
            // Σ_s C(m-1, s) w(s) = 1.
            let mut binom = 1.0;
            let mut total = 0.0;
            for (s, ws) in w.iter().enumerate() {
                total += binom * ws;
                binom = binom * (m - 1 - s) as f64 / (s + 1) as f64;
            }
            assert!((total - 1.0).abs() < 1e-12, "m = {m}: {total}");
        }
    }
}
