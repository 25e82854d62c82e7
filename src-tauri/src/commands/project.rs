//! Opening, creating and closing projects.

use std::path::PathBuf;

use modeldesk_app::{ProjectSummary, RecentProject};
use tauri::State;

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
