//! The system's open dialogs (through `tauri-plugin-dialog`): a data file, a model file or a
//! folder, filtered to what ModelDesk reads.

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt as _;

use crate::ApiError;

/// What an open dialog picks.
#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    /// A file `import` reads (CSV, JSON, Parquet, spreadsheets).
    DataFile,
    /// An ONNX model or a model bundle.
    ModelFile,
    /// A folder (a project, or an image folder).
    Folder,
}

/// Model files the Models panel imports.
const MODEL_EXTENSIONS: [&str; 2] = ["onnx", "mdbundle"];

/// Shows the system's open dialog titled `title` (the UI's words) for `kind`; the chosen path,
/// or `None` when the person dismissed it.
#[tauri::command]
#[specta::specta]
pub async fn pick_path(
    state: tauri::State<'_, crate::AppState>,
    kind: PickKind,
    title: String,
) -> Result<Option<String>, ApiError> {
    let picked = state.pick(kind, title).ok_or_else(|| ApiError {
        code: modeldesk_app::ErrorCode::Internal,
        message: "the file dialog is not available".to_owned(),
    })?;
    Ok(picked.map(|p| p.display().to_string()))
}

/// The open dialog of the app behind `app` (blocking until it closes).
pub(crate) fn pick<R: Runtime>(
    app: &AppHandle<R>,
    kind: PickKind,
    title: String,
) -> Option<std::path::PathBuf> {
    let dialog = app.dialog().file().set_title(title);
    let picked = match kind {
        PickKind::DataFile => dialog
            .add_filter("Data", &modeldesk_app::IMPORTABLE_EXTENSIONS)
            .blocking_pick_file(),
        PickKind::ModelFile => dialog
            .add_filter("Models", &MODEL_EXTENSIONS)
            .blocking_pick_file(),
        PickKind::Folder => dialog.blocking_pick_folder(),
    };
    picked.and_then(|p| p.into_path().ok())
}
