//! The workspace: which project is open, creating and opening projects.

use std::path::{Path, PathBuf};

use modeldesk_store::Store;
use serde::Serialize;

use crate::{AppError, RecentProjects, Result, default_author};

/// A project as faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProjectSummary {
    /// Project UUID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Project folder.
    pub path: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who created it.
    pub author: String,
    /// Schema version of the store.
    pub schema_version: u32,
}

impl ProjectSummary {
    fn of(store: &Store) -> Self {
        let p = store.project();
        Self {
            id: p.id.to_string(),
            name: p.name.clone(),
            path: store.root().display().to_string(),
            created_at: p.created_at.clone(),
            author: p.author.clone(),
            schema_version: p.schema_version,
        }
    }
}

/// The state a face holds: the open project (if any) and the recent list.
#[derive(Debug)]
pub struct Workspace {
    current: Option<Store>,
    recent: RecentProjects,
    author: String,
}

impl Workspace {
    /// A workspace with no project open, recording recent projects in `recent`.
    pub fn new(recent: RecentProjects) -> Self {
        Self {
            current: None,
            recent,
            author: default_author(),
        }
    }

    /// Creates a project in `dir`; `name` defaults to the folder name. The new project is opened.
    #[tracing::instrument(skip_all, fields(dir = %dir.display()), err(level = "debug"))]
    pub fn create_project(&mut self, dir: &Path, name: Option<&str>) -> Result<ProjectSummary> {
        let dir = absolute(dir)?;
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            None => dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| AppError::Invalid {
                    field: "project name",
                    reason: format!("give a name; {} has no folder name to use", dir.display()),
                })?,
        };
        let store = Store::create(&dir, &name, &self.author)?;
        Ok(self.set_current(store))
    }

    /// Opens the project in `dir` (migrating it if it is older).
    #[tracing::instrument(skip_all, fields(dir = %dir.display()), err(level = "debug"))]
    pub fn open_project(&mut self, dir: &Path) -> Result<ProjectSummary> {
        let dir = absolute(dir)?;
        let store = Store::open(&dir)?;
        // A run a crashed process left `running` is closed as interrupted, never running forever.
        store.recover_interrupted_runs()?;
        Ok(self.set_current(store))
    }

    /// Closes the open project, if any.
    pub fn close_project(&mut self) {
        self.current = None;
    }

    /// The open project.
    pub fn current(&self) -> Option<ProjectSummary> {
        self.current.as_ref().map(ProjectSummary::of)
    }

    /// The open project's store, or [`AppError::NoProject`].
    pub fn store(&self) -> Result<&Store> {
        self.current.as_ref().ok_or(AppError::NoProject)
    }

    /// The open project's store, for writing.
    pub(crate) fn store_mut(&mut self) -> Result<&mut Store> {
        self.current.as_mut().ok_or(AppError::NoProject)
    }

    /// Changes the author recorded on rows written from now on (a new profile name).
    pub fn set_author(&mut self, name: &str) {
        name.trim().clone_into(&mut self.author);
    }

    /// The author recorded on rows this workspace writes.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// The recent-projects list.
    pub fn recent(&self) -> &RecentProjects {
        &self.recent
    }

    fn set_current(&mut self, store: Store) -> ProjectSummary {
        let summary = ProjectSummary::of(&store);
        if let Err(e) = self.recent.touch(&summary.name, store.root()) {
            // The recent list is a convenience; failing to update it must not fail the open.
            tracing::warn!(error = %e, "could not update the recent-projects list");
        }
        self.current = Some(store);
        summary
    }
}

/// Makes `dir` absolute against the current folder so stored paths are unambiguous.
fn absolute(dir: &Path) -> Result<PathBuf> {
    if dir.as_os_str().is_empty() {
        return Err(AppError::Invalid {
            field: "project folder",
            reason: "must not be empty".into(),
        });
    }
    std::path::absolute(dir).map_err(|source| AppError::Io {
        path: dir.to_path_buf(),
        source,
    })
}
