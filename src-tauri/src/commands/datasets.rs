//! Importing files and browsing datasets.

use std::path::PathBuf;

use modeldesk_app::{
    AppError, DatasetInfo, DatasetProfile, ImportSummary, JobProgress, RowWindow, SplitInfo,
    SplitRequest, import_to_blob,
};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::{ApiError, AppState};

/// Progress of a running job over rows (an import, a batch prediction), streamed to the UI.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// Bytes read.
    #[specta(type = specta_typescript::Number)] // < 2^53 bytes
    pub done: u64,
    /// File size in bytes.
    #[specta(type = Option<specta_typescript::Number>)]
    pub total: Option<u64>,
    /// Rows converted so far.
    #[specta(type = specta_typescript::Number)]
    pub rows: u64,
}

/// Imports a file (or an image folder) into the open project with the `settings` a person
/// overrode (all sniffed or inferred when `None`), streaming progress; `cancel_job` stops it
/// and then nothing is stored. The workspace stays usable while the import runs.
#[tauri::command]
#[specta::specta]
pub async fn import_dataset(
    state: State<'_, AppState>,
    path: String,
    name: Option<String>,
    settings: Option<modeldesk_app::ImportSettings>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportSummary, ApiError> {
    let options = settings.unwrap_or_default().to_options()?;
    let blobs = state.workspace().store()?.blobs().clone();
    let cancel = state.begin_job();
    let source = PathBuf::from(path);
    let work = tauri::async_runtime::spawn_blocking(move || {
        let progress = move |p: JobProgress| {
            let _ = on_progress.send(ImportProgress {
                done: p.done,
                total: p.total,
                rows: p.rows,
            });
        };
        import_to_blob(&blobs, &source, &options, &progress, &cancel)
    })
    .await;
    state.end_job();
    let imported = work.map_err(|e| ApiError {
        code: modeldesk_app::ErrorCode::Internal,
        message: format!("the import stopped unexpectedly: {e}"),
    })??;
    let outcome = state.workspace().record_import(imported, name.as_deref())?;
    Ok(outcome.summary())
}

/// Cancels the running import (or other long job); returns whether one was running.
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(state: State<'_, AppState>) -> Result<bool, ApiError> {
    Ok(state.cancel_job())
}

/// The newest version of every dataset in the open project.
#[tauri::command]
#[specta::specta]
pub async fn list_datasets(state: State<'_, AppState>) -> Result<Vec<DatasetInfo>, ApiError> {
    Ok(state.workspace().datasets()?)
}

/// Rows `offset..offset + limit` of a dataset (by id, name or `name@N`), for the table view.
#[tauri::command]
#[specta::specta]
pub async fn dataset_rows(
    state: State<'_, AppState>,
    dataset: String,
    offset: u32,
    limit: u32,
) -> Result<RowWindow, ApiError> {
    let limit = usize::try_from(limit.min(10_000)).map_err(|e| AppError::Invalid {
        field: "limit",
        reason: e.to_string(),
    })?;
    Ok(state
        .workspace()
        .dataset_rows(&dataset, u64::from(offset), limit)?
        .into())
}

/// The rows numbered `rows` (0-based, ascending; at most 10,000) of a dataset, for a table of
/// chosen rows (e.g. those behind a confusion-matrix cell).
#[tauri::command]
#[specta::specta]
pub async fn dataset_rows_at(
    state: State<'_, AppState>,
    dataset: String,
    rows: Vec<u32>,
) -> Result<RowWindow, ApiError> {
    if rows.len() > 10_000 {
        return Err(AppError::Invalid {
            field: "rows",
            reason: format!("{} rows asked for at once; at most 10,000", rows.len()),
        }
        .into());
    }
    let numbers: Vec<u64> = rows.into_iter().map(u64::from).collect();
    Ok(state
        .workspace()
        .dataset_rows_at(&dataset, &numbers)?
        .into())
}

/// The column profile of a dataset (stored at import; computed once if missing).
#[tauri::command]
#[specta::specta]
pub async fn dataset_profile(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<DatasetProfile, ApiError> {
    // Profiles are stored at import, so this is normally a read; a recompute (older
    // versions) is short and not cancellable, and must not take over the import's cancel slot.
    let profile = state.workspace().dataset_profile(
        &dataset,
        &modeldesk_app::NoProgress,
        &modeldesk_app::CancelToken::new(),
    )?;
    Ok(profile)
}

/// Splits a dataset (train/validation/test, optional folds) and stores the split.
#[tauri::command]
#[specta::specta]
pub async fn split_dataset(
    state: State<'_, AppState>,
    dataset: String,
    request: SplitRequest,
) -> Result<SplitInfo, ApiError> {
    let spec = request.to_spec()?;
    Ok(state.workspace().split_dataset(&dataset, &spec)?)
}

/// The newest split of a dataset, if it has one.
#[tauri::command]
#[specta::specta]
pub async fn dataset_split(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Option<SplitInfo>, ApiError> {
    Ok(state
        .workspace()
        .dataset_split(&dataset)?
        .map(|(info, _)| info))
}

/// Every version of a dataset, oldest first, with their parents (lineage).
#[tauri::command]
#[specta::specta]
pub async fn dataset_versions(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Vec<DatasetInfo>, ApiError> {
    Ok(state.workspace().dataset_versions(&dataset)?)
}

/// What `steps` would do to `dataset` (fitted on its first rows), without storing anything:
/// the first `rows` prepared rows and the fitted steps. An error names the failing step.
#[tauri::command]
#[specta::specta]
pub async fn preview_recipe(
    state: State<'_, AppState>,
    dataset: String,
    steps: Vec<modeldesk_app::PrepStep>,
    rows: u32,
) -> Result<modeldesk_app::RecipePreview, ApiError> {
    let rows = usize::try_from(rows).unwrap_or(usize::MAX).min(200);
    Ok(state.workspace().preview_recipe(&dataset, &steps, rows)?)
}

/// Applies `steps` to `dataset` and stores the result as its new version (parent and fitted
/// recipe recorded; fitted on the training part of the split when there is one).
/// `cancel_job` stops it before anything is stored.
#[tauri::command]
#[specta::specta]
pub async fn prep_dataset(
    state: State<'_, AppState>,
    dataset: String,
    steps: Vec<modeldesk_app::PrepStep>,
) -> Result<modeldesk_app::PrepOutcome, ApiError> {
    let cancel = state.begin_job();
    let outcome = state.workspace().prep_dataset(&dataset, &steps, &cancel);
    state.end_job();
    Ok(outcome?)
}
