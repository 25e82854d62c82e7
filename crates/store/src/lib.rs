//! SQLite project store for ModelDesk: versioned schema migrations and a content-addressed blob store.
//!
//! A project is a folder holding `project.sqlite` (WAL mode, foreign keys on) and `blobs/`
//! (content-addressed files such as dataset snapshots and ONNX models). Every write is a
//! transaction, so a crash at any point leaves a store that opens and holds every committed row.

mod activity;
mod blobs;
mod bundle;
mod comments;
mod datasets;
mod error;
mod evaluations;
mod explanations;
mod migrations;
mod models;
mod notes;
mod project;
mod reviews;
mod row_ext;
mod runs;
mod search;
mod settings;
mod splits;
mod time_fmt;

pub use activity::{Activity, NewActivity};
pub use blobs::{BlobRef, BlobStore, BlobWriter};
pub use bundle::{BUNDLE_FORMAT, BundleLimits, BundleManifest, MergeReport};
pub use comments::CommentRecord;
pub use datasets::{DatasetSummary, DatasetVersion, NewDatasetVersion};
pub use error::{Result, StoreError};
pub use evaluations::{EvaluationRecord, NewEvaluation};
pub use explanations::NewExplanation;
pub use migrations::LATEST_SCHEMA_VERSION;
pub use models::{ModelRecord, NewModel};
pub use notes::{NoteDraft, NoteRecord, NoteVersion};
pub use project::{BLOB_DIR, DB_FILE, HealthReport, ProjectInfo, Store};
pub use reviews::{Review, ReviewAction, ReviewEvent, ReviewState};
pub use runs::{INTERRUPTED, NewRun, RunLease, RunRecord, RunStatus};
pub use search::{SearchFilter, SearchHit};
pub use splits::{NewSplit, SplitRecord};
