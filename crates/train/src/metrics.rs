//! Evaluation metrics, computed as scikit-learn defines them (tests compare with its values).

use serde::{Deserialize, Serialize};

use crate::features::Task;
use crate::objective::class;

/// Probabilities are clipped to `[EPS, 1 - EPS]` in log-losses, as scikit-learn (≥ 1.3) does
/// for float64 input: `np.finfo(float64).eps`.
const EPS: f64 = f64::EPSILON;

/// Most points kept for a ROC/PR curve or a residual plot.
const CURVE_POINTS: usize = 200;

/// One point of a curve.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// x (false-positive rate, recall, prediction).
    pub x: f64,
    /// y (true-positive rate, precision, residual).
    pub y: f64,
}

/// One calibration bin: predicted probability vs observed frequency.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalibrationBin {
    /// Mean predicted probability in the bin.
    pub mean_predicted: f64,
    /// Fraction of positives in the bin.
    pub fraction_positive: f64,
    /// Rows in the bin.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub count: u64,
}

/// Metrics of a binary classifier (positive class = class index 1).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BinaryMetrics {
    /// Area under the ROC curve.
    pub auc: f64,
    /// Mean log-loss.
    pub log_loss: f64,
    /// Accuracy at `threshold`.
    pub accuracy: f64,
    /// Precision at `threshold`.
    pub precision: f64,
    /// Recall at `threshold`.
    pub recall: f64,
    /// F1 at `threshold`.
    pub f1: f64,
    /// The decision threshold on the positive probability.
    pub threshold: f64,
    /// Area under the precision-recall curve (average precision).
    pub pr_auc: f64,
    /// ROC curve (false-positive rate, true-positive rate).
    pub roc: Vec<Point>,
    /// Precision-recall curve (recall, precision).
    pub pr: Vec<Point>,
    /// Ten uniform calibration bins (empty bins left out).
    pub calibration: Vec<CalibrationBin>,
    /// `confusion[true][predicted]` counts at `threshold` (negative class first; empty in
    /// metrics stored before it was recorded).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Vec<Vec<specta_typescript::Number>>))]
    pub confusion: Vec<Vec<u64>>,
}

/// Metrics of a multiclass classifier.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MulticlassMetrics {
    /// Accuracy.
    pub accuracy: f64,
    /// Unweighted mean of per-class F1.
    pub macro_f1: f64,
    /// Support-weighted mean of per-class F1.
    pub weighted_f1: f64,
    /// Mean log-loss.
    pub log_loss: f64,
    /// `confusion[true][predicted]` counts.
    #[cfg_attr(feature = "specta", specta(type = Vec<Vec<specta_typescript::Number>>))]
    pub confusion: Vec<Vec<u64>>,
}

/// Metrics of a regressor.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegressionMetrics {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Coefficient of determination.
    pub r2: f64,
    /// (prediction, residual = truth − prediction), at most 200 evenly spaced rows.
    pub residuals: Vec<Point>,
}

/// Metrics for any task.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Metrics {
    /// Binary classification.
    Binary(BinaryMetrics),
    /// Multiclass classification.
    Multiclass(MulticlassMetrics),
    /// Regression.
    Regression(RegressionMetrics),
}

impl Metrics {
    /// The headline metric: AUC, accuracy or RMSE, and whether higher is better.
    pub fn headline(&self) -> (&'static str, f64, bool) {
        match self {
            Self::Binary(m) => ("auc", m.auc, true),
            Self::Multiclass(m) => ("accuracy", m.accuracy, true),
            Self::Regression(m) => ("rmse", m.rmse, false),
        }
    }
}

/// The positive-class probability at which a binary classifier predicts the positive class.
pub const BINARY_THRESHOLD: f64 = 0.5;

/// The class one row of class probabilities predicts, as the metrics count it: the positive
/// class from [`BINARY_THRESHOLD`] up for two classes, else the most probable class.
pub fn predicted_class(row: &[f64]) -> usize {
    match row {
        [_, positive] => usize::from(*positive >= BINARY_THRESHOLD),
        _ => argmax(row),
    }
}

/// Evaluates predictions: `outputs` is row-major, one value per row (regression) or one
/// probability per row and class (classification, binary included: k = 2).
pub fn evaluate(task: Task, y: &[f64], outputs: &[f64]) -> Metrics {
    match task {
        Task::Regression => Metrics::Regression(regression(y, outputs)),
        Task::Binary => {
            let p: Vec<f64> = outputs.chunks(2).map(|c| c[1]).collect();
            Metrics::Binary(binary(y, &p, BINARY_THRESHOLD))
        }
        Task::Multiclass => {
            let k = outputs.len() / y.len().max(1);
            Metrics::Multiclass(multiclass(y, outputs, k))
        }
    }
}

#[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
fn n_f(n: usize) -> f64 {
    n as f64
}

/// ROC AUC by the rank-sum formula, ties averaged (equal to scikit-learn's trapezoid AUC).
pub fn auc(y: &[f64], score: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_unstable_by(|a, b| score[*a].total_cmp(&score[*b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && score[order[j + 1]] == score[order[i]] {
            j += 1;
        }
        let avg_rank = n_f(i + j) / 2.0 + 1.0;
        for &r in &order[i..=j] {
            if y[r] > 0.5 {
                rank_sum += avg_rank;
            }
        }
        i = j + 1;
    }
    let pos = n_f(y.iter().filter(|v| **v > 0.5).count());
    let neg = n_f(y.len()) - pos;
    if pos == 0.0 || neg == 0.0 {
        return f64::NAN;
    }
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

/// Distinct-threshold points of the ranking, highest score first: (threshold, tp, fp).
fn ranking(y: &[f64], p: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_unstable_by(|a, b| p[*b].total_cmp(&p[*a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0.0, 0.0);
    for (i, &r) in order.iter().enumerate() {
        if y[r] > 0.5 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        if i + 1 == order.len() || p[order[i + 1]] != p[r] {
            out.push((p[r], tp, fp));
        }
    }
    out
}

/// Keeps at most [`CURVE_POINTS`] evenly spaced points (first and last always kept).
fn thin(points: Vec<Point>) -> Vec<Point> {
    if points.len() <= CURVE_POINTS {
        return points;
    }
    let last = points.len() - 1;
    (0..CURVE_POINTS)
        .map(|i| points[i * last / (CURVE_POINTS - 1)])
        .collect()
}

/// Binary metrics of positive-class probabilities `p`.
pub fn binary(y: &[f64], p: &[f64], threshold: f64) -> BinaryMetrics {
    let n = n_f(y.len()).max(1.0);
    let log_loss = y
        .iter()
        .zip(p)
        .map(|(t, q)| {
            let q = q.clamp(EPS, 1.0 - EPS);
            if *t > 0.5 { -q.ln() } else { -(1.0 - q).ln() }
        })
        .sum::<f64>()
        / n;
    // counts[truth][predicted]
    let mut counts = [[0u64; 2]; 2];
    for (t, q) in y.iter().zip(p) {
        counts[usize::from(*t > 0.5)][usize::from(*q >= threshold)] += 1;
    }
    #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
    let [[tn, fp], [fneg, tp]] = counts.map(|row| row.map(|c| c as f64));
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fneg);
    let f1 = ratio(2.0 * tp, 2.0 * tp + fp + fneg);
    let pos = y.iter().filter(|v| **v > 0.5).count();
    let total_pos = n_f(pos);
    let total_neg = n_f(y.len() - pos);
    let rank = ranking(y, p);
    let mut roc = vec![Point { x: 0.0, y: 0.0 }];
    let mut pr = vec![Point { x: 0.0, y: 1.0 }];
    // Average precision: Σ (R_k − R_{k−1}) P_k over distinct thresholds (scikit-learn's).
    let mut pr_auc = 0.0;
    let mut prev_recall = 0.0;
    for (_, tp, fp) in &rank {
        let r = ratio(*tp, total_pos);
        let prec = ratio(*tp, tp + fp);
        pr_auc += (r - prev_recall) * prec;
        prev_recall = r;
        roc.push(Point {
            x: ratio(*fp, total_neg),
            y: r,
        });
        pr.push(Point { x: r, y: prec });
    }
    let mut bins = [(0.0, 0.0, 0u64); 10];
    for (t, q) in y.iter().zip(p) {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "q in [0, 1]"
        )]
        let b = ((q * 10.0) as usize).min(9);
        bins[b].0 += q;
        bins[b].1 += if *t > 0.5 { 1.0 } else { 0.0 };
        bins[b].2 += 1;
    }
    #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
    let calibration = bins
        .iter()
        .filter(|b| b.2 > 0)
        .map(|b| CalibrationBin {
            mean_predicted: b.0 / b.2 as f64,
            fraction_positive: b.1 / b.2 as f64,
            count: b.2,
        })
        .collect();
    BinaryMetrics {
        auc: auc(y, p),
        log_loss,
        accuracy: (tp + tn) / n,
        precision,
        recall,
        f1,
        threshold,
        pr_auc,
        roc: thin(roc),
        pr: thin(pr),
        calibration,
        confusion: counts.iter().map(|row| row.to_vec()).collect(),
    }
}

/// Multiclass metrics of row-major probabilities `probs` (k per row).
pub fn multiclass(y: &[f64], probs: &[f64], k: usize) -> MulticlassMetrics {
    let n = n_f(y.len()).max(1.0);
    let mut confusion = vec![vec![0u64; k]; k];
    let mut log_loss = 0.0;
    for (t, row) in y.iter().zip(probs.chunks(k)) {
        let truth = class(*t);
        let pred = predicted_class(row);
        confusion[truth][pred] += 1;
        log_loss -= row[truth].clamp(EPS, 1.0 - EPS).ln();
    }
    let correct: u64 = (0..k).map(|i| confusion[i][i]).sum();
    let mut macro_f1 = 0.0;
    let mut weighted_f1 = 0.0;
    for c in 0..k {
        let tp = confusion[c][c];
        let support: u64 = confusion[c].iter().sum();
        let predicted: u64 = confusion.iter().map(|r| r[c]).sum();
        let denom = support + predicted;
        #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
        let f1 = if denom > 0 {
            2.0 * tp as f64 / denom as f64
        } else {
            0.0
        };
        macro_f1 += f1;
        #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
        let w = support as f64;
        weighted_f1 += f1 * w;
    }
    #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
    MulticlassMetrics {
        accuracy: correct as f64 / n,
        macro_f1: macro_f1 / n_f(k).max(1.0),
        weighted_f1: weighted_f1 / n,
        log_loss: log_loss / n,
        confusion,
    }
}

/// The index of the largest value (first on ties, like numpy's argmax).
pub fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if *v > row[best] {
            best = i;
        }
    }
    best
}

/// Regression metrics.
pub fn regression(y: &[f64], pred: &[f64]) -> RegressionMetrics {
    let n = n_f(y.len()).max(1.0);
    let mean = y.iter().sum::<f64>() / n;
    let (mut sse, mut sae, mut sst) = (0.0, 0.0, 0.0);
    for (t, p) in y.iter().zip(pred) {
        sse += (t - p).powi(2);
        sae += (t - p).abs();
        sst += (t - mean).powi(2);
    }
    let residuals = thin(
        y.iter()
            .zip(pred)
            .map(|(t, p)| Point { x: *p, y: t - p })
            .collect(),
    );
    RegressionMetrics {
        rmse: (sse / n).sqrt(),
        mae: sae / n,
        r2: if sst > 0.0 { 1.0 - sse / sst } else { 0.0 },
        residuals,
    }
}
