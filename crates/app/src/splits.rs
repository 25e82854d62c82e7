//! Splitting a dataset version into train/validation/test (and folds), stored with it.

use modeldesk_data::{SplitPlan, SplitSpec, SplitStrategy, plan_split};
use modeldesk_store::{DatasetVersion, NewSplit, SplitRecord};
use serde::Serialize;

use crate::{AppError, Result, Workspace};

/// A stored split as faces show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SplitInfo {
    /// Split UUID.
    pub id: String,
    /// The dataset version it belongs to.
    pub dataset_version_id: String,
    /// `random`, `stratified`, `time_ordered` or `group`.
    pub strategy: String,
    /// The column the strategy uses, if any.
    pub column: Option<String>,
    /// Validation share asked for.
    pub validation: f64,
    /// Test share asked for.
    pub test: f64,
    /// Seed.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    // seeds shown, not computed on
    pub seed: u64,
    /// Folds, if made.
    pub folds: Option<u8>,
    /// Rows in train.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub train_rows: u64,
    /// Rows in validation.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub validation_rows: u64,
    /// Rows in test.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub test_rows: u64,
    /// RFC 3339 creation time.
    pub created_at: String,
}

impl SplitInfo {
    fn of(record: &SplitRecord, spec: &SplitSpec, counts: [u64; 3]) -> Self {
        let (strategy, column) = match &spec.strategy {
            SplitStrategy::Random => ("random", None),
            SplitStrategy::Stratified { column } => ("stratified", Some(column.clone())),
            SplitStrategy::TimeOrdered { column } => ("time_ordered", Some(column.clone())),
            SplitStrategy::Group { column } => ("group", Some(column.clone())),
        };
        Self {
            id: record.id.to_string(),
            dataset_version_id: record.dataset_version_id.to_string(),
            strategy: strategy.to_owned(),
            column,
            validation: spec.validation,
            test: spec.test,
            seed: spec.seed,
            folds: spec.folds,
            train_rows: counts[0],
            validation_rows: counts[1],
            test_rows: counts[2],
            created_at: record.created_at.clone(),
        }
    }
}

/// A split request from a face: the strategy by name plus its column.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SplitRequest {
    /// `random`, `stratified`, `time_ordered` or `group`.
    pub strategy: String,
    /// The column for stratified, time-ordered and group splits.
    pub column: Option<String>,
    /// Validation share.
    pub validation: f64,
    /// Test share.
    pub test: f64,
    /// Seed.
    pub seed: u32,
    /// Folds for cross-validation, if wanted.
    pub folds: Option<u8>,
}

impl SplitRequest {
    /// The spec it asks for; an unknown strategy or a missing column is an error.
    pub fn to_spec(&self) -> Result<SplitSpec> {
        let column = || {
            self.column
                .clone()
                .filter(|c| !c.is_empty())
                .ok_or(AppError::Invalid {
                    field: "column",
                    reason: format!("a {} split needs a column", self.strategy),
                })
        };
        let strategy = match self.strategy.as_str() {
            "random" => SplitStrategy::Random,
            "stratified" => SplitStrategy::Stratified { column: column()? },
            "time_ordered" => SplitStrategy::TimeOrdered { column: column()? },
            "group" => SplitStrategy::Group { column: column()? },
            other => {
                return Err(AppError::Invalid {
                    field: "strategy",
                    reason: format!("{other:?} is not random, stratified, time_ordered or group"),
                });
            }
        };
        Ok(SplitSpec {
            strategy,
            validation: self.validation,
            test: self.test,
            seed: u64::from(self.seed),
            folds: self.folds,
        })
    }
}

fn json_err(what: &'static str) -> impl FnOnce(serde_json::Error) -> AppError {
    move |e| AppError::Invalid {
        field: what,
        reason: e.to_string(),
    }
}

impl Workspace {
    /// Splits a dataset version and stores the split (the newest split is the one later steps use).
    pub fn split_dataset(&mut self, reference: &str, spec: &SplitSpec) -> Result<SplitInfo> {
        let store = self.store()?;
        let version = store.resolve_dataset(reference)?;
        let path = store.blobs().path(&version.blob_sha256)?;
        let rows = usize::try_from(version.row_count).map_err(|e| AppError::Invalid {
            field: "rows",
            reason: e.to_string(),
        })?;
        let plan = plan_split(&path, rows, spec)?;
        let mut bytes = plan.parts.clone();
        if let Some(folds) = &plan.folds {
            bytes.extend_from_slice(folds);
        }
        let blob = store.blobs().put_bytes(&bytes)?;
        let record = store.add_split(&NewSplit {
            dataset_version_id: version.id,
            spec_json: serde_json::to_string(spec).map_err(json_err("split spec"))?,
            blob,
            counts_json: serde_json::to_string(&plan.counts).map_err(json_err("split counts"))?,
            author: self.author().to_owned(),
        })?;
        Ok(SplitInfo::of(&record, spec, plan.counts))
    }

    /// The newest split of a dataset version, with its row assignment.
    pub fn dataset_split(&self, reference: &str) -> Result<Option<(SplitInfo, SplitPlan)>> {
        let store = self.store()?;
        let version: DatasetVersion = store.resolve_dataset(reference)?;
        let Some(record) = store.latest_split(version.id)? else {
            return Ok(None);
        };
        let spec: SplitSpec =
            serde_json::from_str(&record.spec_json).map_err(json_err("stored split spec"))?;
        let counts: [u64; 3] =
            serde_json::from_str(&record.counts_json).map_err(json_err("stored split counts"))?;
        let bytes = store.blobs().read(&record.blob_sha256)?;
        let rows = usize::try_from(version.row_count).unwrap_or(usize::MAX);
        let (parts, folds) = match bytes.len() {
            n if n == rows => (bytes, None),
            n if n == rows * 2 => {
                let folds = bytes[rows..].to_vec();
                (bytes[..rows].to_vec(), Some(folds))
            }
            n => {
                return Err(AppError::Invalid {
                    field: "stored split",
                    reason: format!("split {} has {n} bytes for {rows} rows", record.id),
                });
            }
        };
        Ok(Some((
            SplitInfo::of(&record, &spec, counts),
            SplitPlan {
                parts,
                folds,
                counts,
            },
        )))
    }
}
