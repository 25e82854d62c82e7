//! Notes: Markdown attached to the project or to any entity, with a title, tags and a pin;
//! every edit keeps the previous version; deleting is soft (and undone by restoring).

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{Result, Store, StoreError, time_fmt};

/// A note to write (new, or the new content of an existing one).
#[derive(Debug, Clone, Default)]
pub struct NoteDraft {
    /// What it is attached to: `project`, `dataset`, `column`, `run`, `model`, `explanation`.
    pub entity_kind: String,
    /// The entity's id (none for the project).
    pub entity_id: Option<String>,
    /// Title (may be empty).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pinned to the top of lists.
    pub pinned: bool,
}

/// A stored note (its current version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteRecord {
    /// Note UUID.
    pub id: Uuid,
    /// Entity kind.
    pub entity_kind: String,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pinned.
    pub pinned: bool,
    /// Current version number (1 for a note never edited).
    pub version: u32,
    /// Who wrote the first version.
    pub author: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// RFC 3339 time of the current version.
    pub updated_at: String,
    /// When it was deleted (soft), if it was.
    pub deleted_at: Option<String>,
}

/// One version of a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteVersion {
    /// Version number, from 1.
    pub version: u32,
    /// Title then.
    pub title: String,
    /// Body then.
    pub body: String,
    /// Tags then.
    pub tags: Vec<String>,
    /// Who wrote this version.
    pub author: String,
    /// When.
    pub created_at: String,
}

const NOTE_COLUMNS: &str = "id, entity_kind, entity_id, title, body, tags_json, pinned, version, author, created_at, updated_at, deleted_at";

fn check(draft: &NoteDraft) -> Result<()> {
    const KINDS: [&str; 6] = [
        "project",
        "dataset",
        "column",
        "run",
        "model",
        "explanation",
    ];
    if !KINDS.contains(&draft.entity_kind.as_str()) {
        return Err(StoreError::Invalid {
            field: "note entity",
            reason: format!("{:?} is not one of {}", draft.entity_kind, KINDS.join(", ")),
        });
    }
    if draft.title.trim().is_empty() && draft.body.trim().is_empty() {
        return Err(StoreError::Invalid {
            field: "note",
            reason: "a note needs a title or a body".into(),
        });
    }
    if let Some(tag) = draft
        .tags
        .iter()
        .find(|t| t.trim().is_empty() || t.chars().any(|c| c.is_whitespace() || c == ','))
    {
        return Err(StoreError::Invalid {
            field: "tag",
            reason: format!("{tag:?}: tags are single words without commas"),
        });
    }
    Ok(())
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Writes a new note (version 1).
    pub fn add_note(&self, draft: &NoteDraft, author: &str) -> Result<NoteRecord> {
        check(draft)?;
        let id = Uuid::now_v7();
        let now = time_fmt::now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO notes (id, project_id, entity_kind, entity_id, title, body, tags_json, pinned, version, created_at, updated_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9, ?10)",
            (
                id.to_string(),
                self.project().id.to_string(),
                &draft.entity_kind,
                &draft.entity_id,
                draft.title.trim(),
                &draft.body,
                tags_json(&draft.tags),
                draft.pinned,
                &now,
                author,
            ),
        )?;
        insert_version(&tx, id, 1, draft, author, &now)?;
        tx.commit()?;
        self.note(id)
    }

    /// Saves new content for a note as its next version (the previous ones are kept).
    /// `expected_version` guards against overwriting an edit made meanwhile.
    pub fn edit_note(
        &self,
        id: Uuid,
        draft: &NoteDraft,
        expected_version: Option<u32>,
        author: &str,
    ) -> Result<NoteRecord> {
        check(draft)?;
        let current = self.note(id)?;
        if current.deleted_at.is_some() {
            return Err(StoreError::Invalid {
                field: "note",
                reason: "it is deleted; restore it first".into(),
            });
        }
        if let Some(v) = expected_version.filter(|v| *v != current.version) {
            return Err(StoreError::Invalid {
                field: "note",
                reason: format!(
                    "it was edited meanwhile (you edited version {v}, it is at version {})",
                    current.version
                ),
            });
        }
        let version = current.version + 1;
        let now = time_fmt::now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "UPDATE notes SET title = ?2, body = ?3, tags_json = ?4, pinned = ?5, version = ?6, updated_at = ?7
             WHERE id = ?1",
            (
                id.to_string(),
                draft.title.trim(),
                &draft.body,
                tags_json(&draft.tags),
                draft.pinned,
                version,
                &now,
            ),
        )?;
        insert_version(&tx, id, version, draft, author, &now)?;
        tx.commit()?;
        self.note(id)
    }

    /// Soft-deletes a note (`restore_note` undoes it).
    pub fn delete_note(&self, id: Uuid) -> Result<NoteRecord> {
        self.set_deleted(id, Some(time_fmt::now()))
    }

    /// Undoes a soft delete.
    pub fn restore_note(&self, id: Uuid) -> Result<NoteRecord> {
        self.set_deleted(id, None)
    }

    fn set_deleted(&self, id: Uuid, at: Option<String>) -> Result<NoteRecord> {
        let changed = self.conn.execute(
            "UPDATE notes SET deleted_at = ?2 WHERE id = ?1 AND project_id = ?3",
            (id.to_string(), at, self.project().id.to_string()),
        )?;
        if changed == 0 {
            return Err(not_found(id));
        }
        self.note(id)
    }

    /// One note (deleted ones too).
    pub fn note(&self, id: Uuid) -> Result<NoteRecord> {
        self.conn
            .query_row(
                &format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1 AND project_id = ?2"),
                (id.to_string(), self.project().id.to_string()),
                note_from_row,
            )
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Notes, pinned first then newest first; only those on one entity when `entity` is given,
    /// with a tag when `tag` is given; deleted ones only when `deleted` is true.
    pub fn notes(
        &self,
        entity: Option<(&str, Option<&str>)>,
        tag: Option<&str>,
        deleted: bool,
    ) -> Result<Vec<NoteRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {NOTE_COLUMNS} FROM notes WHERE project_id = ?1
               AND (deleted_at IS NOT NULL) = ?2
               AND (?3 IS NULL OR (entity_kind = ?3 AND entity_id IS ?4))
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM json_each(tags_json) WHERE value = ?5))
             ORDER BY pinned DESC, updated_at DESC, id DESC"
        ))?;
        let (kind, entity_id) = entity.map_or((None, None), |(k, i)| (Some(k), i));
        let rows = stmt.query_map(
            (self.project().id.to_string(), deleted, kind, entity_id, tag),
            note_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every version of a note, oldest first.
    pub fn note_versions(&self, id: Uuid) -> Result<Vec<NoteVersion>> {
        self.note(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT version, title, body, tags_json, author, created_at FROM note_versions
             WHERE note_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok(NoteVersion {
                version: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                tags: parse_tags(&r.get::<_, String>(3)?),
                author: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Resolves a note reference: its UUID or a unique prefix of it (as `notes list` shows).
    pub fn resolve_note(&self, reference: &str) -> Result<NoteRecord> {
        let reference = reference.trim();
        if let Ok(id) = Uuid::parse_str(reference) {
            return self.note(id);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM notes WHERE project_id = ?1 AND id LIKE ?2 || '%' LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map(
                (
                    self.project().id.to_string(),
                    reference.to_ascii_lowercase(),
                ),
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [one] if reference.len() >= 4 => {
                self.note(Uuid::parse_str(one).map_err(|_| StoreError::NotFound {
                    what: "note",
                    key: reference.to_owned(),
                })?)
            }
            [_, _] => Err(StoreError::Invalid {
                field: "note",
                reason: format!("{reference:?} matches more than one note; give more of its id"),
            }),
            _ => Err(StoreError::NotFound {
                what: "note",
                key: reference.to_owned(),
            }),
        }
    }
}

fn insert_version(
    tx: &rusqlite::Transaction<'_>,
    id: Uuid,
    version: u32,
    draft: &NoteDraft,
    author: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO note_versions (id, note_id, version, title, body, tags_json, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            Uuid::now_v7().to_string(),
            id.to_string(),
            version,
            draft.title.trim(),
            &draft.body,
            tags_json(&draft.tags),
            author,
            now,
        ),
    )?;
    Ok(())
}

fn not_found(id: Uuid) -> StoreError {
    StoreError::NotFound {
        what: "note",
        key: id.to_string(),
    }
}

fn parse_tags(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn note_from_row(row: &Row<'_>) -> rusqlite::Result<NoteRecord> {
    Ok(NoteRecord {
        id: uuid_at(row, 0)?,
        entity_kind: row.get(1)?,
        entity_id: row.get(2)?,
        title: row.get(3)?,
        body: row.get(4)?,
        tags: parse_tags(&row.get::<_, String>(5)?),
        pinned: row.get(6)?,
        version: row.get(7)?,
        author: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        deleted_at: row.get(11)?,
    })
}
