//! Model bundles from the project: a model with its card, metrics, input schema and samples,
//! SHAP summary, notes and review, gathered from the store into one `.mdbundle` file — and a
//! bundle brought back in as a model of this project.

use std::path::Path;

use modeldesk_data::{CancelToken, ColumnProfile, Progress};
use modeldesk_report::{
    BundleLimits, BundleManifest, BundleMetrics, BundleNote, DatasetRef, InputColumn, ModelBundle,
    ModelCard, ReviewSummary, ShapSample, ShapSummary,
};
use modeldesk_runtime::RuntimeOptions;
use modeldesk_store::{DatasetVersion, ModelRecord, NewActivity, NewModel, RunRecord};
use serde::{Deserialize, Serialize};

use crate::byo::StoredMeta;
use crate::{AppError, ExplainOptions, ExplainView, ModelInfo, PartMetrics, Result, Workspace};

/// What goes into a model bundle beyond the model.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BundleOptions {
    /// SPDX license id for the card (default `unknown`).
    pub license: Option<String>,
    /// Input rows included as samples (default 5).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub sample_rows: Option<usize>,
    /// Keep columns the profile flags as personal data in the samples (left out by default).
    pub include_personal_data: bool,
    /// Rows explained for the SHAP summary (default 500; 0 leaves SHAP out).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub shap_rows: Option<usize>,
    /// Of those, rows whose per-row SHAP values are kept (default 100).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub shap_sample_rows: Option<usize>,
}

/// A model that came from a bundle: where from, and what the bundle said about it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleOrigin {
    /// The bundle's file name.
    pub file: String,
    /// The model card.
    pub card: ModelCard,
    /// Metrics and curve as the exporting project measured them.
    pub metrics: BundleMetrics,
}

/// A bundle as the Export panel previews it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundlePreview {
    /// The entries with sizes and checksums.
    pub manifest: BundleManifest,
    /// The card.
    pub card: ModelCard,
    /// The card as Markdown.
    pub card_markdown: String,
    /// The sample rows as CSV.
    pub samples_csv: String,
    /// Columns left out of the samples as personal data.
    pub withheld_columns: Vec<String>,
    /// Whether a SHAP summary is included.
    pub has_shap: bool,
}

const DEFAULT_SAMPLE_ROWS: usize = 5;
const DEFAULT_SHAP_ROWS: usize = 500;
const DEFAULT_SHAP_SAMPLE_ROWS: usize = 100;

fn invalid(field: &'static str, reason: impl Into<String>) -> AppError {
    AppError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// The columns a prediction file gets (the CLI contract).
fn output_columns(task: &str, classes: &[String]) -> Vec<String> {
    if task == "regression" {
        vec!["prediction".to_owned()]
    } else {
        std::iter::once("predicted_label".to_owned())
            .chain(classes.iter().map(|c| format!("prob_{c}")))
            .collect()
    }
}

/// An input column described by the training data's profile (when it has the column).
fn input_column(name: &str, onnx_type: &str, profile: Option<&ColumnProfile>) -> InputColumn {
    let numeric = profile.and_then(|p| p.numeric.as_ref());
    InputColumn {
        name: name.to_owned(),
        kind: profile.map_or_else(|| onnx_type.to_owned(), |p| p.ty.name().to_owned()),
        min: numeric.map(|n| n.min),
        max: numeric.map(|n| n.max),
        mean: numeric.map(|n| n.mean),
        values: match numeric {
            Some(_) => Vec::new(),
            None => profile
                .map(|p| {
                    p.top_values
                        .iter()
                        .take(10)
                        .map(|v| v.value.clone())
                        .collect()
                })
                .unwrap_or_default(),
        },
        has_missing: profile.is_some_and(|p| p.nulls > 0),
        personal_data: profile.and_then(|p| p.personal_data_reason.clone()),
    }
}

/// The first `k` rows of an explanation as the bundle's per-row sample.
fn shap_summary(view: ExplainView, dataset: &str, k: usize) -> ShapSummary {
    let (columns, outputs) = (view.columns.len(), view.outputs.len());
    let k = k.min(view.rows);
    let sample = (k > 0).then(|| ShapSample {
        rows: k,
        values: view.values[..k * outputs * columns].to_vec(),
        feature_values: view.feature_values[..(k * columns).min(view.feature_values.len())]
            .to_vec(),
        categories: view.categories.clone(),
    });
    ShapSummary {
        method: view.method,
        output_space: view.output_space,
        dataset: dataset.to_owned(),
        rows: view.rows,
        columns: view.columns,
        outputs: view.outputs,
        base: view.base,
        importance: view.importance,
        sample,
    }
}

/// A run's metrics per part and its curve.
fn bundle_metrics(run: &RunRecord) -> BundleMetrics {
    let parts: Option<PartMetrics> = serde_json::from_str(&run.metrics_json).ok();
    BundleMetrics {
        train: parts.as_ref().map(|m| m.train.clone()),
        validation: parts.as_ref().and_then(|m| m.validation.clone()),
        test: parts.as_ref().and_then(|m| m.test.clone()),
        curve: serde_json::from_str(&run.curves_json).unwrap_or_default(),
    }
}

impl Workspace {
    /// The notes on a model, as a bundle carries them.
    fn bundle_notes(&self, record: &ModelRecord) -> Result<Vec<BundleNote>> {
        Ok(self
            .notes(Some("model"), Some(&record.id.to_string()), None, false)?
            .into_iter()
            .map(|n| BundleNote {
                id: n.id,
                title: n.title,
                body: n.body,
                tags: n.tags,
                author: n.author,
                created_at: n.created_at,
                updated_at: n.updated_at,
            })
            .collect())
    }

    /// Where a model's review stands, with who acted last and when.
    fn review_summary(&self, record: &ModelRecord) -> Result<ReviewSummary> {
        let review = self.review(&record.id.to_string())?;
        let last = review.events.last();
        Ok(ReviewSummary {
            state: review.state,
            decision: review.decision,
            by: last.map(|e| e.author.clone()),
            at: last.map(|e| e.created_at.clone()),
            reviewers: review.reviewers,
        })
    }

    /// Gathers a model's bundle from the project (explaining it on its training data for the
    /// SHAP summary, which reports progress and can be cancelled).
    pub fn model_bundle(
        &self,
        model: &str,
        options: &BundleOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<(ModelBundle, Vec<String>)> {
        let store = self.store()?;
        let record = store.resolve_model(model)?;
        let meta = StoredMeta::parse(&record.meta_json);
        let run = record.run_id.map(|id| store.run(id)).transpose()?;
        let version = self.bundle_dataset(run.as_ref(), &meta)?;
        let onnx = store.blobs().read(&record.blob_sha256)?;
        let profile = match &version {
            Some(v) => Some(self.dataset_profile(&v.id.to_string(), progress, cancel)?),
            None => None,
        };
        let column = |name: &str| {
            profile
                .as_ref()
                .and_then(|p| p.columns.iter().find(|c| c.name == name))
        };
        let inspection = modeldesk_onnx::inspect::inspect(&onnx).map_err(|e| {
            invalid(
                "model",
                format!("{}: the stored ONNX model is unreadable: {e}", record.name),
            )
        })?;
        let inputs: Vec<InputColumn> = inspection
            .inputs
            .iter()
            .map(|i| input_column(&i.name, &i.ty, column(&i.name)))
            .collect();
        let (samples_csv, withheld) = self.bundle_samples(version.as_ref(), &inputs, options)?;
        let shap = self.bundle_shap(&record, version.as_ref(), options, progress, cancel)?;
        let notes = self.bundle_notes(&record)?;
        let review = self.review_summary(&record)?;
        let mut authors = vec![record.author.clone()];
        for a in notes.iter().map(|n| &n.author).chain(review.by.as_ref()) {
            if !authors.contains(a) {
                authors.push(a.clone());
            }
        }
        let split = self.split_words(run.as_ref())?;
        let card = ModelCard {
            name: record.name.clone(),
            model_id: record.id.to_string(),
            task: meta.summary.task.clone(),
            family: meta.summary.family.clone(),
            target: meta.summary.target.clone(),
            classes: meta.summary.classes.clone(),
            license: options
                .license
                .clone()
                .unwrap_or_else(|| "unknown".to_owned()),
            authors,
            created_at: record.created_at.clone(),
            dataset: version.as_ref().map(|v| DatasetRef {
                name: v.dataset_name.clone(),
                version: v.version,
                sha256: v.blob_sha256.clone(),
                rows: v.row_count,
                split,
            }),
            parameters: run
                .as_ref()
                .map(|r| crate::runs::params_of(&r.params_json))
                .unwrap_or_default(),
            run_id: record.run_id.map(|r| r.to_string()),
            outputs: output_columns(&meta.summary.task, &meta.summary.classes),
            inputs,
            review: (review.state != "draft" || !review.reviewers.is_empty()).then_some(review),
            app_version: crate::APP_VERSION.to_owned(),
            code_version: run.as_ref().and_then(|r| r.code_version.clone()),
        };
        let metrics = run.as_ref().map(bundle_metrics).unwrap_or_default();
        Ok((
            ModelBundle {
                card,
                onnx,
                metrics,
                samples_csv,
                shap,
                notes,
            },
            withheld,
        ))
    }

    /// The bundle as the Export panel previews it (nothing written).
    pub fn preview_model_bundle(
        &self,
        model: &str,
        options: &BundleOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<BundlePreview> {
        let (bundle, withheld_columns) = self.model_bundle(model, options, progress, cancel)?;
        Ok(BundlePreview {
            manifest: bundle.manifest()?,
            card_markdown: bundle.card_markdown(),
            samples_csv: bundle.samples_csv.clone(),
            has_shap: bundle.shap.is_some(),
            card: bundle.card,
            withheld_columns,
        })
    }

    /// Writes a model's bundle to `out` (refusing to replace a file unless `overwrite`).
    pub fn export_model_bundle(
        &self,
        model: &str,
        out: &Path,
        options: &BundleOptions,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<BundleManifest> {
        if out.exists() && !overwrite {
            return Err(modeldesk_report::ReportError::Exists(out.to_path_buf()).into());
        }
        let (bundle, _) = self.model_bundle(model, options, progress, cancel)?;
        let manifest = modeldesk_report::write_bundle(&bundle, out, overwrite)?;
        self.store()?.record_activity(&NewActivity {
            kind: "model.bundled".to_owned(),
            entity_kind: Some("model".to_owned()),
            entity_id: Some(bundle.card.model_id.clone()),
            summary: format!("exported {} as a bundle", bundle.card.name),
            author: self.author().to_owned(),
        })?;
        Ok(manifest)
    }

    /// Writes a model's bundle into the project's `exports/` folder (`<model>.mdbundle`,
    /// numbered when taken) and returns where it went.
    pub fn export_model_bundle_to_project(
        &self,
        model: &str,
        options: &BundleOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<(std::path::PathBuf, BundleManifest)> {
        let name = self.store()?.resolve_model(model)?.name;
        let (path, file) = self.new_export_file(&name, "mdbundle")?;
        drop(file);
        match self.export_model_bundle(model, &path, options, true, progress, cancel) {
            Ok(manifest) => Ok((path, manifest)),
            Err(e) => {
                // The reserved name goes with the failed export.
                let _ = std::fs::remove_file(&path);
                Err(e)
            }
        }
    }

    /// Brings a bundle's model into the project, with its card, metrics and notes. The file is
    /// checked whole (and the model loaded in ONNX Runtime) before anything is stored; the same
    /// bundle imported again changes nothing.
    pub fn import_model_bundle(
        &mut self,
        file: &Path,
        runtime: &RuntimeOptions,
    ) -> Result<ModelInfo> {
        let (_, bundle) = modeldesk_report::read_bundle(file, BundleLimits::default())?;
        let label = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let sha = modeldesk_report::sha256_hex(&bundle.onnx);
        let store = self.store()?;
        if let Some(existing) = store.models()?.into_iter().find(|m| {
            m.blob_sha256 == sha
                && StoredMeta::parse(&m.meta_json)
                    .bundle
                    .is_some_and(|b| b.card.model_id == bundle.card.model_id)
        }) {
            return self.model_info(&existing);
        }
        let (mut meta, name) =
            self.checked_import(&bundle.onnx, &label, &bundle.card.name, runtime)?;
        if let Some(spec) = meta.imported.as_mut() {
            let session_outputs = spec.outputs.clone();
            spec.outputs =
                crate::bundle_serving::bundle_output_spec_from(&bundle.card, session_outputs);
            spec.target = Some(bundle.card.target.clone());
        }
        meta.summary.task.clone_from(&bundle.card.task);
        meta.summary.target.clone_from(&bundle.card.target);
        meta.summary.classes.clone_from(&bundle.card.classes);
        meta.summary.family = format!("{} (bundle)", bundle.card.family);
        if let Some(d) = &bundle.card.dataset {
            meta.summary.dataset = format!("{}@{}", d.name, d.version);
        }
        meta.bundle = Some(BundleOrigin {
            file: label.clone(),
            card: bundle.card.clone(),
            metrics: bundle.metrics.clone(),
        });
        let store = self.store()?;
        let blob = store.blobs().put_bytes(&bundle.onnx)?;
        let record = store.add_model(&NewModel {
            run_id: None,
            name,
            blob,
            sidecar: None,
            meta_json: serde_json::to_string(&meta)
                .map_err(|e| invalid("model summary", e.to_string()))?,
            author: bundle
                .card
                .authors
                .first()
                .cloned()
                .unwrap_or_else(|| self.author().to_owned()),
        })?;
        for n in &bundle.notes {
            store.add_note(
                &modeldesk_store::NoteDraft {
                    entity_kind: "model".to_owned(),
                    entity_id: Some(record.id.to_string()),
                    title: n.title.clone(),
                    body: n.body.clone(),
                    tags: n.tags.clone(),
                    pinned: false,
                },
                &n.author,
            )?;
        }
        store.record_activity(&NewActivity {
            kind: "model.imported".to_owned(),
            entity_kind: Some("model".to_owned()),
            entity_id: Some(record.id.to_string()),
            summary: format!("imported {} from the bundle {label}", record.name),
            author: self.author().to_owned(),
        })?;
        self.model_info(&record)
    }

    /// The dataset version a bundle describes: the run's, else the one an imported model was
    /// evaluated on (by its summary), if it is still here.
    fn bundle_dataset(
        &self,
        run: Option<&RunRecord>,
        meta: &StoredMeta,
    ) -> Result<Option<DatasetVersion>> {
        let store = self.store()?;
        Ok(match run {
            Some(r) => Some(store.resolve_dataset(&r.dataset_version_id.to_string())?),
            None if !meta.summary.dataset.is_empty() => {
                store.resolve_dataset(&meta.summary.dataset).ok()
            }
            None => None,
        })
    }

    /// The split a run used, in words.
    fn split_words(&self, run: Option<&RunRecord>) -> Result<Option<String>> {
        let Some(run) = run else { return Ok(None) };
        let Some(split_id) = run.split_id else {
            return Ok(None);
        };
        let version = run.dataset_version_id.to_string();
        Ok(self
            .dataset_split(&version)?
            .filter(|(info, _)| info.id == split_id.to_string())
            .map(|(s, _)| {
                format!(
                    "{} ({} train / {} validation / {} test rows, seed {})",
                    s.strategy, s.train_rows, s.validation_rows, s.test_rows, s.seed
                )
            }))
    }

    /// The sample rows as CSV (input columns only), and the columns withheld as personal data.
    fn bundle_samples(
        &self,
        version: Option<&DatasetVersion>,
        inputs: &[InputColumn],
        options: &BundleOptions,
    ) -> Result<(String, Vec<String>)> {
        let withheld: Vec<String> = inputs
            .iter()
            .filter(|c| c.personal_data.is_some() && !options.include_personal_data)
            .map(|c| c.name.clone())
            .collect();
        let Some(version) = version else {
            return Ok((String::new(), withheld));
        };
        let n = options.sample_rows.unwrap_or(DEFAULT_SAMPLE_ROWS);
        let page = self.dataset_rows(&version.id.to_string(), 0, n)?;
        let keep: Vec<(usize, &str)> = inputs
            .iter()
            .filter(|c| !withheld.contains(&c.name))
            .filter_map(|c| {
                page.columns
                    .iter()
                    .position(|p| p.name == c.name)
                    .map(|i| (i, c.name.as_str()))
            })
            .collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        let csv_err = |e: csv::Error| invalid("samples", e.to_string());
        w.write_record(keep.iter().map(|(_, name)| *name))
            .map_err(csv_err)?;
        for row in &page.rows {
            w.write_record(
                keep.iter()
                    .map(|(i, _)| modeldesk_data::value_text(&row[*i])),
            )
            .map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| invalid("samples", e.to_string()))?;
        Ok((String::from_utf8_lossy(&bytes).into_owned(), withheld))
    }

    /// The SHAP summary on the first rows of the training data (none when asked for none, when
    /// there is no data, or when the model cannot be explained — said in the log).
    fn bundle_shap(
        &self,
        record: &ModelRecord,
        version: Option<&DatasetVersion>,
        options: &BundleOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<Option<ShapSummary>> {
        let rows = options.shap_rows.unwrap_or(DEFAULT_SHAP_ROWS) as u64;
        let Some(version) = version.filter(|_| rows > 0) else {
            return Ok(None);
        };
        let end = rows.min(version.row_count);
        let dataset = format!("{}@{}", version.dataset_name, version.version);
        match self.explain_view(
            &record.id.to_string(),
            &version.id.to_string(),
            Some((0, end)),
            &ExplainOptions::default(),
            &RuntimeOptions::default(),
            progress,
            cancel,
        ) {
            Ok(view) => Ok(Some(shap_summary(
                view,
                &dataset,
                options.shap_sample_rows.unwrap_or(DEFAULT_SHAP_SAMPLE_ROWS),
            ))),
            Err(e) if cancel.is_cancelled() => Err(e),
            Err(e) => {
                tracing::warn!(model = %record.name, error = %e, "the bundle goes without a SHAP summary");
                Ok(None)
            }
        }
    }
}
