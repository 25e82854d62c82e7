//! Opening, creating and closing projects.

use std::path::PathBuf;

use modeldesk_app::{JobProgress, ProjectSummary, RecentProject};
use tauri::State;
use tauri::ipc::Channel;

use crate::{ApiError, AppState};

/// Recently opened projects, most recent first, each marked whether it still exists.
#[tauri::command]
#[specta::specta]
pub async fn recent_projects(state: State<'_, AppState>) -> Result<Vec<RecentProject>, ApiError> {
    Ok(state.workspace().recent().list())
}

/// Creates a project in `path` (name defaults to the folder name) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn create_project(
    state: State<'_, AppState>,
    path: String,
    name: Option<String>,
) -> Result<ProjectSummary, ApiError> {
    Ok(state
        .workspace()
        .create_project(&PathBuf::from(path), name.as_deref())?)
}

/// Opens the project in `path`.
#[tauri::command]
#[specta::specta]
pub async fn open_project(
    state: State<'_, AppState>,
    path: String,
) -> Result<ProjectSummary, ApiError> {
    Ok(state.workspace().open_project(&PathBuf::from(path))?)
}

/// The open project, if any.
#[tauri::command]
#[specta::specta]
pub async fn current_project(
    state: State<'_, AppState>,
) -> Result<Option<ProjectSummary>, ApiError> {
    Ok(state.workspace().current())
}

/// Closes the open project.
#[tauri::command]
#[specta::specta]
pub async fn close_project(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.workspace().close_project();
    Ok(())
}

/// Progress of making the sample project: the step under way.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SampleProgress {
    /// `import`, `split`, `linear`, `gbdt`, `explain` or `note`.
    pub step: String,
    /// Steps done.
    #[specta(type = specta_typescript::Number)]
    pub done: u64,
    /// Steps in all.
    #[specta(type = Option<specta_typescript::Number>)]
    pub total: Option<u64>,
}

/// Opens the sample project, making it first (in the app's data folder) when it is not
/// there: a dataset, two trained models, an explanation and a note in `language`.
/// `cancel_job` stops it and removes what was made.
#[tauri::command]
#[specta::specta]
pub async fn open_sample_project(
    state: State<'_, AppState>,
    language: String,
    on_progress: Channel<SampleProgress>,
) -> Result<ProjectSummary, ApiError> {
    let cancel = state.begin_job();
    let progress = move |p: JobProgress| {
        let _ = on_progress.send(SampleProgress {
            step: p.stage.to_owned(),
            done: p.done,
            total: p.total,
        });
    };
    let runtime = state.runtime_options();
    let opened = state.workspace().open_sample_project(
        state.sample_dir(),
        &language,
        &runtime,
        &progress,
        &cancel,
    );
    state.end_job();
    Ok(opened?)
}
