//! Time-budgeted model search: random search over the families and their key parameters,
//! each candidate scored by k-fold cross-validation (stratified for classification), poor
//! candidates stopped after their first fold (the median stopping rule), seeded and
//! reproducible for a given number of trials. The first candidates are each family's defaults,
//! so a search never does worse than a default model.
#![allow(
    clippy::cast_precision_loss,
    reason = "fold, row and iteration counts are far below 2^52"
)]

use std::time::{Duration, Instant};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::gbdt::GbdtParams;
use crate::linear::LinearParams;
use crate::metrics::Metrics;
use crate::mlp::MlpParams;
use crate::progress::{CancelToken, Control, Iteration, TrainProgress};
use crate::{ModelParams, Prepared, Result, Task, TrainError, train};

/// What to search.
#[derive(Debug, Clone)]
pub struct SearchSpec {
    /// Families to draw from (`gbdt`, `linear`, `mlp`).
    pub families: Vec<String>,
    /// Wall-clock budget.
    pub budget: Duration,
    /// Cross-validation folds (≥ 2).
    pub folds: usize,
    /// Seed of the folds and the candidates.
    pub seed: u64,
    /// Stop after this many trials even with budget left.
    pub max_trials: Option<usize>,
}

/// One candidate's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trial {
    /// 1-based trial number.
    pub number: usize,
    /// The candidate.
    pub params: ModelParams,
    /// The selection metric's name (`auc`, `log_loss`, `rmse`).
    pub metric: &'static str,
    /// The metric on each fold scored.
    pub fold_scores: Vec<f64>,
    /// Mean over the folds.
    pub mean: f64,
    /// Standard deviation over the folds.
    pub std: f64,
    /// Mean iteration kept by early stopping (boosting rounds, epochs).
    pub best_iteration: Option<usize>,
    /// Stopped after its first fold (worse than the median of the trials before it).
    pub pruned: bool,
    /// Time taken, milliseconds.
    pub ms: u64,
}

/// The search's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchOutcome {
    /// Every trial, in order.
    pub trials: Vec<Trial>,
    /// Index of the best complete trial.
    pub best: Option<usize>,
    /// Whether higher is better for the metric.
    pub higher_is_better: bool,
    /// Time taken, milliseconds.
    pub ms: u64,
}

/// The selection metric of a validation result: `(name, value, higher is better)` — AUC for
/// binary, log loss for multiclass, RMSE for regression.
fn selection(m: &Metrics) -> (&'static str, f64, bool) {
    match m {
        Metrics::Binary(b) => ("auc", b.auc, true),
        Metrics::Multiclass(c) => ("log_loss", c.log_loss, false),
        Metrics::Regression(r) => ("rmse", r.rmse, false),
    }
}

/// Fold of each row: stratified by class for classification, shuffled otherwise.
#[must_use]
pub fn assign_folds(y: &[f64], task: Task, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut folds = vec![0; y.len()];
    let mut groups: Vec<Vec<usize>> = if task == Task::Regression {
        vec![(0..y.len()).collect()]
    } else {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "class indices"
        )]
        let class = |v: f64| v as usize;
        let classes = y.iter().map(|v| class(*v)).max().map_or(0, |m| m + 1);
        let mut g = vec![Vec::new(); classes];
        for (r, v) in y.iter().enumerate() {
            g[class(*v)].push(r);
        }
        g
    };
    let mut next = 0;
    for group in &mut groups {
        group.shuffle(&mut rng);
        for &r in group.iter() {
            folds[r] = next % k;
            next += 1;
        }
    }
    folds
}

/// Log-uniform draw in `[lo, hi]`.
fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    (rng.random_range(lo.ln()..=hi.ln())).exp()
}

/// A random candidate of `family`.
fn draw(family: &str, rng: &mut ChaCha8Rng, seed: u64) -> ModelParams {
    match family {
        "linear" => ModelParams::Linear(LinearParams {
            l2: log_uniform(rng, 1e-4, 10.0),
            ..LinearParams::default()
        }),
        "mlp" => {
            let hidden = [vec![16], vec![32], vec![64], vec![64, 32]];
            ModelParams::Mlp(MlpParams {
                hidden: hidden[rng.random_range(0..hidden.len())].clone(),
                learning_rate: log_uniform(rng, 1e-3, 3e-2),
                l2: log_uniform(rng, 1e-6, 1e-2),
                seed,
                ..MlpParams::default()
            })
        }
        _ => {
            let bagging = rng.random_range(0.6..=1.0);
            ModelParams::Gbdt(GbdtParams {
                num_iterations: 1000,
                early_stopping_rounds: 30,
                learning_rate: log_uniform(rng, 0.02, 0.3),
                num_leaves: [4, 8, 15, 31, 63][rng.random_range(0..5)],
                min_data_in_leaf: [3, 5, 10, 20, 40][rng.random_range(0..5)],
                feature_fraction: rng.random_range(0.5..=1.0),
                bagging_fraction: bagging,
                bagging_freq: usize::from(bagging < 1.0),
                lambda_l2: log_uniform(rng, 1e-3, 10.0),
                seed,
                ..GbdtParams::default()
            })
        }
    }
}

/// The family's defaults, with room for early stopping to choose the rounds.
fn defaults(family: &str, seed: u64) -> ModelParams {
    match family {
        "linear" => ModelParams::Linear(LinearParams::default()),
        "mlp" => ModelParams::Mlp(MlpParams {
            seed,
            ..MlpParams::default()
        }),
        _ => ModelParams::Gbdt(GbdtParams {
            num_iterations: 1000,
            early_stopping_rounds: 30,
            seed,
            ..GbdtParams::default()
        }),
    }
}

/// The rows of `data` where `keep` holds.
fn subset(data: &Prepared, keep: &[bool]) -> Prepared {
    Prepared {
        features: data.features.clone(),
        target: data.target.clone(),
        x: data.x.select(keep),
        y: data
            .y
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(v, _)| *v)
            .collect(),
    }
}

/// Cancels its token once the deadline passes or the caller cancels.
struct Deadline<'a> {
    until: Instant,
    outer: &'a CancelToken,
    inner: CancelToken,
}

impl TrainProgress for Deadline<'_> {
    fn iteration(&self, _it: &Iteration) {
        if Instant::now() >= self.until || self.outer.is_cancelled() {
            self.inner.cancel();
        }
    }
}

/// The candidates in order: each family's defaults, then seeded random draws (GBDT gets most
/// of them; the others are cheap to rule out).
struct Candidates<'a> {
    families: Vec<&'a str>,
    rng: ChaCha8Rng,
    seed: u64,
    drawn: usize,
}

impl<'a> Candidates<'a> {
    fn new(spec: &'a SearchSpec) -> Self {
        let families = if spec.families.is_empty() {
            vec!["gbdt", "linear", "mlp"]
        } else {
            spec.families.iter().map(String::as_str).collect()
        };
        Self {
            families,
            rng: ChaCha8Rng::seed_from_u64(spec.seed ^ 0x005E_A2C4),
            seed: spec.seed,
            drawn: 0,
        }
    }

    fn next(&mut self) -> ModelParams {
        self.drawn += 1;
        if let Some(f) = self.families.get(self.drawn - 1) {
            return defaults(f, self.seed);
        }
        let weight = |f: &str| if f == "gbdt" { 3 } else { 1 };
        let total: u32 = self.families.iter().map(|f| weight(f)).sum();
        let mut pick = self.rng.random_range(0..total);
        let mut family = "gbdt";
        for f in &self.families {
            if pick < weight(f) {
                family = f;
                break;
            }
            pick -= weight(f);
        }
        draw(family, &mut self.rng, self.seed)
    }
}

/// How a trial's folds went.
enum FoldsOutcome {
    /// Scored (maybe stopped after the first fold).
    Scored {
        metric: &'static str,
        higher: bool,
        scores: Vec<f64>,
        iterations: Vec<usize>,
        pruned: bool,
    },
    /// The deadline cut it short.
    Cut,
}

/// Whether a first-fold score is worse than the median first fold of the trials before.
fn below_median(trials: &[Trial], value: f64, higher: bool) -> bool {
    let mut firsts: Vec<f64> = trials.iter().map(|t| t.fold_scores[0]).collect();
    if firsts.len() < 4 {
        return false;
    }
    firsts.sort_by(f64::total_cmp);
    let median = firsts[firsts.len() / 2];
    if higher {
        value < median
    } else {
        value > median
    }
}

/// Scores `params` on every fold (or until the median rule stops it).
fn run_folds(
    data: &Prepared,
    folds: &[usize],
    k: usize,
    params: &ModelParams,
    guard: &Deadline<'_>,
    before: &[Trial],
) -> Result<FoldsOutcome> {
    let mut scores = Vec::with_capacity(k);
    let mut iterations = Vec::with_capacity(k);
    let (mut metric, mut higher) = ("", true);
    for fold in 0..k {
        let held: Vec<bool> = folds.iter().map(|f| *f == fold).collect();
        let fit_rows: Vec<bool> = held.iter().map(|h| !h).collect();
        let valid = subset(data, &held);
        let ctl = Control {
            progress: guard,
            cancel: &guard.inner,
        };
        let result = match train(
            &subset(data, &fit_rows),
            Some((&valid.x, &valid.y)),
            params,
            ctl,
        ) {
            Ok(t) => t,
            Err(TrainError::Cancelled) if guard.outer.is_cancelled() => {
                return Err(TrainError::Cancelled);
            }
            Err(TrainError::Cancelled) => return Ok(FoldsOutcome::Cut),
            Err(e) => return Err(e),
        };
        let Some(m) = result.valid_metrics.as_ref() else {
            break;
        };
        let (name, value, hib) = selection(m);
        (metric, higher) = (name, hib);
        scores.push(value);
        iterations.extend(result.best_iteration);
        if fold == 0 && below_median(before, value, higher) {
            return Ok(FoldsOutcome::Scored {
                metric,
                higher,
                scores,
                iterations,
                pruned: true,
            });
        }
    }
    Ok(FoldsOutcome::Scored {
        metric,
        higher,
        scores,
        iterations,
        pruned: false,
    })
}

/// Searches `data` as `spec` says; `on_trial` hears each finished trial (pruned ones too).
/// A trial the deadline cuts short is dropped, unless no trial finished yet.
pub fn search(
    data: &Prepared,
    spec: &SearchSpec,
    on_trial: &mut dyn FnMut(&Trial),
    cancel: &CancelToken,
) -> Result<SearchOutcome> {
    let started = Instant::now();
    let deadline = started + spec.budget;
    let k = spec.folds.max(2);
    let folds = assign_folds(&data.y, data.target.task, k, spec.seed);
    let mut candidates = Candidates::new(spec);
    let mut trials: Vec<Trial> = Vec::new();
    let mut higher = true;
    for number in 1.. {
        if cancel.is_cancelled() {
            return Err(TrainError::Cancelled);
        }
        let finished_one = trials.iter().any(|t| !t.pruned);
        if (Instant::now() >= deadline && finished_one)
            || spec.max_trials.is_some_and(|m| number > m)
        {
            break;
        }
        let params = candidates.next();
        let trial_started = Instant::now();
        let guard = Deadline {
            // Until one trial finishes, the deadline does not cut it short.
            until: if finished_one {
                deadline
            } else {
                started + Duration::from_hours(24)
            },
            outer: cancel,
            inner: CancelToken::new(),
        };
        let FoldsOutcome::Scored {
            metric,
            higher: hib,
            scores,
            iterations,
            pruned,
        } = run_folds(data, &folds, k, &params, &guard, &trials)?
        else {
            break;
        };
        if scores.is_empty() {
            break;
        }
        higher = hib;
        let (mean, std) = mean_std(&scores);
        let trial = Trial {
            number,
            params,
            metric,
            fold_scores: scores,
            mean,
            std,
            best_iteration: (!iterations.is_empty())
                .then(|| iterations.iter().sum::<usize>().div_ceil(iterations.len())),
            pruned,
            ms: u64::try_from(trial_started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        on_trial(&trial);
        trials.push(trial);
    }
    let best = trials
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.pruned)
        .max_by(|(_, a), (_, b)| {
            if higher {
                a.mean.total_cmp(&b.mean)
            } else {
                b.mean.total_cmp(&a.mean)
            }
        })
        .map(|(i, _)| i);
    Ok(SearchOutcome {
        trials,
        best,
        higher_is_better: higher,
        ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

/// A cross-validated score.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CvScore {
    /// The metric (`auc`, `log_loss`, `rmse`).
    pub metric: String,
    /// Mean over the folds.
    pub mean: f64,
    /// Standard deviation over the folds.
    pub std: f64,
    /// Per-fold values.
    pub folds: Vec<f64>,
}

/// Mean and standard deviation.
fn mean_std(scores: &[f64]) -> (f64, f64) {
    let mean = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
    let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / scores.len().max(1) as f64;
    (mean, var.sqrt())
}

/// `k`-fold cross-validation of `params` on `data` (stratified for classification, seeded).
pub fn cross_validate(
    data: &Prepared,
    params: &ModelParams,
    k: usize,
    seed: u64,
    cancel: &CancelToken,
) -> Result<CvScore> {
    let k = k.max(2);
    let folds = assign_folds(&data.y, data.target.task, k, seed);
    let guard = Deadline {
        until: Instant::now() + Duration::from_hours(24 * 365),
        outer: cancel,
        inner: CancelToken::new(),
    };
    match run_folds(data, &folds, k, params, &guard, &[])? {
        FoldsOutcome::Scored { metric, scores, .. } if !scores.is_empty() => {
            let (mean, std) = mean_std(&scores);
            Ok(CvScore {
                metric: metric.to_owned(),
                mean,
                std,
                folds: scores,
            })
        }
        _ => Err(TrainError::Cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_keep_class_shares_and_sizes_even() {
        // 30 of class 0, 10 of class 1, 5 folds: 6 + 2 per fold.
        let y: Vec<f64> = (0..40).map(|i| if i < 30 { 0.0 } else { 1.0 }).collect();
        let folds = assign_folds(&y, Task::Binary, 5, 9);
        for f in 0..5 {
            let ones = (0..40).filter(|&r| folds[r] == f && y[r] == 1.0).count();
            let all = folds.iter().filter(|&&x| x == f).count();
            assert_eq!((all, ones), (8, 2), "fold {f}");
        }
        assert_eq!(folds, assign_folds(&y, Task::Binary, 5, 9), "seeded");
        assert_ne!(folds, assign_folds(&y, Task::Binary, 5, 10));
    }

    #[test]
    fn the_first_candidates_are_the_families_defaults_then_draws_stay_in_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            match draw("gbdt", &mut rng, 0) {
                ModelParams::Gbdt(p) => {
                    assert!((0.02..=0.3).contains(&p.learning_rate));
                    assert!(p.validate().is_ok());
                }
                other => panic!("{other:?}"),
            }
            assert!(draw("mlp", &mut rng, 0).validate().is_ok());
            assert!(draw("linear", &mut rng, 0).validate().is_ok());
        }
        assert_eq!(
            defaults("linear", 0),
            ModelParams::Linear(LinearParams::default())
        );
    }
}
