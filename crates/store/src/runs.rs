//! Training runs: what was trained on what, with which parameters, and how it ended. A run is
//! recorded when it starts, so a failed or cancelled run leaves a trace and never a half model.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{Result, Store, StoreError, time_fmt};

/// How a run ended (or that it has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Waiting in the queue.
    Queued,
    /// Still training.
    Running,
    /// Trained; a model was stored.
    Finished,
    /// Stopped by an error (see `error`).
    Failed,
    /// Stopped on request.
    Cancelled,
}

impl RunStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Finished => "finished",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "queued" => Self::Queued,
            "finished" => Self::Finished,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            _ => Self::Running,
        }
    }
}

/// The ModelDesk version recorded with each run (every crate shares the workspace version).
pub const CODE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A run to start.
#[derive(Debug, Clone)]
pub struct NewRun {
    /// The dataset version trained on.
    pub dataset_version_id: Uuid,
    /// The split used (train/validation/test), if any.
    pub split_id: Option<Uuid>,
    /// Target column.
    pub target: String,
    /// `binary`, `multiclass`, `regression`.
    pub task: String,
    /// `gbdt`, `linear`, `mlp`.
    pub model_family: String,
    /// Hyper-parameters (JSON).
    pub params_json: String,
    /// Who started it.
    pub author: String,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRecord {
    /// Run UUID.
    pub id: Uuid,
    /// Dataset version.
    pub dataset_version_id: Uuid,
    /// Split used.
    pub split_id: Option<Uuid>,
    /// Target column.
    pub target: String,
    /// Task.
    pub task: String,
    /// Model family.
    pub model_family: String,
    /// Status.
    pub status: RunStatus,
    /// Parameters (JSON).
    pub params_json: String,
    /// Final metrics (JSON).
    pub metrics_json: String,
    /// Learning curves (JSON).
    pub curves_json: String,
    /// Error message of a failed run.
    pub error: Option<String>,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// When it finished.
    pub finished_at: Option<String>,
    /// Who started it.
    pub author: String,
    /// Starred by someone on the team.
    pub starred: bool,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// The ModelDesk version that ran it (unknown for runs older than schema 9).
    pub code_version: Option<String>,
}

const RUN_COLUMNS: &str = "id, dataset_version_id, split_id, target, task, model_family, status,
    params_json, metrics_json, curves_json, error, created_at, finished_at, author, starred,
    tags_json, code_version";

impl Store {
    /// Records a run as running, with its lease (hold it until the run is closed). The lease
    /// is taken before the run is recorded, so no other process ever sees the run without it
    /// (and takes it for interrupted).
    pub fn start_run(&self, new: &NewRun) -> Result<(RunRecord, RunLease)> {
        let id = Uuid::now_v7();
        let lease = self.lease_run(id)?;
        let now = time_fmt::now();
        self.conn.execute(
            "INSERT INTO runs (id, dataset_version_id, split_id, target, task, model_family, status,
                               params_json, created_at, started_at, author, code_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8, ?8, ?9, ?10)",
            (
                id.to_string(),
                new.dataset_version_id.to_string(),
                new.split_id.map(|s| s.to_string()),
                &new.target,
                &new.task,
                &new.model_family,
                &new.params_json,
                &now,
                &new.author,
                CODE_VERSION,
            ),
        )?;
        Ok((self.run(id)?, lease))
    }

    /// Records a run waiting in a queue (it has no start time until [`Store::mark_running`]),
    /// with its lease, taken first as [`Store::start_run`] takes it.
    pub fn queue_run(&self, new: &NewRun) -> Result<(RunRecord, RunLease)> {
        let id = Uuid::now_v7();
        let lease = self.lease_run(id)?;
        self.conn.execute(
            "INSERT INTO runs (id, dataset_version_id, split_id, target, task, model_family, status,
                               params_json, created_at, author, code_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8, ?9, ?10)",
            (
                id.to_string(),
                new.dataset_version_id.to_string(),
                new.split_id.map(|s| s.to_string()),
                &new.target,
                &new.task,
                &new.model_family,
                &new.params_json,
                time_fmt::now(),
                &new.author,
                CODE_VERSION,
            ),
        )?;
        Ok((self.run(id)?, lease))
    }

    /// Moves a queued run to running (its task, parameters and split as finally resolved).
    pub fn mark_running(
        &self,
        id: Uuid,
        task: &str,
        params_json: &str,
        split_id: Option<Uuid>,
    ) -> Result<RunRecord> {
        let changed = self.conn.execute(
            "UPDATE runs SET status = 'running', started_at = ?2, task = ?3, params_json = ?4,
                             split_id = ?5
             WHERE id = ?1 AND status = 'queued'",
            (
                id.to_string(),
                time_fmt::now(),
                task,
                params_json,
                split_id.map(|s| s.to_string()),
            ),
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid {
                field: "run",
                reason: format!("run {id} is not waiting in the queue"),
            });
        }
        self.run(id)
    }

    /// Stars or unstars a run and/or replaces its tags (trimmed, empty ones dropped, each once).
    pub fn set_run_labels(
        &self,
        id: Uuid,
        starred: Option<bool>,
        tags: Option<&[String]>,
    ) -> Result<RunRecord> {
        let run = self.run(id)?;
        let starred = starred.unwrap_or(run.starred);
        let mut tags: Vec<String> = tags.map_or(run.tags, |t| {
            t.iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect()
        });
        tags.sort();
        tags.dedup();
        if let Some(long) = tags.iter().find(|t| t.chars().count() > 40) {
            return Err(StoreError::Invalid {
                field: "tag",
                reason: format!("{long:?} is longer than 40 characters"),
            });
        }
        self.conn.execute(
            "UPDATE runs SET starred = ?2, tags_json = ?3 WHERE id = ?1",
            (
                id.to_string(),
                i64::from(starred),
                serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
            ),
        )?;
        self.run(id)
    }

    /// Records how a run ended.
    pub fn finish_run(
        &self,
        id: Uuid,
        status: RunStatus,
        metrics_json: &str,
        curves_json: &str,
        error: Option<&str>,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE runs SET status = ?2, metrics_json = ?3, curves_json = ?4, error = ?5, finished_at = ?6
             WHERE id = ?1",
            (
                id.to_string(),
                status.as_str(),
                metrics_json,
                curves_json,
                error,
                time_fmt::now(),
            ),
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "run",
                key: id.to_string(),
            });
        }
        Ok(())
    }

    /// Marks run `id` as failed with `error` if it is still queued or running; whether it was.
    fn fail_unfinished(&self, id: Uuid, error: &str) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE runs SET status = ?2, metrics_json = '{}', curves_json = '[]', error = ?3,
                    finished_at = ?4
             WHERE id = ?1 AND status IN (?5, ?6)",
            (
                id.to_string(),
                RunStatus::Failed.as_str(),
                error,
                time_fmt::now(),
                RunStatus::Queued.as_str(),
                RunStatus::Running.as_str(),
            ),
        )?;
        Ok(changed > 0)
    }

    /// One run.
    pub fn run(&self, id: Uuid) -> Result<RunRecord> {
        self.conn
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"),
                [id.to_string()],
                run_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "run",
                key: id.to_string(),
            })
    }

    /// Every run, newest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], run_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<RunRecord> {
    let split: Option<String> = row.get(2)?;
    let status: String = row.get(6)?;
    Ok(RunRecord {
        id: uuid_at(row, 0)?,
        dataset_version_id: uuid_at(row, 1)?,
        split_id: split.and_then(|s| Uuid::parse_str(&s).ok()),
        target: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        task: row.get(4)?,
        model_family: row.get(5)?,
        status: RunStatus::parse(&status),
        params_json: row.get(7)?,
        metrics_json: row.get(8)?,
        curves_json: row.get(9)?,
        error: row.get(10)?,
        created_at: row.get(11)?,
        finished_at: row.get(12)?,
        author: row.get(13)?,
        starred: row.get::<_, i64>(14)? != 0,
        tags: serde_json::from_str(&row.get::<_, String>(15)?).unwrap_or_default(),
        code_version: row.get(16)?,
    })
}

/// Proof that a process is running a run: an exclusive OS lock on `locks/run-<id>.lock`,
/// released when the lease is dropped or the process dies (crash, kill). A run left `running`
/// whose lock can be taken belongs to no live process: it was interrupted.
#[derive(Debug)]
pub struct RunLease {
    path: std::path::PathBuf,
    file: Option<std::fs::File>,
}

impl RunLease {
    /// Whether another process asked this run to stop ([`Store::request_cancel`]).
    pub fn cancel_requested(&self) -> bool {
        self.path.with_extension("cancel").exists()
    }
}

impl Drop for RunLease {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            drop(file);
            let _ = std::fs::remove_file(&self.path);
            let _ = std::fs::remove_file(self.path.with_extension("cancel"));
        }
    }
}

/// What a run interrupted by a crash is marked with.
pub const INTERRUPTED: &str =
    "interrupted: the process running it stopped (crash, kill or power loss) before it finished";

impl Store {
    fn lease_path(&self, id: Uuid) -> std::path::PathBuf {
        self.root().join("locks").join(format!("run-{id}.lock"))
    }

    /// Takes the lease of run `id` (before it is recorded).
    fn lease_run(&self, id: Uuid) -> Result<RunLease> {
        let path = self.lease_path(id);
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = std::fs::File::create(&path).map_err(io)?;
        file.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => StoreError::Invalid {
                field: "run",
                reason: format!("run {id} is already being run by another process"),
            },
            std::fs::TryLockError::Error(source) => io(source),
        })?;
        Ok(RunLease {
            path,
            file: Some(file),
        })
    }

    /// Asks the process running run `id` to stop it (it checks between iterations and records
    /// the run as cancelled). Refused when the run is not running.
    pub fn request_cancel(&self, id: Uuid) -> Result<()> {
        let run = self.run(id)?;
        if run.status != RunStatus::Running {
            return Err(StoreError::Invalid {
                field: "run",
                reason: format!(
                    "run {id} is {}; only a running run can be cancelled",
                    serde_json::to_value(run.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
            });
        }
        let path = self.lease_path(id).with_extension("cancel");
        std::fs::write(&path, b"cancel").map_err(|source| StoreError::Io { path, source })
    }

    /// Marks as failed (interrupted) every run left `running` by a process that is gone.
    /// Returns their ids.
    pub fn recover_interrupted_runs(&self) -> Result<Vec<Uuid>> {
        let running: Vec<Uuid> = self
            .runs()?
            .into_iter()
            .filter(|r| matches!(r.status, RunStatus::Running | RunStatus::Queued))
            .map(|r| r.id)
            .collect();
        let mut interrupted = Vec::new();
        for id in running {
            let path = self.lease_path(id);
            // No lock file at all (a crash before it was made, or an older version): gone too.
            let alive = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .ok()
                .is_some_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)));
            // Only while it is still unfinished: its process may have recorded how it ended
            // and let go of the lease since the list was read.
            if !alive && self.fail_unfinished(id, INTERRUPTED)? {
                let _ = std::fs::remove_file(&path);
                tracing::warn!(run = %id, "marked an interrupted run as failed");
                interrupted.push(id);
            }
        }
        Ok(interrupted)
    }
}
