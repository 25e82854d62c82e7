//! Training and listing models.

use modeldesk_app::{Iteration, ModelInfo, TrainOutcome, TrainRequest};
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
