//! Kernel SHAP (Lundberg & Lee 2017): Shapley values as the weighted least-squares fit of a
//! linear model to the game's values on sampled coalitions, with the Shapley kernel as weights
//! and additivity as a constraint. Coalition sizes whose every subset fits in the budget are
//! enumerated whole (smallest and largest first, as `shap.KernelExplainer` does), the rest are
//! sampled in complementary pairs; with a budget of 2^M − 2 the fit is the exact Shapley value.
#![allow(
    clippy::cast_precision_loss,
    reason = "feature, coalition and sample counts are far below 2^52"
)]

use std::collections::HashMap;

use rand::SeedableRng;
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand_chacha::ChaCha8Rng;

use crate::agnostic::{CoalitionGame, RowValues};
use crate::{ExplainError, Result};

/// Coalitions sampled per row by default: `2 M + 2048`, as `shap.KernelExplainer`'s "auto".
#[must_use]
pub fn default_samples(features: usize) -> usize {
    2 * features + 2048
}

/// `C(n, k)` in floating point.
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// The coalitions to evaluate and their kernel weights.
#[derive(Default)]
struct Design {
    masks: Vec<Vec<bool>>,
    weights: Vec<f64>,
    /// Index of each sampled mask, to add weight to repeats.
    seen: HashMap<Vec<bool>, usize>,
}

impl Design {
    fn add(&mut self, mask: Vec<bool>, weight: f64) {
        if let Some(&i) = self.seen.get(&mask) {
            self.weights[i] += weight;
        } else {
            self.seen.insert(mask.clone(), self.masks.len());
            self.masks.push(mask);
            self.weights.push(weight);
        }
    }

    /// Adds `mask` and, when `paired`, its complement.
    fn add_pair(&mut self, mask: Vec<bool>, weight: f64, paired: bool) {
        if paired {
            let complement = mask.iter().map(|b| !b).collect();
            self.add(complement, weight);
        }
        self.add(mask, weight);
    }
}

/// Calls `visit` with every subset of `0..m` of size `s`, as a mask.
fn for_each_subset(m: usize, s: usize, mut visit: impl FnMut(Vec<bool>)) {
    let mut idx: Vec<usize> = (0..s).collect();
    loop {
        let mut mask = vec![false; m];
        for &i in &idx {
            mask[i] = true;
        }
        visit(mask);
        // Next combination in lexicographic order.
        let Some(p) = (0..s).rev().find(|&p| idx[p] != p + m - s) else {
            return;
        };
        idx[p] += 1;
        for q in p + 1..s {
            idx[q] = idx[q - 1] + 1;
        }
    }
}

/// The coalitions and weights for `m` features and a budget of `samples` evaluations.
fn design(m: usize, samples: usize, rng: &mut ChaCha8Rng) -> Design {
    // Sizes 1..=ceil((m-1)/2) = m/2, each (but m/2 for even m) paired with its complement.
    let sizes = m / 2;
    let paired = |s: usize| 2 * s != m;
    let mut kernel: Vec<f64> = (1..=sizes)
        .map(|s| (m - 1) as f64 / (s * (m - s)) as f64 * if paired(s) { 2.0 } else { 1.0 })
        .collect();
    let total: f64 = kernel.iter().sum();
    for w in &mut kernel {
        *w /= total;
    }
    let budget = if m < 60 {
        samples.min((1usize << m).saturating_sub(2))
    } else {
        samples
    };

    let mut d = Design::default();
    let mut left = budget as f64;
    let mut remaining = kernel.clone();
    let mut full = 0;
    for s in 1..=sizes {
        let count = binomial(m, s) * if paired(s) { 2.0 } else { 1.0 };
        if left * remaining[s - 1] / count < 1.0 - 1e-8 {
            break;
        }
        full = s;
        left -= count;
        if remaining[s - 1] < 1.0 {
            let scale = 1.0 - remaining[s - 1];
            for w in &mut remaining {
                *w /= scale;
            }
        }
        let weight = kernel[s - 1] / count;
        for_each_subset(m, s, |mask| d.add_pair(mask, weight, paired(s)));
    }

    let enumerated = d.masks.len();
    if full < sizes && budget > enumerated {
        let tail = &kernel[full..];
        let weight_left = tail.iter().sum::<f64>();
        // Sizes drawn by their kernel mass; paired sizes count once per pair drawn.
        let per_draw: Vec<f64> = (full + 1..=sizes)
            .zip(tail)
            .map(|(s, w)| if paired(s) { w / 2.0 } else { *w })
            .collect();
        if let Ok(sizes_dist) = WeightedIndex::new(&per_draw) {
            let mut attempts = 0;
            while d.masks.len() < budget && attempts < 20 * budget {
                attempts += 1;
                let s = full + 1 + sizes_dist.sample(rng);
                let mut mask = vec![false; m];
                for i in rand::seq::index::sample(rng, m, s) {
                    mask[i] = true;
                }
                d.add_pair(mask, 1.0, paired(s));
            }
            let drawn: f64 = d.weights[enumerated..].iter().sum();
            if drawn > 0.0 {
                d.weights[enumerated..]
                    .iter_mut()
                    .for_each(|w| *w *= weight_left / drawn);
            }
        }
    }
    d
}

/// Solves the symmetric positive (semi-)definite system `a x = b` for several right-hand sides
/// by Cholesky, with a tiny ridge when `a` is singular. `a` is `n × n`, `b` is `n × k`.
///
/// Written by hand: the systems are M × M with M the feature count, and a linear-algebra crate
/// would add far more to the build than these 30 lines.
fn solve_spd(a: &[f64], n: usize, b: &[f64], k: usize) -> Vec<f64> {
    let trace: f64 = (0..n).map(|i| a[i * n + i]).sum::<f64>().max(1e-300);
    for ridge in [0.0, 1e-12, 1e-9, 1e-6] {
        let mut l = a.to_vec();
        for i in 0..n {
            l[i * n + i] += ridge * trace;
        }
        let mut ok = true;
        'outer: for j in 0..n {
            for i in j..n {
                let mut sum = l[i * n + j];
                for p in 0..j {
                    sum -= l[i * n + p] * l[j * n + p];
                }
                if i == j {
                    if sum <= 0.0 {
                        ok = false;
                        break 'outer;
                    }
                    l[j * n + j] = sum.sqrt();
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        if !ok {
            continue;
        }
        let mut x = b.to_vec();
        for c in 0..k {
            for i in 0..n {
                let mut sum = x[i * k + c];
                for p in 0..i {
                    sum -= l[i * n + p] * x[p * k + c];
                }
                x[i * k + c] = sum / l[i * n + i];
            }
            for i in (0..n).rev() {
                let mut sum = x[i * k + c];
                for p in i + 1..n {
                    sum -= l[p * n + i] * x[p * k + c];
                }
                x[i * k + c] = sum / l[i * n + i];
            }
        }
        return x;
    }
    vec![0.0; n * k]
}

/// Kernel SHAP estimate for one row: `samples` coalitions, seeded per row.
pub(crate) fn kernel_row<G: CoalitionGame + ?Sized>(
    game: &G,
    row: usize,
    samples: usize,
    seed: u64,
) -> Result<RowValues> {
    let m = game.features();
    let k = game.outputs();
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed ^ (row as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let d = design(m, samples, &mut rng);
    let mut masks = vec![vec![false; m], vec![true; m]];
    masks.extend(d.masks.iter().cloned());
    let v = game.values(row, &masks)?;
    if v.len() != masks.len() * k {
        return Err(ExplainError::Model(format!(
            "{} values for {} coalitions × {k} outputs",
            v.len(),
            masks.len()
        )));
    }
    let empty = v[..k].to_vec();
    let full = v[k..2 * k].to_vec();
    let mut phi = vec![0.0; k * m];
    if m == 0 {
        return Ok((phi, empty, full));
    }
    if m == 1 {
        for o in 0..k {
            phi[o] = full[o] - empty[o];
        }
        return Ok((phi, empty, full));
    }
    // Eliminate the last feature with the constraint Σφ = v(all) − v(∅):
    // y − z_last Δ = Σ_{j<last} (z_j − z_last) φ_j.
    let n = m - 1;
    let mut ata = vec![0.0; n * n];
    let mut atb = vec![0.0; n * k];
    let mut a = vec![0.0; n];
    for (c, (mask, w)) in d.masks.iter().zip(&d.weights).enumerate() {
        let last = f64::from(u8::from(mask[n]));
        for (j, aj) in a.iter_mut().enumerate() {
            *aj = f64::from(u8::from(mask[j])) - last;
        }
        for i in 0..n {
            if a[i] == 0.0 {
                continue;
            }
            for j in 0..n {
                ata[i * n + j] += w * a[i] * a[j];
            }
            for o in 0..k {
                let delta = full[o] - empty[o];
                let y = v[(c + 2) * k + o] - empty[o] - last * delta;
                atb[i * k + o] += w * a[i] * y;
            }
        }
    }
    let x = solve_spd(&ata, n, &atb, k);
    for o in 0..k {
        let mut sum = 0.0;
        for j in 0..n {
            phi[o * m + j] = x[j * k + o];
            sum += x[j * k + o];
        }
        phi[o * m + n] = full[o] - empty[o] - sum;
    }
    Ok((phi, empty, full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_enumerated_once_each() {
        let mut seen = Vec::new();
        for_each_subset(5, 2, |m| seen.push(m));
        assert_eq!(seen.len(), 10);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10);
        assert!(seen.iter().all(|m| m.iter().filter(|b| **b).count() == 2));
    }

    #[test]
    fn a_full_budget_enumerates_every_proper_coalition_with_the_shapley_kernel() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        for m in 2..=7 {
            let d = design(m, usize::MAX, &mut rng);
            assert_eq!(d.masks.len(), (1 << m) - 2, "m = {m}");
            let total: f64 = d.weights.iter().sum();
            assert!((total - 1.0).abs() < 1e-12, "m = {m}: {total}");
            // Weight ∝ (m-1) / (C(m,s) s (m-s)).
            let w = |s: usize| (m - 1) as f64 / (binomial(m, s) * (s * (m - s)) as f64);
            let (a, b) = (&d.masks[0], &d.masks[d.masks.len() - 1]);
            let sa = a.iter().filter(|x| **x).count();
            let sb = b.iter().filter(|x| **x).count();
            let ratio = d.weights[0] / d.weights[d.masks.len() - 1];
            assert!((ratio - w(sa) / w(sb)).abs() < 1e-12);
        }
    }

    #[test]
    fn a_small_budget_samples_within_it() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let d = design(30, 500, &mut rng);
        assert!(
            d.masks.len() <= 502 && d.masks.len() >= 400,
            "{}",
            d.masks.len()
        );
        let total: f64 = d.weights.iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }

    /// A game with no players (a model that reads no mapped column).
    struct Empty;

    impl CoalitionGame for Empty {
        fn features(&self) -> usize {
            0
        }
        fn outputs(&self) -> usize {
            1
        }
        fn values(&self, _row: usize, coalitions: &[Vec<bool>]) -> Result<Vec<f64>> {
            Ok(vec![0.5; coalitions.len()])
        }
    }

    #[test]
    fn a_game_without_players_has_no_values() {
        let (phi, empty, full) = kernel_row(&Empty, 0, 100, 0).unwrap();
        assert!(phi.is_empty());
        assert_eq!((empty, full), (vec![0.5], vec![0.5]));
    }

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [[2, 1], [1, 2]]
        let x = solve_spd(&[4.0, 2.0, 2.0, 3.0], 2, &[2.0, 1.0, 1.0, 2.0], 2);
        let want = [0.5, -0.125, 0.0, 0.75];
        for (g, w) in x.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{x:?}");
        }
    }
}
