//! State the shell holds between commands: the facade's workspace and runtime options.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use std::sync::{Arc, OnceLock};

use modeldesk_app::{CancelToken, QueueEvents, RecentProjects, RunQueue, UserSettings, Workspace};
use modeldesk_runtime::RuntimeOptions;

/// The shell's managed state.
pub struct AppState {
    workspace: Arc<Mutex<Workspace>>,
    runtime: Mutex<RuntimeOptions>,
    settings: UserSettings,
    job: Mutex<Option<CancelToken>>,
    queue: RunQueue,
    /// Where queue events go once the app runs (set up with the app's handle).
    queue_events: Arc<OnceLock<QueueEvents>>,
    /// Where the sample project is made.
    sample_dir: PathBuf,
    /// The open dialog, once the app runs.
    picker: OnceLock<Picker>,
}

/// Shows an open dialog and waits for the path chosen (set up with the app's handle).
pub type Picker =
    Arc<dyn Fn(crate::commands::dialogs::PickKind, String) -> Option<PathBuf> + Send + Sync>;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("queue", &self.queue)
            .finish_non_exhaustive()
    }
}

/// Runs trained at once by the queue: one, since each training already uses every core.
pub const QUEUE_CONCURRENCY: usize = 1;

impl AppState {
    /// State with the recent-projects list and settings in the user's config folder.
    pub fn for_user() -> Self {
        Self::new(RecentProjects::for_user(), UserSettings::for_user())
    }

    /// State with the given recent-projects list and settings.
    pub fn new(recent: RecentProjects, settings: UserSettings) -> Self {
        let mut workspace = Workspace::new(recent);
        // The profile in these settings names the author (unless MODELDESK_AUTHOR does).
        if let Some(profile) = settings
            .profile()
            .filter(|p| !p.name.is_empty() && std::env::var_os("MODELDESK_AUTHOR").is_none())
        {
            workspace.set_author(&profile.name);
        }
        let workspace = Arc::new(Mutex::new(workspace));
        let queue_events: Arc<OnceLock<QueueEvents>> = Arc::default();
        let access = Arc::clone(&workspace);
        let sink = Arc::clone(&queue_events);
        let queue = RunQueue::new(
            QUEUE_CONCURRENCY,
            Arc::new(move |f: &mut dyn FnMut(&mut Workspace)| {
                f(&mut access.lock().unwrap_or_else(PoisonError::into_inner));
            }),
            Arc::new(move |event| {
                if let Some(send) = sink.get() {
                    send(event);
                }
            }),
        );
        Self {
            workspace,
            runtime: Mutex::new(RuntimeOptions {
                session: settings.session(),
                ..RuntimeOptions::default()
            }),
            settings,
            job: Mutex::new(None),
            queue,
            queue_events,
            sample_dir: modeldesk_app::sample_project_dir(),
            picker: OnceLock::new(),
        }
    }

    /// The same state, making the sample project in `dir`.
    #[must_use]
    pub fn with_sample_dir(self, dir: PathBuf) -> Self {
        Self {
            sample_dir: dir,
            ..self
        }
    }

    /// Uses `picker` for open dialogs from now on.
    pub fn set_picker(&self, picker: Picker) {
        let _ = self.picker.set(picker);
    }

    /// Shows an open dialog for `kind`: `Some(chosen)` (`None` inside when dismissed), or
    /// `None` before the app has set up its dialogs.
    pub fn pick(
        &self,
        kind: crate::commands::dialogs::PickKind,
        title: String,
    ) -> Option<Option<PathBuf>> {
        self.picker.get().map(|pick| pick(kind, title))
    }

    /// Where the sample project is made.
    pub fn sample_dir(&self) -> &std::path::Path {
        &self.sample_dir
    }

    /// Sends the run queue's events to the UI as [`crate::RunQueueEvent`]s from now on.
    pub fn connect_queue<R: tauri::Runtime>(&self, app: &tauri::AppHandle<R>) {
        use tauri_specta::Event as _;
        let app = app.clone();
        let _ = self.queue_events.set(Arc::new(move |event| {
            if let Err(e) = (crate::RunQueueEvent { event }).emit(&app) {
                tracing::warn!(error = %e, "could not send a run-queue event");
            }
        }));
    }

    /// The run queue.
    pub fn queue(&self) -> &RunQueue {
        &self.queue
    }

    /// The user's settings file (profile, session settings).
    pub fn settings(&self) -> &UserSettings {
        &self.settings
    }

    /// Saves new session settings and uses them for the sessions opened from now on.
    pub fn set_session_options(
        &self,
        session: modeldesk_runtime::SessionOptions,
    ) -> modeldesk_app::Result<()> {
        self.settings.set_session(&session)?;
        self.runtime
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .session = session;
        Ok(())
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

    /// Registers a new long job and returns its cancellation token (one job at a time: a new
    /// job replaces the handle of a finished one).
    pub fn begin_job(&self) -> CancelToken {
        let token = CancelToken::new();
        *self.job.lock().unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        token
    }

    /// Forgets the running job's handle.
    pub fn end_job(&self) {
        *self.job.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Cancels the running job; returns whether one was running.
    pub fn cancel_job(&self) -> bool {
        let job = self.job.lock().unwrap_or_else(PoisonError::into_inner);
        job.as_ref().map(CancelToken::cancel).is_some()
    }

    /// Adds the app bundle's resource folder to the ONNX Runtime search path.
    pub fn add_resource_dir(&self, dir: PathBuf) {
        let mut options = self.runtime.lock().unwrap_or_else(PoisonError::into_inner);
        options.resource_dirs.push(dir);
    }
}
