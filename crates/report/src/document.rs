//! What the report says, as a list of blocks — built once from the bundle and rendered by
//! both the HTML and the PDF writer, so the two always carry the same content and charts.

use std::fmt::Write as _;

use modeldesk_train::Metrics;
use serde::{Deserialize, Serialize};

use crate::card::metric_rows;
use crate::svg::{hbar_chart, heatmap, line_chart, scatter, scatter_rows, waterfall};
use crate::{ModelBundle, ShapSummary};

/// A part of the report.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// What the model is, how good, reviewed or not.
    Summary,
    /// The training data's column profile.
    Data,
    /// The training curve.
    Training,
    /// Metrics per part with ROC/PR/calibration, confusion matrix or residuals.
    Metrics,
    /// SHAP importance, beeswarm, dependence and waterfalls.
    Explanations,
    /// The model card.
    Card,
    /// Notes and the review history.
    Notes,
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Self; 7] = [
        Self::Summary,
        Self::Data,
        Self::Training,
        Self::Metrics,
        Self::Explanations,
        Self::Card,
        Self::Notes,
    ];

    /// The section's anchor and heading.
    pub(crate) fn heading(self) -> (&'static str, &'static str) {
        match self {
            Self::Summary => ("summary", "Summary"),
            Self::Data => ("data", "Data profile"),
            Self::Training => ("training", "Training"),
            Self::Metrics => ("metrics", "Metrics"),
            Self::Explanations => ("explanations", "What drives predictions"),
            Self::Card => ("card", "Model card"),
            Self::Notes => ("notes", "Notes and review"),
        }
    }
}

/// Light, dark, or following the reader's system (screen) — print uses the chosen one.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// The reader's system setting on screen; light in print.
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark (kept in print).
    Dark,
}

/// One column of the training data's profile, as the report shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileColumn {
    /// Name.
    pub name: String,
    /// Type.
    pub kind: String,
    /// Missing values.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub nulls: u64,
    /// Distinct values.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub distinct: u64,
    /// Smallest, mean and largest (numeric columns).
    pub min_mean_max: Option<[f64; 3]>,
    /// The most frequent values (categorical columns).
    pub top: Vec<String>,
    /// Flags (constant, mostly missing, likely personal data, …).
    pub flags: Vec<String>,
}

/// What the report holds and how it looks.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportOptions {
    /// Sections, in report order (default: all).
    pub sections: Vec<Section>,
    /// Colours.
    pub theme: Theme,
    /// Sample rows (of the bundle's SHAP sample) that get a waterfall (default: the first).
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub rows: Vec<usize>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            sections: Section::ALL.to_vec(),
            theme: Theme::Auto,
            rows: vec![0],
        }
    }
}

/// A chart with an optional caption.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    /// The chart as SVG (styled by class names; see `report.css`).
    pub svg: String,
    /// The caption.
    pub caption: Option<String>,
}

/// One block of the report, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A section heading: (anchor, title).
    Section(&'static str, &'static str),
    /// A paragraph of plain text.
    Text(String),
    /// Secondary text.
    Muted(String),
    /// Headline numbers: (label, value).
    Cards(Vec<(String, String)>),
    /// A quoted decision.
    Quote(String),
    /// A table: header, rows, and which columns are numeric (right-aligned).
    Table(Vec<String>, Vec<Vec<String>>, Vec<bool>),
    /// Charts side by side where the page is wide enough.
    Figures(Vec<Figure>),
    /// Markdown (the card body, a note's body).
    Markdown(String),
    /// A note: title, byline, Markdown body.
    Note(String, String, String),
}

/// The report's blocks for the chosen sections.
pub(crate) fn blocks(
    bundle: &ModelBundle,
    profile: &[ProfileColumn],
    options: &ReportOptions,
) -> Vec<Block> {
    let mut out = Vec::new();
    for section in &options.sections {
        let before = out.len();
        match section {
            Section::Summary => summary(&mut out, bundle),
            Section::Data => data(&mut out, profile),
            Section::Training => training(&mut out, bundle),
            Section::Metrics => metrics(&mut out, bundle),
            Section::Explanations => {
                if let Some(shap) = &bundle.shap {
                    explanations(&mut out, shap, &options.rows);
                }
            }
            Section::Card => {
                let md = bundle.card_markdown();
                let body = md
                    .strip_prefix("---\n")
                    .and_then(|rest| rest.split_once("\n---\n"))
                    .map_or(md.as_str(), |(_, b)| b);
                out.push(Block::Markdown(body.to_owned()));
            }
            Section::Notes => notes(&mut out, bundle),
        }
        if out.len() > before {
            let (id, title) = section.heading();
            out.insert(before, Block::Section(id, title));
        }
    }
    out
}

fn summary(out: &mut Vec<Block>, bundle: &ModelBundle) {
    let c = &bundle.card;
    let mut text = format!("A {} {} model predicting “{}”", c.family, c.task, c.target);
    if !c.classes.is_empty() {
        let _ = write!(text, " (classes: {})", c.classes.join(", "));
    }
    let _ = write!(text, ", by {}.", c.authors.join(", "));
    if let Some(d) = &c.dataset {
        let _ = write!(
            text,
            " Trained on {}@{} ({} rows",
            d.name, d.version, d.rows
        );
        if let Some(s) = &d.split {
            let _ = write!(text, "; split: {s}");
        }
        text.push_str(").");
    }
    out.push(Block::Text(text));
    let mut cards: Vec<(String, String)> = metric_rows(&bundle.metrics)
        .into_iter()
        .filter(|(p, _, _)| *p == "test")
        .take(3)
        .map(|(part, name, value)| (format!("{part} {name}"), format!("{value:.4}")))
        .collect();
    let review = c
        .review
        .as_ref()
        .map_or_else(|| "not reviewed".to_owned(), |r| r.state.replace('_', " "));
    cards.push(("review".to_owned(), review));
    out.push(Block::Cards(cards));
    if let Some(d) = c.review.as_ref().and_then(|r| r.decision.as_ref()) {
        out.push(Block::Quote(d.clone()));
    }
}

fn data(out: &mut Vec<Block>, profile: &[ProfileColumn]) {
    if profile.is_empty() {
        return;
    }
    let header = [
        "Column",
        "Type",
        "Missing",
        "Distinct",
        "Min · mean · max / top values",
        "Flags",
    ];
    let rows = profile
        .iter()
        .map(|p| {
            let range = p.min_mean_max.map_or_else(
                || p.top.join(", "),
                |[lo, mean, hi]| format!("{lo:.4} · {mean:.4} · {hi:.4}"),
            );
            vec![
                p.name.clone(),
                p.kind.clone(),
                p.nulls.to_string(),
                p.distinct.to_string(),
                range,
                p.flags.join(", "),
            ]
        })
        .collect();
    out.push(Block::Table(
        header.map(str::to_owned).to_vec(),
        rows,
        vec![false, false, true, true, false, false],
    ));
}

fn figure(svg: String, caption: Option<String>) -> Figure {
    Figure { svg, caption }
}

fn training(out: &mut Vec<Block>, bundle: &ModelBundle) {
    let curve = &bundle.metrics.curve;
    if curve.is_empty() {
        return;
    }
    #[allow(clippy::cast_precision_loss, reason = "iteration counts are small")]
    let train: Vec<(f64, f64)> = curve
        .iter()
        .map(|p| (p.iteration as f64, p.train_loss))
        .collect();
    #[allow(clippy::cast_precision_loss, reason = "iteration counts are small")]
    let valid: Vec<(f64, f64)> = curve
        .iter()
        .filter_map(|p| p.valid_loss.map(|v| (p.iteration as f64, v)))
        .collect();
    let mut series = vec![("train loss", train)];
    if !valid.is_empty() {
        series.push(("validation loss", valid));
    }
    let svg = line_chart(
        "Training and validation loss per iteration",
        &series,
        "iteration",
        "loss",
    );
    out.push(Block::Figures(vec![figure(svg, None)]));
}

/// The part whose plots are drawn: test, else validation, else train.
fn plotted(bundle: &ModelBundle) -> Option<(&'static str, &Metrics)> {
    let m = &bundle.metrics;
    [
        ("test", &m.test),
        ("validation", &m.validation),
        ("train", &m.train),
    ]
    .into_iter()
    .find_map(|(name, part)| part.as_ref().map(|p| (name, p)))
}

fn metrics(out: &mut Vec<Block>, bundle: &ModelBundle) {
    let rows: Vec<Vec<String>> = metric_rows(&bundle.metrics)
        .into_iter()
        .map(|(part, name, value)| vec![part.to_owned(), name.to_owned(), format!("{value:.4}")])
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push(Block::Table(
        vec!["Part".into(), "Metric".into(), "Value".into()],
        rows,
        vec![false, false, true],
    ));
    let Some((part, m)) = plotted(bundle) else {
        return;
    };
    let classes = &bundle.card.classes;
    let mut figures = Vec::new();
    match m {
        Metrics::Binary(b) => {
            let pts = |v: &[modeldesk_train::metrics::Point]| {
                v.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()
            };
            let diagonal = vec![(0.0, 0.0), (1.0, 1.0)];
            figures.push(figure(
                line_chart(
                    &format!("ROC curve ({part}, AUC {:.4})", b.auc),
                    &[("ROC", pts(&b.roc)), ("chance", diagonal.clone())],
                    "false-positive rate",
                    "true-positive rate",
                ),
                None,
            ));
            figures.push(figure(
                line_chart(
                    &format!("Precision-recall ({part}, AP {:.4})", b.pr_auc),
                    &[("PR", pts(&b.pr))],
                    "recall",
                    "precision",
                ),
                None,
            ));
            let cal: Vec<(f64, f64)> = b
                .calibration
                .iter()
                .map(|c| (c.mean_predicted, c.fraction_positive))
                .collect();
            figures.push(figure(
                line_chart(
                    &format!("Calibration ({part})"),
                    &[("model", cal), ("perfect", diagonal)],
                    "mean predicted probability",
                    "fraction positive",
                ),
                None,
            ));
            if b.confusion.len() == 2 {
                figures.push(confusion(part, classes, &b.confusion));
            }
        }
        Metrics::Multiclass(mc) => figures.push(confusion(part, classes, &mc.confusion)),
        Metrics::Regression(r) => {
            let pts: Vec<(f64, f64, &str)> = r.residuals.iter().map(|p| (p.x, p.y, "s0")).collect();
            figures.push(figure(
                scatter(
                    &format!("Residuals ({part})"),
                    &pts,
                    "prediction",
                    "truth − prediction",
                ),
                None,
            ));
        }
    }
    out.push(Block::Figures(figures));
}

fn confusion(part: &str, classes: &[String], counts: &[Vec<u64>]) -> Figure {
    let labels: Vec<String> = if classes.len() == counts.len() {
        classes.to_vec()
    } else {
        (0..counts.len()).map(|i| i.to_string()).collect()
    };
    figure(
        heatmap(
            &format!("Confusion matrix ({part})"),
            &labels,
            &labels,
            counts,
            "predicted",
            "actual",
        ),
        None,
    )
}

/// The colour class of a value within `(lo, hi)` for beeswarm colours.
fn tone(v: Option<f64>, (lo, hi): (f64, f64)) -> &'static str {
    match v {
        Some(v) if hi > lo => {
            let t = (v - lo) / (hi - lo);
            if t < 1.0 / 3.0 {
                "lo"
            } else if t < 2.0 / 3.0 {
                "mid"
            } else {
                "hi"
            }
        }
        Some(_) => "mid",
        None => "na",
    }
}

/// The range of values.
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
}

fn explanations(out: &mut Vec<Block>, shap: &ShapSummary, rows: &[usize]) {
    out.push(Block::Muted(format!(
        "SHAP values ({}, {} method) on {} rows of {}.",
        shap.output_space, shap.method, shap.rows, shap.dataset
    )));
    let bars: Vec<(String, f64)> = shap
        .importance
        .iter()
        .map(|f| (f.feature.clone(), f.mean_abs_shap))
        .collect();
    out.push(Block::Figures(vec![figure(
        hbar_chart("Mean |SHAP value| per column", &bars, "mean |SHAP value|"),
        None,
    )]));
    let Some(sample) = &shap.sample else { return };
    let (m, k) = (shap.columns.len(), shap.outputs.len());
    // The first output: the positive class, the first class, or the prediction.
    let phi = |row: usize, c: usize| sample.values.get(row * k * m + c).copied().unwrap_or(0.0);
    let value = |row: usize, c: usize| sample.feature_values.get(row * m + c).copied().flatten();
    let order: Vec<usize> = shap
        .importance
        .iter()
        .filter_map(|f| shap.columns.iter().position(|c| *c == f.feature))
        .collect();
    let output = shap.outputs.first().cloned().unwrap_or_default();
    let mut bees: Vec<(f64, f64, &str)> = Vec::new();
    for (rank, &c) in order.iter().enumerate() {
        let range = extent((0..sample.rows).filter_map(|r| value(r, c)));
        #[allow(clippy::cast_precision_loss, reason = "a few dozen columns")]
        let y = -(rank as f64);
        for r in 0..sample.rows {
            #[allow(clippy::cast_precision_loss, reason = "below 101")]
            let jitter = ((r * 7919) % 101) as f64 / 101.0 * 0.5 - 0.25;
            bees.push((phi(r, c), y + jitter, tone(value(r, c), range)));
        }
    }
    let names: Vec<&str> = order.iter().map(|c| shap.columns[*c].as_str()).collect();
    out.push(Block::Figures(vec![figure(
        scatter_rows("SHAP values of every sample row", &bees, &names, "SHAP value"),
        Some(format!("Each dot is a sample row; colour: the column's value (blue low, red high). Output: {output}.")),
    )]));
    let dependence = order
        .iter()
        .take(2)
        .map(|&c| {
            let pts: Vec<(f64, f64, &str)> = (0..sample.rows)
                .filter_map(|r| value(r, c).map(|v| (v, phi(r, c), "s0")))
                .collect();
            figure(
                scatter(
                    &format!("Dependence on {}", shap.columns[c]),
                    &pts,
                    &shap.columns[c],
                    "SHAP value",
                ),
                None,
            )
        })
        .collect();
    out.push(Block::Figures(dependence));
    for &row in rows.iter().filter(|r| **r < sample.rows) {
        let mut contributions: Vec<(String, f64)> = (0..m)
            .map(|c| (shap.columns[c].clone(), phi(row, c)))
            .collect();
        contributions.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let base = shap.base.first().copied().unwrap_or(0.0);
        let total: f64 = base + contributions.iter().map(|(_, v)| v).sum::<f64>();
        out.push(Block::Figures(vec![figure(
            waterfall(&format!("Why sample row {row} gets its prediction"), &contributions, base, "model output"),
            Some(format!("Sample row {row}: from the base value {base:.4} to the output {total:.4} ({output}).")),
        )]));
    }
}

fn notes(out: &mut Vec<Block>, bundle: &ModelBundle) {
    if let Some(r) = &bundle.card.review {
        let mut line = r.state.replace('_', " ");
        if let Some(by) = &r.by {
            let _ = write!(line, " — {by}");
        }
        if let Some(at) = &r.at {
            let _ = write!(line, ", {at}");
        }
        out.push(Block::Text(format!("Review: {line}")));
        if !r.reviewers.is_empty() {
            out.push(Block::Muted(format!(
                "Reviewers: {}",
                r.reviewers.join(", ")
            )));
        }
    }
    if bundle.notes.is_empty() {
        out.push(Block::Muted("No notes about this model.".to_owned()));
    }
    for n in &bundle.notes {
        out.push(Block::Note(
            n.title.clone(),
            format!("{} — {}", n.author, n.updated_at),
            n.body.clone(),
        ));
    }
}
