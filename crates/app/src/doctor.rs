//! `doctor`: is ONNX Runtime found, is the project store healthy, and where each came from —
//! what `modeldesk doctor` prints and the app's About dialog shows and copies.

use std::fmt::Write as _;
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
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub blob_count: Option<u64>,
    /// What is wrong, when not ok.
    pub error: Option<String>,
}

/// A fact a face adds to the report (the desktop app: its Tauri and webview versions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    /// What it is.
    pub label: String,
    /// Its value.
    pub value: String,
}

/// The folders ModelDesk keeps its own files in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Folders {
    /// Settings and the recent-projects list.
    pub config: String,
    /// App data (the sample project).
    pub data: String,
    /// Rolling log files.
    pub logs: String,
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
    /// Operating system and processor (`linux x86_64`).
    pub platform: String,
    /// ModelDesk's own folders.
    pub folders: Folders,
    /// Facts the face adds (empty from the CLI).
    pub details: Vec<Detail>,
}

impl DoctorReport {
    /// True when every check passed.
    pub fn ok(&self) -> bool {
        self.runtime.loaded && self.store.as_ref().is_none_or(|s| s.ok)
    }

    /// The report as plain text: what the CLI prints and the About dialog copies.
    pub fn text(&self) -> String {
        let mut s = format!("ModelDesk {} on {}\n", self.app_version, self.platform);
        for d in &self.details {
            let _ = writeln!(s, "{}  {}", d.label, d.value);
        }
        let rt = &self.runtime;
        if rt.loaded {
            let _ = writeln!(
                s,
                "ONNX Runtime  ok  {} from {} ({})",
                rt.ort_version.as_deref().unwrap_or("?"),
                rt.library_path.as_deref().unwrap_or("?"),
                rt.source.as_deref().unwrap_or("?"),
            );
            let _ = writeln!(
                s,
                "  providers: {}; running on {}",
                rt.providers.join(", "),
                rt.active_provider.as_deref().unwrap_or("?")
            );
        } else {
            let _ = writeln!(
                s,
                "ONNX Runtime  MISSING  {}",
                rt.error.as_deref().unwrap_or("")
            );
        }
        match &self.store {
            None => s.push_str("Project store  (no project open)\n"),
            Some(st) if st.ok => {
                let _ = writeln!(
                    s,
                    "Project store  ok  {:?} at {} (schema v{}, journal {}, {} blobs)",
                    st.name.as_deref().unwrap_or(""),
                    st.path,
                    st.schema_version.unwrap_or(0),
                    st.journal_mode.as_deref().unwrap_or("?"),
                    st.blob_count.unwrap_or(0)
                );
            }
            Some(st) => {
                let _ = writeln!(
                    s,
                    "Project store  PROBLEM  {} at {}",
                    st.error.as_deref().unwrap_or(""),
                    st.path
                );
            }
        }
        let f = &self.folders;
        let _ = writeln!(
            s,
            "Folders  settings {}; data {}; logs {}",
            f.config, f.data, f.logs
        );
        s
    }
}

/// Runs every check. Never fails: each problem is reported in the report.
pub fn doctor(project: Option<&Path>, options: &RuntimeOptions) -> DoctorReport {
    DoctorReport {
        app_version: APP_VERSION.to_owned(),
        runtime: runtime_status(options),
        store: project.map(store_status),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        folders: Folders {
            config: crate::user_config_dir().display().to_string(),
            data: crate::user_data_dir().display().to_string(),
            logs: crate::user_log_dir().display().to_string(),
        },
        details: Vec::new(),
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
