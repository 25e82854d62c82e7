//! `doctor`: is ONNX Runtime found, is the project store healthy, and where each came from.

use std::path::Path;

use modeldesk_runtime::RuntimeOptions;
use modeldesk_store::Store;
use serde::Serialize;

use crate::{APP_VERSION, AppError, RuntimeStatus, runtime_status};

/// Health of a project store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StoreStatus {
    /// Project folder.
    pub path: String,
    /// The store opened and passed SQLite's integrity check.
    pub ok: bool,
    /// Project name, when it opened.
    pub name: Option<String>,
    /// Schema version, when it opened.
    pub schema_version: Option<u32>,
    /// Journal mode in force.
    pub journal_mode: Option<String>,
    /// Number of blobs.
    pub blob_count: Option<u64>,
    /// What is wrong, when not ok.
    pub error: Option<String>,
}

/// Everything `doctor` checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    /// ModelDesk version.
    pub app_version: String,
    /// ONNX Runtime.
    pub runtime: RuntimeStatus,
    /// The project store, when a project folder was given.
    pub store: Option<StoreStatus>,
}

impl DoctorReport {
    /// True when every check passed.
    pub fn ok(&self) -> bool {
        self.runtime.loaded && self.store.as_ref().is_none_or(|s| s.ok)
    }
}

/// Runs every check. Never fails: each problem is reported in the report.
pub fn doctor(project: Option<&Path>, options: &RuntimeOptions) -> DoctorReport {
    DoctorReport {
        app_version: APP_VERSION.to_owned(),
        runtime: runtime_status(options),
        store: project.map(store_status),
    }
}

fn store_status(dir: &Path) -> StoreStatus {
    let path = dir.display().to_string();
    let checked = Store::open(dir).map_err(AppError::from).and_then(|store| {
        let health = store.health()?;
        Ok((store.project().name.clone(), health))
    });
    match checked {
        Ok((name, health)) => StoreStatus {
            path,
            ok: health.integrity_ok,
            name: Some(name),
            schema_version: Some(health.schema_version),
            journal_mode: Some(health.journal_mode),
            blob_count: Some(health.blob_count),
            error: (!health.integrity_ok).then(|| health.problems.join("; ")),
        },
        Err(e) => StoreStatus {
            path,
            ok: false,
            name: None,
            schema_version: None,
            journal_mode: None,
            blob_count: None,
            error: Some(e.to_string()),
        },
    }
}
