//! Datasets and their versions. The store keeps the data's bytes (a Parquet blob) and the
//! JSON the data crate writes (schema, import report, profile, recipe); it does not interpret them.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use uuid::Uuid;

use crate::row_ext::uuid_at;
use crate::{BlobRef, Result, Store, StoreError, time_fmt};

/// A dataset version to record.
#[derive(Debug, Clone)]
pub struct NewDatasetVersion {
    /// Dataset name; a new dataset is created when no dataset has this name.
    pub dataset_name: String,
    /// The version this one was derived from (by a prep recipe), if any.
    pub parent_id: Option<Uuid>,
    /// The stored Parquet file.
    pub blob: BlobRef,
    /// The prep recipe that produced it from the parent (JSON; `[]` for an import).
    pub recipe_json: String,
    /// Number of rows.
    pub row_count: u64,
    /// Number of columns.
    pub column_count: u32,
    /// The file it was imported from, if any.
    pub source_path: Option<String>,
    /// `csv`, `json`, `parquet`, `excel`, `images`, `recipe`, ...
    pub source_format: String,
    /// The column schema (JSON).
    pub schema_json: String,
    /// Import options and warnings (JSON).
    pub import_json: String,
    /// The profile, when computed at creation (JSON).
    pub profile_json: Option<String>,
    /// Who made it.
    pub author: String,
}

/// A recorded dataset version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetVersion {
    /// Version UUID.
    pub id: Uuid,
    /// Dataset UUID.
    pub dataset_id: Uuid,
    /// Dataset name.
    pub dataset_name: String,
    /// 1, 2, ... within the dataset.
    pub version: u32,
    /// Parent version, for versions made by a recipe.
    pub parent_id: Option<Uuid>,
    /// SHA-256 of the Parquet blob.
    pub blob_sha256: String,
    /// Size of the Parquet blob in bytes.
    pub blob_size: u64,
    /// Recipe JSON.
    pub recipe_json: String,
    /// Rows.
    pub row_count: u64,
    /// Columns.
    pub column_count: u32,
    /// Source file, if imported.
    pub source_path: Option<String>,
    /// Source format.
    pub source_format: String,
    /// Schema JSON.
    pub schema_json: String,
    /// Import report JSON.
    pub import_json: String,
    /// Profile JSON, once computed.
    pub profile_json: Option<String>,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who made it.
    pub author: String,
}

/// A dataset with its newest version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetSummary {
    /// Dataset UUID.
    pub id: Uuid,
    /// Name (unique in the project).
    pub name: String,
    /// Number of versions.
    pub version_count: u32,
    /// The newest version.
    pub latest: DatasetVersion,
}

const VERSION_COLUMNS: &str =
    "v.id, v.dataset_id, d.name, v.version, v.parent_id, v.blob_sha256, v.blob_size,
     v.recipe_json, v.row_count, v.column_count, v.source_path, v.source_format, v.schema_json,
     v.import_json, v.profile_json, v.created_at, v.author";

impl Store {
    /// Records a new version (and the dataset, if new) in one transaction. The blob must
    /// already be in the blob store.
    pub fn add_dataset_version(&mut self, new: &NewDatasetVersion) -> Result<DatasetVersion> {
        let name = new.dataset_name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid {
                field: "dataset name",
                reason: "must be non-empty text without control characters".into(),
            });
        }
        if !self.blobs().contains(&new.blob.sha256) {
            return Err(StoreError::BlobMissing {
                sha256: new.blob.sha256.clone(),
                dir: self.root().join(crate::BLOB_DIR),
            });
        }
        let project_id = self.project().id.to_string();
        let now = time_fmt::now();
        let tx = self.conn.transaction()?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM datasets WHERE project_id = ?1 AND name = ?2",
                (&project_id, name),
                |r| r.get(0),
            )
            .optional()?;
        let dataset_id = if let Some(id) = existing {
            id
        } else {
            let id = Uuid::now_v7().to_string();
            tx.execute(
                "INSERT INTO datasets (id, project_id, name, created_at, author) VALUES (?1, ?2, ?3, ?4, ?5)",
                (&id, &project_id, name, &now, &new.author),
            )?;
            id
        };
        let version: u32 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_versions WHERE dataset_id = ?1",
            [&dataset_id],
            |r| r.get(0),
        )?;
        let id = Uuid::now_v7();
        tx.execute(
            "INSERT INTO dataset_versions (id, dataset_id, version, parent_id, blob_sha256, blob_size,
                 recipe_json, row_count, column_count, source_path, source_format, schema_json,
                 import_json, profile_json, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                id.to_string(),
                dataset_id,
                version,
                new.parent_id.map(|p| p.to_string()),
                new.blob.sha256,
                i64::try_from(new.blob.size).unwrap_or(i64::MAX),
                new.recipe_json,
                i64::try_from(new.row_count).unwrap_or(i64::MAX),
                new.column_count,
                new.source_path,
                new.source_format,
                new.schema_json,
                new.import_json,
                new.profile_json,
                now,
                new.author,
            ],
        )?;
        tx.execute(
            "INSERT INTO activity (id, project_id, kind, entity_kind, entity_id, summary, created_at, author)
             VALUES (?1, ?2, 'dataset.version_added', 'dataset_version', ?3, ?4, ?5, ?6)",
            (
                Uuid::now_v7().to_string(),
                &project_id,
                id.to_string(),
                format!(
                    "{name} v{version}: {} rows × {} columns",
                    new.row_count, new.column_count
                ),
                &now,
                &new.author,
            ),
        )?;
        tx.commit()?;
        self.dataset_version(id)
    }

    /// One dataset version by id.
    pub fn dataset_version(&self, id: Uuid) -> Result<DatasetVersion> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?1"
                ),
                [id.to_string()],
                version_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "dataset version",
                key: id.to_string(),
            })
    }

    /// Every dataset with its newest version, by name.
    pub fn datasets(&self) -> Result<Vec<DatasetSummary>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {VERSION_COLUMNS},
                    (SELECT COUNT(*) FROM dataset_versions c WHERE c.dataset_id = d.id)
             FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
             WHERE d.project_id = ?1
               AND v.version = (SELECT MAX(version) FROM dataset_versions m WHERE m.dataset_id = d.id)
             ORDER BY d.name"
        ))?;
        let rows = stmt.query_map([self.project().id.to_string()], |row| {
            let latest = version_from_row(row)?;
            Ok(DatasetSummary {
                id: latest.dataset_id,
                name: latest.dataset_name.clone(),
                version_count: row.get(17)?,
                latest,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// All versions of one dataset, oldest first.
    pub fn dataset_versions(&self, dataset_id: Uuid) -> Result<Vec<DatasetVersion>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
             WHERE v.dataset_id = ?1 ORDER BY v.version"
        ))?;
        let rows = stmt.query_map([dataset_id.to_string()], version_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Finds a dataset version by a user's reference: a version UUID, a dataset UUID or name
    /// (its newest version), or `name@N` / `name:vN` for version N.
    pub fn resolve_dataset(&self, reference: &str) -> Result<DatasetVersion> {
        let reference = reference.trim();
        let not_found = || StoreError::NotFound {
            what: "dataset",
            key: reference.to_owned(),
        };
        if let Ok(id) = Uuid::parse_str(reference) {
            if let Ok(v) = self.dataset_version(id) {
                return Ok(v);
            }
            return self
                .latest_of("d.id = ?2", &id.to_string())?
                .ok_or_else(not_found);
        }
        let split = reference
            .rsplit_once('@')
            .or_else(|| reference.rsplit_once(":v"))
            .and_then(|(name, n)| n.parse::<u32>().ok().map(|n| (name, n)));
        if let Some((name, n)) = split {
            let versions = self.latest_of("d.name = ?2", name)?.map(|v| v.dataset_id);
            if let Some(dataset_id) = versions {
                return self
                    .dataset_versions(dataset_id)?
                    .into_iter()
                    .find(|v| v.version == n)
                    .ok_or_else(not_found);
            }
        }
        self.latest_of("d.name = ?2", reference)?
            .ok_or_else(not_found)
    }

    fn latest_of(&self, condition: &str, key: &str) -> Result<Option<DatasetVersion>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
                     WHERE d.project_id = ?1 AND {condition} ORDER BY v.version DESC LIMIT 1"
                ),
                (self.project().id.to_string(), key),
                version_from_row,
            )
            .optional()?)
    }

    /// Stores the profile computed for a version.
    pub fn set_dataset_profile(&self, id: Uuid, profile_json: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE dataset_versions SET profile_json = ?2 WHERE id = ?1",
            (id.to_string(), profile_json),
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "dataset version",
                key: id.to_string(),
            });
        }
        Ok(())
    }
}

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<DatasetVersion> {
    let parent: Option<String> = row.get(4)?;
    Ok(DatasetVersion {
        id: uuid_at(row, 0)?,
        dataset_id: uuid_at(row, 1)?,
        dataset_name: row.get(2)?,
        version: row.get(3)?,
        parent_id: parent.and_then(|p| Uuid::parse_str(&p).ok()),
        blob_sha256: row.get(5)?,
        blob_size: u64::try_from(row.get::<_, i64>(6)?).unwrap_or(0),
        recipe_json: row.get(7)?,
        row_count: u64::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
        column_count: row.get(9)?,
        source_path: row.get(10)?,
        source_format: row.get(11)?,
        schema_json: row.get(12)?,
        import_json: row.get(13)?,
        profile_json: row.get(14)?,
        created_at: row.get(15)?,
        author: row.get(16)?,
    })
}
