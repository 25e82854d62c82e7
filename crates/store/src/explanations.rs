//! Stored explanations: SHAP results per model × dataset version × request, kept as a blob so
//! that reopening one is instant. A later result for the same request replaces the earlier.

use uuid::Uuid;

use crate::{Result, Store, time_fmt};

/// An explanation to keep.
#[derive(Debug, Clone)]
pub struct NewExplanation<'a> {
    /// The model explained.
    pub model_id: Uuid,
    /// The dataset version explained.
    pub dataset_version_id: Uuid,
    /// What was asked (rows, method, background, ...), canonical JSON.
    pub request_key: &'a str,
    /// The method used.
    pub method: &'a str,
    /// Rows explained.
    pub rows: u64,
    /// The result (JSON).
    pub result: &'a [u8],
    /// Who ran it.
    pub author: &'a str,
}

impl Store {
    /// Keeps an explanation's result (replacing one for the same request).
    pub fn put_explanation(&self, new: &NewExplanation<'_>) -> Result<()> {
        let blob = self.blobs().put_bytes(new.result)?;
        self.conn.execute(
            "INSERT INTO explanations (id, project_id, model_id, dataset_version_id, request_key, method, rows, blob_sha256, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (model_id, dataset_version_id, request_key) DO UPDATE SET
                 method = excluded.method, rows = excluded.rows, blob_sha256 = excluded.blob_sha256,
                 created_at = excluded.created_at, author = excluded.author",
            (
                Uuid::now_v7().to_string(),
                self.project().id.to_string(),
                new.model_id.to_string(),
                new.dataset_version_id.to_string(),
                new.request_key,
                new.method,
                i64::try_from(new.rows).unwrap_or(i64::MAX),
                &blob.sha256,
                time_fmt::now(),
                new.author,
            ),
        )?;
        Ok(())
    }

    /// The stored result of a request, if one was kept (and its blob is still there).
    pub fn explanation(
        &self,
        model_id: Uuid,
        dataset_version_id: Uuid,
        request_key: &str,
    ) -> Result<Option<Vec<u8>>> {
        let sha: Option<String> = self
            .conn
            .query_row(
                "SELECT blob_sha256 FROM explanations
                 WHERE model_id = ?1 AND dataset_version_id = ?2 AND request_key = ?3",
                (
                    model_id.to_string(),
                    dataset_version_id.to_string(),
                    request_key,
                ),
                |row| row.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        match sha {
            Some(sha) => Ok(self.blobs().read(&sha).ok()),
            None => Ok(None),
        }
    }

    /// How many explanations a model has stored.
    pub fn explanation_count(&self, model_id: Uuid) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM explanations WHERE model_id = ?1",
            [model_id.to_string()],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
