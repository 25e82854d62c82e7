//! "Find a good model in N minutes": a time-budgeted search over model families on a dataset's
//! non-test rows (cross-validated), each finished trial recorded as a run, then the best
//! candidate trained on the dataset's split and stored as a model like any other.

use std::collections::BTreeMap;
use std::time::Duration;

use modeldesk_data::recipe::Table;
use modeldesk_store::{NewRun, RunStatus};
use modeldesk_train::search::{SearchSpec, Trial, search};
use modeldesk_train::{CancelToken, ModelParams, Silent, Task, prepare};
use serde::{Deserialize, Serialize};

use crate::{AppError, Result, TrainOutcome, TrainRequest, Workspace};

/// Cross-validation folds when not given (as H2O AutoML).
pub const DEFAULT_FOLDS: usize = 5;

/// What to search.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchRequest {
    /// Dataset reference.
    pub dataset: String,
    /// Target column.
    pub target: String,
    /// `auto` (default), `binary`, `multiclass`, `regression`.
    pub task: Option<String>,
    /// Budget in minutes (default 1).
    pub minutes: Option<f64>,
    /// Families to try (default: gbdt, linear, mlp).
    pub families: Vec<String>,
    /// Cross-validation folds (default 5).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub folds: Option<usize>,
    /// Seed of the folds and candidates (default 0).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub seed: Option<u64>,
    /// Stop after this many trials.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub max_trials: Option<usize>,
    /// Name of the model kept (default `<dataset>-<family>-<n>`).
    pub name: Option<String>,
}

/// One trial as faces show it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialInfo {
    /// 1-based trial number.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub number: usize,
    /// The family.
    pub family: String,
    /// Every parameter, by name (values as JSON text).
    pub params: BTreeMap<String, String>,
    /// The selection metric (`auc`, `log_loss`, `rmse`).
    pub metric: String,
    /// Mean over the folds.
    pub mean: f64,
    /// Standard deviation over the folds.
    pub std: f64,
    /// Per-fold values.
    pub folds: Vec<f64>,
    /// Stopped after its first fold.
    pub pruned: bool,
    /// Milliseconds taken.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub ms: u64,
    /// The run recording it (complete trials).
    pub run_id: Option<String>,
}

/// What a search found.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchSummary {
    /// Every trial, in order.
    pub trials: Vec<TrialInfo>,
    /// The best complete trial.
    pub best: Option<TrialInfo>,
    /// Whether higher is better for the metric.
    pub higher_is_better: bool,
    /// Trials stopped after their first fold.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub pruned: usize,
    /// Search time, milliseconds.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub search_ms: u64,
    /// The best candidate, trained on the dataset's split and stored.
    pub model: TrainOutcome,
}

/// Parameters as `name → JSON text`, the way [`TrainRequest::params`] takes them.
fn param_pairs(params: &ModelParams) -> BTreeMap<String, String> {
    serde_json::to_value(params)
        .ok()
        .and_then(|v| v.get("params").and_then(|p| p.as_object().cloned()))
        .map(|m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect())
        .unwrap_or_default()
}

fn trial_info(t: &Trial, run_id: Option<String>) -> TrialInfo {
    TrialInfo {
        number: t.number,
        family: t.params.family().to_owned(),
        params: param_pairs(&t.params),
        metric: t.metric.to_owned(),
        mean: t.mean,
        std: t.std,
        folds: t.fold_scores.clone(),
        pruned: t.pruned,
        ms: t.ms,
        run_id,
    }
}

/// `a`'s rows followed by `b`'s (same columns).
fn concat(a: &Table, b: &Table) -> Result<Table> {
    if b.rows() == 0 {
        return Ok(a.clone());
    }
    let arrays = a
        .arrays
        .iter()
        .zip(&b.arrays)
        .map(|(x, y)| arrow_select::concat::concat(&[x.as_ref(), y.as_ref()]))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| AppError::Invalid {
            field: "dataset",
            reason: e.to_string(),
        })?;
    Ok(Table {
        columns: a.columns.clone(),
        arrays,
    })
}

/// The budget in minutes, after checking the request's minutes and families.
fn checked_minutes(request: &SearchRequest) -> Result<f64> {
    let minutes = request.minutes.unwrap_or(1.0);
    if !(minutes.is_finite() && minutes > 0.0) {
        return Err(AppError::Invalid {
            field: "minutes",
            reason: format!("{minutes} is not a positive number of minutes"),
        });
    }
    if let Some(f) = request
        .families
        .iter()
        .find(|f| !matches!(f.as_str(), "gbdt" | "linear" | "mlp"))
    {
        return Err(AppError::Invalid {
            field: "families",
            reason: format!("{f:?} is not one of gbdt, linear, mlp"),
        });
    }
    Ok(minutes)
}

/// The best trial's parameters for the final model: the rounds (epochs) its folds' early
/// stopping chose, a tenth more for the extra rows.
fn final_params(best: &Trial) -> BTreeMap<String, String> {
    let mut params = param_pairs(&best.params);
    if let Some(b) = best.best_iteration {
        let rounds = (b + b / 10).max(1).to_string();
        match best.params {
            ModelParams::Gbdt(_) => {
                params.insert("num_iterations".into(), rounds);
            }
            ModelParams::Mlp(_) => {
                params.insert("max_epochs".into(), rounds);
            }
            ModelParams::Linear(_) => {}
        }
    }
    params
}

/// A search ready to run without the workspace: the data prepared, and a store connection of
/// its own to record each trial as a run while the workspace keeps answering.
pub struct SearchJob {
    request: SearchRequest,
    spec: SearchSpec,
    prepared: modeldesk_train::Prepared,
    store: modeldesk_store::Store,
    version_id: uuid::Uuid,
    split_id: Option<uuid::Uuid>,
    author: String,
}

impl std::fmt::Debug for SearchJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchJob({} rows)", self.prepared.x.rows)
    }
}

/// A search's trials, before its best candidate is trained.
#[derive(Debug)]
pub struct SearchTrials {
    outcome: modeldesk_train::search::SearchOutcome,
    infos: Vec<TrialInfo>,
}

impl SearchJob {
    /// Runs the search, recording each complete trial as a run and reporting every trial.
    pub fn run(
        &self,
        on_trial: &mut dyn FnMut(&TrialInfo),
        cancel: &CancelToken,
    ) -> Result<SearchTrials> {
        let task_name = self.prepared.target.task.name().to_owned();
        let seed = self.spec.seed;
        let mut infos = Vec::new();
        let mut record = |t: &Trial| {
            let run_id = (!t.pruned)
                .then(|| self.record(t, &task_name, seed))
                .transpose()
                .map_err(|e| tracing::warn!(%e, "could not record a search trial"))
                .ok()
                .flatten();
            let info = trial_info(t, run_id);
            on_trial(&info);
            infos.push(info);
        };
        let outcome = search(&self.prepared, &self.spec, &mut record, cancel)?;
        Ok(SearchTrials { outcome, infos })
    }

    /// Records a complete trial as a finished run with its cross-validated score.
    fn record(&self, t: &Trial, task: &str, seed: u64) -> Result<String> {
        // The lease is held until the trial is recorded as finished.
        let (run, _lease) = self.store.start_run(&NewRun {
            dataset_version_id: self.version_id,
            split_id: self.split_id,
            target: self.request.target.clone(),
            task: task.to_owned(),
            model_family: t.params.family().to_owned(),
            params_json: serde_json::to_string(&t.params).unwrap_or_default(),
            author: self.author.clone(),
        })?;
        let metrics = serde_json::json!({
            "search": { "trial": t.number, "seed": seed },
            "cv": { "metric": t.metric, "mean": t.mean, "std": t.std, "folds": t.fold_scores },
        });
        self.store.finish_run(
            run.id,
            RunStatus::Finished,
            &metrics.to_string(),
            "[]",
            None,
        )?;
        Ok(run.id.to_string())
    }
}

impl Workspace {
    /// Searches for a good model within the budget, reporting each trial to `on_trial`; the
    /// best candidate is then trained on the dataset's split and stored.
    pub fn search_models(
        &mut self,
        request: &SearchRequest,
        on_trial: &mut dyn FnMut(&TrialInfo),
        cancel: &CancelToken,
    ) -> Result<SearchSummary> {
        let job = self.start_search(request)?;
        let result = job.run(on_trial, cancel)?;
        self.finish_search(&job, result, cancel)
    }

    /// Checks the request and prepares the data (the dataset's non-test rows).
    pub fn start_search(&self, request: &SearchRequest) -> Result<SearchJob> {
        let minutes = checked_minutes(request)?;
        let task = Task::parse(request.task.as_deref().unwrap_or("auto"))?;
        let (version, split_id, [train, valid, _test]) =
            self.split_parts(&request.dataset, false)?;
        let prepared = prepare(&concat(&train, &valid)?, &request.target, task)?;
        let store = modeldesk_store::Store::open(self.store()?.root())?;
        Ok(SearchJob {
            spec: SearchSpec {
                families: request.families.clone(),
                budget: Duration::from_secs_f64(minutes * 60.0),
                folds: request.folds.unwrap_or(DEFAULT_FOLDS),
                seed: request.seed.unwrap_or(0),
                max_trials: request.max_trials,
            },
            request: request.clone(),
            prepared,
            store,
            version_id: version.id,
            split_id,
            author: self.author().to_owned(),
        })
    }

    /// Trains the best candidate of a search on the dataset's split and stores it.
    pub fn finish_search(
        &mut self,
        job: &SearchJob,
        result: SearchTrials,
        cancel: &CancelToken,
    ) -> Result<SearchSummary> {
        let SearchTrials { outcome, infos } = result;
        let best = outcome.best.and_then(|i| infos.get(i).cloned());
        let Some(best_trial) = outcome.best.and_then(|i| outcome.trials.get(i)) else {
            return Err(AppError::Invalid {
                field: "minutes",
                reason: "no candidate finished within the budget".into(),
            });
        };
        let request = &job.request;
        let model = self.train_model(
            &TrainRequest {
                dataset: request.dataset.clone(),
                target: request.target.clone(),
                task: request.task.clone(),
                family: Some(best_trial.params.family().to_owned()),
                params: final_params(best_trial),
                seed: Some(job.spec.seed),
                ignore_split: false,
                folds: None,
                name: request.name.clone(),
            },
            &Silent,
            cancel,
        )?;
        Ok(SearchSummary {
            pruned: infos.iter().filter(|t| t.pruned).count(),
            trials: infos,
            best,
            higher_is_better: outcome.higher_is_better,
            search_ms: outcome.ms,
            model,
        })
    }
}
