//! Opening, creating and checking a project folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use uuid::Uuid;

use crate::activity::NewActivity;
use crate::migrations::{self, APPLICATION_ID, LATEST_SCHEMA_VERSION};
use crate::{BlobStore, Result, StoreError, time_fmt};

/// The database file inside a project folder.
pub const DB_FILE: &str = "project.sqlite";
/// The content-addressed blob folder inside a project folder.
pub const BLOB_DIR: &str = "blobs";

/// The project row plus where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    /// Stable project UUID.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// RFC 3339 creation time (UTC).
    pub created_at: String,
    /// Who created it.
    pub author: String,
    /// Schema version of the open file.
    pub schema_version: u32,
}

/// Result of [`Store::health`]: what `doctor` reports about a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthReport {
    /// `PRAGMA quick_check` said "ok".
    pub integrity_ok: bool,
    /// The first problems SQLite reported, if any.
    pub problems: Vec<String>,
    /// Journal mode in force (expected: `wal`).
    pub journal_mode: String,
    /// Whether foreign keys are enforced on this connection.
    pub foreign_keys: bool,
    /// Schema version of the file.
    pub schema_version: u32,
    /// Number of blobs in `blobs/`.
    pub blob_count: u64,
}

/// An open project: one SQLite connection and the blob store beside it.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    pub(crate) conn: Connection,
    blobs: BlobStore,
    project: ProjectInfo,
}

impl Store {
    /// Creates a new project in `dir` (created if missing). Refuses if a project is already there.
    #[tracing::instrument(skip_all, fields(dir = %dir.display()), err(level = "debug"))]
    pub fn create(dir: &Path, name: &str, author: &str) -> Result<Self> {
        let name = validated("project name", name)?;
        let author = validated("author", author)?;
        let db_path = dir.join(DB_FILE);
        if db_path.exists() {
            return Err(StoreError::AlreadyExists { path: db_path });
        }
        std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        let created = Self::create_in(dir, &db_path, name, author);
        if created.is_err() {
            // Leave no half-made project behind: the file is ours, nothing else was in it.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
            }
        }
        created
    }

    fn create_in(dir: &Path, db_path: &Path, name: &str, author: &str) -> Result<Self> {
        let mut conn = Connection::open_with_flags(
            db_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        let id = Uuid::now_v7();
        let created_at = time_fmt::now();
        conn.execute(
            "INSERT INTO projects (id, name, created_at, author) VALUES (?1, ?2, ?3, ?4)",
            (id.to_string(), name, &created_at, author),
        )?;
        let blobs = BlobStore::open(&dir.join(BLOB_DIR))?;
        let store = Self {
            root: dir.to_path_buf(),
            conn,
            blobs,
            project: ProjectInfo {
                id,
                name: name.to_owned(),
                created_at,
                author: author.to_owned(),
                schema_version: LATEST_SCHEMA_VERSION,
            },
        };
        store.record_activity(&NewActivity {
            kind: "project.created".into(),
            entity_kind: Some("project".into()),
            entity_id: Some(id.to_string()),
            summary: format!("Created project {name}"),
            author: author.to_owned(),
        })?;
        Ok(store)
    }

    /// Opens the project in `dir`, applying pending migrations. A newer, corrupt or foreign
    /// file is refused before anything in it is changed.
    #[tracing::instrument(skip_all, fields(dir = %dir.display()), err(level = "debug"))]
    pub fn open(dir: &Path) -> Result<Self> {
        let db_path = dir.join(DB_FILE);
        if !dir.is_dir() {
            return Err(StoreError::NotAProject {
                path: dir.to_path_buf(),
                reason: "no such folder".into(),
            });
        }
        if !db_path.is_file() {
            return Err(StoreError::NotAProject {
                path: dir.to_path_buf(),
                reason: format!("the folder has no {DB_FILE}"),
            });
        }
        let mut conn = Connection::open_with_flags(
            &db_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Corrupt {
            path: db_path.clone(),
            source,
        })?;
        // Read-only probes first: nothing is written until the file is known to be ours.
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |row| row.get(0))
            .map_err(|source| StoreError::Corrupt {
                path: db_path.clone(),
                source,
            })?;
        let version = migrations::current_version(&conn).map_err(|e| match e {
            StoreError::Sqlite(source) => StoreError::Corrupt {
                path: db_path.clone(),
                source,
            },
            other => other,
        })?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotAProject {
                path: db_path,
                reason: "it is an SQLite database, but not one written by ModelDesk".into(),
            });
        }
        let Some(version) = version else {
            return Err(StoreError::NotAProject {
                path: db_path,
                reason: "the database has no schema_migrations table".into(),
            });
        };
        if version > LATEST_SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: db_path,
                found: version,
                supported: LATEST_SCHEMA_VERSION,
            });
        }
        configure(&conn)?;
        let applied = migrations::migrate(&mut conn)?;
        if !applied.is_empty() {
            tracing::info!(
                from = version,
                to = LATEST_SCHEMA_VERSION,
                "migrated project store"
            );
        }
        let project = conn
            .query_row(
                "SELECT id, name, created_at, author FROM projects ORDER BY created_at LIMIT 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                },
            )
            .map_err(|_| StoreError::NotAProject {
                path: db_path.clone(),
                reason: "the projects table is empty".into(),
            })?;
        let id = Uuid::parse_str(&project.0).map_err(|e| StoreError::NotAProject {
            path: db_path.clone(),
            reason: format!("project id {:?} is not a UUID: {e}", project.0),
        })?;
        let blobs = BlobStore::open(&dir.join(BLOB_DIR))?;
        Ok(Self {
            root: dir.to_path_buf(),
            conn,
            blobs,
            project: ProjectInfo {
                id,
                name: project.1,
                created_at: project.2,
                author: project.3,
                schema_version: LATEST_SCHEMA_VERSION,
            },
        })
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The project row.
    pub fn project(&self) -> &ProjectInfo {
        &self.project
    }

    /// The content-addressed blob store of this project.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Runs SQLite's quick integrity check and reports the connection's settings.
    pub fn health(&self) -> Result<HealthReport> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check(20)")?;
        let lines = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let integrity_ok = lines == ["ok"];
        let journal_mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))?;
        let foreign_keys: bool = self
            .conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))?;
        let schema_version = migrations::current_version(&self.conn)?.unwrap_or(0);
        Ok(HealthReport {
            integrity_ok,
            problems: if integrity_ok { Vec::new() } else { lines },
            journal_mode,
            foreign_keys,
            schema_version,
            blob_count: self.blobs.count()?,
        })
    }
}

/// Connection settings every open store uses.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Trims a user-supplied name and rejects empty or control-character values.
fn validated<'a>(field: &'static str, value: &'a str) -> Result<&'a str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid {
            field,
            reason: "must not be empty".into(),
        });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(StoreError::Invalid {
            field,
            reason: "must not contain control characters".into(),
        });
    }
    if trimmed.chars().count() > 200 {
        return Err(StoreError::Invalid {
            field,
            reason: "must be at most 200 characters".into(),
        });
    }
    Ok(trimmed)
}
