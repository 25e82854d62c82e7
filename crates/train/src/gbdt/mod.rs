//! Histogram gradient-boosted trees, LightGBM-style: quantile bins, leaf-wise growth with the
//! histogram subtraction trick, learned missing-value directions, many-vs-many categorical
//! splits, bagging/GOSS, column subsampling and early stopping.
//!
//! Written here rather than taken from a crate: it is the product's edge, and no Rust GBDT
//! fits (see ARCHITECTURE.md: missing multiclass/categoricals, nightly-only, or a C++ build).

mod bins;
mod grow;
mod hist;
mod params;
mod tree;

use rand::SeedableRng;
use rand::seq::index;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use params::GbdtParams;
pub use tree::{Node, Split, Tree};

use crate::error::Result;
use crate::features::Matrix;
use crate::progress::Control;
use crate::trainer::{EarlyStop, Fit, Problem, report};

/// A trained boosted-tree ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gbdt {
    /// Scores per row before any tree (one per output).
    pub init: Vec<f64>,
    /// Outputs per row (1, or the class count for multiclass).
    pub outputs: usize,
    /// Trees in boosting order; tree `i` adds to output `i % outputs`.
    pub trees: Vec<Tree>,
}

impl Gbdt {
    /// Raw scores (log-odds / logits / values), class-major: `scores[k][row]`.
    pub fn raw_scores(&self, x: &Matrix) -> Vec<Vec<f64>> {
        // Rows go through the trees in blocks copied row-major, so each tree walk reads one
        // small contiguous row instead of striding across every feature column.
        const BLOCK: usize = 512;
        let k = self.outputs;
        let f = x.columns.len();
        let blocks: Vec<Vec<f64>> = (0..x.rows.div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| {
                let start = b * BLOCK;
                let len = BLOCK.min(x.rows - start);
                let mut rows = vec![0f32; len * f];
                for (j, col) in x.columns.iter().enumerate() {
                    for (i, v) in col[start..start + len].iter().enumerate() {
                        rows[i * f + j] = *v;
                    }
                }
                let mut out = Vec::with_capacity(len * k);
                for row in rows.chunks(f.max(1)) {
                    let mut s = self.init.clone();
                    for (i, t) in self.trees.iter().enumerate() {
                        s[i % k] += t.predict(|j| row[j]);
                    }
                    out.extend_from_slice(&s);
                }
                out
            })
            .collect();
        let mut scores = vec![Vec::with_capacity(x.rows); k];
        for block in &blocks {
            for row in block.chunks(k) {
                for (c, v) in row.iter().enumerate() {
                    scores[c].push(*v);
                }
            }
        }
        scores
    }

    /// Total split gain per feature (the "gain" importance).
    pub fn importance(&self, features: usize) -> Vec<f64> {
        let mut out = vec![0.0; features];
        for t in &self.trees {
            for n in &t.nodes {
                if let Node::Split { feature, gain, .. } = n {
                    out[*feature as usize] += gain;
                }
            }
        }
        out
    }
}

/// Adds a tree's values to `scores` for rows given as bins.
fn add_tree_bins(tree: &Tree, bins: &[Vec<u8>], missing: &[u8], scores: &mut [f64]) {
    scores
        .par_iter_mut()
        .enumerate()
        .for_each(|(r, s)| *s += tree.predict_bins(bins, missing, r));
}

/// The rows one iteration trains on (all rows when `None`).
struct Sample {
    /// In-bag rows, ascending.
    rows: Vec<u32>,
    /// GOSS: sampled small-gradient rows whose gradients are scaled by `factor`.
    upweight: Vec<u32>,
    /// The GOSS weight `(1 - a) / b`.
    factor: f32,
}

/// Bagging (a fresh subset every `bagging_freq` rounds) or GOSS (keep the rows with the
/// largest |g·h| summed over outputs, sample the rest and up-weight them).
fn sample_rows(
    p: &GbdtParams,
    iteration: usize,
    g: &[Vec<f32>],
    h: &[Vec<f32>],
    rng: &mut ChaCha8Rng,
    bag: &mut Vec<u32>,
) -> Option<Sample> {
    let n = g.first().map_or(0, Vec::len);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "row counts"
    )]
    let count = |rate: f64| ((n as f64 * rate).round() as usize).clamp(1, n);
    let to_u32 = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    if p.goss {
        let mut weight: Vec<(f32, u32)> = (0..n)
            .map(|r| {
                (
                    g.iter().zip(h).map(|(g, h)| (g[r] * h[r]).abs()).sum(),
                    to_u32(r),
                )
            })
            .collect();
        let top = count(p.top_rate);
        weight.select_nth_unstable_by(top - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let rest = &weight[top..];
        let other = count(p.other_rate).min(rest.len());
        let mut upweight: Vec<u32> = index::sample(rng, rest.len(), other)
            .into_iter()
            .map(|i| rest[i].1)
            .collect();
        upweight.sort_unstable();
        let mut rows: Vec<u32> = weight[..top]
            .iter()
            .map(|w| w.1)
            .chain(upweight.iter().copied())
            .collect();
        rows.sort_unstable();
        #[allow(clippy::cast_possible_truncation, reason = "a weight")]
        let factor = ((1.0 - p.top_rate) / p.other_rate) as f32;
        return Some(Sample {
            rows,
            upweight,
            factor,
        });
    }
    if p.bagging_fraction < 1.0 && p.bagging_freq > 0 {
        if iteration.is_multiple_of(p.bagging_freq) || bag.is_empty() {
            *bag = index::sample(rng, n, count(p.bagging_fraction))
                .into_iter()
                .map(to_u32)
                .collect();
            bag.sort_unstable();
        }
        return Some(Sample {
            rows: bag.clone(),
            upweight: Vec::new(),
            factor: 1.0,
        });
    }
    None
}

/// Trains boosted trees on `x`/`y`, validating on `valid` (early stopping) when given.
#[allow(
    clippy::too_many_lines,
    reason = "the boosting loop reads best in one piece"
)]
pub(crate) fn train(data: Problem<'_>, p: &GbdtParams, ctl: Control<'_>) -> Result<Fit<Gbdt>> {
    let Problem {
        x,
        y,
        kinds,
        loss,
        valid,
    } = data;
    p.validate()?;
    let n = x.rows;
    let k = loss.outputs();
    let profile = grow::Profile::default();
    let binned = grow::Profile::time(&profile.binning, || {
        bins::bin_training(x, kinds, p.max_bin, p.seed)
    });
    #[allow(clippy::cast_possible_truncation, reason = "bins < 256")]
    let missing: Vec<u8> = binned
        .mappers
        .iter()
        .map(|m| m.missing_bin() as u8)
        .collect();
    let grower = grow::Grower {
        bins: &binned.bins,
        mappers: &binned.mappers,
        offsets: hist::offsets(&binned.mappers),
        params: p,
        profile: &profile,
    };
    let init = loss.init_scores(y);
    let mut scores: Vec<Vec<f64>> = init.iter().map(|s| vec![*s; n]).collect();
    let valid_bins = grow::Profile::time(&profile.binning, || {
        valid.map(|(vx, _)| bins::apply(&binned.mappers, vx))
    });
    let mut valid_scores: Vec<Vec<f64>> = valid
        .map(|(vx, _)| init.iter().map(|s| vec![*s; vx.rows]).collect())
        .unwrap_or_default();
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let mut g = vec![vec![0f32; n]; k];
    let mut h = vec![vec![0f32; n]; k];
    let mut bag: Vec<u32> = Vec::new();
    let all_rows: Vec<u32> = (0..n)
        .map(|r| u32::try_from(r).unwrap_or(u32::MAX))
        .collect();
    let mut trees: Vec<Tree> = Vec::new();
    let mut history = Vec::new();
    let mut stop = EarlyStop::new(p.early_stopping_rounds);
    let features = x.columns.len();
    for it in 0..p.num_iterations {
        ctl.check()?;
        grow::Profile::time(&profile.gradients, || {
            for c in 0..k {
                loss.gradients(&scores, y, c, &mut g[c], &mut h[c]);
            }
        });
        let sample = sample_rows(p, it, &g, &h, &mut rng, &mut bag);
        let mut in_bag = Vec::new();
        if let Some(sample) = &sample {
            in_bag = vec![false; n];
            for r in &sample.rows {
                in_bag[*r as usize] = true;
            }
            for r in &sample.upweight {
                for c in 0..k {
                    g[c][*r as usize] *= sample.factor;
                    h[c][*r as usize] *= sample.factor;
                }
            }
        }
        let mut used = vec![true; features];
        let mut any_split = false;
        for c in 0..k {
            if p.feature_fraction < 1.0 {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss,
                    reason = "feature counts"
                )]
                let keep =
                    ((features as f64 * p.feature_fraction).round() as usize).clamp(1, features);
                used = vec![false; features];
                for f in index::sample(&mut rng, features, keep) {
                    used[f] = true;
                }
            }
            let mut rows = sample
                .as_ref()
                .map_or_else(|| all_rows.clone(), |s| s.rows.clone());
            let grown = grower.grow(&mut rows, &g[c], &h[c], &used);
            any_split |= grown.tree.nodes.len() > 1;
            grow::Profile::time(&profile.scores, || {
                for (node, begin, end) in &grown.leaves {
                    if let Node::Leaf { value, .. } = grown.tree.nodes[*node] {
                        for r in &rows[*begin..*end] {
                            scores[c][*r as usize] += value;
                        }
                    }
                }
                if sample.is_some() {
                    let tree = &grown.tree;
                    let bins = &binned.bins;
                    scores[c].par_iter_mut().enumerate().for_each(|(r, s)| {
                        if !in_bag[r] {
                            *s += tree.predict_bins(bins, &missing, r);
                        }
                    });
                }
                if let Some(vb) = &valid_bins {
                    add_tree_bins(&grown.tree, vb, &missing, &mut valid_scores[c]);
                }
            });
            trees.push(grown.tree);
        }
        let valid_loss = grow::Profile::time(&profile.scores, || {
            report(
                ctl,
                &mut history,
                (it, p.num_iterations),
                loss,
                (&scores, y),
                valid.map(|(_, vy)| (valid_scores.as_slice(), vy)),
            )
        });
        if !any_split {
            tracing::debug!(iteration = it + 1, "no split improves the loss; stopping");
            break;
        }
        if let Some(v) = valid_loss
            && stop.update(it, v)
        {
            break;
        }
    }
    let stages = profile.millis();
    tracing::info!(
        rows = n,
        features,
        trees = trees.len(),
        threads = rayon::current_num_threads(),
        profile = ?stages,
        "gbdt trained"
    );
    let best = if valid.is_some() {
        stop.best_iteration()
    } else {
        None
    };
    if let Some(best) = best {
        trees.truncate((best + 1) * k);
    }
    Ok(Fit {
        model: Gbdt {
            init,
            outputs: k,
            trees,
        },
        history,
        best_iteration: best.map(|b| b + 1),
    })
}
