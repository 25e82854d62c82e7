//! The ModelDesk facade: one transport-agnostic API that the desktop app, the CLI, the viewer and the end-to-end tests call.
//!
//! Faces stay thin: a Tauri command or a CLI verb is one call into this crate, and every
//! value crossing to the UI is a DTO defined here (with `specta::Type` under the `specta`
//! feature, so TypeScript bindings are generated, never written twice).

mod agnostic;
mod bundle_serving;
mod byo;
mod config;
mod confusion;
mod datasets;
mod doctor;
mod error;
mod explain;
mod exports;
mod identity;
mod import_settings;
mod latency;
mod markdown;
pub mod memory;
mod model_bundle;
mod model_report;
mod models;
mod notes;
mod project;
mod queue;
mod recent;
mod recipe_preview;
mod runs;
mod runtime_status;
mod sample;
mod search;
mod serving;
mod splits;
mod training;

pub use bundle_serving::{BundlePredictions, OpenedBundle, RowExplanation};
pub use byo::{EvaluationInfo, ImportedSpec, LeaderboardEntry, ModelInspection};
pub use config::{
    Profile, UserSettings, sample_project_dir, user_config_dir, user_data_dir, user_log_dir,
};
pub use confusion::{ConfusionRows, RunPart};
pub use datasets::{
    Cell, ColumnInfo, DatasetInfo, ImportOutcome, ImportSummary, ImportedBlob, PrepOutcome,
    RowWindow, WarningInfo, import_to_blob,
};
pub use doctor::{Detail, DoctorReport, Folders, StoreStatus, doctor};
pub use error::{AppError, ErrorCode, Result};
pub use explain::{
    DEFAULT_BACKGROUND, ExplainJob, ExplainOptions, ExplainSummary, ExplainView, Importance,
    RowRange,
};
pub use identity::default_author;
pub use import_settings::ImportSettings;
pub use latency::{LatencyReport, LatencyRow, bench_session};
pub use markdown::{EntityLink, render as render_markdown};
pub use model_bundle::{BundleOptions, BundleOrigin, BundlePreview};
pub use model_report::{ReportTargets, WrittenReport};
pub use modeldesk_data::recipe::Step as PrepStep;
pub use modeldesk_data::{
    CancelToken, DatasetProfile, ExportFormat, IMPORTABLE_EXTENSIONS, ImportOptions, JobProgress,
    NoProgress, Progress, SplitPlan, SplitSpec, SplitStrategy,
};
pub use modeldesk_onnx::inspect::{Inspection, IoInfo};
pub use modeldesk_report::{
    BundleManifest, BundleMetrics, BundleNote, DatasetRef, InputColumn, ModelBundle, ModelCard,
    ReportOptions, ReviewSummary, Section as ReportSection, ShapSample, ShapSummary,
    Theme as ReportTheme, metric_values,
};
pub use modeldesk_runtime::RuntimeOptions;
pub use modeldesk_train::{Iteration, Metrics, Silent, TrainProgress};
pub use models::{ExportedModel, ModelInfo, ModelSummary, PredictSummary};
pub use notes::{
    ActivityInfo, CommentInfo, DiffLine, NoteInfo, NoteInput, NoteVersionInfo, ReviewEventInfo,
    ReviewInfo, SearchResult,
};
pub use project::{ProjectSummary, Workspace};
pub use queue::{QueueEvent, QueueEvents, RunQueue, WorkspaceAccess};
pub use recent::{RecentProject, RecentProjects};
pub use recipe_preview::{PREVIEW_SAMPLE_ROWS, RecipePreview};
pub use runs::{CurvePoint, RunDetail, RunSummary};
pub use runtime_status::{RuntimeStatus, runtime_status};
pub use sample::{SAMPLE_EXPLAIN_ROWS, SAMPLE_STEPS};
pub use search::{DEFAULT_FOLDS, SearchJob, SearchRequest, SearchSummary, SearchTrials, TrialInfo};
pub use serving::{
    ColumnMapping, InputBinding, OutputSpec, Predictions, ScoreTransform, auto_mapping,
    detect_outputs, predict_table,
};
pub use splits::{SplitInfo, SplitRequest};
pub use training::{PartMetrics, RunLatency, TrainJob, TrainOutcome, TrainRequest};

/// The application's display name.
pub const APP_NAME: &str = "ModelDesk";
/// The application's version (the workspace version).
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Name and version of the app plus the ONNX Runtime status: what the status bar shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Display name.
    pub name: String,
    /// Version.
    pub version: String,
    /// ONNX Runtime status.
    pub runtime: RuntimeStatus,
}

/// Builds [`AppInfo`], loading ONNX Runtime if it is not loaded yet.
pub fn app_info(options: &RuntimeOptions) -> AppInfo {
    AppInfo {
        name: APP_NAME.to_owned(),
        version: APP_VERSION.to_owned(),
        runtime: runtime_status(options),
    }
}
