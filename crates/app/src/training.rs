//! Training a model on a dataset version: the split decides train/validation/test rows, the
//! run is recorded when training starts and closed however it ends, and a finished run stores
//! its model (ONNX + the trainer's own file) under a unique name.

use std::collections::BTreeMap;

use modeldesk_data::recipe::{Table, filter_rows, read_table};
use modeldesk_data::{TEST, TRAIN, VALIDATION};
use modeldesk_store::{DatasetVersion, ModelRecord, NewActivity, NewModel, NewRun, RunStatus};
use modeldesk_train::search::cross_validate;
use modeldesk_train::{
    CancelToken, Control, Matrix, Metrics, ModelParams, Prepared, Preprocess, Task, TrainError,
    TrainProgress, Trained, TrainedModel, encode, encode_target, prepare, score, to_onnx, train,
};
use serde::{Deserialize, Serialize};

use crate::{AppError, PrepStep, Result, Workspace};

/// What to train.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TrainRequest {
    /// Dataset reference (name, `name@version`, or id).
    pub dataset: String,
    /// Target column.
    pub target: String,
    /// `auto` (default), `binary`, `multiclass`, `regression`.
    pub task: Option<String>,
    /// `gbdt` (default), `linear`, `mlp`.
    pub family: Option<String>,
    /// Hyper-parameters by name (values as typed: `31`, `0.05`, `true`, `[64,32]`).
    pub params: BTreeMap<String, String>,
    /// Seed (overrides a `seed` parameter).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub seed: Option<u64>,
    /// Ignore the dataset's split and train on every row.
    pub ignore_split: bool,
    /// Also cross-validate the parameters with this many folds on the non-test rows
    /// (mean ± std of the selection metric kept with the run).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub folds: Option<usize>,
    /// Model name (default `<dataset>-<family>-<n>`).
    pub name: Option<String>,
}

impl TrainRequest {
    /// The family's parameters: defaults, then `params`, then `seed`.
    pub fn model_params(&self) -> Result<ModelParams> {
        let pairs: Vec<(String, String)> = self
            .params
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut params = ModelParams::from_pairs(self.family.as_deref().unwrap_or("gbdt"), &pairs)?;
        if let Some(seed) = self.seed {
            params.set_seed(seed);
        }
        Ok(params)
    }
}

/// Metrics of a trained model on each part of the data.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartMetrics {
    /// Training rows.
    pub train: Metrics,
    /// Validation rows (used for early stopping), when the split has them.
    pub validation: Option<Metrics>,
    /// Test rows (never seen in training), when the split has them.
    pub test: Option<Metrics>,
    /// Serving cost of the exported model through ONNX Runtime (measured after training).
    #[serde(default)]
    pub latency: Option<RunLatency>,
    /// Cross-validated score on the non-test rows, when asked for.
    #[serde(default)]
    pub cv: Option<modeldesk_train::search::CvScore>,
}

/// How fast and how big a trained model is when served by ONNX Runtime.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunLatency {
    /// Median time of a one-row call, milliseconds.
    pub p50_batch1_ms: f64,
    /// 99th-percentile time of a one-row call, milliseconds.
    pub p99_batch1_ms: f64,
    /// Rows per second in calls of 1,024 rows.
    pub rows_per_second_batch1024: f64,
    /// Size of the ONNX file.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub model_bytes: u64,
}

/// Times a freshly exported model (a failure to measure never fails the training: `None`).
fn measure_latency(onnx: &[u8], name: &str) -> Option<RunLatency> {
    let runtime =
        modeldesk_runtime::Runtime::global(&modeldesk_runtime::RuntimeOptions::default()).ok()?;
    let session = runtime.model_from_bytes(onnx, name).ok()?;
    let rows =
        crate::latency::bench_session(&session, &[1, 1024], std::time::Duration::from_millis(150))
            .map_err(|e| tracing::warn!(error = %e, "could not measure the model's latency"))
            .ok()?;
    let (one, batch) = (rows.first()?, rows.get(1)?);
    Some(RunLatency {
        p50_batch1_ms: one.p50_ms,
        p99_batch1_ms: one.p99_ms,
        rows_per_second_batch1024: batch.rows_per_second,
        model_bytes: onnx.len() as u64,
    })
}

/// A finished training.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainOutcome {
    /// Run id.
    pub run_id: String,
    /// Stored model name.
    pub model: String,
    /// Model id.
    pub model_id: String,
    /// The task trained.
    pub task: Task,
    /// The family trained.
    pub family: String,
    /// Feature columns used, in input order.
    pub features: Vec<String>,
    /// Class labels (classification).
    pub classes: Vec<String>,
    /// Rows in train / validation / test.
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub rows: [usize; 3],
    /// Iterations run, and the one kept by early stopping.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub iterations: usize,
    /// The 1-based iteration kept.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub best_iteration: Option<usize>,
    /// Metrics per part.
    pub metrics: PartMetrics,
    /// Fitting time in milliseconds (binning + boosting / optimising).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub train_ms: u64,
    /// Whole training call in milliseconds (fitting plus the final metrics).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub total_ms: u64,
}

/// The rows of `table` in part `part` of the split.
fn part_of(table: &Table, parts: &[u8], part: u8) -> Result<Table> {
    Ok(filter_rows(
        table,
        &parts.iter().map(|p| *p == part).collect::<Vec<_>>(),
    )?)
}

fn json<T: Serialize>(what: &'static str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| AppError::Invalid {
        field: what,
        reason: e.to_string(),
    })
}

/// Encoded features and target of a part (None when it has no rows).
fn encoded(table: &Table, prepared: &Prepared) -> Result<Option<(Matrix, Vec<f64>)>> {
    if table.rows() == 0 {
        return Ok(None);
    }
    Ok(Some((
        encode(table, &prepared.features)?,
        encode_target(table, &prepared.target)?,
    )))
}

/// A training prepared (data read, split, encoded; run recorded as running) and ready to run
/// without the workspace — so a face can keep answering while it trains.
#[derive(Debug)]
pub struct TrainJob {
    family: String,
    name: Option<String>,
    target: String,
    params: ModelParams,
    prepared: Prepared,
    valid: Option<(Matrix, Vec<f64>)>,
    test: Option<(Matrix, Vec<f64>)>,
    version: DatasetVersion,
    run_id: uuid::Uuid,
    /// Cross-validation folds and seed, when asked for.
    folds: Option<(usize, u64)>,
    /// The cross-validated score, once [`TrainJob::run`] computed it.
    cv: std::sync::OnceLock<modeldesk_train::search::CvScore>,
    /// Held while the run trains: if this process dies, the next open marks the run interrupted.
    lease: modeldesk_store::RunLease,
}

/// Passes iterations on, and turns a cancel asked for by the caller or by another process
/// (`modeldesk cancel RUN`) into the token the trainer checks between iterations.
struct Watch<'a> {
    inner: &'a dyn TrainProgress,
    outer: &'a CancelToken,
    lease: &'a modeldesk_store::RunLease,
    token: CancelToken,
}

impl TrainProgress for Watch<'_> {
    fn iteration(&self, it: &modeldesk_train::Iteration) {
        if self.outer.is_cancelled() || self.lease.cancel_requested() {
            self.token.cancel();
        }
        self.inner.iteration(it);
    }
}

impl TrainJob {
    /// Trains, reporting each iteration to `progress`.
    pub fn run(
        &self,
        progress: &dyn TrainProgress,
        cancel: &CancelToken,
    ) -> Result<Trained, TrainError> {
        let valid = self.valid.as_ref().map(|(x, y)| (x, y.as_slice()));
        let watch = Watch {
            inner: progress,
            outer: cancel,
            lease: &self.lease,
            token: CancelToken::new(),
        };
        let trained = train(
            &self.prepared,
            valid,
            &self.params,
            Control {
                progress: &watch,
                cancel: &watch.token,
            },
        )?;
        if let Some((k, seed)) = self.folds {
            let rows = self.non_test_rows();
            let score = cross_validate(&rows, &self.params, k, seed, cancel)?;
            let _ = self.cv.set(score);
        }
        Ok(trained)
    }

    /// The training and validation rows together (what cross-validation folds).
    fn non_test_rows(&self) -> Prepared {
        let mut rows = self.prepared.clone();
        if let Some((x, y)) = &self.valid {
            for (column, more) in rows.x.columns.iter_mut().zip(&x.columns) {
                column.extend_from_slice(more);
            }
            rows.x.rows += x.rows;
            rows.y.extend_from_slice(y);
        }
        rows
    }
}

impl Workspace {
    /// Trains a model as `request` asks, reporting each iteration to `progress`.
    #[tracing::instrument(skip_all, fields(dataset = %request.dataset), err(level = "debug"))]
    pub fn train_model(
        &mut self,
        request: &TrainRequest,
        progress: &dyn TrainProgress,
        cancel: &CancelToken,
    ) -> Result<TrainOutcome> {
        let job = self.start_training(request)?;
        let started = std::time::Instant::now();
        let result = job.run(progress, cancel);
        self.finish_training(job, result, started.elapsed())
    }

    /// Reads, splits and encodes the data and records the run as running.
    pub fn start_training(&mut self, request: &TrainRequest) -> Result<TrainJob> {
        self.begin_training(request, None)
    }

    /// Records `request` as a run waiting in a queue, holding its lease (so that no other
    /// process takes it for interrupted) — after checking its parameters and dataset.
    pub fn queue_training(
        &self,
        request: &TrainRequest,
    ) -> Result<(uuid::Uuid, modeldesk_store::RunLease)> {
        let family = request.family.clone().unwrap_or_else(|| "gbdt".to_owned());
        let params = request.model_params()?;
        params.validate()?;
        let store = self.store()?;
        let version = store.resolve_dataset(&request.dataset)?;
        let (run, lease) = store.queue_run(&NewRun {
            dataset_version_id: version.id,
            split_id: None,
            target: request.target.clone(),
            task: request.task.clone().unwrap_or_else(|| "auto".to_owned()),
            model_family: family,
            params_json: json("parameters", &params)?,
            author: self.author().to_owned(),
        })?;
        Ok((run.id, lease))
    }

    /// Starts a queued run (see [`Workspace::queue_training`]); a request that cannot start
    /// (its data no longer reads, the target is missing) fails the run with the reason.
    pub fn start_queued(
        &mut self,
        request: &TrainRequest,
        queued: (uuid::Uuid, modeldesk_store::RunLease),
    ) -> Result<TrainJob> {
        let id = queued.0;
        self.begin_training(request, Some(queued)).inspect_err(|e| {
            if let Ok(store) = self.store() {
                let _ = store.finish_run(id, RunStatus::Failed, "{}", "[]", Some(&e.to_string()));
            }
        })
    }

    fn begin_training(
        &mut self,
        request: &TrainRequest,
        queued: Option<(uuid::Uuid, modeldesk_store::RunLease)>,
    ) -> Result<TrainJob> {
        let family = request.family.clone().unwrap_or_else(|| "gbdt".to_owned());
        let params = request.model_params()?;
        // Bad parameters are the request's fault: refused before a run is recorded.
        params.validate()?;
        let task = Task::parse(request.task.as_deref().unwrap_or("auto"))?;
        let (version, split_id, [train_table, valid_table, test_table]) =
            self.split_parts(&request.dataset, request.ignore_split)?;
        let prepared = prepare(&train_table, &request.target, task)?;
        let valid = encoded(&valid_table, &prepared)?;
        let test = encoded(&test_table, &prepared)?;
        let store = self.store()?;
        let task_name = prepared.target.task.name();
        let (run_id, lease) = if let Some((id, lease)) = queued {
            store.mark_running(id, task_name, &json("parameters", &params)?, split_id)?;
            (id, lease)
        } else {
            let (run, lease) = store.start_run(&NewRun {
                dataset_version_id: version.id,
                split_id,
                target: request.target.clone(),
                task: task_name.to_owned(),
                model_family: family.clone(),
                params_json: json("parameters", &params)?,
                author: self.author().to_owned(),
            })?;
            (run.id, lease)
        };
        Ok(TrainJob {
            lease,
            family,
            name: request.name.clone(),
            target: request.target.clone(),
            params,
            prepared,
            valid,
            test,
            version,
            run_id,
            folds: request.folds.map(|k| (k, request.seed.unwrap_or(0))),
            cv: std::sync::OnceLock::new(),
        })
    }

    /// Closes the run of `job` with its `result`: stores the model and metrics when it
    /// trained, records the error (or the cancel) when it did not.
    pub fn finish_training(
        &mut self,
        job: TrainJob,
        result: Result<Trained, TrainError>,
        elapsed: std::time::Duration,
    ) -> Result<TrainOutcome> {
        let store = self.store()?;
        let total_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        let mut trained = match result {
            Ok(t) => t,
            Err(e) => {
                let status = if matches!(e, TrainError::Cancelled) {
                    RunStatus::Cancelled
                } else {
                    RunStatus::Failed
                };
                store.finish_run(job.run_id, status, "{}", "[]", Some(&e.to_string()))?;
                return Err(e.into());
            }
        };
        let TrainJob {
            family,
            name,
            target,
            prepared,
            valid,
            test,
            version,
            run_id,
            cv,
            ..
        } = job;
        let job_cv = cv.into_inner();
        trained.model.preprocess = self.preprocess_of(&version, &target)?;
        let mut metrics = PartMetrics {
            train: trained.train_metrics.clone(),
            validation: trained.valid_metrics.clone(),
            test: test.as_ref().map(|(x, y)| score(&trained.model, x, y)),
            latency: None,
            cv: job_cv,
        };
        let model =
            match self.store_model(&trained.model, run_id, &version, &family, name.as_deref()) {
                Ok(m) => m,
                Err(e) => {
                    store.finish_run(
                        run_id,
                        RunStatus::Failed,
                        "{}",
                        "[]",
                        Some(&e.to_string()),
                    )?;
                    return Err(e);
                }
            };
        metrics.latency = store
            .blobs()
            .read(&model.blob_sha256)
            .ok()
            .and_then(|onnx| measure_latency(&onnx, &model.name));
        store.finish_run(
            run_id,
            RunStatus::Finished,
            &json("metrics", &metrics)?,
            &json("curves", &trained.history)?,
            None,
        )?;
        store.record_activity(&NewActivity {
            kind: "model.trained".to_owned(),
            entity_kind: Some("model".to_owned()),
            entity_id: Some(model.id.to_string()),
            summary: format!(
                "trained {} ({family}) on {}",
                model.name, version.dataset_name
            ),
            author: self.author().to_owned(),
        })?;
        let rows = |m: &Option<(Matrix, Vec<f64>)>| m.as_ref().map_or(0, |(x, _)| x.rows);
        Ok(TrainOutcome {
            run_id: run_id.to_string(),
            model: model.name,
            model_id: model.id.to_string(),
            task: trained.model.target.task,
            family,
            features: trained
                .model
                .features
                .iter()
                .map(|f| f.name.clone())
                .collect(),
            classes: trained.model.target.classes.clone(),
            rows: [prepared.x.rows, rows(&valid), rows(&test)],
            iterations: trained.history.len(),
            best_iteration: trained.best_iteration,
            metrics,
            train_ms: trained.fit_ms,
            total_ms,
        })
    }

    /// The dataset version, the split used, and its train/validation/test rows (all rows in
    /// train when there is no split or it is ignored).
    pub(crate) fn split_parts(
        &self,
        dataset: &str,
        ignore_split: bool,
    ) -> Result<(DatasetVersion, Option<uuid::Uuid>, [Table; 3])> {
        let store = self.store()?;
        let version = store.resolve_dataset(dataset)?;
        let table = read_table(&store.blobs().path(&version.blob_sha256)?)?;
        let split = if ignore_split {
            None
        } else {
            self.dataset_split(dataset)?
        };
        let empty = || Table {
            columns: Vec::new(),
            arrays: Vec::new(),
        };
        Ok(match &split {
            Some((info, plan)) => {
                let parts = [
                    part_of(&table, &plan.parts, TRAIN)?,
                    part_of(&table, &plan.parts, VALIDATION)?,
                    part_of(&table, &plan.parts, TEST)?,
                ];
                (version, uuid::Uuid::parse_str(&info.id).ok(), parts)
            }
            None => (version, None, [table, empty(), empty()]),
        })
    }

    /// Stores a trained model: ONNX export and trainer file as blobs, then the model row.
    fn store_model(
        &self,
        model: &TrainedModel,
        run_id: uuid::Uuid,
        version: &DatasetVersion,
        family: &str,
        name: Option<&str>,
    ) -> Result<ModelRecord> {
        let store = self.store()?;
        let meta = [("modeldesk.run_id".to_owned(), run_id.to_string())];
        // The recipe goes in front of the model when every step has an ONNX form; otherwise
        // the model is exported on the prepared columns, and the summary says why.
        let (onnx, inputs) = match to_onnx(model, &meta) {
            Ok(bytes) => (
                bytes,
                if model.preprocess.is_some() {
                    "raw"
                } else {
                    "dataset"
                }
                .to_owned(),
            ),
            Err(e) => {
                let plain = TrainedModel {
                    preprocess: None,
                    ..model.clone()
                };
                (
                    to_onnx(&plain, &meta)?,
                    format!("prepared (recipe not exportable: {e})"),
                )
            }
        };
        let blob = store.blobs().put_bytes(&onnx)?;
        let sidecar = store.blobs().put_bytes(json("model", model)?.as_bytes())?;
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            None => self.next_model_name(&version.dataset_name, family)?,
        };
        let summary = serde_json::json!({
            "task": model.target.task,
            "family": family,
            "target": model.target.column,
            "classes": model.target.classes,
            "features": model.features.len(),
            "inputs": inputs,
            "dataset": format!("{}@{}", version.dataset_name, version.version),
        });
        Ok(store.add_model(&NewModel {
            run_id: Some(run_id),
            name,
            blob,
            sidecar: Some(sidecar),
            meta_json: summary.to_string(),
            author: self.author().to_owned(),
        })?)
    }

    /// The recipe chain from the first (imported) version to `version`, when it was prepared
    /// (from the newest version that made image pixels, when one did).
    fn preprocess_of(&self, version: &DatasetVersion, target: &str) -> Result<Option<Preprocess>> {
        let store = self.store()?;
        let mut chain: Vec<Vec<PrepStep>> = Vec::new();
        let mut at = version.clone();
        while let Some(parent) = at.parent_id {
            let steps: Vec<PrepStep> =
                serde_json::from_str(&at.recipe_json).map_err(|e| AppError::Invalid {
                    field: "stored recipe",
                    reason: format!("{}@{}: {e}", at.dataset_name, at.version),
                })?;
            // Pixels are read from files, which a graph cannot do: the model takes the
            // columns of the version that made them.
            if steps
                .iter()
                .any(|s| matches!(s, PrepStep::ImagePixels { .. }))
            {
                break;
            }
            chain.push(steps);
            at = store.dataset_version(parent)?;
        }
        if chain.is_empty() {
            return Ok(None);
        }
        let raw: Vec<modeldesk_data::ColumnSchema> = serde_json::from_str(&at.schema_json)
            .map_err(|e| AppError::Invalid {
                field: "stored schema",
                reason: format!("{}@{}: {e}", at.dataset_name, at.version),
            })?;
        let steps = chain.into_iter().rev().flatten().collect();
        Ok(Some(Preprocess::new(raw, steps, target)))
    }

    /// `<dataset>-<family>-<n>` with the smallest free `n`.
    fn next_model_name(&self, dataset: &str, family: &str) -> Result<String> {
        let taken: Vec<String> = self
            .store()?
            .models()?
            .into_iter()
            .map(|m| m.name)
            .collect();
        Ok((1..=taken.len() + 1)
            .map(|n| format!("{dataset}-{family}-{n}"))
            .find(|n| !taken.contains(n))
            .unwrap_or_default())
    }
}
