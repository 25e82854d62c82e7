//! Models brought in as ONNX files: import (validated by loading them in ONNX Runtime; nothing
//! stored when that fails), inspection, the column mapping and output interpretation saved with
//! the model, and evaluation on a dataset version with the same metrics as models trained here.

use std::path::Path;

use modeldesk_data::recipe::Table;
use modeldesk_data::{Progress, TEST, TRAIN, VALIDATION};
use modeldesk_onnx::{Inspection, embed_external_data, inspect};
use modeldesk_runtime::{Model, ProviderChoice, Runtime, RuntimeOptions};
use modeldesk_store::{ModelRecord, NewActivity, NewEvaluation, NewModel};
use modeldesk_train::export::outputs;
use modeldesk_train::{CancelToken, Metrics, Task, TrainedModel, onnx_feeds};
use serde::{Deserialize, Serialize};

use crate::serving::{
    ColumnMapping, InputBinding, OutputSpec, auto_mapping, check_mapping, check_outputs,
    detect_outputs, predict_table, predict_values,
};
use crate::{AppError, ModelInfo, ModelSummary, Result, Workspace};

/// What is saved with an imported model beside its summary.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportedSpec {
    /// The file it was imported from (name only).
    pub source: String,
    /// Producer, e.g. `skl2onnx 1.20.0`.
    pub producer: String,
    /// Dataset columns → model inputs (none until set or first used).
    pub mapping: Option<ColumnMapping>,
    /// What the outputs mean.
    pub outputs: OutputSpec,
    /// The column holding the truth, for evaluation.
    pub target: Option<String>,
}

/// A model's stored summary JSON: the listing summary, plus the spec of an imported model.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct StoredMeta {
    #[serde(flatten)]
    pub summary: ModelSummary,
    pub imported: Option<ImportedSpec>,
    /// Where a model brought in from a bundle came from, with its card and metrics.
    pub bundle: Option<crate::BundleOrigin>,
}

impl StoredMeta {
    pub(crate) fn parse(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }
}

/// Everything the Models panel and `modeldesk inspect` show about a model.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelInspection {
    /// The stored model (none when a file was inspected).
    pub model: Option<ModelInfo>,
    /// What the ONNX file holds.
    pub inspection: Inspection,
    /// What the outputs mean (detected, or as saved).
    pub outputs: OutputSpec,
    /// The saved column mapping, if any.
    pub mapping: Option<ColumnMapping>,
    /// The execution provider the model's session runs on.
    pub provider: ProviderChoice,
}

/// A model scored on a dataset version.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationInfo {
    /// Evaluation id.
    pub id: String,
    /// Model name.
    pub model: String,
    /// `name@version`.
    pub dataset: String,
    /// `test`, `validation`, `train` or `all`.
    pub part: String,
    /// The truth column.
    pub target: String,
    /// Rows scored.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: u64,
    /// The metrics (as for models trained here).
    pub metrics: Metrics,
    /// RFC 3339 time.
    pub created_at: String,
}

/// One row of the leaderboard: a model's score on some data.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardEntry {
    /// Model name.
    pub model: String,
    /// `trained` or `imported`.
    pub origin: String,
    /// `gbdt`, `linear`, `mlp`, `onnx`.
    pub family: String,
    /// `name@version` scored on.
    pub dataset: String,
    /// Which rows.
    pub part: String,
    /// `binary`, `multiclass`, `regression`.
    pub task: String,
    /// Headline metric name (`auc`, `accuracy`, `rmse`).
    pub metric: String,
    /// Its value.
    pub value: f64,
    /// Whether higher is better.
    pub higher_is_better: bool,
    /// All metrics.
    pub metrics: Metrics,
    /// Serving cost through ONNX Runtime (models trained here; measured after training).
    pub latency: Option<crate::RunLatency>,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> AppError {
    AppError::Invalid {
        field,
        reason: reason.into(),
    }
}

fn to_json<T: Serialize>(what: &'static str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| invalid(what, e.to_string()))
}

/// Reads an ONNX file, folding external weights in from beside it; the error names the file.
fn read_onnx_file(path: &Path) -> Result<(Vec<u8>, Inspection)> {
    let bytes = std::fs::read(path).map_err(|source| AppError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let named =
        |e: modeldesk_onnx::OnnxError| invalid("model file", format!("{}: {e}", path.display()));
    let first = inspect(&bytes).map_err(named)?;
    if first.external_files.is_empty() {
        return Ok((bytes, first));
    }
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let bytes = embed_external_data(&bytes, dir).map_err(named)?;
    let inspection = inspect(&bytes).map_err(named)?;
    Ok((bytes, inspection))
}

/// The summary listed for an imported model.
fn imported_summary(spec: &ImportedSpec, inspection: &Inspection) -> ModelSummary {
    ModelSummary {
        task: spec.outputs.task.clone(),
        family: "onnx".to_owned(),
        target: spec.target.clone().unwrap_or_default(),
        classes: spec.outputs.classes.clone(),
        features: spec.mapping.as_ref().map_or_else(
            || inspection.inputs.len(),
            |m| m.inputs.iter().map(|b| b.columns.len()).sum(),
        ),
        dataset: String::new(),
        inputs: "mapped".to_owned(),
    }
}

/// Each input fed by the column of the same name: how models exported here take raw columns.
fn same_name_mapping(session: &Model) -> ColumnMapping {
    ColumnMapping {
        inputs: session
            .inputs()
            .iter()
            .map(|s| InputBinding {
                input: s.name.clone(),
                columns: vec![s.name.clone()],
            })
            .collect(),
    }
}

/// What the outputs of a model exported by ModelDesk mean.
fn trained_outputs(model: &TrainedModel) -> OutputSpec {
    let classification = model.target.task != Task::Regression;
    OutputSpec {
        task: model.target.task.name().to_owned(),
        probabilities: classification.then(|| outputs::PROBABILITIES.to_owned()),
        label: classification.then(|| outputs::LABEL.to_owned()),
        prediction: (!classification).then(|| outputs::PREDICTION.to_owned()),
        classes: model.target.classes.clone(),
        transform: crate::serving::ScoreTransform::None,
    }
}

/// How a stored model is served: its ONNX session, mapping and output spec, and the truth column
/// it knows of.
pub(crate) struct ServingPlan {
    pub session: std::sync::Arc<Model>,
    pub mapping: Option<ColumnMapping>,
    pub outputs: OutputSpec,
    pub target: Option<String>,
    /// Feature order from the model's metadata (for proposing a mapping).
    pub feature_names: Vec<String>,
}

impl ServingPlan {
    /// The mapping to use on a table: the saved one, else proposed from its columns; checked.
    pub(crate) fn mapping_for(&self, table: &Table) -> Result<ColumnMapping> {
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let mapping = self.mapping.clone().unwrap_or_else(|| {
            auto_mapping(
                self.session.inputs(),
                &columns,
                &self.feature_names,
                self.target.as_deref(),
            )
        });
        check_mapping(&mapping, self.session.inputs(), Some(&columns))?;
        Ok(mapping)
    }

    /// Predicts every row of `table` through ONNX Runtime (with the predicted labels when
    /// `labels`).
    pub(crate) fn predict(
        &self,
        table: &Table,
        labels: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<crate::Predictions> {
        let mapping = self.mapping_for(table)?;
        let predict = if labels {
            predict_table
        } else {
            predict_values
        };
        predict(
            &self.session,
            &mapping,
            &self.outputs,
            table,
            progress,
            cancel,
        )
    }
}

impl Workspace {
    /// Imports an ONNX file as a model: it is parsed, external weights beside it are folded in,
    /// and it is loaded in ONNX Runtime before anything is stored, so a corrupt, truncated or
    /// unsupported file is refused with the reason and leaves the project as it was.
    pub fn import_model(
        &mut self,
        path: &Path,
        name: Option<&str>,
        runtime: &RuntimeOptions,
    ) -> Result<ModelInfo> {
        let (bytes, _) = read_onnx_file(path)?;
        let label = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let stem = path
            .file_stem()
            .map_or_else(|| "model".to_owned(), |s| s.to_string_lossy().into_owned());
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = name
            && self.store()?.resolve_model(n).is_ok()
        {
            return Err(AppError::Store(modeldesk_store::StoreError::Invalid {
                field: "model name",
                reason: format!("{n:?} is already taken"),
            }));
        }
        let (meta, name) = self.checked_import(&bytes, &label, name.unwrap_or(&stem), runtime)?;
        let store = self.store()?;
        let blob = store.blobs().put_bytes(&bytes)?;
        let record = store.add_model(&NewModel {
            run_id: None,
            name,
            blob,
            sidecar: None,
            meta_json: to_json("model summary", &meta)?,
            author: self.author().to_owned(),
        })?;
        store.record_activity(&NewActivity {
            kind: "model.imported".to_owned(),
            entity_kind: Some("model".to_owned()),
            entity_id: Some(record.id.to_string()),
            summary: format!("imported {} from {}", record.name, path.display()),
            author: self.author().to_owned(),
        })?;
        self.model_info(&record)
    }

    /// Loads an ONNX model in ONNX Runtime (so a corrupt, truncated or unsupported one is
    /// refused with the reason before anything is stored) and describes it as an imported
    /// model: its stored summary, and a free name (`wanted`, else `wanted-2`, …).
    pub(crate) fn checked_import(
        &self,
        bytes: &[u8],
        label: &str,
        wanted: &str,
        runtime: &RuntimeOptions,
    ) -> Result<(StoredMeta, String)> {
        let inspection =
            inspect(bytes).map_err(|e| invalid("model file", format!("{label}: {e}")))?;
        let session = Runtime::global(runtime)?
            .model_with(bytes, label, runtime.session)
            .map_err(|e| match e {
                modeldesk_runtime::RuntimeError::InvalidModel { message, .. } => invalid(
                    "model file",
                    format!("{label}: ONNX Runtime cannot load it: {message}"),
                ),
                other => other.into(),
            })?;
        let outputs = detect_outputs(session.outputs(), &inspection.class_labels);
        let target = inspection
            .metadata
            .iter()
            .find(|m| m.key == "target")
            .map(|m| m.value.clone());
        let spec = ImportedSpec {
            source: label.to_owned(),
            producer: inspection.producer.clone(),
            mapping: None,
            outputs,
            target,
        };
        let taken: Vec<String> = self
            .store()?
            .models()?
            .into_iter()
            .map(|m| m.name)
            .collect();
        let name = std::iter::once(wanted.to_owned())
            .chain((2..=taken.len() + 2).map(|n| format!("{wanted}-{n}")))
            .find(|n| !taken.contains(n))
            .unwrap_or_else(|| wanted.to_owned());
        let meta = StoredMeta {
            summary: imported_summary(&spec, &inspection),
            imported: Some(spec),
            bundle: None,
        };
        Ok((meta, name))
    }

    /// Inspects a stored model, or an ONNX file when `reference` names one.
    pub fn inspect_model(
        &self,
        reference: &str,
        runtime: &RuntimeOptions,
    ) -> Result<ModelInspection> {
        let path = Path::new(reference);
        let is_file = path.is_file()
            && (self.current().is_none() || self.store()?.resolve_model(reference).is_err());
        if is_file {
            let (bytes, inspection) = read_onnx_file(path)?;
            let session =
                Runtime::global(runtime)?.model_with(&bytes, reference, runtime.session)?;
            return Ok(ModelInspection {
                model: None,
                outputs: detect_outputs(session.outputs(), &inspection.class_labels),
                mapping: None,
                provider: session.provider().clone(),
                inspection,
            });
        }
        let record = self.store()?.resolve_model(reference)?;
        let bytes = self.store()?.blobs().read(&record.blob_sha256)?;
        let inspection = inspect(&bytes).map_err(|e| invalid("stored model", e.to_string()))?;
        let plan = self.serving_plan(&record, runtime)?;
        Ok(ModelInspection {
            model: Some(self.model_info(&record)?),
            inspection,
            outputs: plan.outputs,
            mapping: plan.mapping,
            provider: plan.session.provider().clone(),
        })
    }

    /// How a stored model is served.
    pub(crate) fn serving_plan(
        &self,
        record: &ModelRecord,
        runtime: &RuntimeOptions,
    ) -> Result<ServingPlan> {
        let bytes = self.store()?.blobs().read(&record.blob_sha256)?;
        let session =
            Runtime::global(runtime)?.model_with(&bytes, &record.name, runtime.session)?;
        if record.sidecar_sha256.is_some() {
            let (_, model) = self.trained_model(&record.id.to_string())?;
            return Ok(ServingPlan {
                mapping: Some(same_name_mapping(&session)),
                outputs: trained_outputs(&model),
                target: Some(model.target.column.clone()),
                feature_names: Vec::new(),
                session,
            });
        }
        let feature_names = inspect(&bytes).map(|i| i.feature_names).unwrap_or_default();
        let spec = StoredMeta::parse(&record.meta_json)
            .imported
            .unwrap_or_else(|| ImportedSpec {
                outputs: detect_outputs(session.outputs(), &[]),
                ..ImportedSpec::default()
            });
        Ok(ServingPlan {
            session,
            mapping: spec.mapping,
            outputs: spec.outputs,
            target: spec.target,
            feature_names,
        })
    }

    /// Proposes a column mapping for an imported model against a dataset's columns (by name;
    /// by the model's `feature_names` metadata or position for a single matrix input).
    pub fn suggest_mapping(
        &self,
        model: &str,
        dataset: &str,
        runtime: &RuntimeOptions,
    ) -> Result<ColumnMapping> {
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        let version = store.resolve_dataset(dataset)?;
        let plan = self.serving_plan(&record, runtime)?;
        let columns: Vec<String> =
            serde_json::from_str::<Vec<modeldesk_data::ColumnSchema>>(&version.schema_json)
                .map(|cols| cols.into_iter().map(|c| c.name).collect())
                .unwrap_or_default();
        Ok(auto_mapping(
            plan.session.inputs(),
            &columns,
            &plan.feature_names,
            plan.target.as_deref(),
        ))
    }

    /// Saves an imported model's column mapping, output interpretation and truth column (each
    /// when given), after checking them against the model's inputs and outputs.
    pub fn set_model_io(
        &self,
        model: &str,
        mapping: Option<ColumnMapping>,
        outputs: Option<OutputSpec>,
        target: Option<String>,
        runtime: &RuntimeOptions,
    ) -> Result<ModelInfo> {
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        if record.sidecar_sha256.is_some() {
            return Err(invalid(
                "model",
                format!(
                    "{} was trained here; its inputs and outputs are fixed by its training",
                    record.name
                ),
            ));
        }
        let plan = self.serving_plan(&record, runtime)?;
        let mut meta = StoredMeta::parse(&record.meta_json);
        let mut spec = meta.imported.clone().unwrap_or_default();
        if let Some(mapping) = mapping {
            check_mapping(&mapping, plan.session.inputs(), None)?;
            spec.mapping = Some(mapping);
        }
        if let Some(outputs) = outputs {
            check_outputs(&outputs, plan.session.outputs())?;
            spec.outputs = outputs;
        }
        if let Some(target) = target.map(|t| t.trim().to_owned()) {
            spec.target = (!target.is_empty()).then_some(target);
        }
        let bytes = store.blobs().read(&record.blob_sha256)?;
        let inspection = inspect(&bytes).map_err(|e| invalid("stored model", e.to_string()))?;
        meta.summary = imported_summary(&spec, &inspection);
        meta.imported = Some(spec);
        store.set_model_meta(record.id, &to_json("model summary", &meta)?)?;
        self.model_info(&store.resolve_model(&record.id.to_string())?)
    }

    /// Scores a model on part of a dataset version (`test` by default when the dataset has a
    /// split, else `all`) through ONNX Runtime, with the metrics of models trained here; the
    /// result is recorded for the leaderboard.
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a separate user choice"
    )]
    pub fn evaluate_model(
        &self,
        model: &str,
        dataset: &str,
        part: Option<&str>,
        target: Option<&str>,
        runtime: &RuntimeOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<EvaluationInfo> {
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        let plan = self.serving_plan(&record, runtime)?;
        let (version, _, parts) = self.split_parts(dataset, false)?;
        let has_split = parts[1].rows() + parts[2].rows() > 0;
        let part = part.unwrap_or(if has_split { "test" } else { "all" });
        let table = match part {
            "all" if has_split => {
                let (_, _, [all, _, _]) = self.split_parts(dataset, true)?;
                all
            }
            "all" | "train" => parts[usize::from(TRAIN)].clone(),
            "validation" | "test" if !has_split => {
                return Err(invalid(
                    "part",
                    format!(
                        "{dataset} has no split; evaluate on all rows (--part all) or split it first"
                    ),
                ));
            }
            "validation" => parts[usize::from(VALIDATION)].clone(),
            "test" => parts[usize::from(TEST)].clone(),
            other => {
                return Err(invalid(
                    "part",
                    format!("{other:?} is not test, validation, train or all"),
                ));
            }
        };
        let target = target
            .map(str::to_owned)
            .or_else(|| plan.target.clone())
            .ok_or_else(|| {
                invalid(
                    "target",
                    format!(
                        "which column of {dataset} holds the truth for {}? (pass --target)",
                        record.name
                    ),
                )
            })?;
        if !table.columns.iter().any(|c| c.name == target) {
            return Err(invalid(
                "target",
                format!("{dataset} has no column {target:?}"),
            ));
        }
        if table.rows() == 0 {
            return Err(invalid(
                "part",
                format!("the {part} rows of {dataset} are empty"),
            ));
        }
        let predictions = plan.predict(&table, false, progress, cancel)?;
        let task = plan.outputs.task()?;
        let y = truth(&table, &target, task, &plan.outputs.classes)?;
        let flat: Vec<f64> = if task == Task::Regression {
            predictions.values.into_iter().next().unwrap_or_default()
        } else {
            let k = predictions.values.len();
            let mut out = vec![0.0; y.len() * k];
            for (j, col) in predictions.values.iter().enumerate() {
                for (i, v) in col.iter().enumerate() {
                    out[i * k + j] = *v;
                }
            }
            out
        };
        let metrics = modeldesk_train::metrics::evaluate(task, &y, &flat);
        let stored = store.add_evaluation(&NewEvaluation {
            model_id: record.id,
            dataset_version_id: version.id,
            part: part.to_owned(),
            target: target.clone(),
            rows: y.len() as u64,
            metrics_json: to_json("metrics", &metrics)?,
            author: self.author().to_owned(),
        })?;
        Ok(EvaluationInfo {
            id: stored.id.to_string(),
            model: record.name,
            dataset: format!("{}@{}", version.dataset_name, version.version),
            part: part.to_owned(),
            target,
            rows: stored.rows,
            metrics,
            created_at: stored.created_at,
        })
    }

    /// Every model's scores, best first per task: trained models by their test (else
    /// validation) metrics, and every recorded evaluation.
    pub fn leaderboard(&self) -> Result<Vec<LeaderboardEntry>> {
        let store = self.store()?;
        let models = store.models()?;
        let dataset_name = |id: uuid::Uuid| {
            store.dataset_version(id).map_or_else(
                |_| id.to_string(),
                |v| format!("{}@{}", v.dataset_name, v.version),
            )
        };
        let mut entries = Vec::new();
        let mut push = |record: &ModelRecord,
                        dataset: String,
                        part: &str,
                        metrics: Metrics,
                        latency: Option<crate::RunLatency>| {
            let meta = StoredMeta::parse(&record.meta_json);
            let (metric, value, higher_is_better) = metrics.headline();
            entries.push(LeaderboardEntry {
                model: record.name.clone(),
                origin: if record.sidecar_sha256.is_some() {
                    "trained"
                } else {
                    "imported"
                }
                .to_owned(),
                family: meta.summary.family,
                dataset,
                part: part.to_owned(),
                task: meta.summary.task,
                metric: metric.to_owned(),
                value,
                higher_is_better,
                metrics,
                latency,
            });
        };
        for record in &models {
            let Some(run_id) = record.run_id else {
                continue;
            };
            let Ok(run) = store.run(run_id) else { continue };
            let Ok(parts) = serde_json::from_str::<crate::PartMetrics>(&run.metrics_json) else {
                continue;
            };
            let latency = parts.latency.clone();
            let (part, metrics) = match (parts.test, parts.validation) {
                (Some(m), _) => ("test", m),
                (None, Some(m)) => ("validation", m),
                (None, None) => ("train", parts.train),
            };
            push(
                record,
                dataset_name(run.dataset_version_id),
                part,
                metrics,
                latency,
            );
        }
        for evaluation in store.evaluations()? {
            let Some(record) = models.iter().find(|m| m.id == evaluation.model_id) else {
                continue;
            };
            let Ok(metrics) = serde_json::from_str::<Metrics>(&evaluation.metrics_json) else {
                continue;
            };
            push(
                record,
                dataset_name(evaluation.dataset_version_id),
                &evaluation.part,
                metrics,
                None,
            );
        }
        entries.sort_by(|a, b| {
            a.task.cmp(&b.task).then_with(|| {
                let order = a.value.total_cmp(&b.value);
                if a.higher_is_better {
                    order.reverse()
                } else {
                    order
                }
            })
        });
        Ok(entries)
    }
}

/// The truth per row: the class index for a classifier (by the class names), the value for a
/// regression. The error names the row and the value.
fn truth(table: &Table, target: &str, task: Task, classes: &[String]) -> Result<Vec<f64>> {
    let strings = task != Task::Regression;
    let (_, values) = onnx_feeds(table, &[(target.to_owned(), strings)])?
        .into_iter()
        .next()
        .ok_or_else(|| invalid("target", format!("no column {target:?}")))?;
    match values {
        modeldesk_train::FeedValues::Double(v) => {
            if let Some(row) = v.iter().position(|x| x.is_nan()) {
                return Err(invalid(
                    "target",
                    format!("column {target:?} is missing at row {}", row + 1),
                ));
            }
            Ok(v)
        }
        modeldesk_train::FeedValues::Strings(v) => v
            .iter()
            .enumerate()
            .map(|(row, label)| {
                classes
                    .iter()
                    .position(|c| c == label)
                    .map(|i| f64::from(u32::try_from(i).unwrap_or(u32::MAX)))
                    .ok_or_else(|| {
                        invalid(
                            "target",
                            format!(
                                "row {}: {target} = {label:?} is not one of the model's classes ({})",
                                row + 1,
                                classes.join(", ")
                            ),
                        )
                    })
            })
            .collect(),
    }
}
