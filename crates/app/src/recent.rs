//! The recent-projects list, kept in the user's config folder as JSON.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Result;

/// At most this many entries are kept.
const MAX_RECENT: usize = 12;
const FILE_NAME: &str = "recent-projects.json";

/// One entry of the recent-projects list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RecentProject {
    /// Project name when last opened.
    pub name: String,
    /// Project folder.
    pub path: String,
    /// RFC 3339 time it was last opened.
    pub opened_at: String,
    /// Whether the folder still holds a project (filled in when listed).
    #[serde(default)]
    pub exists: bool,
}

/// The recent-projects file.
#[derive(Debug, Clone)]
pub struct RecentProjects {
    file: PathBuf,
}

impl RecentProjects {
    /// The list in `config_dir` (created on first write).
    pub fn in_dir(config_dir: &Path) -> Self {
        Self {
            file: config_dir.join(FILE_NAME),
        }
    }

    /// The list in the user's config folder: `MODELDESK_CONFIG_DIR`, else the OS config dir.
    pub fn for_user() -> Self {
        Self::in_dir(&crate::config::user_config_dir())
    }

    /// Entries, most recent first, each marked whether its folder still holds a project.
    /// A missing or unreadable file is an empty list (it is only a convenience).
    pub fn list(&self) -> Vec<RecentProject> {
        let mut entries = self.read();
        for e in &mut entries {
            e.exists = Path::new(&e.path).join(modeldesk_store::DB_FILE).is_file();
        }
        entries
    }

    /// Moves (or adds) `path` to the top of the list.
    pub fn touch(&self, name: &str, path: &Path) -> Result<()> {
        let path_text = path.display().to_string();
        let mut entries = self.read();
        entries.retain(|e| e.path != path_text);
        entries.insert(
            0,
            RecentProject {
                name: name.to_owned(),
                path: path_text,
                opened_at: now(),
                exists: true,
            },
        );
        entries.truncate(MAX_RECENT);
        self.write(&entries)
    }

    /// Removes `path` from the list.
    pub fn forget(&self, path: &Path) -> Result<()> {
        let path_text = path.display().to_string();
        let mut entries = self.read();
        entries.retain(|e| e.path != path_text);
        self.write(&entries)
    }

    fn read(&self) -> Vec<RecentProject> {
        crate::config::read_json(&self.file).unwrap_or_default()
    }

    fn write(&self, entries: &[RecentProject]) -> Result<()> {
        crate::config::write_json(&self.file, entries)
    }
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
