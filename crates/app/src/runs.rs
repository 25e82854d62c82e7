//! Training runs as the Train panel's leaderboard and the `runs`/`run`/`compare` verbs show
//! them: one typed summary per run (headline metric per part, cross-validated score of search
//! trials, serving cost, the model it stored) and the full detail of chosen runs (metrics with
//! their curves and plots' data, per-iteration history).

use std::collections::{BTreeMap, HashMap};

use modeldesk_store::RunRecord;
use modeldesk_train::Metrics;
use serde::Serialize;

use crate::{AppError, PartMetrics, Result, Workspace};

/// One run, summarised.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// Run id.
    pub id: String,
    /// `name@version` of the dataset.
    pub dataset: String,
    /// Target column.
    pub target: String,
    /// Task.
    pub task: String,
    /// Model family.
    pub family: String,
    /// `queued`, `running`, `finished`, `failed`, `cancelled`.
    pub status: String,
    /// Every parameter by name (values as JSON text).
    pub params: BTreeMap<String, String>,
    /// The headline metric (`auc`, `accuracy`, `rmse`; `log_loss` for multiclass search trials).
    pub metric: Option<String>,
    /// Whether higher is better for it.
    pub higher_is_better: bool,
    /// The metric on the training rows (a run without validation or test rows has only this).
    pub train: Option<f64>,
    /// The metric on the validation rows.
    pub validation: Option<f64>,
    /// The metric on the test rows.
    pub test: Option<f64>,
    /// Cross-validated mean (search trials).
    pub cv_mean: Option<f64>,
    /// Cross-validated standard deviation (search trials).
    pub cv_std: Option<f64>,
    /// The search trial number, for runs a search recorded.
    pub search_trial: Option<u32>,
    /// Median one-row latency through ONNX Runtime, ms.
    pub p50_ms: Option<f64>,
    /// Rows per second in batches of 1,024.
    pub rows_per_second: Option<f64>,
    /// Size of the ONNX model.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub model_bytes: Option<u64>,
    /// The model the run stored.
    pub model: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// Starred by someone on the team.
    pub starred: bool,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// RFC 3339 start.
    pub created_at: String,
    /// RFC 3339 end.
    pub finished_at: Option<String>,
}

pub use modeldesk_report::CurvePoint;

/// A run in full: its summary, metrics per part (with ROC, PR, calibration, confusion and
/// residual data) and its per-iteration history.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDetail {
    /// The summary.
    pub summary: RunSummary,
    /// Metrics per part (finished training runs).
    pub metrics: Option<PartMetrics>,
    /// The history.
    pub curve: Vec<CurvePoint>,
    /// The ModelDesk version that ran it.
    pub code_version: Option<String>,
}

fn headline(m: &Metrics) -> (&'static str, f64, bool) {
    m.headline()
}

/// `family`-tagged parameters as `name → JSON text`.
pub(crate) fn params_of(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("params").and_then(|p| p.as_object().cloned()))
        .map(|m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect())
        .unwrap_or_default()
}

impl Workspace {
    /// `dataset_version_id → name@version` for the project's datasets.
    fn dataset_names(&self) -> Result<HashMap<uuid::Uuid, String>> {
        let store = self.store()?;
        let mut out = HashMap::new();
        for d in store.datasets()? {
            for v in store.dataset_versions(d.id)? {
                out.insert(v.id, format!("{}@{}", v.dataset_name, v.version));
            }
        }
        Ok(out)
    }

    fn summarise(
        r: &RunRecord,
        names: &HashMap<uuid::Uuid, String>,
        models: &HashMap<uuid::Uuid, String>,
    ) -> RunSummary {
        let metrics: serde_json::Value = serde_json::from_str(&r.metrics_json).unwrap_or_default();
        let parts: Option<PartMetrics> = serde_json::from_value(metrics.clone()).ok();
        let cv = metrics.get("cv");
        let (mut metric, mut higher, mut train, mut validation, mut test) =
            (None, true, None, None, None);
        if let Some(p) = &parts {
            let (name, value, hib) = headline(&p.train);
            metric = Some(name.to_owned());
            higher = hib;
            train = Some(value);
            validation = p.validation.as_ref().map(|m| headline(m).1);
            test = p.test.as_ref().map(|m| headline(m).1);
        } else if let Some(cv) = cv {
            let name = cv["metric"].as_str().unwrap_or_default().to_owned();
            higher = name == "auc" || name == "accuracy";
            metric = Some(name);
        }
        let latency = parts.as_ref().and_then(|p| p.latency.as_ref());
        RunSummary {
            id: r.id.to_string(),
            dataset: names
                .get(&r.dataset_version_id)
                .cloned()
                .unwrap_or_else(|| r.dataset_version_id.to_string()),
            target: r.target.clone(),
            task: r.task.clone(),
            family: r.model_family.clone(),
            status: serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            params: params_of(&r.params_json),
            metric,
            higher_is_better: higher,
            train,
            validation,
            test,
            cv_mean: cv.and_then(|c| c["mean"].as_f64()),
            cv_std: cv.and_then(|c| c["std"].as_f64()),
            search_trial: metrics["search"]["trial"]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok()),
            p50_ms: latency.map(|l| l.p50_batch1_ms),
            rows_per_second: latency.map(|l| l.rows_per_second_batch1024),
            model_bytes: latency.map(|l| l.model_bytes),
            model: models.get(&r.id).cloned(),
            error: r.error.clone(),
            starred: r.starred,
            tags: r.tags.clone(),
            created_at: r.created_at.clone(),
            finished_at: r.finished_at.clone(),
        }
    }

    /// `run id → model name` for runs that stored a model.
    fn models_by_run(&self) -> Result<HashMap<uuid::Uuid, String>> {
        Ok(self
            .store()?
            .models()?
            .into_iter()
            .filter_map(|m| m.run_id.map(|r| (r, m.name)))
            .collect())
    }

    /// Runs, newest first; only those on `dataset`'s versions when given (a name matches every
    /// version, `name@N` one).
    pub fn run_summaries(&self, dataset: Option<&str>) -> Result<Vec<RunSummary>> {
        let store = self.store()?;
        let names = self.dataset_names()?;
        let models = self.models_by_run()?;
        let keep = |s: &RunSummary| match dataset {
            None => true,
            Some(d) if d.contains('@') => s.dataset == d,
            Some(d) => s.dataset.split('@').next() == Some(d),
        };
        Ok(store
            .runs()?
            .iter()
            .map(|r| Self::summarise(r, &names, &models))
            .filter(keep)
            .collect())
    }

    /// Stars or unstars a run (by id, prefix or suffix) and/or replaces its tags.
    pub fn label_run(
        &self,
        reference: &str,
        starred: Option<bool>,
        tags: Option<&[String]>,
    ) -> Result<RunSummary> {
        let id = self.run_detail(reference)?.summary.id;
        let id = uuid::Uuid::parse_str(&id).map_err(|e| AppError::Invalid {
            field: "run",
            reason: e.to_string(),
        })?;
        self.store()?.set_run_labels(id, starred, tags)?;
        Ok(self.run_detail(&id.to_string())?.summary)
    }

    /// Asks the process running a run (by id, prefix or suffix) to stop it.
    pub fn cancel_run(&self, reference: &str) -> Result<RunSummary> {
        let detail = self.run_detail(reference)?;
        let id = uuid::Uuid::parse_str(&detail.summary.id).map_err(|e| AppError::Invalid {
            field: "run",
            reason: e.to_string(),
        })?;
        self.store()?.request_cancel(id)?;
        Ok(detail.summary)
    }

    /// A run by id (or a unique prefix or suffix of it — ids are time-ordered, so runs made
    /// close together share their first characters and differ in the last), in full.
    pub fn run_detail(&self, reference: &str) -> Result<RunDetail> {
        let record = self.run_record(reference)?;
        let summary = Self::summarise(&record, &self.dataset_names()?, &self.models_by_run()?);
        Ok(RunDetail {
            summary,
            metrics: serde_json::from_str(&record.metrics_json).ok(),
            curve: serde_json::from_str(&record.curves_json).unwrap_or_default(),
            code_version: record.code_version,
        })
    }

    /// The stored record of a run by id, unique prefix or suffix.
    pub(crate) fn run_record(&self, reference: &str) -> Result<RunRecord> {
        let store = self.store()?;
        let mut matches: Vec<RunRecord> = store
            .runs()?
            .into_iter()
            .filter(|r| {
                let id = r.id.to_string();
                !reference.is_empty() && (id.starts_with(reference) || id.ends_with(reference))
            })
            .collect();
        match matches.len() {
            1 => Ok(matches.remove(0)),
            0 => Err(AppError::Invalid {
                field: "run",
                reason: format!("no run {reference:?} (see `modeldesk runs`)"),
            }),
            n => Err(AppError::Invalid {
                field: "run",
                reason: format!("{reference:?} matches {n} runs; give more of the id"),
            }),
        }
    }
}
