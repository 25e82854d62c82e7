//! Splits of a dataset version: the spec (JSON) and the row assignment (a blob).

use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{BlobRef, Result, Store, StoreError, time_fmt};

/// A split to record.
#[derive(Debug, Clone)]
pub struct NewSplit {
    /// The dataset version split.
    pub dataset_version_id: Uuid,
    /// The split spec (JSON).
    pub spec_json: String,
    /// The assignment blob.
    pub blob: BlobRef,
    /// Rows per part (JSON).
    pub counts_json: String,
    /// Who made it.
    pub author: String,
}

/// A recorded split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SplitRecord {
    /// Split UUID.
    pub id: Uuid,
    /// The dataset version.
    pub dataset_version_id: Uuid,
    /// Spec JSON.
    pub spec_json: String,
    /// Assignment blob hash.
    pub blob_sha256: String,
    /// Counts JSON.
    pub counts_json: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who made it.
    pub author: String,
}

impl Store {
    /// Records a split (its blob must be stored already).
    pub fn add_split(&self, new: &NewSplit) -> Result<SplitRecord> {
        if !self.blobs().contains(&new.blob.sha256) {
            return Err(StoreError::BlobMissing {
                sha256: new.blob.sha256.clone(),
                dir: self.root().join(crate::BLOB_DIR),
            });
        }
        let record = SplitRecord {
            id: Uuid::now_v7(),
            dataset_version_id: new.dataset_version_id,
            spec_json: new.spec_json.clone(),
            blob_sha256: new.blob.sha256.clone(),
            counts_json: new.counts_json.clone(),
            created_at: time_fmt::now(),
            author: new.author.clone(),
        };
        self.conn.execute(
            "INSERT INTO dataset_splits (id, dataset_version_id, spec_json, blob_sha256, counts_json, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                record.id.to_string(),
                record.dataset_version_id.to_string(),
                &record.spec_json,
                &record.blob_sha256,
                &record.counts_json,
                &record.created_at,
                &record.author,
            ),
        )?;
        Ok(record)
    }

    /// The newest split of a dataset version, if any.
    pub fn latest_split(&self, dataset_version_id: Uuid) -> Result<Option<SplitRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, dataset_version_id, spec_json, blob_sha256, counts_json, created_at, author
                 FROM dataset_splits WHERE dataset_version_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1",
                [dataset_version_id.to_string()],
                split_from_row,
            )
            .optional()?)
    }
}

fn split_from_row(row: &Row<'_>) -> rusqlite::Result<SplitRecord> {
    Ok(SplitRecord {
        id: uuid_at(row, 0)?,
        dataset_version_id: uuid_at(row, 1)?,
        spec_json: row.get(2)?,
        blob_sha256: row.get(3)?,
        counts_json: row.get(4)?,
        created_at: row.get(5)?,
        author: row.get(6)?,
    })
}
