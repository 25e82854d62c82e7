//! Comment threads on any entity (a note, a run, a model, ...): replies, resolve and reopen.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{Result, Store, StoreError, time_fmt};

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentRecord {
    /// Comment UUID.
    pub id: Uuid,
    /// What it is on: `note`, `run`, `model`, `dataset`, `column`, `explanation`, `project`.
    pub entity_kind: String,
    /// The entity's id.
    pub entity_id: Option<String>,
    /// The comment it replies to (none for a thread's first comment).
    pub parent_id: Option<Uuid>,
    /// Markdown body.
    pub body: String,
    /// Who wrote it.
    pub author: String,
    /// RFC 3339 time.
    pub created_at: String,
    /// When its thread was resolved (on the thread's first comment).
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
}

const COMMENT_COLUMNS: &str =
    "id, entity_kind, entity_id, parent_id, body, author, created_at, resolved_at, resolved_by";

impl Store {
    /// Adds a comment on an entity, or a reply to `parent` (then on the parent's entity).
    pub fn add_comment(
        &self,
        entity_kind: &str,
        entity_id: Option<&str>,
        parent: Option<Uuid>,
        body: &str,
        author: &str,
    ) -> Result<CommentRecord> {
        if body.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "comment",
                reason: "a comment needs some text".into(),
            });
        }
        let (kind, entity, parent) = match parent {
            Some(p) => {
                let parent = self.comment(p)?;
                // Replies attach to the thread's first comment: threads are one level deep.
                let root = parent.parent_id.unwrap_or(parent.id);
                (parent.entity_kind, parent.entity_id, Some(root))
            }
            None => (entity_kind.to_owned(), entity_id.map(str::to_owned), None),
        };
        let id = Uuid::now_v7();
        let now = time_fmt::now();
        self.conn.execute(
            "INSERT INTO comments (id, project_id, entity_kind, entity_id, parent_id, body, author, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            (
                id.to_string(),
                self.project().id.to_string(),
                &kind,
                &entity,
                parent.map(|p| p.to_string()),
                body,
                author,
                &now,
            ),
        )?;
        self.comment(id)
    }

    /// Marks a thread resolved (`by` = who), or reopens it (`by` = `None`).
    pub fn resolve_thread(&self, id: Uuid, by: Option<&str>) -> Result<CommentRecord> {
        let comment = self.comment(id)?;
        let root = comment.parent_id.unwrap_or(comment.id);
        self.conn.execute(
            "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
            (root.to_string(), by.map(|_| time_fmt::now()), by),
        )?;
        self.comment(root)
    }

    /// One comment.
    pub fn comment(&self, id: Uuid) -> Result<CommentRecord> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1 AND project_id = ?2 AND deleted_at IS NULL"
                ),
                (id.to_string(), self.project().id.to_string()),
                comment_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "comment",
                key: id.to_string(),
            })
    }

    /// The comments on an entity, oldest first (threads: a first comment, then its replies).
    pub fn comments(
        &self,
        entity_kind: &str,
        entity_id: Option<&str>,
    ) -> Result<Vec<CommentRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments
             WHERE project_id = ?1 AND entity_kind = ?2 AND entity_id IS ?3 AND deleted_at IS NULL
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map(
            (self.project().id.to_string(), entity_kind, entity_id),
            comment_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn comment_from_row(row: &Row<'_>) -> rusqlite::Result<CommentRecord> {
    let parent: Option<String> = row.get(3)?;
    Ok(CommentRecord {
        id: uuid_at(row, 0)?,
        entity_kind: row.get(1)?,
        entity_id: row.get(2)?,
        parent_id: parent.and_then(|p| Uuid::parse_str(&p).ok()),
        body: row.get(4)?,
        author: row.get(5)?,
        created_at: row.get(6)?,
        resolved_at: row.get(7)?,
        resolved_by: row.get(8)?,
    })
}
