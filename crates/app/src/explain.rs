//! Explaining a stored model on a dataset: SHAP values per row (written to a file, one column
//! per raw column), global importance, additivity — the Explain panel's and CLI's backend.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};
use modeldesk_data::recipe::{Table, read_table};
use modeldesk_data::{ColumnSchema, ColumnType, ExportFormat, JobProgress, Progress, export_table};
use modeldesk_explain::{ShapValues, interaction_values, shap_values};
use modeldesk_train::{CancelToken, Matrix, Task, TrainedModel, encode};
use serde::Serialize;

use crate::{AppError, Result, Workspace};

/// Which rows to explain: `start..end` of the dataset (all rows when `None`).
pub type RowRange = Option<(u64, u64)>;

/// Mean |SHAP| of one raw column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Importance {
    /// The raw column.
    pub feature: String,
    /// Mean |SHAP| over the rows (summed over classes for multiclass).
    pub mean_abs_shap: f64,
}

/// What an explanation produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainSummary {
    /// Rows explained.
    pub rows: usize,
    /// The method used.
    pub method: &'static str,
    /// The output space of the values (`log-odds`, `logits`, `value`).
    pub output_space: &'static str,
    /// Base value per output.
    pub base: Vec<f64>,
    /// Raw columns by mean |SHAP|, largest first.
    pub importance: Vec<Importance>,
    /// Largest |base + Σφ − model output| (additivity check).
    pub max_additivity_error: f64,
    /// The SHAP file written, if any.
    pub out: Option<PathBuf>,
    /// The interaction file written, if any.
    pub interactions_out: Option<PathBuf>,
    /// Time computing the SHAP values, in milliseconds.
    pub shap_ms: u64,
    /// Time computing the interaction values, in milliseconds.
    pub interactions_ms: Option<u64>,
}

/// SHAP values of a model on rows, by raw column — what the Explain panel draws.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainView {
    /// Raw columns, in value order.
    pub columns: Vec<String>,
    /// What each output is: the class labels (multiclass), or one entry (binary: the positive
    /// class; regression: the target).
    pub outputs: Vec<String>,
    /// Rows explained.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: usize,
    /// First dataset row explained.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub first_row: u64,
    /// `values[(row * outputs + k) * columns + c]`.
    pub values: Vec<f64>,
    /// Base value per output.
    pub base: Vec<f64>,
    /// `log-odds`, `logits` or `value`.
    pub output_space: String,
    /// Columns by mean |SHAP|, largest first.
    pub importance: Vec<Importance>,
    /// Largest |base + Σφ − model output|.
    pub max_additivity_error: f64,
}

/// An explanation ready to run: the model and its encoded rows.
#[derive(Debug)]
pub struct ExplainJob {
    model: TrainedModel,
    x: Matrix,
    first_row: u64,
}

impl ExplainJob {
    /// Computes the SHAP values (parallel over rows), reporting rows done.
    pub fn run(&self, progress: &dyn Progress, cancel: &CancelToken) -> Result<ExplainView> {
        let model = &self.model;
        let report = |done: usize, total: usize| {
            progress.report(JobProgress {
                stage: "explain",
                done: done as u64,
                total: Some(total as u64),
                rows: done as u64,
            });
        };
        let shap = shap_values(model, &self.x, &report, cancel)?;
        let raw = regroup(model, &shap);
        let outputs = match model.target.task {
            Task::Multiclass => model.target.classes.clone(),
            Task::Binary => model.target.classes.last().cloned().into_iter().collect(),
            Task::Regression => vec![model.target.column.clone()],
        };
        Ok(ExplainView {
            importance: importance(&raw, shap.rows),
            columns: raw.names,
            outputs,
            rows: shap.rows,
            first_row: self.first_row,
            values: raw.values,
            base: shap.base,
            output_space: output_space(model.target.task).to_owned(),
            max_additivity_error: shap.max_additivity_error,
        })
    }
}

/// SHAP values regrouped by raw column (one-hot groups and renames mapped back).
struct RawShap {
    names: Vec<String>,
    /// `[(row * outputs + k) * names + c]`.
    values: Vec<f64>,
}

fn regroup(model: &TrainedModel, shap: &ShapValues) -> RawShap {
    let source = |f: &str| {
        model
            .preprocess
            .as_ref()
            .map_or_else(|| f.to_owned(), |p| p.source_of(f))
    };
    let mut names: Vec<String> = Vec::new();
    let owner: Vec<usize> = shap
        .features
        .iter()
        .map(|f| {
            let s = source(f);
            names.iter().position(|n| *n == s).unwrap_or_else(|| {
                names.push(s);
                names.len() - 1
            })
        })
        .collect();
    let f = shap.features.len();
    let c = names.len();
    let mut values = vec![0.0; shap.rows * shap.outputs * c];
    for (i, phi) in shap.values.chunks(f.max(1)).enumerate() {
        for (j, v) in phi.iter().enumerate() {
            values[i * c + owner[j]] += v;
        }
    }
    RawShap { names, values }
}

fn output_space(task: Task) -> &'static str {
    match task {
        Task::Binary => "log-odds",
        Task::Multiclass => "logits",
        Task::Regression => "value",
    }
}

impl Workspace {
    /// The encoded rows of a dataset version for a model: the stored columns when they are the
    /// model's, else the model's recipe replayed on them (a raw version).
    fn model_rows(&self, model: &TrainedModel, dataset: &str, range: RowRange) -> Result<Matrix> {
        let store = self.store()?;
        let version = store.resolve_dataset(dataset)?;
        let mut table = read_table(&store.blobs().path(&version.blob_sha256)?)?;
        if let Some((start, end)) = range {
            let rows = table.rows();
            let (start, end) = (
                usize::try_from(start).unwrap_or(rows).min(rows),
                usize::try_from(end).unwrap_or(rows).min(rows),
            );
            if start >= end {
                return Err(AppError::Invalid {
                    field: "rows",
                    reason: format!("{start}..{end} selects no rows of {rows}"),
                });
            }
            table = Table {
                columns: table.columns.clone(),
                arrays: table
                    .arrays
                    .iter()
                    .map(|a| a.slice(start, end - start))
                    .collect(),
            };
        }
        match (encode(&table, &model.features), &model.preprocess) {
            (Ok(x), _) => Ok(x),
            // Not the model's columns: the raw columns its recipe starts from? If not, the
            // missing model column is the clearer message.
            (Err(e), Some(p)) => Ok(p
                .apply(table)
                .and_then(|t| encode(&t, &model.features))
                .map_err(|_| e)?),
            (Err(e), None) => Err(e.into()),
        }
    }

    /// SHAP values of `model` on rows of `dataset`, by raw column (for drawing).
    pub fn explain_view(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ExplainView> {
        self.explain_job(model_ref, dataset, range)?
            .run(progress, cancel)
    }

    /// Reads what an explanation needs (the model, the encoded rows); run it without the
    /// workspace with [`ExplainJob::run`].
    pub fn explain_job(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
    ) -> Result<ExplainJob> {
        let (_, model) = self.trained_model(model_ref)?;
        let x = self.model_rows(&model, dataset, range)?;
        Ok(ExplainJob {
            model,
            x,
            first_row: range.map_or(0, |(start, _)| start),
        })
    }

    /// Explains `model` on rows of `dataset`; writes the values to `out` when given.
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a separate user choice"
    )]
    pub fn explain(
        &self,
        model_ref: &str,
        dataset: &str,
        range: RowRange,
        interactions: bool,
        out: Option<&Path>,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ExplainSummary> {
        let (_, model) = self.trained_model(model_ref)?;
        let x = self.model_rows(&model, dataset, range)?;
        let report = |done: usize, total: usize| {
            progress.report(JobProgress {
                stage: "explain",
                done: done as u64,
                total: Some(total as u64),
                rows: done as u64,
            });
        };
        let started = std::time::Instant::now();
        let shap = shap_values(&model, &x, &report, cancel)?;
        let shap_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let raw = regroup(&model, &shap);
        let importance = importance(&raw, shap.rows);
        let format = |p: &Path| match p.extension().and_then(|e| e.to_str()) {
            Some("parquet") => ExportFormat::Parquet,
            _ => ExportFormat::Csv,
        };
        if let Some(path) = out {
            let table = shap_table(&model, &shap, &raw);
            export_table(&table, path, format(path), overwrite, progress, cancel)?;
        }
        let mut interactions_out = None;
        let mut interactions_ms = None;
        if interactions {
            let started = std::time::Instant::now();
            let values = interaction_values(&model, &x, &report, cancel)?;
            interactions_ms =
                Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            if let Some(path) = out {
                let path = path.with_extension(format!(
                    "interactions.{}",
                    path.extension().and_then(|e| e.to_str()).unwrap_or("csv")
                ));
                let table = interaction_table(&model, &shap, &values);
                export_table(&table, &path, format(&path), overwrite, progress, cancel)?;
                interactions_out = Some(path);
            }
        }
        Ok(ExplainSummary {
            rows: shap.rows,
            method: match &model.body {
                modeldesk_train::ModelBody::Gbdt(_) => "tree",
                _ => "linear",
            },
            output_space: output_space(model.target.task),
            base: shap.base.clone(),
            importance,
            max_additivity_error: shap.max_additivity_error,
            out: out.map(Path::to_path_buf),
            interactions_out,
            shap_ms,
            interactions_ms,
        })
    }
}

fn importance(raw: &RawShap, rows: usize) -> Vec<Importance> {
    let c = raw.names.len();
    let mut sums = vec![0.0; c];
    for phi in raw.values.chunks(c.max(1)) {
        for (s, v) in sums.iter_mut().zip(phi) {
            *s += v.abs();
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "row counts fit f64")]
    let mut out: Vec<Importance> = raw
        .names
        .iter()
        .zip(sums)
        .map(|(n, s)| Importance {
            feature: n.clone(),
            mean_abs_shap: s / rows.max(1) as f64,
        })
        .collect();
    out.sort_by(|a, b| b.mean_abs_shap.total_cmp(&a.mean_abs_shap));
    out
}

fn column(name: &str, ty: ColumnType, array: ArrayRef) -> (ColumnSchema, ArrayRef) {
    (
        ColumnSchema {
            name: name.to_owned(),
            ty,
        },
        array,
    )
}

fn into_table(columns: Vec<(ColumnSchema, ArrayRef)>) -> Table {
    let (columns, arrays) = columns.into_iter().unzip();
    Table { columns, arrays }
}

/// One row per explained row (and class): `row`, `class` (multiclass), one column per raw column,
/// `base_value`, `prediction` (raw output space).
fn shap_table(model: &TrainedModel, shap: &ShapValues, raw: &RawShap) -> Table {
    let k = shap.outputs;
    let c = raw.names.len();
    let n = shap.rows * k;
    let mut cols = vec![column(
        "row",
        ColumnType::Integer,
        Arc::new(Int64Array::from_iter_values(
            (0..n).map(|i| i64::try_from(i / k).unwrap_or(i64::MAX)),
        )),
    )];
    if k > 1 {
        let classes: Vec<String> = (0..n)
            .map(|i| model.target.classes[i % k].clone())
            .collect();
        cols.push(column(
            "class",
            ColumnType::Categorical,
            Arc::new(StringArray::from(classes)),
        ));
    }
    for (j, name) in raw.names.iter().enumerate() {
        let v: Vec<f64> = (0..n).map(|i| raw.values[i * c + j]).collect();
        cols.push(column(
            name,
            ColumnType::Float,
            Arc::new(Float64Array::from(v)),
        ));
    }
    let base: Vec<f64> = (0..n).map(|i| shap.base[i % k]).collect();
    let prediction: Vec<f64> = (0..n)
        .map(|i| shap.base[i % k] + raw.values[i * c..(i + 1) * c].iter().sum::<f64>())
        .collect();
    cols.push(column(
        "base_value",
        ColumnType::Float,
        Arc::new(Float64Array::from(base)),
    ));
    cols.push(column(
        "prediction",
        ColumnType::Float,
        Arc::new(Float64Array::from(prediction)),
    ));
    into_table(cols)
}

/// Long format: `row`, `class` (multiclass), `feature`, `other`, `value` (model features).
fn interaction_table(model: &TrainedModel, shap: &ShapValues, values: &[f64]) -> Table {
    let k = shap.outputs;
    let f = shap.features.len();
    let n = values.len();
    let index = |i: usize| (i / (f * f * k), (i / (f * f)) % k, (i / f) % f, i % f);
    let mut cols = vec![column(
        "row",
        ColumnType::Integer,
        Arc::new(Int64Array::from_iter_values(
            (0..n).map(|i| i64::try_from(index(i).0).unwrap_or(i64::MAX)),
        )),
    )];
    if k > 1 {
        let classes: Vec<String> = (0..n)
            .map(|i| model.target.classes[index(i).1].clone())
            .collect();
        cols.push(column(
            "class",
            ColumnType::Categorical,
            Arc::new(StringArray::from(classes)),
        ));
    }
    let names = |pick: fn((usize, usize, usize, usize)) -> usize| -> ArrayRef {
        Arc::new(StringArray::from(
            (0..n)
                .map(|i| shap.features[pick(index(i))].clone())
                .collect::<Vec<_>>(),
        ))
    };
    cols.push(column("feature", ColumnType::Categorical, names(|t| t.2)));
    cols.push(column("other", ColumnType::Categorical, names(|t| t.3)));
    cols.push(column(
        "value",
        ColumnType::Float,
        Arc::new(Float64Array::from(values.to_vec())),
    ));
    into_table(cols)
}
