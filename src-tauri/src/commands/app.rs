//! App-level commands.

use modeldesk_app::{AppInfo, Detail, DoctorReport};
use tauri::State;

use crate::{ApiError, AppState};

/// Application name, version and the ONNX Runtime status (loads ORT on first call).
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    Ok(modeldesk_app::app_info(&state.runtime_options()))
}

/// The About dialog's diagnostics: versions, ONNX Runtime (path, providers), the open
/// project's store, ModelDesk's folders, and the report as text to copy.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    /// Every check and fact.
    pub report: DoctorReport,
    /// The report as plain text (what "Copy diagnostics" copies).
    pub text: String,
}

/// Diagnostics for the About dialog: the `doctor` report of the open project (if any) plus
/// the Tauri and webview versions.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics(state: State<'_, AppState>) -> Result<Diagnostics, ApiError> {
    let project = state
        .workspace()
        .current()
        .map(|p| std::path::PathBuf::from(p.path));
    let mut report = modeldesk_app::doctor(project.as_deref(), &state.runtime_options());
    report.details = vec![
        Detail {
            label: "Tauri".to_owned(),
            value: tauri::VERSION.to_owned(),
        },
        Detail {
            label: "WebView".to_owned(),
            value: tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})")),
        },
    ];
    let text = report.text();
    Ok(Diagnostics { report, text })
}
