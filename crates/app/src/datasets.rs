//! Datasets: importing files into the project, listing them, reading rows back.

use std::path::Path;

use modeldesk_data::csv::LineEnds;
use modeldesk_data::recipe::{self, Step, filter_rows, read_table, write_table};
use modeldesk_data::{
    CancelToken, ColumnFlag, ColumnSchema, DatasetProfile, ExportFormat, ImportOptions,
    ImportReport, Progress, RowPage, export_dataset, import_file, profile_parquet, read_rows,
    read_rows_at,
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
    /// The version this one was prepared from, if any (lineage).
    pub parent_id: Option<String>,
    /// Rows.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
    pub rows: u64,
    /// Columns with their types.
    pub columns: Vec<ColumnInfo>,
    /// Source file, if imported.
    pub source_path: Option<String>,
    /// Source format.
    pub source_format: String,
    /// Size of the stored Parquet snapshot in bytes.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
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
            parent_id: v.parent_id.map(|p| p.to_string()),
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

/// One import warning as faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WarningInfo {
    /// Kind (`ragged_rows_skipped`, `bad_values_missing`, ...).
    pub kind: String,
    /// How many times it happened.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
    pub count: u64,
    /// First line concerned.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))] // < 2^53
    pub first_line: Option<u64>,
    /// Column concerned.
    pub column: Option<String>,
    /// A sentence for people.
    pub message: String,
}

/// What the UI shows after an import: the new version, the dialect used and the warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// The new dataset version.
    pub dataset: DatasetInfo,
    /// Rows skipped (lenient mode).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
    pub skipped_rows: u64,
    /// Warnings (lenient mode).
    pub warnings: Vec<WarningInfo>,
    /// A one-line description of the dialect, e.g. `UTF-8, ';' delimited, decimal comma, header`.
    pub dialect: Option<String>,
}

impl ImportOutcome {
    /// The summary faces show.
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            dataset: self.dataset.clone(),
            skipped_rows: self.report.skipped_rows,
            warnings: self
                .report
                .warnings
                .iter()
                .map(|w| WarningInfo {
                    kind: serde_json::to_value(w.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    count: w.count,
                    first_line: w.first_line,
                    column: w.column.clone(),
                    message: w.message.clone(),
                })
                .collect(),
            dialect: self.report.dialect.as_ref().map(|d| {
                let delimiter = if d.delimiter == '\t' {
                    "tab".to_owned()
                } else {
                    format!("{:?}", d.delimiter)
                };
                format!(
                    "{}{}{}, {delimiter} delimited{}, {}",
                    d.encoding,
                    if d.bom { " (BOM)" } else { "" },
                    if d.line_ends == LineEnds::CarriageReturn {
                        ", CR line ends"
                    } else {
                        ""
                    },
                    if d.decimal_comma {
                        ", decimal comma"
                    } else {
                        ""
                    },
                    if d.has_header {
                        "header row"
                    } else {
                        "no header row"
                    }
                )
            }),
        }
    }
}

/// A window of rows as faces show it: one JSON value per cell, null for missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RowWindow {
    /// The columns.
    pub columns: Vec<ColumnInfo>,
    /// Index of the first row.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
    pub offset: u64,
    /// Rows in the dataset.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // < 2^53 in practice
    pub total_rows: u64,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// One table cell: missing, a boolean, a number, or text. Integers too large for a JavaScript
/// number travel as text so they are shown exactly.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum Cell {
    /// Missing.
    Null,
    /// true/false.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text, a date-time, or an integer beyond 2^53.
    Text(String),
}

impl From<serde_json::Value> for Cell {
    #[allow(clippy::cast_precision_loss)] // guarded: only integers within ±2^53 become f64
    fn from(v: serde_json::Value) -> Self {
        const EXACT: i64 = 1 << 53;
        match v {
            serde_json::Value::Null => Self::Null,
            serde_json::Value::Bool(b) => Self::Bool(b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) if (-EXACT..=EXACT).contains(&i) => Self::Number(i as f64),
                (Some(_), _) | (None, None) => Self::Text(n.to_string()),
                (None, Some(f)) => Self::Number(f),
            },
            serde_json::Value::String(s) => Self::Text(s),
            other => Self::Text(other.to_string()),
        }
    }
}

impl From<RowPage> for RowWindow {
    fn from(page: RowPage) -> Self {
        Self {
            columns: page
                .columns
                .into_iter()
                .map(|c| ColumnInfo {
                    name: c.name,
                    ty: c.ty.name().to_owned(),
                })
                .collect(),
            offset: page.offset,
            total_rows: page.total_rows,
            rows: page
                .rows
                .into_iter()
                .map(|r| r.into_iter().map(Cell::from).collect())
                .collect(),
        }
    }
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    /// Rows written.
    pub rows: u64,
    /// The file written.
    pub path: String,
    /// Columns flagged as likely personal data (shown as a privacy warning).
    pub personal_data_columns: Vec<String>,
}

/// A finished import: the stored version and the full report (dialect, warnings).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The new dataset version.
    pub dataset: DatasetInfo,
    /// What the import found and did.
    pub report: ImportReport,
    /// How long the two stages took.
    pub timings: ImportTimings,
}

/// Wall-clock time of an import's stages, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportTimings {
    /// Reading the file and writing the Parquet snapshot.
    pub import_ms: u64,
    /// Profiling the snapshot.
    pub profile_ms: u64,
}

/// An imported file, stored as a blob and profiled, not yet recorded as a dataset version.
#[derive(Debug, Clone)]
pub struct ImportedBlob {
    /// What the import found and did.
    pub report: ImportReport,
    /// The Parquet snapshot.
    pub blob: BlobRef,
    /// Its profile (stored with the version, computed once).
    pub profile: DatasetProfile,
    /// How long each stage took.
    pub timings: ImportTimings,
}

/// Imports `path` into a Parquet blob and profiles it. Runs without holding the workspace, so
/// a face can keep answering while it works; nothing is recorded until
/// [`Workspace::record_import`]. (An unrecorded blob is only an unreferenced file.)
pub fn import_to_blob(
    blobs: &BlobStore,
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<ImportedBlob> {
    let started = std::time::Instant::now();
    let writer = blobs.writer()?;
    let (report, writer) = import_file(path, options, writer, progress, cancel)?;
    let imported_at = started.elapsed();
    // The profile reads the snapshot while it is synced to disk.
    let (blob, profile) =
        writer.finish_with(|snapshot| profile_parquet(snapshot, progress, cancel))?;
    let profile = profile?;
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let timings = ImportTimings {
        import_ms: millis(imported_at),
        profile_ms: millis(started.elapsed().saturating_sub(imported_at)),
    };
    tracing::info!(rows = report.rows, ?timings, "imported {}", path.display());
    Ok(ImportedBlob {
        report,
        blob,
        profile,
        timings,
    })
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
        let imported = import_to_blob(&blobs, path, options, progress, cancel)?;
        self.record_import(imported, name)
    }

    /// Records an import made by [`import_to_blob`] as a dataset version.
    pub fn record_import(
        &mut self,
        imported: ImportedBlob,
        name: Option<&str>,
    ) -> Result<ImportOutcome> {
        let ImportedBlob {
            report,
            blob,
            profile,
            timings,
        } = imported;
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
            profile_json: Some(json("profile", serde_json::to_string(&profile))?),
            author: self.author().to_owned(),
        };
        let version = self.store_mut()?.add_dataset_version(&new)?;
        Ok(ImportOutcome {
            dataset: DatasetInfo::of(&version)?,
            report,
            timings,
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

    /// Every version of the dataset `reference` names, oldest first, with their parents.
    pub fn dataset_versions(&self, reference: &str) -> Result<Vec<DatasetInfo>> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        store
            .dataset_versions(version.dataset_id)?
            .iter()
            .map(DatasetInfo::of)
            .collect()
    }

    /// One dataset version by reference (version id, dataset id or name, `name@N`).
    pub fn dataset(&self, reference: &str) -> Result<DatasetInfo> {
        DatasetInfo::of(&self.store()?.resolve_dataset(reference)?)
    }

    /// The profile of a dataset version (stored at import; computed and stored if missing).
    pub fn dataset_profile(
        &self,
        reference: &str,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<DatasetProfile> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        if let Some(json) = &version.profile_json {
            if let Ok(profile) = serde_json::from_str(json) {
                return Ok(profile);
            }
            tracing::warn!(version = %version.id, "stored profile unreadable; recomputing");
        }
        let path = store.blobs().path(&version.blob_sha256)?;
        let profile = profile_parquet(&path, progress, cancel)?;
        let json = serde_json::to_string(&profile).map_err(|e| AppError::Invalid {
            field: "profile",
            reason: e.to_string(),
        })?;
        store.set_dataset_profile(version.id, &json)?;
        Ok(profile)
    }

    /// Exports a dataset version to `out` (CSV or the Parquet snapshot). Returns the rows written
    /// and the columns the profile flags as likely personal data, for the privacy warning.
    pub fn export_dataset(
        &self,
        reference: &str,
        out: &Path,
        format: ExportFormat,
        overwrite: bool,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ExportSummary> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let snapshot = store.blobs().path(&version.blob_sha256)?;
        let personal_data_columns = self
            .dataset_profile(reference, progress, cancel)?
            .columns
            .into_iter()
            .filter(|c| c.flags.contains(&ColumnFlag::LikelyPersonalData))
            .map(|c| c.name)
            .collect();
        let rows = export_dataset(&snapshot, out, format, overwrite, progress, cancel)?;
        Ok(ExportSummary {
            rows,
            path: out.display().to_string(),
            personal_data_columns,
        })
    }

    /// Rows `offset..offset + limit` of a dataset version.
    pub fn dataset_rows(&self, reference: &str, offset: u64, limit: usize) -> Result<RowPage> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let path = store.blobs().path(&version.blob_sha256)?;
        Ok(read_rows(&path, offset, limit)?)
    }

    /// The rows numbered `numbers` (0-based, ascending) of a dataset version.
    pub fn dataset_rows_at(&self, reference: &str, numbers: &[u64]) -> Result<RowPage> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let path = store.blobs().path(&version.blob_sha256)?;
        Ok(read_rows_at(&path, numbers)?)
    }
}

/// What `prep` did: the new version and the fitted recipe.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepOutcome {
    /// The new dataset version (its parent is the version prepared).
    pub dataset: DatasetInfo,
    /// The steps with their fitted parameters, as stored.
    pub recipe: Vec<Step>,
    /// Whether parameters were fitted on the training part of the newest split only.
    pub fitted_on_train_split: bool,
}

impl Workspace {
    /// Applies a prep recipe to a dataset version and stores the result as a new version of
    /// the same dataset, recording its parent and the fitted recipe. Parameters are fitted on
    /// the training part of the newest split when there is one (no peeking at test rows),
    /// otherwise on all rows.
    pub fn prep_dataset(
        &mut self,
        reference: &str,
        steps: &[Step],
        cancel: &CancelToken,
    ) -> Result<PrepOutcome> {
        let store = self.store()?;
        let parent = store.resolve_dataset(reference)?;
        let table = read_table(&store.blobs().path(&parent.blob_sha256)?)?;
        let split = self.dataset_split(reference)?;
        let fit_table = match &split {
            Some((_, plan)) => filter_rows(
                &table,
                &plan
                    .parts
                    .iter()
                    .map(|p| *p == modeldesk_data::TRAIN)
                    .collect::<Vec<_>>(),
            )?,
            None => table.clone(),
        };
        let (fitted, _) = recipe::fit(steps, fit_table)?;
        let prepared = recipe::apply(&fitted, table)?;
        if cancel.is_cancelled() {
            return Err(modeldesk_data::DataError::Cancelled.into());
        }
        let store = self.store()?;
        let (rows, writer) = write_table(&prepared, store.blobs().writer()?)?;
        let (blob, profile) = writer.finish_with(|snapshot| {
            profile_parquet(snapshot, &modeldesk_data::NoProgress, cancel)
        })?;
        let profile = profile?;
        let json = |what: &'static str, value: serde_json::Result<String>| {
            value.map_err(|e| AppError::Invalid {
                field: what,
                reason: e.to_string(),
            })
        };
        let new = NewDatasetVersion {
            dataset_name: parent.dataset_name.clone(),
            parent_id: Some(parent.id),
            blob,
            recipe_json: json("recipe", serde_json::to_string(&fitted))?,
            row_count: rows,
            column_count: u32::try_from(prepared.columns.len()).unwrap_or(u32::MAX),
            source_path: None,
            source_format: "recipe".to_owned(),
            schema_json: json("schema", serde_json::to_string(&prepared.columns))?,
            import_json: "{}".to_owned(),
            profile_json: Some(json("profile", serde_json::to_string(&profile))?),
            author: self.author().to_owned(),
        };
        let version = self.store_mut()?.add_dataset_version(&new)?;
        Ok(PrepOutcome {
            dataset: DatasetInfo::of(&version)?,
            recipe: fitted,
            fitted_on_train_split: split.is_some(),
        })
    }
}
