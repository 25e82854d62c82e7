//! The user's config folder and the JSON files kept there (recent projects, settings): read
//! leniently (a convenience file never blocks the app), written atomically.

use std::path::{Path, PathBuf};

use modeldesk_runtime::SessionOptions;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{AppError, Result};

const SETTINGS_FILE: &str = "settings.json";

/// `MODELDESK_CONFIG_DIR`, else the OS config folder's `modeldesk`.
pub fn user_config_dir() -> PathBuf {
    std::env::var_os("MODELDESK_CONFIG_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("modeldesk")))
        .unwrap_or_else(|| std::env::temp_dir().join("modeldesk"))
}

/// The file's JSON, or `None` when it is missing or unreadable (logged).
pub(crate) fn read_json<T: DeserializeOwned>(file: &Path) -> Option<T> {
    let text = std::fs::read_to_string(file).ok()?;
    serde_json::from_str(&text)
        .map_err(|e| {
            tracing::warn!(file = %file.display(), error = %e, "ignoring unreadable config file");
        })
        .ok()
}

/// Writes `value` as JSON to a sibling file and renames it over `file`, so a crash never leaves
/// half a file.
pub(crate) fn write_json<T: Serialize + ?Sized>(file: &Path, value: &T) -> Result<()> {
    let io = |source| AppError::Io {
        path: file.to_path_buf(),
        source,
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let json = serde_json::to_string_pretty(value).map_err(|e| io(std::io::Error::other(e)))?;
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, json).map_err(io)?;
    std::fs::rename(&tmp, file).map_err(io)
}

/// The user's app settings (ONNX Runtime session settings for now).
#[derive(Debug, Clone)]
pub struct UserSettings {
    file: PathBuf,
}

impl UserSettings {
    /// The settings in `config_dir`.
    pub fn in_dir(config_dir: &Path) -> Self {
        Self {
            file: config_dir.join(SETTINGS_FILE),
        }
    }

    /// The settings in the user's config folder.
    pub fn for_user() -> Self {
        Self::in_dir(&user_config_dir())
    }

    /// Execution provider, threads and optimisation level for model sessions (defaults when
    /// never saved).
    pub fn session(&self) -> SessionOptions {
        read_json(&self.file).unwrap_or_default()
    }

    /// Saves the session settings.
    pub fn set_session(&self, options: &SessionOptions) -> Result<()> {
        write_json(&self.file, options)
    }
}
