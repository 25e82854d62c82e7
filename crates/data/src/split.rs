//! Train/validation/test splits and k folds, reproducible from a seed: random, stratified by a
//! class column, time-ordered by a date column, or grouped (no group in two parts).

use std::collections::HashMap;
use std::path::Path;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::profile::{column_index, read_column};
use crate::{DataError, Result};

/// How rows are assigned to parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "snake_case")]
pub enum SplitStrategy {
    /// Shuffled rows.
    Random,
    /// Shuffled within each class of `column`, so every part has the class proportions.
    Stratified {
        /// The class column.
        column: String,
    },
    /// Oldest rows train, newest test, by `column` (missing dates count as oldest).
    TimeOrdered {
        /// The date-time (or numeric) column.
        column: String,
    },
    /// Whole groups of `column` go to one part.
    Group {
        /// The group column.
        column: String,
    },
}

/// A split request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitSpec {
    /// The strategy.
    #[serde(flatten)]
    pub strategy: SplitStrategy,
    /// Share of rows for validation (0..1).
    pub validation: f64,
    /// Share of rows for test (0..1).
    pub test: f64,
    /// Seed for every random choice.
    pub seed: u64,
    /// Also cut the non-test rows into this many folds for cross-validation.
    pub folds: Option<u8>,
}

impl Default for SplitSpec {
    fn default() -> Self {
        Self {
            strategy: SplitStrategy::Random,
            validation: 0.15,
            test: 0.15,
            seed: 42,
            folds: None,
        }
    }
}

/// The part a row belongs to.
pub const TRAIN: u8 = 0;
/// Validation part.
pub const VALIDATION: u8 = 1;
/// Test part.
pub const TEST: u8 = 2;

/// The result: a part per row (and a fold per non-test row when asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitPlan {
    /// [`TRAIN`], [`VALIDATION`] or [`TEST`] for each row, in row order.
    pub parts: Vec<u8>,
    /// Fold index per row (`u8::MAX` for test rows), when folds were asked for.
    pub folds: Option<Vec<u8>>,
    /// Rows in train, validation and test.
    pub counts: [u64; 3],
}

/// Plans a split of the Parquet snapshot at `path` with `rows` rows.
pub fn plan_split(path: &Path, rows: usize, spec: &SplitSpec) -> Result<SplitPlan> {
    validate(spec)?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let targets = |n: usize| {
        let test = share(n, spec.test);
        let validation = share(n, spec.validation).min(n - test);
        (validation, test)
    };
    let mut parts = vec![TRAIN; rows];
    let key_column = |column: &str| -> Result<Vec<ArrayRef>> {
        let index = column_index(path, column)?;
        read_column(path, index)
    };
    match &spec.strategy {
        SplitStrategy::Random => {
            let mut order: Vec<usize> = (0..rows).collect();
            order.shuffle(&mut rng);
            assign(&order, targets(rows), &mut parts);
        }
        SplitStrategy::Stratified { column } => {
            let keys = keys(&key_column(column)?);
            let classes = classes(&keys);
            let sizes: Vec<usize> = classes.iter().map(Vec::len).collect();
            let (validation, test) = targets(rows);
            let test_per_class = apportion(&sizes, spec.test, test);
            let validation_per_class = apportion(&sizes, spec.validation, validation);
            for (i, mut members) in classes.into_iter().enumerate() {
                members.shuffle(&mut rng);
                let test = test_per_class[i];
                let validation = validation_per_class[i].min(members.len() - test);
                assign(&members, (validation, test), &mut parts);
            }
        }
        SplitStrategy::TimeOrdered { column } => {
            let times = times(&key_column(column)?, column)?;
            let mut order: Vec<usize> = (0..rows).collect();
            order.sort_by(|&a, &b| times[a].total_cmp(&times[b]).then(a.cmp(&b)));
            let (validation, test) = targets(rows);
            for (rank, &row) in order.iter().enumerate() {
                parts[row] = if rank >= rows - test {
                    TEST
                } else if rank >= rows - test - validation {
                    VALIDATION
                } else {
                    TRAIN
                };
            }
        }
        SplitStrategy::Group { column } => {
            let keys = keys(&key_column(column)?);
            let mut groups = classes(&keys);
            groups.shuffle(&mut rng);
            let (validation, test) = targets(rows);
            let (mut in_test, mut in_validation) = (0usize, 0usize);
            for members in groups {
                let part = if in_test < test {
                    in_test += members.len();
                    TEST
                } else if in_validation < validation {
                    in_validation += members.len();
                    VALIDATION
                } else {
                    TRAIN
                };
                for row in members {
                    parts[row] = part;
                }
            }
        }
    }
    let folds = spec.folds.map(|k| make_folds(&parts, k, &mut rng));
    let mut counts = [0u64; 3];
    for &p in &parts {
        counts[usize::from(p)] += 1;
    }
    Ok(SplitPlan {
        parts,
        folds,
        counts,
    })
}

fn validate(spec: &SplitSpec) -> Result<()> {
    let invalid = |reason: String| DataError::InvalidOption {
        field: "split",
        reason,
    };
    let share_ok = |x: f64| (0.0..1.0).contains(&x);
    if !share_ok(spec.validation) || !share_ok(spec.test) || spec.validation + spec.test >= 1.0 {
        return Err(invalid(format!(
            "validation ({}) and test ({}) must be shares in [0, 1) that leave rows for training",
            spec.validation, spec.test
        )));
    }
    if spec.folds.is_some_and(|k| k < 2) {
        return Err(invalid("folds must be at least 2".into()));
    }
    Ok(())
}

/// Deals the non-test rows, shuffled, into `k` folds (sizes differ by at most one).
fn make_folds(parts: &[u8], k: u8, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut pool: Vec<usize> = (0..parts.len()).filter(|&r| parts[r] != TEST).collect();
    pool.shuffle(rng);
    let mut folds = vec![u8::MAX; parts.len()];
    for (i, row) in pool.into_iter().enumerate() {
        folds[row] = u8::try_from(i % usize::from(k)).unwrap_or(u8::MAX);
    }
    folds
}

/// `share` of `n`, rounded to the nearest row.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn share(n: usize, share: f64) -> usize {
    ((n as f64 * share).round() as usize).min(n)
}

/// Splits `total` rows over classes in proportion to their sizes (largest remainder), so the
/// overall count is exact and every class gets its share rounded down or up: within one row.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn apportion(sizes: &[usize], share: f64, total: usize) -> Vec<usize> {
    let quotas: Vec<f64> = sizes.iter().map(|&s| s as f64 * share).collect();
    let mut counts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let mut remaining = total.saturating_sub(counts.iter().sum());
    let mut by_remainder: Vec<usize> = (0..sizes.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor())
            .total_cmp(&(quotas[a] - quotas[a].floor()))
            .then(a.cmp(&b))
    });
    for i in by_remainder {
        if remaining == 0 {
            break;
        }
        if counts[i] < sizes[i] && quotas[i] > quotas[i].floor() {
            counts[i] += 1;
            remaining -= 1;
        }
    }
    counts
}

/// The first `test` rows of `order` go to test, the next `validation` to validation.
fn assign(order: &[usize], (validation, test): (usize, usize), parts: &mut [u8]) {
    for (rank, &row) in order.iter().enumerate() {
        parts[row] = if rank < test {
            TEST
        } else if rank < test + validation {
            VALIDATION
        } else {
            TRAIN
        };
    }
}

/// Row indices per distinct key, in order of first appearance (deterministic).
fn classes(keys: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut index: HashMap<&Option<String>, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (row, key) in keys.iter().enumerate() {
        let slot = *index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(row);
    }
    groups
}

/// Any column as comparable text keys (`None` for missing).
fn keys(arrays: &[ArrayRef]) -> Vec<Option<String>> {
    arrays
        .iter()
        .flat_map(|a| (0..a.len()).map(move |i| key_at(a, i)))
        .collect()
}

fn key_at(a: &ArrayRef, i: usize) -> Option<String> {
    if a.is_null(i) {
        return None;
    }
    let any = a.as_any();
    if let Some(s) = any.downcast_ref::<StringArray>() {
        return Some(s.value(i).to_owned());
    }
    if let Some(v) = any.downcast_ref::<Int64Array>() {
        return Some(v.value(i).to_string());
    }
    if let Some(v) = any.downcast_ref::<Float64Array>() {
        return Some(v.value(i).to_string());
    }
    if let Some(v) = any.downcast_ref::<BooleanArray>() {
        return Some(v.value(i).to_string());
    }
    any.downcast_ref::<TimestampMicrosecondArray>()
        .map(|v| v.value(i).to_string())
}

/// A date-time or numeric column as sortable numbers (missing = -inf, i.e. oldest).
#[allow(clippy::cast_precision_loss)] // ordering only
fn times(arrays: &[ArrayRef], column: &str) -> Result<Vec<f64>> {
    let mut out = Vec::new();
    for a in arrays {
        let any = a.as_any();
        for i in 0..a.len() {
            let v = if a.is_null(i) {
                f64::NEG_INFINITY
            } else if let Some(t) = any.downcast_ref::<TimestampMicrosecondArray>() {
                t.value(i) as f64
            } else if let Some(n) = any.downcast_ref::<Int64Array>() {
                n.value(i) as f64
            } else if let Some(f) = any.downcast_ref::<Float64Array>() {
                f.value(i)
            } else {
                return Err(DataError::InvalidOption {
                    field: "split column",
                    reason: format!(
                        "{column:?} is not a date-time or numeric column; a time-ordered split needs one"
                    ),
                });
            };
            out.push(v);
        }
    }
    Ok(out)
}
