//! Prep recipes: an ordered list of typed steps, fitted on data (means, categories, scales are
//! stored in the steps) and then replayed unchanged on any rows — the stored dataset, new rows
//! at prediction time, or an ONNX graph: every column step has an ONNX equivalent (Where,
//! Equal, LabelEncoder, Sub/Div, Clip, Cast, integer date arithmetic, StringSplit,
//! StringNormalizer and TfIdfVectorizer).

mod derived;

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use serde::{Deserialize, Serialize};

use crate::schema::arrow_schema;
use crate::{ColumnSchema, ColumnType, DataError, Result};

pub use derived::{
    CastTo, DatePart, MICROS_PER_DAY, MICROS_PER_HOUR, TfIdfFit, civil_from_days, date_part,
    fit_tf_idf, tf_idf, words,
};

/// How `impute` fills missing values.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImputeStrategy {
    /// Column mean (numeric).
    Mean,
    /// Column median (numeric).
    Median,
    /// Most frequent value (any type; ties: the smallest).
    Mode,
    /// The step's `value` (a number for numeric columns, a label for the others).
    Constant,
}

/// How `clip_outliers` finds its bounds.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClipMethod {
    /// Tukey's fences: [q1 - k·IQR, q3 + k·IQR].
    #[default]
    Iqr,
    /// The `quantiles` of the column (e.g. the 1st and 99th percentiles).
    Quantile,
}

/// How `scale` rescales a numeric column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleMethod {
    /// (x - mean) / std.
    Standard,
    /// (x - min) / (max - min).
    MinMax,
}

/// One prep step. Fields named `fitted…` are filled by [`fit`] and used by [`apply`].
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Step {
    /// Remove columns.
    DropColumns {
        /// The columns.
        columns: Vec<String>,
    },
    /// Rename a column.
    Rename {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// Fill missing values.
    Impute {
        /// The column.
        column: String,
        /// How.
        strategy: ImputeStrategy,
        /// The value `constant` fills with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Fill>,
        /// The fill value (a number or a label), once fitted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Fill>,
    },
    /// Replace a categorical column by one 0/1 column per category (`column=category`).
    OneHot {
        /// The column.
        column: String,
        /// The categories, once fitted (most frequent first; at most `max_categories`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Vec<String>>,
        /// Keep at most this many categories (others become all zeros).
        #[serde(default = "default_max_categories")]
        #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
        max_categories: usize,
    },
    /// Replace a categorical column by its category index (unknown and missing: -1).
    Ordinal {
        /// The column.
        column: String,
        /// The categories in index order, once fitted (sorted).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Vec<String>>,
    },
    /// Rescale a numeric column.
    Scale {
        /// The column.
        column: String,
        /// How.
        method: ScaleMethod,
        /// (offset, scale) with x' = (x - offset) / scale, once fitted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<(f64, f64)>,
    },
    /// Keep the rows where `column op value` holds (a training-data step: it does not apply
    /// to rows being predicted, and is left out of exported models).
    FilterRows {
        /// The column.
        column: String,
        /// The comparison (`eq`, `ne`, `lt`, `le`, `gt`, `ge`, `is_missing`, `not_missing`).
        compare: FilterOp,
        /// The value compared with (unused for `is_missing` / `not_missing`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "specta", specta(type = Option<FilterValue>))]
        value: Option<serde_json::Value>,
    },
    /// Keep the first of rows that are equal in `columns` (all columns when empty). A
    /// training-data step, like `filter_rows`.
    DropDuplicates {
        /// The columns compared (empty: every column).
        #[serde(default)]
        columns: Vec<String>,
    },
    /// Clip a numeric column to [q1 - k·IQR, q3 + k·IQR] (`iqr`, the default) or to two of
    /// its quantiles (`quantile`).
    ClipOutliers {
        /// The column.
        column: String,
        /// How the bounds are found.
        #[serde(default)]
        method: ClipMethod,
        /// The IQR multiple (1.5, Tukey's fences, when not given).
        #[serde(default = "default_iqr_multiple")]
        k: f64,
        /// The low and high quantiles for `quantile` (0.01 and 0.99 when not given).
        #[serde(default = "default_clip_quantiles")]
        quantiles: (f64, f64),
        /// (low, high), once fitted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<(f64, f64)>,
    },
    /// Change a column's type: numbers to `float` or `integer` (truncated toward zero); whole
    /// numbers and labels to `categorical` or `text`.
    Cast {
        /// The column.
        column: String,
        /// The new type.
        to: CastTo,
    },
    /// Replace a date-time column by integer columns `<column>.<part>` (UTC): `year`,
    /// `month`, `day`, `weekday` (Monday 0), `hour`.
    DateParts {
        /// The column.
        column: String,
        /// The parts, in column order.
        parts: Vec<DatePart>,
    },
    /// Add `<column>.words` after a text column: how many words it holds (split on spaces;
    /// 0 when missing).
    WordCount {
        /// The column.
        column: String,
    },
    /// Replace a text column by the TF-IDF weights of its words, one float column
    /// `<column>:<word>` per vocabulary word: words split on spaces and lower-cased (ASCII),
    /// the `max_features` most frequent kept, smooth idf, each row scaled to unit length
    /// (scikit-learn's `TfidfVectorizer` with those words).
    TfIdf {
        /// The column.
        column: String,
        /// Vocabulary size.
        #[serde(default = "default_max_features")]
        #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
        max_features: usize,
        /// The vocabulary and its idf, once fitted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<TfIdfFit>,
    },
    /// Replace a column of image file paths (an imported image folder's `path`) by the grey
    /// levels of each image resized to `size × size`: float columns `<column>.px<k>`, 0 black
    /// to 1 white. The files are read when the recipe runs; a model trained on the result
    /// takes the pixel columns as its inputs.
    ImagePixels {
        /// The column of paths.
        column: String,
        /// Side of the square the images are resized to.
        #[serde(default = "default_pixel_side")]
        size: u32,
    },
}

/// A `filter_rows` value as TypeScript sees it (JSON: a number, a label or a boolean).
#[cfg(feature = "specta")]
#[derive(Serialize, specta::Type)]
#[serde(untagged)]
#[allow(dead_code, reason = "describes JSON for TypeScript; never built")]
enum FilterValue {
    /// A number.
    Number(f64),
    /// A label.
    Text(String),
    /// true/false.
    Bool(bool),
}

/// How `filter_rows` compares a column with its value.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    /// Equal (numbers numerically, anything else as text).
    Eq,
    /// Not equal (missing values are kept out).
    Ne,
    /// Less than (numbers).
    Lt,
    /// At most (numbers).
    Le,
    /// Greater than (numbers).
    Gt,
    /// At least (numbers).
    Ge,
    /// The value is missing.
    IsMissing,
    /// The value is present.
    NotMissing,
}

fn default_max_categories() -> usize {
    50
}

fn default_max_features() -> usize {
    100
}

fn default_pixel_side() -> u32 {
    16
}

fn default_iqr_multiple() -> f64 {
    1.5
}

fn default_clip_quantiles() -> (f64, f64) {
    (0.01, 0.99)
}

/// A fitted fill value.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fill {
    /// A number.
    Number(f64),
    /// A label.
    Label(String),
}

/// An in-memory table: its columns and one Arrow array per column.
#[derive(Debug, Clone)]
pub struct Table {
    /// Names and types.
    pub columns: Vec<ColumnSchema>,
    /// The values.
    pub arrays: Vec<ArrayRef>,
}

impl Table {
    /// Builds a table from batches with the same schema.
    pub fn from_batches(columns: Vec<ColumnSchema>, batches: &[RecordBatch]) -> Result<Self> {
        let schema = arrow_schema(&columns);
        let batch = arrow_select_concat(&schema, batches)?;
        Ok(Self {
            columns,
            arrays: batch.columns().to_vec(),
        })
    }

    /// Rows in the table.
    pub fn rows(&self) -> usize {
        self.arrays.first().map_or(0, Array::len)
    }

    /// One record batch with the table's schema.
    pub fn to_batch(&self) -> Result<RecordBatch> {
        Ok(RecordBatch::try_new(
            arrow_schema(&self.columns),
            self.arrays.clone(),
        )?)
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| DataError::InvalidOption {
                field: "recipe",
                reason: format!(
                    "no column named {name:?} at this step; columns are {}",
                    self.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }
}

fn arrow_select_concat(
    schema: &Arc<arrow_schema::Schema>,
    batches: &[RecordBatch],
) -> Result<RecordBatch> {
    if batches.is_empty() {
        return Ok(RecordBatch::new_empty(Arc::clone(schema)));
    }
    Ok(arrow_select::concat::concat_batches(schema, batches)?)
}

/// Fits every step on `table` (each on the output of the steps before it) and returns the
/// fitted steps and the transformed table. Already-fitted steps keep their parameters. An
/// error names the step (`step 3 (tf_idf): …`).
pub fn fit(steps: &[Step], mut table: Table) -> Result<(Vec<Step>, Table)> {
    let mut fitted = Vec::with_capacity(steps.len());
    for (n, step) in steps.iter().enumerate() {
        let at = |e: DataError| match e {
            DataError::InvalidOption { field, reason } => DataError::InvalidOption {
                field,
                reason: format!("step {} ({}): {reason}", n + 1, step.op()),
            },
            other => other,
        };
        let step = fit_step(step, &table).map_err(at)?;
        table = apply_step(&step, table).map_err(at)?;
        fitted.push(step);
    }
    Ok((fitted, table))
}

impl Step {
    /// The step's `op` name, as in recipe JSON.
    pub fn op(&self) -> &'static str {
        match self {
            Self::DropColumns { .. } => "drop_columns",
            Self::Rename { .. } => "rename",
            Self::Impute { .. } => "impute",
            Self::OneHot { .. } => "one_hot",
            Self::Ordinal { .. } => "ordinal",
            Self::Scale { .. } => "scale",
            Self::FilterRows { .. } => "filter_rows",
            Self::DropDuplicates { .. } => "drop_duplicates",
            Self::ClipOutliers { .. } => "clip_outliers",
            Self::Cast { .. } => "cast",
            Self::DateParts { .. } => "date_parts",
            Self::WordCount { .. } => "word_count",
            Self::TfIdf { .. } => "tf_idf",
            Self::ImagePixels { .. } => "image_pixels",
        }
    }
}

/// Replays fitted steps on `table` (new rows at prediction time, or the stored data).
pub fn apply(steps: &[Step], mut table: Table) -> Result<Table> {
    for step in steps {
        table = apply_step(step, table)?;
    }
    Ok(table)
}

fn numbers(array: &ArrayRef) -> Vec<Option<f64>> {
    if let Some(a) = array.as_any().downcast_ref::<Float64Array>() {
        return a.iter().collect();
    }
    if let Some(a) = array.as_any().downcast_ref::<Int64Array>() {
        #[allow(clippy::cast_precision_loss)] // features are modelled as f64
        return a.iter().map(|v| v.map(|v| v as f64)).collect();
    }
    if let Some(a) = array.as_any().downcast_ref::<arrow_array::BooleanArray>() {
        return a
            .iter()
            .map(|v| v.map(|b| if b { 1.0 } else { 0.0 }))
            .collect();
    }
    vec![None; array.len()]
}

fn labels(array: &ArrayRef) -> Vec<Option<String>> {
    (0..array.len())
        .map(|i| {
            if array.is_null(i) {
                return None;
            }
            let v = crate::read::json_value(array, i);
            Some(match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
        })
        .collect()
}

fn numeric_column<'t>(table: &'t Table, column: &str, op: &str) -> Result<(usize, &'t ArrayRef)> {
    let i = table.index(column)?;
    if !matches!(table.columns[i].ty, ColumnType::Integer | ColumnType::Float) {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!(
                "{op} needs a numeric column; {column:?} is {}",
                table.columns[i].ty.name()
            ),
        });
    }
    Ok((i, &table.arrays[i]))
}

fn sorted_present(values: &[Option<f64>]) -> Vec<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    crate::float_sort::sort_f64(&mut v);
    v
}

#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Category frequencies, most frequent first, ties by label.
fn frequencies(values: &[Option<String>]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let mut all: Vec<(String, usize)> =
        counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all
}

#[allow(clippy::cast_precision_loss)]
fn fit_step(step: &Step, table: &Table) -> Result<Step> {
    let mut step = step.clone();
    match &mut step {
        Step::Impute {
            column,
            strategy,
            value,
            fitted,
        } if fitted.is_none() => {
            *fitted = Some(fit_impute(table, column, *strategy, value.as_ref())?);
        }
        Step::OneHot {
            column,
            fitted,
            max_categories,
        } if fitted.is_none() => {
            let i = table.index(column)?;
            let mut cats: Vec<String> = frequencies(&labels(&table.arrays[i]))
                .into_iter()
                .map(|(v, _)| v)
                .collect();
            cats.truncate(*max_categories);
            *fitted = Some(cats);
        }
        Step::Ordinal { column, fitted } if fitted.is_none() => {
            let i = table.index(column)?;
            let mut cats: Vec<String> = frequencies(&labels(&table.arrays[i]))
                .into_iter()
                .map(|(v, _)| v)
                .collect();
            cats.sort();
            *fitted = Some(cats);
        }
        Step::Scale {
            column,
            method,
            fitted,
        } if fitted.is_none() => {
            let (_, array) = numeric_column(table, column, "scale")?;
            *fitted = Some(fit_scale(&sorted_present(&numbers(array)), *method));
        }
        Step::TfIdf {
            column,
            max_features,
            fitted,
        } if fitted.is_none() => {
            *fitted = Some(fit_tf_idf(
                &derived::texts(table, column, "tf_idf")?,
                *max_features,
            ));
        }
        Step::ClipOutliers {
            column,
            method,
            k,
            quantiles: (lo, hi),
            fitted,
        } if fitted.is_none() => {
            let (_, array) = numeric_column(table, column, "clip_outliers")?;
            let v = sorted_present(&numbers(array));
            *fitted = Some(match method {
                ClipMethod::Iqr => {
                    let (q1, q3) = (quantile(&v, 0.25), quantile(&v, 0.75));
                    let iqr = q3 - q1;
                    (q1 - *k * iqr, q3 + *k * iqr)
                }
                ClipMethod::Quantile => {
                    if !(0.0..=1.0).contains(lo) || !(0.0..=1.0).contains(hi) || lo >= hi {
                        return Err(DataError::InvalidOption {
                            field: "recipe",
                            reason: format!(
                                "clip_outliers on {column:?}: quantiles must satisfy 0 <= low < high <= 1, not ({lo}, {hi})"
                            ),
                        });
                    }
                    (quantile(&v, *lo), quantile(&v, *hi))
                }
            });
        }
        _ => {}
    }
    Ok(step)
}

/// The value `impute` fills `column` with.
#[allow(clippy::cast_precision_loss)]
fn fit_impute(
    table: &Table,
    column: &str,
    strategy: ImputeStrategy,
    value: Option<&Fill>,
) -> Result<Fill> {
    let i = table.index(column)?;
    let numeric = matches!(table.columns[i].ty, ColumnType::Integer | ColumnType::Float);
    let refuse = |reason: String| DataError::InvalidOption {
        field: "recipe",
        reason,
    };
    Ok(match (strategy, numeric) {
        (ImputeStrategy::Mean, true) => {
            let v = sorted_present(&numbers(&table.arrays[i]));
            Fill::Number(if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            })
        }
        (ImputeStrategy::Median, true) => {
            Fill::Number(quantile(&sorted_present(&numbers(&table.arrays[i])), 0.5))
        }
        (ImputeStrategy::Mode, _) => {
            let top = frequencies(&labels(&table.arrays[i]))
                .into_iter()
                .next()
                .map(|(v, _)| v)
                .unwrap_or_default();
            if numeric {
                Fill::Number(top.parse().unwrap_or(0.0))
            } else {
                Fill::Label(top)
            }
        }
        (ImputeStrategy::Constant, _) => match (value, numeric) {
            (Some(Fill::Number(x)), true) if x.is_finite() => Fill::Number(*x),
            (Some(Fill::Label(s)), false) => Fill::Label(s.clone()),
            (Some(Fill::Number(x)), false) => Fill::Label(x.to_string()),
            (Some(other), true) => {
                return Err(refuse(format!(
                    "impute constant: {column:?} is numeric; {other:?} is not a finite number"
                )));
            }
            (None, _) => {
                return Err(refuse(format!(
                    "impute constant on {column:?} needs a value"
                )));
            }
        },
        (_, false) => {
            return Err(refuse(format!(
                "impute mean/median needs a numeric column; {column:?} is not (use mode or constant)"
            )));
        }
    })
}

/// (offset, scale) of `method` on the sorted present values `v`.
#[allow(clippy::cast_precision_loss)]
fn fit_scale(v: &[f64], method: ScaleMethod) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    match method {
        ScaleMethod::Standard => {
            let mean = v.iter().sum::<f64>() / n;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
            (mean, if var > 0.0 { var.sqrt() } else { 1.0 })
        }
        ScaleMethod::MinMax => {
            let (lo, hi) = (
                v.first().copied().unwrap_or(0.0),
                v.last().copied().unwrap_or(1.0),
            );
            (lo, if hi > lo { hi - lo } else { 1.0 })
        }
    }
}

fn unfitted(step: &str, column: &str) -> DataError {
    DataError::InvalidOption {
        field: "recipe",
        reason: format!("step {step} on {column:?} is not fitted; fit the recipe first"),
    }
}

fn apply_step(step: &Step, mut t: Table) -> Result<Table> {
    match step {
        Step::DropColumns { columns } => {
            for c in columns {
                let i = t.index(c)?;
                t.columns.remove(i);
                t.arrays.remove(i);
            }
        }
        Step::Rename { from, to } => {
            let i = t.index(from)?;
            if t.columns.iter().any(|c| &c.name == to) {
                return Err(DataError::InvalidOption {
                    field: "recipe",
                    reason: format!("a column named {to:?} already exists"),
                });
            }
            t.columns[i].name.clone_from(to);
        }
        Step::Impute { column, fitted, .. } => {
            let fill = fitted.as_ref().ok_or_else(|| unfitted("impute", column))?;
            apply_impute(&mut t, column, fill)?;
        }
        Step::OneHot { column, fitted, .. } => {
            let cats = fitted.as_ref().ok_or_else(|| unfitted("one_hot", column))?;
            apply_one_hot(&mut t, column, cats)?;
        }
        Step::Ordinal { column, fitted } => {
            let cats = fitted.as_ref().ok_or_else(|| unfitted("ordinal", column))?;
            let index: HashMap<&str, i64> = cats
                .iter()
                .enumerate()
                .map(|(k, c)| (c.as_str(), i64::try_from(k).unwrap_or(-1)))
                .collect();
            let i = t.index(column)?;
            let array: Int64Array = labels(&t.arrays[i])
                .iter()
                .map(|v| {
                    Some(
                        v.as_deref()
                            .and_then(|v| index.get(v).copied())
                            .unwrap_or(-1),
                    )
                })
                .collect();
            t.columns[i].ty = ColumnType::Integer;
            t.arrays[i] = Arc::new(array);
        }
        Step::Scale { column, fitted, .. } => {
            let (offset, scale) = fitted.ok_or_else(|| unfitted("scale", column))?;
            let (i, array) = numeric_column(&t, column, "scale")?;
            let scaled: Float64Array = numbers(array)
                .into_iter()
                .map(|v| v.map(|x| (x - offset) / scale))
                .collect();
            t.columns[i].ty = ColumnType::Float;
            t.arrays[i] = Arc::new(scaled);
        }
        Step::FilterRows {
            column,
            compare,
            value,
        } => {
            let keep = filter_mask(&t, column, *compare, value.as_ref())?;
            t = filter_rows(&t, &keep)?;
        }
        Step::DropDuplicates { columns } => t = drop_duplicates(&t, columns)?,
        Step::Cast { column, to } => derived::apply_cast(&mut t, column, *to)?,
        Step::DateParts { column, parts } => derived::apply_date_parts(&mut t, column, parts)?,
        Step::WordCount { column } => derived::apply_word_count(&mut t, column)?,
        Step::TfIdf { column, fitted, .. } => {
            let fit = fitted.as_ref().ok_or_else(|| unfitted("tf_idf", column))?;
            derived::apply_tf_idf(&mut t, column, fit)?;
        }
        Step::ImagePixels { column, size } => derived::apply_image_pixels(&mut t, column, *size)?,
        Step::ClipOutliers { column, fitted, .. } => {
            let (lo, hi) = fitted.ok_or_else(|| unfitted("clip_outliers", column))?;
            let (i, array) = numeric_column(&t, column, "clip_outliers")?;
            let clipped: Float64Array = numbers(array)
                .into_iter()
                .map(|v| v.map(|x| x.clamp(lo, hi)))
                .collect();
            t.columns[i].ty = ColumnType::Float;
            t.arrays[i] = Arc::new(clipped);
        }
    }
    Ok(t)
}

/// The first of the rows of `t` that are equal in `columns` (every column when empty).
fn drop_duplicates(t: &Table, columns: &[String]) -> Result<Table> {
    let indices = if columns.is_empty() {
        (0..t.columns.len()).collect()
    } else {
        columns
            .iter()
            .map(|c| t.index(c))
            .collect::<Result<Vec<_>>>()?
    };
    let keys: Vec<Vec<Option<String>>> = indices.iter().map(|i| labels(&t.arrays[*i])).collect();
    let mut seen = std::collections::HashSet::new();
    let keep: Vec<bool> = (0..t.rows())
        .map(|r| seen.insert(keys.iter().map(|k| k[r].clone()).collect::<Vec<_>>()))
        .collect();
    filter_rows(t, &keep)
}

/// Which rows of `t` satisfy `column op value`.
fn filter_mask(
    t: &Table,
    column: &str,
    op: FilterOp,
    value: Option<&serde_json::Value>,
) -> Result<Vec<bool>> {
    let i = t.index(column)?;
    let array = &t.arrays[i];
    let missing = |r: usize| array.is_null(r);
    if matches!(op, FilterOp::IsMissing | FilterOp::NotMissing) {
        let want = op == FilterOp::IsMissing;
        return Ok((0..array.len()).map(|r| missing(r) == want).collect());
    }
    let Some(value) = value else {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!("filter_rows on {column:?} needs a value to compare with"),
        });
    };
    let numeric = matches!(t.columns[i].ty, ColumnType::Integer | ColumnType::Float);
    if numeric {
        let Some(v) = value
            .as_f64()
            .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
        else {
            return Err(DataError::InvalidOption {
                field: "recipe",
                reason: format!("filter_rows: {column:?} is numeric; {value} is not a number"),
            });
        };
        #[allow(clippy::float_cmp, reason = "eq/ne on numbers mean exactly that value")]
        return Ok(numbers(array)
            .into_iter()
            .map(|x| {
                x.is_some_and(|x| match op {
                    FilterOp::Eq => x == v,
                    FilterOp::Ne => x != v,
                    FilterOp::Lt => x < v,
                    FilterOp::Le => x <= v,
                    FilterOp::Gt => x > v,
                    FilterOp::Ge => x >= v,
                    FilterOp::IsMissing | FilterOp::NotMissing => false,
                })
            })
            .collect());
    }
    if !matches!(op, FilterOp::Eq | FilterOp::Ne) {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!(
                "filter_rows: {column:?} is {}; only eq and ne compare labels",
                t.columns[i].ty.name()
            ),
        });
    }
    let want = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned);
    Ok(labels(array)
        .into_iter()
        .map(|x| x.is_some_and(|x| (x == want) == (op == FilterOp::Eq)))
        .collect())
}

/// Fills the missing values of `column`. A whole-number fill keeps an integer column integer;
/// any other numeric fill makes it a float column (the exact mean, not a rounded one).
fn apply_impute(t: &mut Table, column: &str, fill: &Fill) -> Result<()> {
    let i = t.index(column)?;
    t.arrays[i] = match (fill, t.columns[i].ty) {
        (Fill::Number(x), ColumnType::Integer) if x.fract() == 0.0 && x.abs() < 9.0e15 => {
            #[allow(clippy::cast_possible_truncation)] // whole and within ±2^53: exact
            let x = *x as i64;
            let a = t.arrays[i]
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| unfitted("impute", column))?;
            Arc::new(
                a.iter()
                    .map(|v| Some(v.unwrap_or(x)))
                    .collect::<Int64Array>(),
            )
        }
        (Fill::Number(x), _) => {
            t.columns[i].ty = ColumnType::Float;
            Arc::new(
                numbers(&t.arrays[i])
                    .into_iter()
                    .map(|v| Some(v.unwrap_or(*x)))
                    .collect::<Float64Array>(),
            )
        }
        (Fill::Label(s), ty) => {
            if ty != ColumnType::Text {
                t.columns[i].ty = ColumnType::Categorical;
            }
            Arc::new(
                labels(&t.arrays[i])
                    .into_iter()
                    .map(|v| Some(v.unwrap_or_else(|| s.clone())))
                    .collect::<StringArray>(),
            )
        }
    };
    Ok(())
}

/// Replaces `column` by one 0/1 float column per fitted category, in place.
fn apply_one_hot(t: &mut Table, column: &str, cats: &[String]) -> Result<()> {
    let i = t.index(column)?;
    let values = labels(&t.arrays[i]);
    t.columns.remove(i);
    t.arrays.remove(i);
    for (k, cat) in cats.iter().enumerate() {
        let array: Float64Array = values
            .iter()
            .map(|v| {
                Some(if v.as_deref() == Some(cat.as_str()) {
                    1.0
                } else {
                    0.0
                })
            })
            .collect();
        t.columns.insert(
            i + k,
            ColumnSchema {
                name: format!("{column}={cat}"),
                ty: ColumnType::Float,
            },
        );
        t.arrays.insert(i + k, Arc::new(array));
    }
    Ok(())
}

/// Reads a whole Parquet snapshot into memory (prep works on the whole table).
pub fn read_table(path: &std::path::Path) -> Result<Table> {
    read_table_head(path, None)
}

/// Reads the first `limit` rows (all when `None`) of a Parquet snapshot into memory.
pub fn read_table_head(path: &std::path::Path, limit: Option<usize>) -> Result<Table> {
    let file = std::fs::File::open(path).map_err(DataError::io(path))?;
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)?;
    let columns: Vec<ColumnSchema> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| ColumnSchema {
            name: f.name().clone(),
            ty: f
                .metadata()
                .get(crate::schema::TYPE_KEY)
                .and_then(|t| ColumnType::from_name(t))
                .unwrap_or(ColumnType::Text),
        })
        .collect();
    let builder = match limit {
        Some(n) => builder.with_limit(n),
        None => builder,
    };
    let batches = builder
        .with_batch_size(64 * 1024)
        .build()?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Table::from_batches(columns, &batches)
}

/// Imports a data file into memory (through a temporary Parquet file, so every import
/// option, type rule and error is the same as for a stored dataset). For files that are not
/// kept: prediction inputs, test data.
pub fn import_table(
    path: &std::path::Path,
    options: &crate::ImportOptions,
    progress: &dyn crate::Progress,
    cancel: &crate::CancelToken,
) -> Result<(crate::ImportReport, Table)> {
    let (report, batches) = crate::import::import_batches(path, options, progress, cancel)?;
    let table = Table::from_batches(report.columns.clone(), &batches)?;
    Ok((report, table))
}

/// Writes a table as a Parquet snapshot into `sink`; returns the rows and the sink.
pub fn write_table<W: std::io::Write + Send + 'static>(table: &Table, sink: W) -> Result<(u64, W)> {
    let mut out = crate::import::BatchWriter::new(
        crate::parquet_out::ParquetSink::new(sink),
        &table.columns,
        64 * 1024,
    )?;
    out.write_ready(table.to_batch()?)?;
    out.finish()
}

/// The rows of `table` where `keep` is true (e.g. the training part of a split).
pub fn filter_rows(table: &Table, keep: &[bool]) -> Result<Table> {
    let mask = arrow_array::BooleanArray::from(keep.to_vec());
    let batch = arrow_select::filter::filter_record_batch(&table.to_batch()?, &mask)?;
    Ok(Table {
        columns: table.columns.clone(),
        arrays: batch.columns().to_vec(),
    })
}
