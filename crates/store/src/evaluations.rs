//! Evaluations: a model scored on (a part of) a dataset version, with the metrics it got.

use rusqlite::Row;
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{Result, Store, time_fmt};

/// An evaluation to record.
#[derive(Debug, Clone)]
pub struct NewEvaluation {
    /// The model scored.
    pub model_id: Uuid,
    /// The dataset version scored on.
    pub dataset_version_id: Uuid,
    /// Which rows: `test`, `validation`, `train` or `all`.
    pub part: String,
    /// The column holding the truth.
    pub target: String,
    /// Rows scored.
    pub rows: u64,
    /// Metrics (JSON).
    pub metrics_json: String,
    /// Who ran it.
    pub author: String,
}

/// A recorded evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationRecord {
    /// Evaluation UUID.
    pub id: Uuid,
    /// The model scored.
    pub model_id: Uuid,
    /// The dataset version scored on.
    pub dataset_version_id: Uuid,
    /// Which rows.
    pub part: String,
    /// The truth column.
    pub target: String,
    /// Rows scored.
    pub rows: u64,
    /// Metrics (JSON).
    pub metrics_json: String,
    /// RFC 3339 time.
    pub created_at: String,
    /// Who ran it.
    pub author: String,
}

const EVALUATION_COLUMNS: &str =
    "id, model_id, dataset_version_id, part, target, rows, metrics_json, created_at, author";

impl Store {
    /// Records an evaluation.
    pub fn add_evaluation(&self, new: &NewEvaluation) -> Result<EvaluationRecord> {
        let id = Uuid::now_v7();
        self.conn.execute(
            "INSERT INTO evaluations (id, project_id, model_id, dataset_version_id, part, target, rows, metrics_json, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            (
                id.to_string(),
                self.project().id.to_string(),
                new.model_id.to_string(),
                new.dataset_version_id.to_string(),
                &new.part,
                &new.target,
                i64::try_from(new.rows).unwrap_or(i64::MAX),
                &new.metrics_json,
                time_fmt::now(),
                &new.author,
            ),
        )?;
        Ok(self.conn.query_row(
            &format!("SELECT {EVALUATION_COLUMNS} FROM evaluations WHERE id = ?1"),
            [id.to_string()],
            evaluation_from_row,
        )?)
    }

    /// Every evaluation in the project, newest first.
    pub fn evaluations(&self) -> Result<Vec<EvaluationRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVALUATION_COLUMNS} FROM evaluations WHERE project_id = ?1 ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([self.project().id.to_string()], evaluation_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn evaluation_from_row(row: &Row<'_>) -> rusqlite::Result<EvaluationRecord> {
    Ok(EvaluationRecord {
        id: uuid_at(row, 0)?,
        model_id: uuid_at(row, 1)?,
        dataset_version_id: uuid_at(row, 2)?,
        part: row.get(3)?,
        target: row.get(4)?,
        rows: u64::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
        metrics_json: row.get(6)?,
        created_at: row.get(7)?,
        author: row.get(8)?,
    })
}
