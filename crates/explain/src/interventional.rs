//! Interventional TreeSHAP (Lundberg et al. 2020, "From local explanations to global
//! understanding with explainable AI for trees"): exact Shapley values of a tree ensemble that
//! comes without node covers (an imported ONNX `TreeEnsemble*`), for the game in which the
//! features outside a coalition take a background row's values, averaged over the background —
//! what `shap.TreeExplainer(model, data, feature_perturbation="interventional")` computes.
//!
//! For one tree, one explained row `x` and one background row `z`, the walk follows both rows
//! at once; where they part on a feature not yet seen, it forks: one branch puts the feature in
//! the coalition (follows `x`), the other leaves it out (follows `z`). A leaf reached with `a`
//! features taken from `x` and `b` from `z` (leaf value `v`) credits each of the `a` features
//! `v (a−1)! b! / (a+b)!` and each of the `b` features `−v a! (b−1)! / (a+b)!`.
#![allow(
    clippy::cast_precision_loss,
    reason = "row, tree and depth counts are far below 2^52"
)]

use modeldesk_onnx::trees::{Tree, TreeEnsemble, TreeNode};
use modeldesk_train::CancelToken;
use rayon::prelude::*;

use crate::{ExplainError, Result, ShapValues};

/// Where a feature is on the current path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Not split on where the rows part.
    Free,
    /// In the coalition: follows the explained row.
    X,
    /// Out of the coalition: follows the background row.
    Z,
}

/// Per-thread state of the walk.
struct Walk<'a> {
    x: &'a [f32],
    z: &'a [f32],
    side: Vec<Side>,
    taken_x: Vec<usize>,
    taken_z: Vec<usize>,
    /// `ln n!` for the weights.
    ln_fact: &'a [f64],
    /// Output position of each target (`None`: not explained).
    slot: &'a [Option<usize>],
    features: usize,
    /// `phi[k * features + f]`, summed over trees and background rows.
    phi: Vec<f64>,
}

impl Walk<'_> {
    /// `p! q! / (p + q + 1)!`.
    fn coef(&self, p: usize, q: usize) -> f64 {
        (self.ln_fact[p] + self.ln_fact[q] - self.ln_fact[p + q + 1]).exp()
    }

    fn visit(&mut self, tree: &Tree, node: usize) {
        match &tree.nodes[node] {
            TreeNode::Leaf { weights } => {
                let (a, b) = (self.taken_x.len(), self.taken_z.len());
                let plus = if a > 0 { self.coef(a - 1, b) } else { 0.0 };
                let minus = if b > 0 { self.coef(a, b - 1) } else { 0.0 };
                for &(t, v) in weights {
                    let Some(k) = self.slot.get(t).copied().flatten() else {
                        continue;
                    };
                    let row = &mut self.phi[k * self.features..(k + 1) * self.features];
                    for &f in &self.taken_x {
                        row[f] += v * plus;
                    }
                    for &f in &self.taken_z {
                        row[f] -= v * minus;
                    }
                }
            }
            TreeNode::Branch { feature, .. } => {
                let f = *feature;
                let xv = self.x.get(f).copied().unwrap_or(f32::NAN);
                let zv = self.z.get(f).copied().unwrap_or(f32::NAN);
                let (to_x, to_z) = (tree.next(node, xv), tree.next(node, zv));
                if to_x == to_z {
                    return self.visit(tree, to_x);
                }
                match self.side[f] {
                    Side::X => self.visit(tree, to_x),
                    Side::Z => self.visit(tree, to_z),
                    Side::Free => {
                        self.side[f] = Side::X;
                        self.taken_x.push(f);
                        self.visit(tree, to_x);
                        self.taken_x.pop();
                        self.side[f] = Side::Z;
                        self.taken_z.push(f);
                        self.visit(tree, to_z);
                        self.taken_z.pop();
                        self.side[f] = Side::Free;
                    }
                }
            }
        }
    }
}

/// Interventional SHAP values of `ensemble`'s raw (pre-transform) outputs `targets` for rows
/// `x` against background rows `background` (both row-major, `features` wide, NaN missing),
/// weighted by `weights` (summing to 1; `None`: all equal).
#[allow(
    clippy::too_many_arguments,
    reason = "the model, the rows, the background and the job's controls"
)]
pub fn interventional_values(
    ensemble: &TreeEnsemble,
    targets: &[usize],
    names: Vec<String>,
    x: &[f32],
    background: &[f32],
    weights: Option<&[f64]>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &CancelToken,
) -> Result<ShapValues> {
    let features = names.len();
    if features < ensemble.features {
        return Err(ExplainError::Model(format!(
            "the trees split on {} features but {features} columns are mapped",
            ensemble.features
        )));
    }
    let rows = x.len().checked_div(features).unwrap_or(0);
    let n_bg = background.len().checked_div(features).unwrap_or(0);
    if n_bg == 0 {
        return Err(ExplainError::Model("the background has no rows".into()));
    }
    let k = targets.len();
    let mut slot = vec![None; ensemble.targets];
    for (i, &t) in targets.iter().enumerate() {
        if let Some(s) = slot.get_mut(t) {
            *s = Some(i);
        }
    }
    let depth = ensemble
        .trees
        .iter()
        .map(|t| t.nodes.len())
        .max()
        .unwrap_or(0)
        + 2;
    let mut ln_fact = vec![0.0; depth + 1];
    for n in 1..=depth {
        ln_fact[n] = ln_fact[n - 1] + (n as f64).ln();
    }
    let pick = |raw: Vec<f64>| -> Vec<f64> { targets.iter().map(|&t| raw[t]).collect() };
    let equal = vec![1.0 / n_bg as f64; n_bg];
    let weights = weights.unwrap_or(&equal);
    let mut base = vec![0.0; k];
    for (z, w) in background.chunks(features).zip(weights) {
        for (b, v) in base.iter_mut().zip(pick(ensemble.raw(z))) {
            *b += v * w;
        }
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let per_row: Vec<(Vec<f64>, f64)> = x
        .par_chunks(features.max(1))
        .map(|xr| {
            if cancel.is_cancelled() {
                return Err(ExplainError::Cancelled);
            }
            let mut walk = Walk {
                x: xr,
                z: &[],
                side: vec![Side::Free; features],
                taken_x: Vec::new(),
                taken_z: Vec::new(),
                ln_fact: &ln_fact,
                slot: &slot,
                features,
                phi: vec![0.0; k * features],
            };
            let mut phi = vec![0.0; k * features];
            for (z, w) in background.chunks(features).zip(weights) {
                walk.z = z;
                walk.phi.fill(0.0);
                for tree in &ensemble.trees {
                    walk.visit(tree, tree.root);
                }
                for (p, v) in phi.iter_mut().zip(&walk.phi) {
                    *p += v * w;
                }
            }
            let raw = pick(ensemble.raw(xr));
            let err = (0..k)
                .map(|o| {
                    let sum: f64 = phi[o * features..(o + 1) * features].iter().sum();
                    (base[o] + sum - raw[o]).abs()
                })
                .fold(0.0, f64::max);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(16) || n == rows {
                progress(n, rows);
            }
            Ok((phi, err))
        })
        .collect::<Result<_>>()?;
    let max_additivity_error = per_row.iter().map(|(_, e)| *e).fold(0.0, f64::max);
    Ok(ShapValues {
        features: names,
        outputs: k,
        rows,
        values: per_row.into_iter().flat_map(|(phi, _)| phi).collect(),
        base,
        max_additivity_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use modeldesk_onnx::trees::Rule;

    fn branch(feature: usize, threshold: f32, yes: usize, no: usize) -> TreeNode {
        TreeNode::Branch {
            feature,
            rule: Rule::Leq,
            threshold,
            yes,
            no,
            missing_yes: true,
        }
    }

    fn leaf(v: f64) -> TreeNode {
        TreeNode::Leaf {
            weights: vec![(0, v)],
        }
    }

    /// Two trees over three features, one splitting the same feature twice.
    fn ensemble() -> TreeEnsemble {
        TreeEnsemble {
            input: "x".into(),
            classifier: false,
            targets: 1,
            base_values: vec![0.5],
            post_transform: "NONE".into(),
            trees: vec![
                Tree {
                    nodes: vec![
                        branch(0, 0.5, 1, 2),
                        branch(1, 0.0, 3, 4),
                        branch(0, 2.0, 5, 6),
                        leaf(1.0),
                        leaf(-2.0),
                        leaf(3.0),
                        leaf(0.25),
                    ],
                    root: 0,
                },
                Tree {
                    nodes: vec![leaf(4.0), branch(2, 1.0, 0, 2), leaf(-1.0)],
                    root: 1,
                },
            ],
            features: 3,
        }
    }

    /// Shapley values by enumerating coalitions of the interventional game.
    fn brute_force(e: &TreeEnsemble, x: &[f32], background: &[Vec<f32>]) -> Vec<f64> {
        let m = 3;
        let v = |mask: usize| -> f64 {
            background
                .iter()
                .map(|z| {
                    let h: Vec<f32> = (0..m)
                        .map(|j| if mask >> j & 1 == 1 { x[j] } else { z[j] })
                        .collect();
                    e.raw(&h)[0]
                })
                .sum::<f64>()
                / background.len() as f64
        };
        let fact = |n: usize| (1..=n).product::<usize>() as f64;
        (0..m)
            .map(|i| {
                (0..1usize << m)
                    .filter(|s| s >> i & 1 == 0)
                    .map(|s| {
                        let size = s.count_ones() as usize;
                        fact(size) * fact(m - size - 1) / fact(m) * (v(s | 1 << i) - v(s))
                    })
                    .sum()
            })
            .collect()
    }

    #[test]
    fn interventional_values_equal_brute_force_shapley_values() {
        let e = ensemble();
        let background = vec![
            vec![0.0, 1.0, 0.0],
            vec![3.0, -1.0, 2.0],
            vec![1.0, 0.0, f32::NAN],
            vec![0.4, 5.0, 1.5],
        ];
        let flat: Vec<f32> = background.iter().flatten().copied().collect();
        for x in [[1.0f32, -3.0, 2.0], [0.0, 0.0, 0.0], [2.5, 1.0, f32::NAN]] {
            let s = interventional_values(
                &e,
                &[0],
                vec!["a".into(), "b".into(), "c".into()],
                &x,
                &flat,
                None,
                &|_, _| {},
                &CancelToken::new(),
            )
            .unwrap();
            let want = brute_force(&e, &x, &background);
            for (got, want) in s.values.iter().zip(&want) {
                assert!((got - want).abs() < 1e-12, "{x:?}: {got} vs {want}");
            }
            assert!(s.max_additivity_error < 1e-12);
        }
    }
}
