//! App-level commands.

use modeldesk_app::AppInfo;
use tauri::{Runtime, State};

use crate::{ApiError, AppState};

/// Application name, version and the ONNX Runtime status (loads ORT on first call).
#[tauri::command]
#[specta::specta]
pub async fn app_info<R: Runtime>(
    _app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<AppInfo, ApiError> {
    Ok(modeldesk_app::app_info(&state.runtime_options()))
}
