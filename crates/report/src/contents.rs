//! What a bundle carries besides the model and its card: metrics and curves, the SHAP summary,
//! notes.

use modeldesk_train::Metrics;
use serde::{Deserialize, Serialize};

/// One iteration of a training run's history (losses and the headline metric).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// 1-based iteration.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub iteration: usize,
    /// Training loss.
    pub train_loss: f64,
    /// Validation loss.
    pub valid_loss: Option<f64>,
    /// The headline metric's value.
    pub metric_value: f64,
}

/// The model's metrics per part of the data, with the training curve (`metrics.json`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleMetrics {
    /// On the training rows.
    pub train: Option<Metrics>,
    /// On the validation rows.
    pub validation: Option<Metrics>,
    /// On the held-out test rows.
    pub test: Option<Metrics>,
    /// Per-iteration history of the training run.
    pub curve: Vec<CurvePoint>,
}

/// Mean |SHAP| of one raw column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Importance {
    /// The raw column.
    pub feature: String,
    /// Mean |SHAP| over the rows (summed over classes for multiclass).
    pub mean_abs_shap: f64,
}

/// Per-row SHAP values of a sample of rows (for beeswarm and waterfall plots).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapSample {
    /// Rows in the sample.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: usize,
    /// `values[(row * outputs + k) * columns + c]`.
    pub values: Vec<f64>,
    /// Each row's raw value per column, `[row * columns + c]`: numbers as they are, labels as
    /// indices into `categories[c]`; null when missing.
    pub feature_values: Vec<Option<f64>>,
    /// Per column, the labels its `feature_values` index (empty for numeric columns).
    pub categories: Vec<Vec<String>>,
}

/// The SHAP summary of the model on its data (`shap-summary.json`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapSummary {
    /// How the values were computed (`tree`, `linear`, `kernel`, …).
    pub method: String,
    /// `log-odds`, `logits`, `probability` or `value`.
    pub output_space: String,
    /// The dataset version explained (`name@N`) and how many of its rows.
    pub dataset: String,
    /// Rows explained for the importance.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: usize,
    /// Raw columns, in value order.
    pub columns: Vec<String>,
    /// What each output is (class labels, or one entry).
    pub outputs: Vec<String>,
    /// Base value per output.
    pub base: Vec<f64>,
    /// Columns by mean |SHAP|, largest first.
    pub importance: Vec<Importance>,
    /// Per-row values of a sample of rows; none when the exporter left them out.
    pub sample: Option<ShapSample>,
}

/// A note about the model, as its author wrote it (`notes.json`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleNote {
    /// The note's id in the exporting project.
    pub id: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Who wrote it.
    pub author: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// RFC 3339 last edit.
    pub updated_at: String,
}
