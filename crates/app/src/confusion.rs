//! The rows behind one cell of a run's confusion matrix, so a person can look at the rows a
//! classifier got wrong in the Data table.

use modeldesk_data::recipe::{filter_rows, read_table};
use modeldesk_data::{TEST, TRAIN, VALIDATION};
use modeldesk_train::encode_target;
use modeldesk_train::metrics::predicted_class;
use serde::{Deserialize, Serialize};

use crate::explain::model_matrix;
use crate::{AppError, Result, Workspace};

/// A part of a run's split.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunPart {
    /// Rows the model was fitted on.
    Train,
    /// Rows used for early stopping.
    Validation,
    /// Held-out rows.
    Test,
}

impl RunPart {
    /// The part's code in a stored split plan.
    fn code(self) -> u8 {
        match self {
            Self::Train => TRAIN,
            Self::Validation => VALIDATION,
            Self::Test => TEST,
        }
    }
}

/// The rows of a dataset version behind one confusion-matrix cell.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfusionRows {
    /// The dataset version the run trained on (`name@N`).
    pub dataset: String,
    /// The actual class.
    pub actual: String,
    /// The predicted class.
    pub predicted: String,
    /// 0-based row numbers in the dataset version, ascending.
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub rows: Vec<u64>,
}

impl Workspace {
    /// The rows of `part` of a classification run's split whose actual class is `actual` and
    /// whose predicted class (as the run's metrics count it) is `predicted` — class indices
    /// in the model's class order, as the run's confusion matrix is laid out.
    pub fn confusion_rows(
        &self,
        run: &str,
        part: RunPart,
        actual: usize,
        predicted: usize,
    ) -> Result<ConfusionRows> {
        let record = self.run_record(run)?;
        let store = self.store()?;
        let model_id = store
            .models()?
            .into_iter()
            .find(|m| m.run_id == Some(record.id))
            .map(|m| m.id)
            .ok_or_else(|| AppError::Invalid {
                field: "run",
                reason: format!("run {} has no stored model", record.id),
            })?;
        let (_, model) = self.trained_model(&model_id.to_string())?;
        let classes = &model.target.classes;
        if model.target.task == modeldesk_train::Task::Regression {
            return Err(AppError::Invalid {
                field: "run",
                reason: format!(
                    "run {} is a regression: it has no confusion matrix",
                    record.id
                ),
            });
        }
        let class = |field: &'static str, i: usize| {
            classes.get(i).cloned().ok_or_else(|| AppError::Invalid {
                field,
                reason: format!("class {i} does not exist (the model has {})", classes.len()),
            })
        };
        let (actual_label, predicted_label) =
            (class("actual", actual)?, class("predicted", predicted)?);
        let version = store.resolve_dataset(&record.dataset_version_id.to_string())?;
        let table = read_table(&store.blobs().path(&version.blob_sha256)?)?;
        let in_part: Vec<bool> = match record.split_id {
            None if part == RunPart::Train => vec![true; table.rows()],
            None => {
                return Err(AppError::Invalid {
                    field: "part",
                    reason: format!(
                        "run {} trained on every row: it has no {part:?} part",
                        record.id
                    ),
                });
            }
            Some(split_id) => {
                let plan = self
                    .dataset_split(&version.id.to_string())?
                    .filter(|(info, _)| info.id == split_id.to_string())
                    .ok_or_else(|| AppError::Invalid {
                        field: "run",
                        reason: format!(
                            "the split run {} used is no longer the dataset's split",
                            record.id
                        ),
                    })?
                    .1;
                plan.parts.iter().map(|p| *p == part.code()).collect()
            }
        };
        let numbers: Vec<u64> = (0u64..)
            .zip(&in_part)
            .filter(|(_, k)| **k)
            .map(|(i, _)| i)
            .collect();
        let rows = filter_rows(&table, &in_part)?;
        let truth = encode_target(&rows, &model.target)?;
        let probs = model.predict(&model_matrix(&model, &rows)?);
        let hits = numbers
            .into_iter()
            .zip(truth.iter().zip(probs.chunks(classes.len().max(1))))
            .filter(|(_, (t, p))| {
                class_index(**t) == Some(actual) && predicted_class(p) == predicted
            })
            .map(|(n, _)| n)
            .collect();
        Ok(ConfusionRows {
            dataset: format!("{}@{}", version.dataset_name, version.version),
            actual: actual_label,
            predicted: predicted_label,
            rows: hits,
        })
    }
}

/// An encoded class index (NaN for a missing label gives none).
fn class_index(t: f64) -> Option<usize> {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "class indices are small non-negative integers"
    )]
    (t.is_finite() && t >= 0.0).then_some(t as usize)
}
