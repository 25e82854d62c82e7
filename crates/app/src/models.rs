//! Stored models: listing, exporting the ONNX file, and batch prediction on a data file
//! through ONNX Runtime (the exported graph, on raw columns — what a user's service would run).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, StringArray};
use modeldesk_data::recipe::{Table, import_table, read_table};
use modeldesk_data::{
    ColumnSchema, ColumnType, ExportFormat, ImportOptions, Progress, export_table,
};
use modeldesk_runtime::RuntimeOptions;
use modeldesk_store::ModelRecord;
use modeldesk_train::{CancelToken, Task, TrainedModel};
use serde::{Deserialize, Serialize};

use crate::byo::{ImportedSpec, StoredMeta};
use crate::{AppError, Result, Workspace};

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
    /// `trained` (here) or `imported` (an ONNX file brought in).
    pub origin: String,
    /// What it predicts from what.
    pub summary: ModelSummary,
    /// Mapping and output interpretation of an imported model.
    pub imported: Option<ImportedSpec>,
    /// The card and metrics of a model brought in from a bundle.
    pub bundle: Option<crate::BundleOrigin>,
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
    /// `gbdt`, `linear`, `mlp`, or `onnx` for an imported model.
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PredictSummary {
    /// Rows predicted.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
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

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |source| AppError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `table` with the prediction columns added (`predicted_label` and `prob_<class>`, or
/// `prediction`), and their names; a clash with an existing column is an error naming
/// `input`.
pub(crate) fn with_predictions(
    table: Table,
    outputs: &crate::serving::OutputSpec,
    predictions: crate::serving::Predictions,
    input: &Path,
) -> Result<(Table, Vec<String>)> {
    let mut added: Vec<(String, ColumnType, ArrayRef)> = Vec::new();
    if outputs.task()? == Task::Regression {
        let v = predictions.values.into_iter().next().unwrap_or_default();
        added.push((
            "prediction".to_owned(),
            ColumnType::Float,
            Arc::new(Float64Array::from(v)),
        ));
    } else {
        added.push((
            "predicted_label".to_owned(),
            ColumnType::Categorical,
            Arc::new(StringArray::from(predictions.labels)),
        ));
        for (class, v) in outputs.classes.iter().zip(predictions.values) {
            added.push((
                format!("prob_{class}"),
                ColumnType::Float,
                Arc::new(Float64Array::from(v)),
            ));
        }
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
    Ok((result, added.into_iter().map(|(n, _, _)| n).collect()))
}

impl Workspace {
    /// Every stored model, newest first.
    pub fn models(&self) -> Result<Vec<ModelInfo>> {
        self.store()?
            .models()?
            .iter()
            .map(|m| self.model_info(m))
            .collect()
    }

    /// A stored model as faces list it.
    pub(crate) fn model_info(&self, m: &ModelRecord) -> Result<ModelInfo> {
        let store = self.store()?;
        let onnx_bytes =
            std::fs::metadata(store.blobs().path(&m.blob_sha256)?).map_or(0, |md| md.len());
        let meta = StoredMeta::parse(&m.meta_json);
        Ok(ModelInfo {
            id: m.id.to_string(),
            run_id: m.run_id.map(|r| r.to_string()),
            origin: if m.sidecar_sha256.is_some() {
                "trained"
            } else {
                "imported"
            }
            .to_owned(),
            summary: meta.summary,
            imported: meta.imported,
            bundle: meta.bundle,
            name: m.name.clone(),
            onnx_bytes,
            created_at: m.created_at.clone(),
            author: m.author.clone(),
        })
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

    /// Predicts every row of the data file `input` (or, when no file has that name, of the
    /// stored dataset it names) with a stored model through ONNX Runtime and writes the input
    /// columns plus predictions to `out` (CSV, or Parquet by extension).
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
        let record = self.store()?.resolve_model(reference)?;
        let format = match out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("parquet") => ExportFormat::Parquet,
            _ => ExportFormat::Csv,
        };
        let started = std::time::Instant::now();
        // A stored dataset (name, name@version or id) when no file has that name.
        let stored = (!input.exists())
            .then(|| {
                self.store()
                    .ok()?
                    .resolve_dataset(&input.to_string_lossy())
                    .ok()
            })
            .flatten();
        let table = match stored {
            Some(version) => read_table(&self.store()?.blobs().path(&version.blob_sha256)?)?,
            None => import_table(input, options, progress, cancel)?.1,
        };
        let read = started.elapsed();
        let plan = self.serving_plan(&record, runtime)?;
        let predictions = plan.predict(&table, true, progress, cancel)?;
        let (result, added) = with_predictions(table, &plan.outputs, predictions, input)?;
        let predicted = started.elapsed();
        let written = export_table(&result, out, format, overwrite, progress, cancel)?;
        tracing::info!(
            rows = written,
            read_ms = read.as_millis(),
            predict_ms = predicted.saturating_sub(read).as_millis(),
            write_ms = started.elapsed().saturating_sub(predicted).as_millis(),
            "predicted a file"
        );
        Ok(PredictSummary {
            rows: written,
            out: out.to_path_buf(),
            added_columns: added,
        })
    }
}
