//! App-level commands.

use modeldesk_app::AppInfo;
use tauri::State;

use crate::{ApiError, AppState};

/// Application name, version and the ONNX Runtime status (loads ORT on first call).
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    Ok(modeldesk_app::app_info(&state.runtime_options()))
}
