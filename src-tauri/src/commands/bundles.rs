//! Model bundles from the Export panel: preview, export into the project's `exports/`, and
//! import a bundle someone sent.

use std::path::PathBuf;

use modeldesk_app::{
    BundleManifest, BundleOptions, BundlePreview, JobProgress, ModelInfo, ReportOptions,
    WrittenReport,
};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::commands::models::ExplainProgress;
use crate::{ApiError, AppState};

/// A bundle written into the project.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedBundle {
    /// Where it went (the project's `exports/` folder).
    pub path: String,
    /// Its manifest (entries, sizes, checksums).
    pub manifest: BundleManifest,
}

/// Streams the SHAP summary's progress to the UI.
fn progress_to(channel: Channel<ExplainProgress>) -> impl Fn(JobProgress) {
    move |p: JobProgress| {
        let _ = channel.send(ExplainProgress {
            done: p.done,
            total: p.total,
        });
    }
}

/// What a model's bundle will hold — card, Markdown, samples, entries — without writing it;
/// `cancel_job` stops the SHAP summary.
#[tauri::command]
#[specta::specta]
pub async fn preview_model_bundle(
    state: State<'_, AppState>,
    model: String,
    options: BundleOptions,
    on_progress: Channel<ExplainProgress>,
) -> Result<BundlePreview, ApiError> {
    let cancel = state.begin_job();
    let preview = state.workspace().preview_model_bundle(
        &model,
        &options,
        &progress_to(on_progress),
        &cancel,
    );
    state.end_job();
    Ok(preview?)
}

/// Writes a model's bundle to the project's `exports/` folder; `cancel_job` stops it and then
/// nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn export_model_bundle(
    state: State<'_, AppState>,
    model: String,
    options: BundleOptions,
    on_progress: Channel<ExplainProgress>,
) -> Result<ExportedBundle, ApiError> {
    let cancel = state.begin_job();
    let written = state.workspace().export_model_bundle_to_project(
        &model,
        &options,
        &progress_to(on_progress),
        &cancel,
    );
    state.end_job();
    let (path, manifest) = written?;
    Ok(ExportedBundle {
        path: path.display().to_string(),
        manifest,
    })
}

/// Brings a bundle's model into the project with its card, metrics and notes (checked whole
/// first; importing it again changes nothing).
#[tauri::command]
#[specta::specta]
pub async fn import_model_bundle(
    state: State<'_, AppState>,
    path: String,
) -> Result<ModelInfo, ApiError> {
    let runtime = state.runtime_options();
    Ok(state
        .workspace()
        .import_model_bundle(&PathBuf::from(path), &runtime)?)
}

/// Writes the model's report (self-contained HTML and/or PDF) into the project's `exports/`
/// folder; `cancel_job` stops it and then nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    state: State<'_, AppState>,
    model: String,
    options: ReportOptions,
    html: bool,
    pdf: bool,
    on_progress: Channel<ExplainProgress>,
) -> Result<WrittenReport, ApiError> {
    let cancel = state.begin_job();
    let written = state.workspace().write_model_report_to_project(
        &model,
        (html, pdf),
        &options,
        &progress_to(on_progress),
        &cancel,
    );
    state.end_job();
    Ok(written?)
}
