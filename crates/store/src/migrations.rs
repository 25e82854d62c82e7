//! Versioned schema migrations, embedded in the binary and applied in order, each in its own
//! transaction. The applied versions are recorded in `schema_migrations`.

use rusqlite::{Connection, OptionalExtension};

use crate::{Result, time_fmt};

/// One schema step.
struct Migration {
    version: u32,
    name: &'static str,
    sql: &'static str,
}

/// All migrations, oldest first. Append only: never edit a migration that has shipped.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "settings_and_indexes",
        sql: include_str!("../migrations/0002_settings_and_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "dataset_metadata",
        sql: include_str!("../migrations/0003_dataset_metadata.sql"),
    },
    Migration {
        version: 4,
        name: "dataset_splits",
        sql: include_str!("../migrations/0004_dataset_splits.sql"),
    },
    Migration {
        version: 5,
        name: "runs_and_models",
        sql: include_str!("../migrations/0005_runs_and_models.sql"),
    },
    Migration {
        version: 6,
        name: "evaluations",
        sql: include_str!("../migrations/0006_evaluations.sql"),
    },
    Migration {
        version: 7,
        name: "notes_threads_reviews",
        sql: include_str!("../migrations/0007_notes_threads_reviews.sql"),
    },
    Migration {
        version: 8,
        name: "explanations",
        sql: include_str!("../migrations/0008_explanations.sql"),
    },
    Migration {
        version: 9,
        name: "run_labels",
        sql: include_str!("../migrations/0009_run_labels.sql"),
    },
];

/// The newest schema version this build can read and write.
pub const LATEST_SCHEMA_VERSION: u32 = 9;

/// `PRAGMA application_id` stamped into every ModelDesk store ("MDSK").
pub(crate) const APPLICATION_ID: i32 = 0x4D44_534B;

/// Creates the bookkeeping table if it is missing.
pub(crate) fn bootstrap(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY NOT NULL,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         );",
    )?;
    Ok(())
}

/// The highest applied version, or `None` when the file has no `schema_migrations` table.
pub(crate) fn current_version(conn: &Connection) -> Result<Option<u32>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    let version: Option<u32> = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |row| {
            row.get(0)
        })
        .optional()?
        .flatten();
    Ok(Some(version.unwrap_or(0)))
}

/// Applies every migration newer than the file's version; returns the versions applied.
pub(crate) fn migrate(conn: &mut Connection) -> Result<Vec<u32>> {
    bootstrap(conn)?;
    let from = current_version(conn)?.unwrap_or(0);
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > from) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            (m.version, m.name, time_fmt::now()),
        )?;
        tx.commit()?;
        tracing::info!(
            version = m.version,
            name = m.name,
            "applied schema migration"
        );
        applied.push(m.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_and_latest_matches() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} out of order",
                m.name
            );
        }
        assert_eq!(
            MIGRATIONS.last().map(|m| m.version),
            Some(LATEST_SCHEMA_VERSION)
        );
    }
}
