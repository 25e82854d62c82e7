//! The project's activity feed: what happened, when, by whom.

use rusqlite::Row;
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{Result, Store, time_fmt};

/// A new activity entry to record.
#[derive(Debug, Clone)]
pub struct NewActivity {
    /// Dotted kind, e.g. `project.created`, `dataset.imported`.
    pub kind: String,
    /// The kind of entity it concerns, if any.
    pub entity_kind: Option<String>,
    /// The entity's UUID, if any.
    pub entity_id: Option<String>,
    /// One human-readable line.
    pub summary: String,
    /// Who did it.
    pub author: String,
}

/// A recorded activity entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Row UUID.
    pub id: Uuid,
    /// Dotted kind.
    pub kind: String,
    /// Entity kind, if any.
    pub entity_kind: Option<String>,
    /// Entity UUID, if any.
    pub entity_id: Option<String>,
    /// One human-readable line.
    pub summary: String,
    /// RFC 3339 time (UTC).
    pub created_at: String,
    /// Who did it.
    pub author: String,
}

impl Store {
    /// Appends an entry to the activity feed.
    pub fn record_activity(&self, new: &NewActivity) -> Result<Activity> {
        let entry = Activity {
            id: Uuid::now_v7(),
            kind: new.kind.clone(),
            entity_kind: new.entity_kind.clone(),
            entity_id: new.entity_id.clone(),
            summary: new.summary.clone(),
            created_at: time_fmt::now(),
            author: new.author.clone(),
        };
        self.conn.execute(
            "INSERT INTO activity (id, project_id, kind, entity_kind, entity_id, summary, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                entry.id.to_string(),
                self.project().id.to_string(),
                &entry.kind,
                &entry.entity_kind,
                &entry.entity_id,
                &entry.summary,
                &entry.created_at,
                &entry.author,
            ),
        )?;
        Ok(entry)
    }

    /// The newest `limit` activity entries, newest first.
    pub fn activity(&self, limit: u32) -> Result<Vec<Activity>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, entity_kind, entity_id, summary, created_at, author
             FROM activity WHERE project_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map((self.project().id.to_string(), limit), activity_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn activity_from_row(row: &Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: uuid_at(row, 0)?,
        kind: row.get(1)?,
        entity_kind: row.get(2)?,
        entity_id: row.get(3)?,
        summary: row.get(4)?,
        created_at: row.get(5)?,
        author: row.get(6)?,
    })
}
