//! Training and listing models.

use modeldesk_app::{ExplainView, Iteration, ModelInfo, TrainOutcome, TrainRequest};
use tauri::State;
use tauri::ipc::Channel;

use crate::{ApiError, AppState};

/// Trains a model, streaming each iteration (losses and the main metric) to the UI;
/// `cancel_job` stops it. The workspace stays usable while it trains: the data is read and
/// the run recorded first, the training runs on its own, the model is stored after.
#[tauri::command]
#[specta::specta]
pub async fn train_model(
    state: State<'_, AppState>,
    request: TrainRequest,
    on_progress: Channel<Iteration>,
) -> Result<TrainOutcome, ApiError> {
    let job = state.workspace().start_training(&request)?;
    let cancel = state.begin_job();
    let work = tauri::async_runtime::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let progress = move |it: &Iteration| {
            let _ = on_progress.send(it.clone());
        };
        let result = job.run(&progress, &cancel);
        (job, result, started.elapsed())
    })
    .await;
    state.end_job();
    let (job, result, elapsed) = work.map_err(|e| ApiError {
        code: modeldesk_app::ErrorCode::Internal,
        message: format!("the training stopped unexpectedly: {e}"),
    })?;
    Ok(state.workspace().finish_training(job, result, elapsed)?)
}

/// The open project's models, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_models(state: State<'_, AppState>) -> Result<Vec<ModelInfo>, ApiError> {
    Ok(state.workspace().models()?)
}

/// Progress of a running explanation.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExplainProgress {
    /// Rows explained.
    #[specta(type = specta_typescript::Number)]
    pub done: u64,
    /// Rows to explain.
    #[specta(type = Option<specta_typescript::Number>)]
    pub total: Option<u64>,
}

/// SHAP values of a model on rows `start..end` of a dataset (every row when not given), how
/// `options` say (method, background, interactions), by
/// raw column; `cancel_job` stops it. The values are computed without holding the workspace.
#[tauri::command]
#[specta::specta]
pub async fn explain_model(
    state: State<'_, AppState>,
    model: String,
    dataset: String,
    start: Option<u32>,
    end: Option<u32>,
    options: modeldesk_app::ExplainOptions,
    on_progress: Channel<ExplainProgress>,
) -> Result<ExplainView, ApiError> {
    let cancel = state.begin_job();
    let range = row_range(start, end);
    let progress = move |p: modeldesk_app::JobProgress| {
        let _ = on_progress.send(ExplainProgress {
            done: p.done,
            total: p.total,
        });
    };
    let runtime = state.runtime_options();
    let view = state.workspace().explain_view(
        &model, &dataset, range, &options, &runtime, &progress, &cancel,
    );
    state.end_job();
    Ok(view?)
}

/// The explanation `explain_model` kept for this request, if any (never computes): what the
/// Explain panel shows at once when it opens on a request explained before.
#[tauri::command]
#[specta::specta]
pub async fn stored_explanation(
    state: State<'_, AppState>,
    model: String,
    dataset: String,
    start: Option<u32>,
    end: Option<u32>,
    options: modeldesk_app::ExplainOptions,
) -> Result<Option<ExplainView>, ApiError> {
    Ok(state
        .workspace()
        .stored_explanation(&model, &dataset, row_range(start, end), &options)?)
}

/// Rows `start..end` as asked (either end open).
fn row_range(start: Option<u32>, end: Option<u32>) -> modeldesk_app::RowRange {
    match (start, end) {
        (Some(s), Some(e)) => Some((u64::from(s), u64::from(e))),
        (Some(s), None) => Some((u64::from(s), u64::MAX)),
        (None, Some(e)) => Some((0, u64::from(e))),
        (None, None) => None,
    }
}

/// Saves an exported plot (or other file) as `exports/<name>.<extension>` in the project
/// (numbered when taken); returns where it went.
#[tauri::command]
#[specta::specta]
pub async fn save_export(
    state: State<'_, AppState>,
    name: String,
    extension: String,
    bytes: Vec<u8>,
) -> Result<String, ApiError> {
    let path = state.workspace().save_export(&name, &extension, &bytes)?;
    Ok(path.display().to_string())
}

/// Training runs, newest first (only those on `dataset` when given): the Train panel's
/// leaderboard.
#[tauri::command]
#[specta::specta]
pub async fn list_runs(
    state: State<'_, AppState>,
    dataset: Option<String>,
) -> Result<Vec<modeldesk_app::RunSummary>, ApiError> {
    Ok(state.workspace().run_summaries(dataset.as_deref())?)
}

/// One run in full: metrics per part (ROC, PR, calibration, confusion, residuals) and curve.
#[tauri::command]
#[specta::specta]
pub async fn run_detail(
    state: State<'_, AppState>,
    run: String,
) -> Result<modeldesk_app::RunDetail, ApiError> {
    Ok(state.workspace().run_detail(&run)?)
}

/// The dataset rows behind one cell of a classification run's confusion matrix (`actual` and
/// `predicted` are class indices in the run's class order).
#[tauri::command]
#[specta::specta]
pub async fn confusion_rows(
    state: State<'_, AppState>,
    run: String,
    part: modeldesk_app::RunPart,
    actual: u32,
    predicted: u32,
) -> Result<modeldesk_app::ConfusionRows, ApiError> {
    let index = |v: u32| usize::try_from(v).unwrap_or(usize::MAX);
    Ok(state
        .workspace()
        .confusion_rows(&run, part, index(actual), index(predicted))?)
}

/// Searches for a good model within the request's minutes, streaming each trial; `cancel_job`
/// stops it. The workspace stays usable while it searches (trials are recorded through a
/// connection of the search's own); the best candidate is trained and stored at the end.
#[tauri::command]
#[specta::specta]
pub async fn search_models(
    state: State<'_, AppState>,
    request: modeldesk_app::SearchRequest,
    on_trial: Channel<modeldesk_app::TrialInfo>,
) -> Result<modeldesk_app::SearchSummary, ApiError> {
    let job = state.workspace().start_search(&request)?;
    let cancel = state.begin_job();
    let token = cancel.clone();
    let work = tauri::async_runtime::spawn_blocking(move || {
        let mut report = |t: &modeldesk_app::TrialInfo| {
            let _ = on_trial.send(t.clone());
        };
        let result = job.run(&mut report, &token);
        (job, result)
    })
    .await;
    state.end_job();
    let (job, result) = work.map_err(|e| ApiError {
        code: modeldesk_app::ErrorCode::Internal,
        message: format!("the search stopped unexpectedly: {e}"),
    })?;
    Ok(state.workspace().finish_search(&job, result?, &cancel)?)
}

/// Queues a training; returns its run id at once. The run shows as `queued` in `list_runs`,
/// trains when the queue reaches it, and its progress arrives as `RunQueueEvent`s.
#[tauri::command]
#[specta::specta]
pub async fn queue_training(
    state: State<'_, AppState>,
    request: TrainRequest,
) -> Result<String, ApiError> {
    Ok(state.queue().submit(request)?)
}

/// Cancels a run: one waiting in the queue never starts; one training stops at its next
/// iteration (also when another process trains it). Returns the run as it is now.
#[tauri::command]
#[specta::specta]
pub async fn cancel_run(
    state: State<'_, AppState>,
    run: String,
) -> Result<modeldesk_app::RunSummary, ApiError> {
    let queue = state.queue();
    let id = state.workspace().run_detail(&run)?.summary.id;
    if !queue.cancel(&id)? {
        state.workspace().cancel_run(&id)?;
    }
    Ok(state.workspace().run_detail(&id)?.summary)
}

/// How many queued runs train at once (at least one).
#[tauri::command]
#[specta::specta]
pub async fn set_queue_concurrency(state: State<'_, AppState>, runs: u32) -> Result<(), ApiError> {
    state
        .queue()
        .set_concurrency(usize::try_from(runs).unwrap_or(1));
    Ok(())
}

/// Stars or unstars a run and/or replaces its tags; returns the run as it is now.
#[tauri::command]
#[specta::specta]
pub async fn label_run(
    state: State<'_, AppState>,
    run: String,
    starred: Option<bool>,
    tags: Option<Vec<String>>,
) -> Result<modeldesk_app::RunSummary, ApiError> {
    Ok(state
        .workspace()
        .label_run(&run, starred, tags.as_deref())?)
}
