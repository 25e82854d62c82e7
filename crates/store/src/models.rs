//! Models: an ONNX file (a blob) with an optional sidecar (the trainer's own model, for
//! explanations) and a JSON summary, optionally linked to the run that trained it.

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{BlobRef, Result, Store, StoreError, time_fmt};

/// A model to record.
#[derive(Debug, Clone)]
pub struct NewModel {
    /// The run that trained it (none for imported models).
    pub run_id: Option<Uuid>,
    /// Name, unique in the project.
    pub name: String,
    /// The ONNX file.
    pub blob: BlobRef,
    /// The trainer's model file, when trained here.
    pub sidecar: Option<BlobRef>,
    /// Summary for listings (JSON).
    pub meta_json: String,
    /// Who made it.
    pub author: String,
}

/// A recorded model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelRecord {
    /// Model UUID.
    pub id: Uuid,
    /// Run that trained it.
    pub run_id: Option<Uuid>,
    /// Name.
    pub name: String,
    /// `onnx`.
    pub format: String,
    /// SHA-256 of the ONNX blob.
    pub blob_sha256: String,
    /// SHA-256 of the sidecar blob.
    pub sidecar_sha256: Option<String>,
    /// Summary JSON.
    pub meta_json: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who made it.
    pub author: String,
}

const MODEL_COLUMNS: &str =
    "id, run_id, name, format, blob_sha256, sidecar_sha256, meta_json, created_at, author";

impl Store {
    /// Records a model (its blobs must be stored already).
    pub fn add_model(&self, new: &NewModel) -> Result<ModelRecord> {
        let name = new.name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid {
                field: "model name",
                reason: "must be non-empty text without control characters".into(),
            });
        }
        for blob in std::iter::once(&new.blob).chain(new.sidecar.as_ref()) {
            if !self.blobs().contains(&blob.sha256) {
                return Err(StoreError::BlobMissing {
                    sha256: blob.sha256.clone(),
                    dir: self.root().join(crate::BLOB_DIR),
                });
            }
        }
        let id = Uuid::now_v7();
        self.conn.execute(
            "INSERT INTO models (id, project_id, run_id, name, format, blob_sha256, sidecar_sha256, meta_json, created_at, author)
             VALUES (?1, ?2, ?3, ?4, 'onnx', ?5, ?6, ?7, ?8, ?9)",
            (
                id.to_string(),
                self.project().id.to_string(),
                new.run_id.map(|r| r.to_string()),
                name,
                &new.blob.sha256,
                new.sidecar.as_ref().map(|s| s.sha256.clone()),
                &new.meta_json,
                time_fmt::now(),
                &new.author,
            ),
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StoreError::Invalid { field: "model name", reason: format!("{name:?} is already taken") }
            }
            other => other.into(),
        })?;
        self.model_by("id = ?1", &id.to_string())?
            .ok_or_else(|| StoreError::NotFound {
                what: "model",
                key: id.to_string(),
            })
    }

    /// Replaces a model's summary JSON (e.g. an edited column mapping).
    pub fn set_model_meta(&self, id: Uuid, meta_json: &str) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE models SET meta_json = ?2 WHERE id = ?1 AND project_id = ?3",
            (id.to_string(), meta_json, self.project().id.to_string()),
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "model",
                key: id.to_string(),
            });
        }
        Ok(())
    }

    /// Every model, newest first.
    pub fn models(&self) -> Result<Vec<ModelRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {MODEL_COLUMNS} FROM models WHERE project_id = ?1 ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([self.project().id.to_string()], model_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A model by name or id.
    pub fn resolve_model(&self, reference: &str) -> Result<ModelRecord> {
        let reference = reference.trim();
        let by_id = Uuid::parse_str(reference)
            .ok()
            .map(|id| self.model_by("id = ?1", &id.to_string()))
            .transpose()?
            .flatten();
        match by_id {
            Some(m) => Ok(m),
            None => self
                .model_by("name = ?1", reference)?
                .ok_or_else(|| StoreError::NotFound {
                    what: "model",
                    key: reference.to_owned(),
                }),
        }
    }

    fn model_by(&self, condition: &str, key: &str) -> Result<Option<ModelRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {MODEL_COLUMNS} FROM models WHERE project_id = ?2 AND {condition}"
                ),
                (key, self.project().id.to_string()),
                model_from_row,
            )
            .optional()?)
    }
}

fn model_from_row(row: &Row<'_>) -> rusqlite::Result<ModelRecord> {
    let run: Option<String> = row.get(1)?;
    Ok(ModelRecord {
        id: uuid_at(row, 0)?,
        run_id: run.and_then(|r| Uuid::parse_str(&r).ok()),
        name: row.get(2)?,
        format: row.get(3)?,
        blob_sha256: row.get(4)?,
        sidecar_sha256: row.get(5)?,
        meta_json: row.get(6)?,
        created_at: row.get(7)?,
        author: row.get(8)?,
    })
}
