//! Stored models: listing, exporting the ONNX file, and batch prediction on a data file
//! through ONNX Runtime (the exported graph, on raw columns — what a user's service would run).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Float64Array, StringArray};
use modeldesk_data::recipe::{Table, import_table};
use modeldesk_data::{
    ColumnSchema, ColumnType, ExportFormat, ImportOptions, Progress, export_table,
};
use modeldesk_runtime::{Runtime, RuntimeOptions, Tensor};
use modeldesk_store::ModelRecord;
use modeldesk_train::export::outputs;
use modeldesk_train::{CancelToken, FeedValues, Task, TrainedModel, onnx_feeds};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::{AppError, Result, Workspace};

/// Rows sent to ONNX Runtime per call.
const PREDICT_BATCH: usize = 65_536;

/// A model as faces list it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelInfo {
    /// Model UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Run that trained it.
    pub run_id: Option<String>,
    /// What it predicts from what.
    pub summary: ModelSummary,
    /// Size of the ONNX file.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub onnx_bytes: u64,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who made it.
    pub author: String,
}

/// What a model predicts from what (stored with the model).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSummary {
    /// `binary`, `multiclass`, `regression`.
    pub task: String,
    /// `gbdt`, `linear`, `mlp`.
    pub family: String,
    /// Target column.
    pub target: String,
    /// Class labels (classification).
    pub classes: Vec<String>,
    /// Input features.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub features: usize,
    /// `name@version` trained on.
    pub dataset: String,
    /// `raw` (the recipe is in the ONNX graph), `dataset` (no recipe), or why the prepared
    /// columns are the inputs.
    pub inputs: String,
}

/// A written prediction file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PredictSummary {
    /// Rows predicted.
    pub rows: u64,
    /// The file written.
    pub out: PathBuf,
    /// Columns added to the input's.
    pub added_columns: Vec<String>,
}

/// A written ONNX file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedModel {
    /// The file.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Its SHA-256.
    pub sha256: String,
}

/// Rows `offset..offset+len` of a table (zero-copy).
fn slice(table: &Table, offset: usize, len: usize) -> Table {
    Table {
        columns: table.columns.clone(),
        arrays: table.arrays.iter().map(|a| a.slice(offset, len)).collect(),
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |source| AppError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Runs `table` through the ONNX session in batches: (labels, one value column per output).
fn serve(
    session: &modeldesk_runtime::Model,
    model: &TrainedModel,
    table: &Table,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<(Vec<String>, Vec<Vec<f64>>)> {
    let rows = table.rows();
    let classification = model.target.task != Task::Regression;
    let k = model.target.classes.len();
    let mut labels: Vec<String> = Vec::with_capacity(if classification { rows } else { 0 });
    let mut values: Vec<Vec<f64>> =
        vec![Vec::with_capacity(rows); if classification { k } else { 1 }];
    // The graph's own inputs: raw columns by name (strings for labels, doubles otherwise).
    let inputs: Vec<(String, bool)> = session
        .inputs()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.kind == modeldesk_runtime::TensorKind::String,
            )
        })
        .collect();
    let mut offset = 0;
    while offset < rows {
        if cancel.is_cancelled() {
            return Err(modeldesk_data::DataError::Cancelled.into());
        }
        let len = PREDICT_BATCH.min(rows - offset);
        let part = slice(table, offset, len);
        let feeds = onnx_feeds(&part, &inputs)?
            .into_iter()
            .map(|(name, v)| {
                let tensor = match v {
                    FeedValues::Double(v) => {
                        Array2::from_shape_vec((len, 1), v).map(|a| Tensor::F64(a.into_dyn()))
                    }
                    FeedValues::Strings(v) => {
                        Array2::from_shape_vec((len, 1), v).map(|a| Tensor::String(a.into_dyn()))
                    }
                };
                tensor.map(|t| (name, t)).map_err(|e| AppError::Invalid {
                    field: "input",
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for (name, tensor) in session.run(feeds)? {
            match (name.as_str(), tensor) {
                (outputs::LABEL, Tensor::String(a)) => labels.extend(a.iter().cloned()),
                (outputs::PROBABILITIES | outputs::PREDICTION, t) => {
                    let flat = t.to_f64_vec().unwrap_or_default();
                    let width = values.len();
                    for (i, v) in flat.into_iter().enumerate() {
                        values[i % width].push(v);
                    }
                }
                _ => {}
            }
        }
        offset += len;
        progress.report(modeldesk_data::JobProgress {
            stage: "predict",
            done: offset as u64,
            total: Some(rows as u64),
            rows: offset as u64,
        });
    }
    Ok((labels, values))
}

impl Workspace {
    /// Every stored model, newest first.
    pub fn models(&self) -> Result<Vec<ModelInfo>> {
        let store = self.store()?;
        store
            .models()?
            .into_iter()
            .map(|m| {
                let onnx_bytes =
                    std::fs::metadata(store.blobs().path(&m.blob_sha256)?).map_or(0, |md| md.len());
                Ok(ModelInfo {
                    id: m.id.to_string(),
                    run_id: m.run_id.map(|r| r.to_string()),
                    summary: serde_json::from_str(&m.meta_json).unwrap_or_default(),
                    name: m.name,
                    onnx_bytes,
                    created_at: m.created_at,
                    author: m.author,
                })
            })
            .collect()
    }

    /// The trainer's model file of a model trained here.
    pub fn trained_model(&self, reference: &str) -> Result<(ModelRecord, TrainedModel)> {
        let store = self.store()?;
        let record = store.resolve_model(reference)?;
        let Some(sidecar) = &record.sidecar_sha256 else {
            return Err(AppError::Invalid {
                field: "model",
                reason: format!(
                    "{} was not trained in ModelDesk (no trainer file)",
                    record.name
                ),
            });
        };
        let model: TrainedModel =
            serde_json::from_slice(&store.blobs().read(sidecar)?).map_err(|e| {
                AppError::Invalid {
                    field: "stored model",
                    reason: format!("{}: {e}", record.name),
                }
            })?;
        Ok((record, model))
    }

    /// Writes a model's ONNX file to `out` (refusing to overwrite unless `overwrite`).
    pub fn export_model(
        &self,
        reference: &str,
        out: &Path,
        overwrite: bool,
    ) -> Result<ExportedModel> {
        let store = self.store()?;
        let record = store.resolve_model(reference)?;
        if out.exists() && !overwrite {
            return Err(AppError::Invalid {
                field: "output",
                reason: format!(
                    "{} already exists (pass --force to replace it)",
                    out.display()
                ),
            });
        }
        let bytes = store.blobs().read(&record.blob_sha256)?;
        let tmp = out.with_extension("onnx.partial");
        std::fs::write(&tmp, &bytes).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, out).map_err(io_err(out))?;
        Ok(ExportedModel {
            path: out.to_path_buf(),
            bytes: bytes.len() as u64,
            sha256: record.blob_sha256,
        })
    }

    /// Predicts every row of the data file `input` with a stored model through ONNX Runtime
    /// and writes the input columns plus predictions to `out` (CSV, or Parquet by extension).
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a separate user choice"
    )]
    pub fn predict_file(
        &self,
        reference: &str,
        input: &Path,
        out: &Path,
        options: &ImportOptions,
        runtime: &RuntimeOptions,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<PredictSummary> {
        let (record, model) = self.trained_model(reference)?;
        let onnx = self.store()?.blobs().read(&record.blob_sha256)?;
        let format = match out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("parquet") => ExportFormat::Parquet,
            _ => ExportFormat::Csv,
        };
        let (_, table) = import_table(input, options, progress, cancel)?;
        let session = Runtime::global(runtime)?.model_from_bytes(&onnx, &record.name)?;
        let classification = model.target.task != Task::Regression;
        let (labels, values) = serve(&session, &model, &table, progress, cancel)?;
        let mut added: Vec<(String, ColumnType, ArrayRef)> = Vec::new();
        if classification {
            added.push((
                "predicted_label".to_owned(),
                ColumnType::Categorical,
                Arc::new(StringArray::from(labels)),
            ));
            for (class, v) in model.target.classes.iter().zip(values) {
                added.push((
                    format!("prob_{class}"),
                    ColumnType::Float,
                    Arc::new(Float64Array::from(v)),
                ));
            }
        } else {
            let v = values.into_iter().next().unwrap_or_default();
            added.push((
                "prediction".to_owned(),
                ColumnType::Float,
                Arc::new(Float64Array::from(v)),
            ));
        }
        let mut result = table;
        for (name, ty, array) in &added {
            if result.columns.iter().any(|c| &c.name == name) {
                return Err(AppError::Invalid {
                    field: "input",
                    reason: format!(
                        "{} already has a column named {name:?}; rename it before predicting",
                        input.display()
                    ),
                });
            }
            result.columns.push(ColumnSchema {
                name: name.clone(),
                ty: *ty,
            });
            result.arrays.push(array.clone());
        }
        let written = export_table(&result, out, format, overwrite, progress, cancel)?;
        Ok(PredictSummary {
            rows: written,
            out: out.to_path_buf(),
            added_columns: added.into_iter().map(|(n, _, _)| n).collect(),
        })
    }
}
