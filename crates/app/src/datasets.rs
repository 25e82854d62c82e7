//! Datasets: importing files into the project, listing them, reading rows back.

use std::path::Path;

use modeldesk_data::{
    CancelToken, ColumnSchema, ImportOptions, ImportReport, Progress, RowPage, import_file,
    read_rows,
};
use modeldesk_store::{BlobRef, BlobStore, DatasetVersion, NewDatasetVersion};
use serde::Serialize;

use crate::{AppError, Result, Workspace};

/// A column as faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ColumnInfo {
    /// Name.
    pub name: String,
    /// Logical type (`integer`, `float`, `boolean`, `categorical`, `text`, `datetime`).
    #[serde(rename = "type")]
    pub ty: String,
}

/// A dataset version as faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    /// Version UUID.
    pub id: String,
    /// Dataset UUID.
    pub dataset_id: String,
    /// Dataset name.
    pub name: String,
    /// Version number within the dataset.
    pub version: u32,
    /// Rows.
    pub rows: u64,
    /// Columns with their types.
    pub columns: Vec<ColumnInfo>,
    /// Source file, if imported.
    pub source_path: Option<String>,
    /// Source format.
    pub source_format: String,
    /// Size of the stored Parquet snapshot in bytes.
    pub blob_size: u64,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Who made it.
    pub author: String,
}

impl DatasetInfo {
    fn of(v: &DatasetVersion) -> Result<Self> {
        let columns: Vec<ColumnSchema> =
            serde_json::from_str(&v.schema_json).map_err(|e| AppError::Invalid {
                field: "stored schema",
                reason: format!("dataset version {} has an unreadable schema: {e}", v.id),
            })?;
        Ok(Self {
            id: v.id.to_string(),
            dataset_id: v.dataset_id.to_string(),
            name: v.dataset_name.clone(),
            version: v.version,
            rows: v.row_count,
            columns: columns
                .into_iter()
                .map(|c| ColumnInfo {
                    name: c.name,
                    ty: c.ty.name().to_owned(),
                })
                .collect(),
            source_path: v.source_path.clone(),
            source_format: v.source_format.clone(),
            blob_size: v.blob_size,
            created_at: v.created_at.clone(),
            author: v.author.clone(),
        })
    }
}

/// A finished import: the stored version and the full report (dialect, warnings).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The new dataset version.
    pub dataset: DatasetInfo,
    /// What the import found and did.
    pub report: ImportReport,
}

/// Imports `path` into a Parquet blob. Runs without holding the workspace, so a face can keep
/// answering while it works; nothing is recorded until [`Workspace::record_import`].
pub fn import_to_blob(
    blobs: &BlobStore,
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<(ImportReport, BlobRef)> {
    let writer = blobs.writer()?;
    let (report, writer) = import_file(path, options, writer, progress, cancel)?;
    Ok((report, writer.finish()?))
}

impl Workspace {
    /// Imports a file as a new dataset version (name: `name`, else the file's stem).
    #[tracing::instrument(skip_all, fields(path = %path.display()), err(level = "debug"))]
    pub fn import_dataset(
        &mut self,
        path: &Path,
        name: Option<&str>,
        options: &ImportOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ImportOutcome> {
        let blobs = self.store()?.blobs().clone();
        let (report, blob) = import_to_blob(&blobs, path, options, progress, cancel)?;
        self.record_import(report, blob, name)
    }

    /// Records an import made by [`import_to_blob`] as a dataset version.
    pub fn record_import(
        &mut self,
        report: ImportReport,
        blob: BlobRef,
        name: Option<&str>,
    ) -> Result<ImportOutcome> {
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            None => report.source.file_stem().map_or_else(
                || "dataset".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            ),
        };
        let json = |what: &'static str, value: serde_json::Result<String>| {
            value.map_err(|e| AppError::Invalid {
                field: what,
                reason: e.to_string(),
            })
        };
        let new = NewDatasetVersion {
            dataset_name: name,
            parent_id: None,
            blob,
            recipe_json: "[]".to_owned(),
            row_count: report.rows,
            column_count: u32::try_from(report.columns.len()).unwrap_or(u32::MAX),
            source_path: Some(report.source.display().to_string()),
            source_format: report.format.name().to_owned(),
            schema_json: json("schema", serde_json::to_string(&report.columns))?,
            import_json: json("import report", serde_json::to_string(&report))?,
            profile_json: None,
            author: self.author().to_owned(),
        };
        let version = self.store_mut()?.add_dataset_version(&new)?;
        Ok(ImportOutcome {
            dataset: DatasetInfo::of(&version)?,
            report,
        })
    }

    /// The newest version of every dataset, by name.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        self.store()?
            .datasets()?
            .iter()
            .map(|d| DatasetInfo::of(&d.latest))
            .collect()
    }

    /// One dataset version by reference (version id, dataset id or name, `name@N`).
    pub fn dataset(&self, reference: &str) -> Result<DatasetInfo> {
        DatasetInfo::of(&self.store()?.resolve_dataset(reference)?)
    }

    /// Rows `offset..offset + limit` of a dataset version.
    pub fn dataset_rows(&self, reference: &str, offset: u64, limit: usize) -> Result<RowPage> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let path = store.blobs().path(&version.blob_sha256)?;
        Ok(read_rows(&path, offset, limit)?)
    }
}
