//! The user's config folder and the JSON files kept there (recent projects, settings): read
//! leniently (a convenience file never blocks the app), written atomically.

use std::path::{Path, PathBuf};

use modeldesk_runtime::SessionOptions;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

/// `MODELDESK_DATA_DIR`, else the OS local data folder's `modeldesk`: where the sample
/// project and (except on macOS) the logs live.
pub fn user_data_dir() -> PathBuf {
    std::env::var_os("MODELDESK_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_local_dir().map(|d| d.join("modeldesk")))
        .unwrap_or_else(|| std::env::temp_dir().join("modeldesk"))
}

/// Where the app writes its rolling log files: `~/Library/Logs/ModelDesk` on macOS (where
/// Console finds them), else `logs` in [`user_data_dir`].
pub fn user_log_dir() -> PathBuf {
    if cfg!(target_os = "macos")
        && std::env::var_os("MODELDESK_DATA_DIR").is_none()
        && let Some(home) = dirs::home_dir()
    {
        return home.join("Library").join("Logs").join("ModelDesk");
    }
    user_data_dir().join("logs")
}

/// Where the sample project is made the first time it is asked for.
pub fn sample_project_dir() -> PathBuf {
    user_data_dir().join("sample")
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

/// Who the user is: recorded as the author of everything they write.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Profile {
    /// Display name (the author on notes, comments, reviews, runs).
    pub name: String,
    /// Email (optional).
    pub email: String,
    /// Avatar colour, `#rrggbb` (optional).
    pub colour: String,
}

impl Profile {
    /// Checks the fields; the error names the one that is wrong.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &'static str, reason: &str| {
            Err(AppError::Invalid {
                field,
                reason: reason.to_owned(),
            })
        };
        let name = self.name.trim();
        if name.is_empty() || name.chars().any(char::is_control) || name.len() > 80 {
            return bad("name", "give a name of 1 to 80 characters");
        }
        if !self.email.is_empty()
            && (!self.email.contains('@') || self.email.contains(char::is_whitespace))
        {
            return bad("email", "not an email address");
        }
        let hex = self.colour.strip_prefix('#').unwrap_or("x");
        if !self.colour.is_empty()
            && (hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return bad("colour", "use #rrggbb");
        }
        Ok(())
    }
}

/// What `settings.json` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct SettingsFile {
    session: SessionOptions,
    profile: Option<Profile>,
}

/// The user's app settings: ONNX Runtime session settings and the profile.
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

    fn read(&self) -> SettingsFile {
        read_json(&self.file).unwrap_or_default()
    }

    /// Execution provider, threads and optimisation level for model sessions (defaults when
    /// never saved).
    pub fn session(&self) -> SessionOptions {
        self.read().session
    }

    /// Saves the session settings.
    pub fn set_session(&self, options: &SessionOptions) -> Result<()> {
        let mut all = self.read();
        all.session = *options;
        write_json(&self.file, &all)
    }

    /// The user's profile, once set.
    pub fn profile(&self) -> Option<Profile> {
        self.read().profile
    }

    /// Saves the profile (checked first).
    pub fn set_profile(&self, profile: &Profile) -> Result<()> {
        profile.validate()?;
        let mut all = self.read();
        all.profile = Some(Profile {
            name: profile.name.trim().to_owned(),
            ..profile.clone()
        });
        write_json(&self.file, &all)
    }
}
