//! From a dataset table to what trainers eat: a column-major `f32` feature matrix (NaN =
//! missing, categories as codes) and a target (values or class indices), plus the
//! description of both that travels with the model (and into its ONNX inputs).

use std::collections::HashMap;

use arrow_array::{Array, BooleanArray, Float64Array, Int64Array, StringArray};
use modeldesk_data::ColumnType;
use modeldesk_data::recipe::Table;
use serde::{Deserialize, Serialize};

use crate::error::{Result, TrainError};

/// At most this many categories per categorical feature (the rest count as missing), so a
/// category code always fits a `u8` histogram bin next to the missing bin.
pub const MAX_CATEGORIES: usize = 254;

/// What a model predicts.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// A number.
    Regression,
    /// One of two classes.
    Binary,
    /// One of three or more classes.
    Multiclass,
}

impl Task {
    /// The name used in options and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Regression => "regression",
            Self::Binary => "binary",
            Self::Multiclass => "multiclass",
        }
    }

    /// Parses `regression`, `binary`, `multiclass` (`auto` gives `None`).
    pub fn parse(name: &str) -> Result<Option<Self>> {
        Ok(Some(match name {
            "auto" => return Ok(None),
            "regression" => Self::Regression,
            "binary" => Self::Binary,
            "multiclass" => Self::Multiclass,
            other => {
                return Err(crate::error::bad_param(
                    "task",
                    format!("{other:?} is not one of auto, binary, multiclass, regression"),
                ));
            }
        }))
    }

    /// Whether the task predicts classes.
    pub fn is_classification(self) -> bool {
        !matches!(self, Self::Regression)
    }
}

/// How a feature column is fed to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeatureKind {
    /// A number (integer, float or boolean column), as `f32`.
    Numeric,
    /// A label, as the index of `categories` (others: missing).
    Categorical {
        /// The known categories, most frequent first.
        categories: Vec<String>,
    },
}

/// One model input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// The column name (and the ONNX input name).
    pub name: String,
    /// The column's type in the training data.
    pub column_type: ColumnType,
    /// How it is encoded.
    #[serde(flatten)]
    pub kind: FeatureKind,
}

/// The target as the model sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSpec {
    /// The column name.
    pub column: String,
    /// The task.
    pub task: Task,
    /// Class labels in index order (classification only; the positive class is last for binary).
    pub classes: Vec<String>,
}

/// Column-major features: `columns[f][row]`, NaN for missing.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    /// Rows.
    pub rows: usize,
    /// One vector per feature.
    pub columns: Vec<Vec<f32>>,
}

impl Matrix {
    /// The rows where `keep` is true.
    #[must_use]
    pub fn select(&self, keep: &[bool]) -> Self {
        let columns = self
            .columns
            .iter()
            .map(|c| {
                c.iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| *v)
                    .collect()
            })
            .collect();
        Self {
            rows: keep.iter().filter(|k| **k).count(),
            columns,
        }
    }

    /// One row's values (for row-wise models).
    pub fn row(&self, r: usize, out: &mut [f32]) {
        for (o, c) in out.iter_mut().zip(&self.columns) {
            *o = c[r];
        }
    }
}

/// The training data split into what the model needs.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The features, in input order.
    pub features: Vec<Feature>,
    /// The target.
    pub target: TargetSpec,
    /// Feature values.
    pub x: Matrix,
    /// Target values (class indices as floats for classification).
    pub y: Vec<f64>,
}

/// A column's values as text labels (None = missing); integers/booleans rendered as text.
fn labels(table: &Table, index: usize) -> Vec<Option<String>> {
    let array = &table.arrays[index];
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        a.iter().map(|v| v.map(str::to_owned)).collect()
    } else if let Some(a) = any.downcast_ref::<Int64Array>() {
        a.iter().map(|v| v.map(|v| v.to_string())).collect()
    } else if let Some(a) = any.downcast_ref::<BooleanArray>() {
        a.iter().map(|v| v.map(|v| v.to_string())).collect()
    } else if let Some(a) = any.downcast_ref::<Float64Array>() {
        a.iter().map(|v| v.map(|v| v.to_string())).collect()
    } else {
        vec![None; array.len()]
    }
}

/// A numeric column's values as `f64` (None = missing).
fn numbers(table: &Table, index: usize) -> Option<Vec<Option<f64>>> {
    let any = table.arrays[index].as_any();
    if let Some(a) = any.downcast_ref::<Float64Array>() {
        Some(a.iter().collect())
    } else if let Some(a) = any.downcast_ref::<Int64Array>() {
        #[allow(clippy::cast_precision_loss, reason = "model inputs are f32 anyway")]
        Some(a.iter().map(|v| v.map(|v| v as f64)).collect())
    } else if let Some(a) = any.downcast_ref::<arrow_array::TimestampMicrosecondArray>() {
        // Microseconds since 1970 (UTC): what exported date steps take.
        #[allow(
            clippy::cast_precision_loss,
            reason = "exact below 2^53 µs (285 years)"
        )]
        Some(a.iter().map(|v| v.map(|v| v as f64)).collect())
    } else {
        any.downcast_ref::<BooleanArray>().map(|a| {
            a.iter()
                .map(|v| v.map(|b| if b { 1.0 } else { 0.0 }))
                .collect()
        })
    }
}

fn column_index(table: &Table, name: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == name)
}

/// Picks the task for a target column when the person chose `auto`.
fn infer_task(ty: ColumnType, distinct: usize, rows: usize) -> Task {
    match ty {
        ColumnType::Float => Task::Regression,
        ColumnType::Integer if distinct > 20 || distinct * 10 > rows => Task::Regression,
        _ if distinct <= 2 => Task::Binary,
        _ => Task::Multiclass,
    }
}

/// Sorted class labels: numerically for integer columns, otherwise as text.
fn sorted_classes(ty: ColumnType, mut classes: Vec<String>) -> Vec<String> {
    if ty == ColumnType::Integer {
        classes.sort_by_key(|c| c.parse::<i64>().unwrap_or(i64::MAX));
    } else {
        classes.sort();
    }
    classes
}

/// Reads the target column and the features of `table` for training.
#[allow(
    clippy::too_many_lines,
    reason = "one validation per target problem, in order"
)]
pub fn prepare(table: &Table, target: &str, task: Option<Task>) -> Result<Prepared> {
    let Some(t_index) = column_index(table, target) else {
        return Err(TrainError::TargetMissing {
            column: target.to_owned(),
            available: table
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let t_type = table.columns[t_index].ty;
    let raw = labels(table, t_index);
    for (row, v) in raw.iter().enumerate() {
        if v.is_none() {
            return Err(TrainError::BadTarget {
                column: target.to_owned(),
                row: row + 1,
                what: "missing",
            });
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in raw.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let task = task.unwrap_or_else(|| infer_task(t_type, counts.len(), table.rows()));
    let (classes, y) = if task == Task::Regression {
        let Some(values) = numbers(table, t_index).filter(|_| t_type != ColumnType::Boolean) else {
            return Err(TrainError::TaskMismatch {
                column: target.to_owned(),
                ty: t_type.name(),
                task: task.name(),
                reason: "regression needs a numeric target".to_owned(),
            });
        };
        let mut y = Vec::with_capacity(values.len());
        for (row, v) in values.into_iter().enumerate() {
            let v = v.unwrap_or(f64::NAN);
            if !v.is_finite() {
                return Err(TrainError::BadTarget {
                    column: target.to_owned(),
                    row: row + 1,
                    what: if v.is_nan() { "NaN" } else { "infinite" },
                });
            }
            y.push(v);
        }
        if counts.len() < 2 {
            return Err(TrainError::TargetConstant {
                column: target.to_owned(),
                value: raw.first().cloned().flatten().unwrap_or_default(),
            });
        }
        (Vec::new(), y)
    } else {
        if let Some(v) = numbers(table, t_index)
            && let Some((row, x)) = v
                .iter()
                .enumerate()
                .find_map(|(r, x)| x.filter(|x| !x.is_finite()).map(|x| (r, x)))
        {
            return Err(TrainError::BadTarget {
                column: target.to_owned(),
                row: row + 1,
                what: if x.is_nan() { "NaN" } else { "infinite" },
            });
        }
        let classes = sorted_classes(t_type, counts.keys().map(|k| (*k).to_owned()).collect());
        if classes.len() < 2 {
            return Err(TrainError::SingleClass {
                column: target.to_owned(),
                class: classes.first().cloned().unwrap_or_default(),
            });
        }
        if task == Task::Binary && classes.len() > 2 {
            return Err(TrainError::TaskMismatch {
                column: target.to_owned(),
                ty: t_type.name(),
                task: task.name(),
                reason: format!("it has {} classes; use multiclass", classes.len()),
            });
        }
        let index: HashMap<&str, usize> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        #[allow(clippy::cast_precision_loss, reason = "class indices are small")]
        let y = raw
            .iter()
            .map(|v| {
                v.as_deref()
                    .and_then(|v| index.get(v))
                    .map_or(0.0, |i| *i as f64)
            })
            .collect();
        (classes, y)
    };
    let target_spec = TargetSpec {
        column: target.to_owned(),
        task,
        classes,
    };
    let mut features = Vec::new();
    for (i, c) in table.columns.iter().enumerate() {
        if i == t_index {
            continue;
        }
        let kind = match c.ty {
            ColumnType::Integer | ColumnType::Float | ColumnType::Boolean => FeatureKind::Numeric,
            ColumnType::Categorical => FeatureKind::Categorical {
                categories: top_categories(&labels(table, i)),
            },
            ColumnType::Text | ColumnType::Datetime => continue,
        };
        features.push(Feature {
            name: c.name.clone(),
            column_type: c.ty,
            kind,
        });
    }
    if features.is_empty() {
        return Err(TrainError::NoFeatures {
            target: target.to_owned(),
        });
    }
    let x = encode(table, &features)?;
    Ok(Prepared {
        features,
        target: target_spec,
        x,
        y,
    })
}

/// The most frequent labels (ties: alphabetical), at most [`MAX_CATEGORIES`].
fn top_categories(values: &[Option<String>]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let mut pairs: Vec<(&str, usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    pairs.truncate(MAX_CATEGORIES);
    pairs.into_iter().map(|(k, _)| k.to_owned()).collect()
}

/// Encodes `table`'s columns as the model's features (for training or prediction).
pub fn encode(table: &Table, features: &[Feature]) -> Result<Matrix> {
    let mut columns = Vec::with_capacity(features.len());
    for f in features {
        let Some(index) = column_index(table, &f.name) else {
            return Err(TrainError::BadInput {
                column: f.name.clone(),
                message: "the model needs this column and the data has none".to_owned(),
            });
        };
        let column = match &f.kind {
            FeatureKind::Numeric => {
                let Some(values) = numbers(table, index) else {
                    return Err(TrainError::BadInput {
                        column: f.name.clone(),
                        message: format!(
                            "must be numeric for this model, found {}",
                            table.columns[index].ty.name()
                        ),
                    });
                };
                #[allow(clippy::cast_possible_truncation, reason = "models work in f32")]
                values
                    .into_iter()
                    .map(|v| v.map_or(f32::NAN, |v| v as f32))
                    .collect()
            }
            FeatureKind::Categorical { categories } => {
                let index_of: HashMap<&str, usize> = categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.as_str(), i))
                    .collect();
                #[allow(clippy::cast_precision_loss, reason = "at most 254 categories")]
                labels(table, index)
                    .into_iter()
                    .map(|v| {
                        v.as_deref()
                            .and_then(|v| index_of.get(v))
                            .map_or(f32::NAN, |i| *i as f32)
                    })
                    .collect()
            }
        };
        columns.push(column);
    }
    Ok(Matrix {
        rows: table.rows(),
        columns,
    })
}

/// Encodes a target column with the classes seen in training (unknown classes are an error).
pub fn encode_target(table: &Table, spec: &TargetSpec) -> Result<Vec<f64>> {
    let Some(index) = column_index(table, &spec.column) else {
        return Err(TrainError::BadInput {
            column: spec.column.clone(),
            message: "the target column is missing".to_owned(),
        });
    };
    let raw = labels(table, index);
    let mut y = Vec::with_capacity(raw.len());
    let class_of: HashMap<&str, usize> = spec
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let nums = numbers(table, index);
    for (row, v) in raw.iter().enumerate() {
        let bad = |what| TrainError::BadTarget {
            column: spec.column.clone(),
            row: row + 1,
            what,
        };
        let Some(v) = v else {
            return Err(bad("missing"));
        };
        if spec.task.is_classification() {
            let Some(i) = class_of.get(v.as_str()) else {
                return Err(TrainError::BadInput {
                    column: spec.column.clone(),
                    message: format!("row {}: class {v:?} was not seen in training", row + 1),
                });
            };
            #[allow(clippy::cast_precision_loss, reason = "class indices are small")]
            y.push(*i as f64);
        } else {
            let x = nums.as_ref().and_then(|n| n[row]).unwrap_or(f64::NAN);
            if !x.is_finite() {
                return Err(bad(if x.is_nan() { "NaN" } else { "infinite" }));
            }
            y.push(x);
        }
    }
    Ok(y)
}

/// One model input's values as ONNX Runtime takes them (`[rows, 1]`).
#[derive(Debug, Clone, PartialEq)]
pub enum FeedValues {
    /// A `double` input (numbers; NaN = missing).
    Double(Vec<f64>),
    /// A `string` input (labels; "" = missing).
    Strings(Vec<String>),
}

/// The values of `table`'s columns for a model's inputs, given as (name, wants strings).
pub fn onnx_feeds(table: &Table, inputs: &[(String, bool)]) -> Result<Vec<(String, FeedValues)>> {
    inputs
        .iter()
        .map(|(name, strings)| {
            let Some(index) = column_index(table, name) else {
                return Err(TrainError::BadInput {
                    column: name.clone(),
                    message: "the model needs this column and the data has none".to_owned(),
                });
            };
            let values = if *strings {
                FeedValues::Strings(
                    labels(table, index)
                        .into_iter()
                        .map(Option::unwrap_or_default)
                        .collect(),
                )
            } else {
                let Some(v) = numbers(table, index) else {
                    return Err(TrainError::BadInput {
                        column: name.clone(),
                        message: format!(
                            "must be numeric for this model, found {}",
                            table.columns[index].ty.name()
                        ),
                    });
                };
                FeedValues::Double(v.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            };
            Ok((name.clone(), values))
        })
        .collect()
}
