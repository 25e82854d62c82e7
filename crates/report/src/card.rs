//! The model card: `model-card.json` and its Markdown rendering `model-card.md`, with Hugging
//! Face style YAML front matter (task, metrics, dataset, license, authors) so model hubs and
//! tools that read those cards understand it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use modeldesk_train::Metrics;
use serde::{Deserialize, Serialize};

use crate::{BundleMetrics, BundleNote, ShapSummary};

/// The dataset version a model was trained on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetRef {
    /// Dataset name.
    pub name: String,
    /// Version number.
    pub version: u32,
    /// SHA-256 of the stored snapshot (the same data gives the same hash).
    pub sha256: String,
    /// Rows.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: u64,
    /// How it was split for training, in words (none when every row trained).
    pub split: Option<String>,
}

/// One input column the model reads, with what the training data held.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputColumn {
    /// Column name.
    pub name: String,
    /// `integer`, `float`, `boolean`, `categorical`, `text` or `datetime`.
    pub kind: String,
    /// Smallest value seen (numeric columns).
    pub min: Option<f64>,
    /// Largest value seen (numeric columns).
    pub max: Option<f64>,
    /// Mean (numeric columns).
    pub mean: Option<f64>,
    /// The most frequent values (categorical columns), most frequent first.
    pub values: Vec<String>,
    /// Whether the training data had missing values here.
    pub has_missing: bool,
    /// Why the column likely holds personal data (its values are left out of the samples).
    pub personal_data: Option<String>,
}

/// Where the model's review stands.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSummary {
    /// `draft`, `in_review`, `approved`, `changes_requested` or `rejected`.
    pub state: String,
    /// The decision's comment.
    pub decision: Option<String>,
    /// Who decided (or requested, while in review).
    pub by: Option<String>,
    /// When (RFC 3339).
    pub at: Option<String>,
    /// Who was asked to review.
    pub reviewers: Vec<String>,
}

/// What a model is, how well it does, and where it came from (`model-card.json`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCard {
    /// Model name.
    pub name: String,
    /// Model id in the exporting project.
    pub model_id: String,
    /// `binary`, `multiclass` or `regression`.
    pub task: String,
    /// Model family (`gbdt`, `linear`, `mlp`, or `imported`).
    pub family: String,
    /// The predicted column.
    pub target: String,
    /// Class labels in the model's order (classification).
    pub classes: Vec<String>,
    /// SPDX license id, or `unknown`.
    pub license: String,
    /// Who made the model and wrote about it.
    pub authors: Vec<String>,
    /// RFC 3339 time the model was made.
    pub created_at: String,
    /// The training data.
    pub dataset: Option<DatasetRef>,
    /// Training parameters, defaults included (name → JSON text).
    pub parameters: BTreeMap<String, String>,
    /// The training run's id.
    pub run_id: Option<String>,
    /// The columns the model reads.
    pub inputs: Vec<InputColumn>,
    /// The columns a prediction file gets.
    pub outputs: Vec<String>,
    /// The review.
    pub review: Option<ReviewSummary>,
    /// The ModelDesk version that exported the bundle.
    pub app_version: String,
    /// The ModelDesk version that trained the model, when known.
    pub code_version: Option<String>,
}

/// `(metric, value)` of every scalar metric of one part, headline first.
pub fn metric_values(m: &Metrics) -> Vec<(&'static str, f64)> {
    match m {
        Metrics::Binary(b) => vec![
            ("auc", b.auc),
            ("accuracy", b.accuracy),
            ("f1", b.f1),
            ("precision", b.precision),
            ("recall", b.recall),
            ("log_loss", b.log_loss),
        ],
        Metrics::Multiclass(c) => vec![
            ("accuracy", c.accuracy),
            ("macro_f1", c.macro_f1),
            ("weighted_f1", c.weighted_f1),
            ("log_loss", c.log_loss),
        ],
        Metrics::Regression(r) => vec![("rmse", r.rmse), ("mae", r.mae), ("r2", r.r2)],
    }
}

/// `(part, metric, value)` of every scalar metric, parts in train/validation/test order.
pub fn metric_rows(metrics: &BundleMetrics) -> Vec<(&'static str, &'static str, f64)> {
    let parts = [
        ("train", &metrics.train),
        ("validation", &metrics.validation),
        ("test", &metrics.test),
    ];
    parts
        .into_iter()
        .filter_map(|(part, m)| m.as_ref().map(|m| (part, m)))
        .flat_map(|(part, m)| {
            metric_values(m)
                .into_iter()
                .map(move |(name, v)| (part, name, v))
        })
        .collect()
}

/// A YAML scalar for any text: JSON strings are valid YAML double-quoted scalars.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A YAML number (`.nan` / `.inf` for the values JSON has no spelling for).
fn yaml_num(v: f64) -> String {
    if v.is_nan() {
        ".nan".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        format!("{v}")
    }
}

/// Text for one Markdown table cell (pipes escaped, one line).
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A number as a card shows it: four significant decimals.
fn num(v: f64) -> String {
    format!("{v:.4}")
}

/// The Hugging Face task name of a ModelDesk task.
fn hub_task(task: &str) -> &'static str {
    if task == "regression" {
        "tabular-regression"
    } else {
        "tabular-classification"
    }
}

fn front_matter(card: &ModelCard, metrics: &BundleMetrics) -> String {
    let mut y = String::from("---\nlibrary_name: modeldesk\n");
    let _ = writeln!(y, "license: {}", yaml_str(&card.license));
    let _ = writeln!(
        y,
        "tags:\n- {}\n- {}\n- onnx",
        hub_task(&card.task),
        yaml_str(&card.family)
    );
    if !card.authors.is_empty() {
        y.push_str("authors:\n");
        for a in &card.authors {
            let _ = writeln!(y, "- {}", yaml_str(a));
        }
    }
    let dataset = card
        .dataset
        .as_ref()
        .map(|d| format!("{}@{}", d.name, d.version));
    if let Some(d) = &dataset {
        let _ = writeln!(y, "datasets:\n- {}", yaml_str(d));
    }
    let rows = metric_rows(metrics);
    let _ = writeln!(
        y,
        "model-index:\n- name: {}\n  results:",
        yaml_str(&card.name)
    );
    let _ = writeln!(y, "  - task:\n      type: {}", hub_task(&card.task));
    let _ = writeln!(
        y,
        "    dataset:\n      name: {}\n      type: tabular",
        yaml_str(dataset.as_deref().unwrap_or("unknown"))
    );
    y.push_str("    metrics:");
    if rows.is_empty() {
        y.push_str(" []");
    }
    y.push('\n');
    for (part, name, value) in &rows {
        let _ = writeln!(
            y,
            "    - type: {name}\n      value: {}\n      name: {}",
            yaml_num(*value),
            yaml_str(&format!("{part} {name}"))
        );
    }
    y.push_str("---\n");
    y
}

/// The model card as Markdown with YAML front matter: summary, review, metrics, inputs, SHAP
/// importance, parameters, notes and provenance — deterministic for the same inputs.
pub fn card_markdown(
    card: &ModelCard,
    metrics: &BundleMetrics,
    shap: Option<&ShapSummary>,
    notes: &[BundleNote],
) -> String {
    let mut md = front_matter(card, metrics);
    let _ = writeln!(md, "\n# {}\n", card.name);
    let classes = if card.classes.is_empty() {
        String::new()
    } else {
        format!(" (classes: {})", card.classes.join(", "))
    };
    let _ = writeln!(
        md,
        "A {} {} model predicting `{}`{classes}, made {} by {}.",
        card.family,
        card.task,
        card.target,
        card.created_at,
        if card.authors.is_empty() {
            "unknown".to_owned()
        } else {
            card.authors.join(", ")
        }
    );
    if let Some(d) = &card.dataset {
        let _ = writeln!(
            md,
            "\nTrained on **{}@{}** ({} rows{}).",
            d.name,
            d.version,
            d.rows,
            d.split
                .as_ref()
                .map(|s| format!("; split: {s}"))
                .unwrap_or_default()
        );
    }
    review_section(&mut md, card.review.as_ref());
    metrics_section(&mut md, metrics);
    inputs_section(&mut md, card);
    if let Some(shap) = shap {
        shap_section(&mut md, shap);
    }
    if !card.parameters.is_empty() {
        md.push_str("\n## Training parameters\n\n| Parameter | Value |\n|---|---|\n");
        for (k, v) in &card.parameters {
            let _ = writeln!(md, "| {} | {} |", cell(k), cell(v));
        }
    }
    if !notes.is_empty() {
        md.push_str("\n## Notes\n");
        for n in notes {
            let _ = writeln!(
                md,
                "\n### {}\n\n*{} — {}*\n\n{}",
                n.title,
                n.author,
                n.updated_at,
                n.body.trim_end()
            );
        }
    }
    md.push_str("\n## Provenance\n\n");
    if let Some(d) = &card.dataset {
        let _ = writeln!(md, "- Dataset snapshot SHA-256: `{}`", d.sha256);
    }
    if let Some(run) = &card.run_id {
        let _ = writeln!(md, "- Training run: `{run}`");
    }
    let _ = writeln!(md, "- Model id: `{}`", card.model_id);
    if let Some(v) = &card.code_version {
        let _ = writeln!(md, "- Trained with ModelDesk {v}");
    }
    let _ = writeln!(md, "- Exported with ModelDesk {}", card.app_version);
    md
}

fn review_section(md: &mut String, review: Option<&ReviewSummary>) {
    md.push_str("\n## Review\n\n");
    let Some(r) = review else {
        md.push_str("Not reviewed.\n");
        return;
    };
    let _ = write!(md, "**{}**", r.state.replace('_', " "));
    if let Some(by) = &r.by {
        let _ = write!(md, " — {by}");
    }
    if let Some(at) = &r.at {
        let _ = write!(md, ", {at}");
    }
    md.push('\n');
    if let Some(d) = r.decision.as_ref().filter(|d| !d.trim().is_empty()) {
        let _ = writeln!(md, "\n> {}", d.trim().replace('\n', "\n> "));
    }
    if !r.reviewers.is_empty() {
        let _ = writeln!(md, "\nReviewers: {}", r.reviewers.join(", "));
    }
}

fn metrics_section(md: &mut String, metrics: &BundleMetrics) {
    let rows = metric_rows(metrics);
    if rows.is_empty() {
        return;
    }
    md.push_str("\n## Metrics\n\n| Part | Metric | Value |\n|---|---|---|\n");
    for (part, name, value) in rows {
        let _ = writeln!(md, "| {part} | {name} | {} |", num(value));
    }
}

fn inputs_section(md: &mut String, card: &ModelCard) {
    if card.inputs.is_empty() {
        return;
    }
    md.push_str("\n## Inputs\n\n| Column | Type | Training range or values | Missing seen |\n|---|---|---|---|\n");
    for c in &card.inputs {
        let range = match (c.min, c.max) {
            (Some(lo), Some(hi)) => format!("{} … {}", num(lo), num(hi)),
            _ => c.values.join(", "),
        };
        let flag = c
            .personal_data
            .as_ref()
            .map(|why| format!(" ⚠ personal data ({why})"))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "| {}{} | {} | {} | {} |",
            cell(&c.name),
            cell(&flag),
            c.kind,
            cell(&range),
            if c.has_missing { "yes" } else { "no" }
        );
    }
    if !card.outputs.is_empty() {
        let _ = writeln!(
            md,
            "\nPredictions add: {}.",
            card.outputs
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn shap_section(md: &mut String, shap: &ShapSummary) {
    let _ = writeln!(
        md,
        "\n## What drives predictions (SHAP)\n\nMean |SHAP value| ({}, {} method) over {} rows of {}:\n\n| Column | Mean abs SHAP |\n|---|---|",
        shap.output_space, shap.method, shap.rows, shap.dataset
    );
    for f in &shap.importance {
        let _ = writeln!(md, "| {} | {} |", cell(&f.feature), num(f.mean_abs_shap));
    }
}
