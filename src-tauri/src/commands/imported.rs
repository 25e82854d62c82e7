//! Models brought in as ONNX files, evaluation and the leaderboard, batch prediction of a file,
//! latency, and the ONNX Runtime session settings.

use std::path::PathBuf;
use std::time::Duration;

use modeldesk_app::{
    ColumnMapping, EvaluationInfo, ImportOptions, LatencyReport, LeaderboardEntry, ModelInfo,
    ModelInspection, OutputSpec, PredictSummary, RuntimeStatus,
};
use modeldesk_runtime::SessionOptions;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::datasets::ImportProgress;
use crate::{ApiError, AppState};

/// Imports an ONNX file as a model; a file ONNX Runtime cannot load is refused with the reason
/// and nothing is stored.
#[tauri::command]
#[specta::specta]
pub async fn import_model(
    state: State<'_, AppState>,
    path: String,
    name: Option<String>,
) -> Result<ModelInfo, ApiError> {
    let runtime = state.runtime_options();
    Ok(state
        .workspace()
        .import_model(&PathBuf::from(path), name.as_deref(), &runtime)?)
}

/// What a stored model is: inputs, outputs, opsets, operators, parameters, how its outputs are
/// read, its saved mapping and the provider it runs on.
#[tauri::command]
#[specta::specta]
pub async fn inspect_model(
    state: State<'_, AppState>,
    model: String,
) -> Result<ModelInspection, ApiError> {
    let runtime = state.runtime_options();
    Ok(state.workspace().inspect_model(&model, &runtime)?)
}

/// A proposed mapping of a dataset's columns to an imported model's inputs.
#[tauri::command]
#[specta::specta]
pub async fn suggest_mapping(
    state: State<'_, AppState>,
    model: String,
    dataset: String,
) -> Result<ColumnMapping, ApiError> {
    let runtime = state.runtime_options();
    Ok(state
        .workspace()
        .suggest_mapping(&model, &dataset, &runtime)?)
}

/// Saves an imported model's mapping, output interpretation and target column (each if given).
#[tauri::command]
#[specta::specta]
pub async fn set_model_io(
    state: State<'_, AppState>,
    model: String,
    mapping: Option<ColumnMapping>,
    outputs: Option<OutputSpec>,
    target: Option<String>,
) -> Result<ModelInfo, ApiError> {
    let runtime = state.runtime_options();
    Ok(state
        .workspace()
        .set_model_io(&model, mapping, outputs, target, &runtime)?)
}

/// Scores a model on a dataset (its test rows when split, else all) and records the result.
#[tauri::command]
#[specta::specta]
pub async fn evaluate_model(
    state: State<'_, AppState>,
    model: String,
    dataset: String,
    part: Option<String>,
    target: Option<String>,
) -> Result<EvaluationInfo, ApiError> {
    let runtime = state.runtime_options();
    let cancel = state.begin_job();
    let result = state.workspace().evaluate_model(
        &model,
        &dataset,
        part.as_deref(),
        target.as_deref(),
        &runtime,
        &modeldesk_app::NoProgress,
        &cancel,
    );
    state.end_job();
    Ok(result?)
}

/// Every model's headline score, best first per task.
#[tauri::command]
#[specta::specta]
pub async fn leaderboard(state: State<'_, AppState>) -> Result<Vec<LeaderboardEntry>, ApiError> {
    Ok(state.workspace().leaderboard()?)
}

/// Predicts a data file with a stored model and writes it with the prediction columns added
/// (CSV, or Parquet by extension), streaming progress; `cancel_job` stops it.
#[tauri::command]
#[specta::specta]
pub async fn predict_file(
    state: State<'_, AppState>,
    model: String,
    input: String,
    output: String,
    overwrite: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<PredictSummary, ApiError> {
    let runtime = state.runtime_options();
    let cancel = state.begin_job();
    let progress = move |p: modeldesk_app::JobProgress| {
        let _ = on_progress.send(ImportProgress {
            done: p.done,
            total: p.total,
            rows: p.rows,
        });
    };
    let result = state.workspace().predict_file(
        &model,
        &PathBuf::from(input),
        &PathBuf::from(output),
        &ImportOptions::default(),
        &runtime,
        overwrite,
        &progress,
        &cancel,
    );
    state.end_job();
    Ok(result?)
}

/// p50/p99 latency and throughput of a model at each batch size (about half a second each).
#[tauri::command]
#[specta::specta]
pub async fn bench_model(
    state: State<'_, AppState>,
    model: String,
    batches: Vec<u32>,
) -> Result<LatencyReport, ApiError> {
    let runtime = state.runtime_options();
    let batches: Vec<usize> = batches.into_iter().map(|b| b as usize).collect();
    Ok(state
        .workspace()
        .bench_model(&model, &batches, Duration::from_millis(500), &runtime)?)
}

/// The saved ONNX Runtime session settings.
#[tauri::command]
#[specta::specta]
pub async fn runtime_settings(state: State<'_, AppState>) -> Result<SessionOptions, ApiError> {
    Ok(state.runtime_options().session)
}

/// Saves ONNX Runtime session settings and reports the runtime status under them (which
/// provider sessions now run on, and why when it is not the one chosen).
#[tauri::command]
#[specta::specta]
pub async fn set_runtime_settings(
    state: State<'_, AppState>,
    settings: SessionOptions,
) -> Result<RuntimeStatus, ApiError> {
    state.set_session_options(settings)?;
    Ok(modeldesk_app::runtime_status(&state.runtime_options()))
}
