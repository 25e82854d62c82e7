//! State the shell holds between commands: the facade's workspace and runtime options.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use modeldesk_app::{RecentProjects, Workspace};
use modeldesk_runtime::RuntimeOptions;

/// The shell's managed state.
#[derive(Debug)]
pub struct AppState {
    workspace: Mutex<Workspace>,
    runtime: Mutex<RuntimeOptions>,
}

impl AppState {
    /// State with the recent-projects list in the user's config folder.
    pub fn for_user() -> Self {
        Self::new(RecentProjects::for_user())
    }

    /// State with the given recent-projects list.
    pub fn new(recent: RecentProjects) -> Self {
        Self {
            workspace: Mutex::new(Workspace::new(recent)),
            runtime: Mutex::new(RuntimeOptions::default()),
        }
    }

    /// The workspace (a poisoned lock is recovered: the workspace holds no invariants a panic
    /// could break half-way).
    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        self.workspace
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Options for loading ONNX Runtime.
    pub fn runtime_options(&self) -> RuntimeOptions {
        self.runtime
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Adds the app bundle's resource folder to the ONNX Runtime search path.
    pub fn add_resource_dir(&self, dir: PathBuf) {
        let mut options = self.runtime.lock().unwrap_or_else(PoisonError::into_inner);
        options.resource_dirs.push(dir);
    }
}
