//! The report: one self-contained HTML file (styles and SVG charts inline, no script, no
//! network at all — it opens from a USB stick) with the summary, data profile, training curve,
//! metrics and their plots, SHAP charts, the model card, notes and the review. Sections are
//! chosen by the caller; light or dark, on screen and in print.

use std::fmt::Write as _;

use modeldesk_train::Metrics;
use serde::{Deserialize, Serialize};

use crate::card::metric_rows;
use crate::svg::{esc, hbar_chart, heatmap, line_chart, scatter, scatter_rows, waterfall};
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

const STYLE: &str = include_str!("report.css");

/// The report as one HTML document. `markdown` renders (and sanitises) note and card
/// Markdown to HTML without remote content.
pub fn report_html(
    bundle: &ModelBundle,
    profile: &[ProfileColumn],
    options: &ReportOptions,
    markdown: &dyn Fn(&str) -> String,
) -> String {
    let c = &bundle.card;
    let theme = match options.theme {
        Theme::Auto => "auto",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"{theme}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"ModelDesk {}\"><title>{} — model report</title>\
         <style>{STYLE}</style></head><body><main>",
        esc(&c.app_version),
        esc(&c.name)
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"muted\">Model report · {} · made {}</p></header>",
        esc(&c.name),
        esc(&c.task),
        esc(&c.created_at)
    );
    for section in &options.sections {
        match section {
            Section::Summary => summary(&mut h, bundle),
            Section::Data => data(&mut h, profile),
            Section::Training => training(&mut h, bundle),
            Section::Metrics => metrics(&mut h, bundle),
            Section::Explanations => {
                if let Some(shap) = &bundle.shap {
                    explanations(&mut h, shap, &options.rows);
                }
            }
            Section::Card => {
                let md = bundle.card_markdown();
                let body = md
                    .strip_prefix("---\n")
                    .and_then(|rest| rest.split_once("\n---\n"))
                    .map_or(md.as_str(), |(_, b)| b);
                let _ = write!(
                    h,
                    "<section id=\"card\"><h2>Model card</h2><div class=\"md\">{}</div></section>",
                    markdown(body)
                );
            }
            Section::Notes => notes(&mut h, bundle, markdown),
        }
    }
    let _ = write!(
        h,
        "<footer class=\"muted\">Made with ModelDesk {} from model {}.</footer></main></body></html>",
        esc(&c.app_version),
        esc(&c.model_id)
    );
    h.push('\n');
    h
}

fn summary(h: &mut String, bundle: &ModelBundle) {
    let c = &bundle.card;
    let _ = write!(
        h,
        "<section id=\"summary\"><h2>Summary</h2><p>A <b>{}</b> {} model predicting <code>{}</code>",
        esc(&c.family),
        esc(&c.task),
        esc(&c.target)
    );
    if !c.classes.is_empty() {
        let _ = write!(h, " (classes: {})", esc(&c.classes.join(", ")));
    }
    let _ = write!(h, ", by {}.", esc(&c.authors.join(", ")));
    if let Some(d) = &c.dataset {
        let _ = write!(
            h,
            " Trained on <b>{}@{}</b> ({} rows{}).",
            esc(&d.name),
            d.version,
            d.rows,
            d.split
                .as_ref()
                .map(|s| format!("; split: {}", esc(s)))
                .unwrap_or_default()
        );
    }
    h.push_str("</p><div class=\"cards\">");
    let headline = metric_rows(&bundle.metrics)
        .into_iter()
        .filter(|(p, _, _)| *p == "test")
        .take(3);
    for (part, name, value) in headline {
        let _ = write!(
            h,
            "<div class=\"metric\"><span>{part} {name}</span><b>{value:.4}</b></div>"
        );
    }
    let review = c
        .review
        .as_ref()
        .map_or_else(|| "not reviewed".to_owned(), |r| r.state.replace('_', " "));
    let _ = write!(
        h,
        "<div class=\"metric\"><span>review</span><b class=\"state\">{}</b></div></div>",
        esc(&review)
    );
    if let Some(d) = c.review.as_ref().and_then(|r| r.decision.as_ref()) {
        let _ = write!(h, "<blockquote>{}</blockquote>", esc(d));
    }
    h.push_str("</section>");
}

fn data(h: &mut String, profile: &[ProfileColumn]) {
    if profile.is_empty() {
        return;
    }
    h.push_str("<section id=\"data\"><h2>Data profile</h2><table><thead><tr><th>Column</th><th>Type</th><th>Missing</th><th>Distinct</th><th>Min · mean · max / top values</th><th>Flags</th></tr></thead><tbody>");
    for p in profile {
        let range = p.min_mean_max.map_or_else(
            || esc(&p.top.join(", ")),
            |[lo, mean, hi]| format!("{lo:.4} · {mean:.4} · {hi:.4}"),
        );
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{range}</td><td>{}</td></tr>",
            esc(&p.name),
            esc(&p.kind),
            p.nulls,
            p.distinct,
            p.flags.iter().fold(String::new(), |mut out, f| {
                let _ = write!(out, "<span class=\"flag\">{}</span>", esc(f));
                out
            })
        );
    }
    h.push_str("</tbody></table></section>");
}

fn training(h: &mut String, bundle: &ModelBundle) {
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
    let _ = write!(
        h,
        "<section id=\"training\"><h2>Training</h2><figure>{}</figure></section>",
        line_chart(
            "Training and validation loss per iteration",
            &series,
            "iteration",
            "loss"
        )
    );
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

fn metrics(h: &mut String, bundle: &ModelBundle) {
    let rows = metric_rows(&bundle.metrics);
    if rows.is_empty() {
        return;
    }
    h.push_str("<section id=\"metrics\"><h2>Metrics</h2><table><thead><tr><th>Part</th><th>Metric</th><th>Value</th></tr></thead><tbody>");
    for (part, name, value) in rows {
        let _ = write!(
            h,
            "<tr><td>{part}</td><td>{name}</td><td class=\"num\">{value:.4}</td></tr>"
        );
    }
    h.push_str("</tbody></table><div class=\"grid\">");
    let classes = &bundle.card.classes;
    if let Some((part, m)) = plotted(bundle) {
        match m {
            Metrics::Binary(b) => {
                let pts = |v: &[modeldesk_train::metrics::Point]| {
                    v.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()
                };
                let _ = write!(
                    h,
                    "<figure>{}</figure>",
                    line_chart(
                        &format!("ROC curve ({part}, AUC {:.4})", b.auc),
                        &[
                            ("ROC", pts(&b.roc)),
                            ("chance", vec![(0.0, 0.0), (1.0, 1.0)])
                        ],
                        "false-positive rate",
                        "true-positive rate"
                    )
                );
                let _ = write!(
                    h,
                    "<figure>{}</figure>",
                    line_chart(
                        &format!("Precision-recall ({part}, AP {:.4})", b.pr_auc),
                        &[("PR", pts(&b.pr))],
                        "recall",
                        "precision"
                    )
                );
                let cal: Vec<(f64, f64)> = b
                    .calibration
                    .iter()
                    .map(|c| (c.mean_predicted, c.fraction_positive))
                    .collect();
                let _ = write!(
                    h,
                    "<figure>{}</figure>",
                    line_chart(
                        &format!("Calibration ({part})"),
                        &[("model", cal), ("perfect", vec![(0.0, 0.0), (1.0, 1.0)])],
                        "mean predicted probability",
                        "fraction positive"
                    )
                );
                if b.confusion.len() == 2 {
                    confusion(h, part, classes, &b.confusion);
                }
            }
            Metrics::Multiclass(mc) => confusion(h, part, classes, &mc.confusion),
            Metrics::Regression(r) => {
                let pts: Vec<(f64, f64, &str)> =
                    r.residuals.iter().map(|p| (p.x, p.y, "s0")).collect();
                let _ = write!(
                    h,
                    "<figure>{}</figure>",
                    scatter(
                        &format!("Residuals ({part})"),
                        &pts,
                        "prediction",
                        "truth − prediction"
                    )
                );
            }
        }
    }
    h.push_str("</div></section>");
}

fn confusion(h: &mut String, part: &str, classes: &[String], counts: &[Vec<u64>]) {
    let labels: Vec<String> = if classes.len() == counts.len() {
        classes.to_vec()
    } else {
        (0..counts.len()).map(|i| i.to_string()).collect()
    };
    let _ = write!(
        h,
        "<figure>{}</figure>",
        heatmap(
            &format!("Confusion matrix ({part})"),
            &labels,
            &labels,
            counts,
            "predicted",
            "actual"
        )
    );
}

/// The class of a value within `(lo, hi)` for beeswarm and dependence colours.
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

fn explanations(h: &mut String, shap: &ShapSummary, rows: &[usize]) {
    let _ = write!(
        h,
        "<section id=\"explanations\"><h2>What drives predictions</h2><p class=\"muted\">SHAP values ({}, {} method) on {} rows of {}.</p>",
        esc(&shap.output_space),
        esc(&shap.method),
        shap.rows,
        esc(&shap.dataset)
    );
    let bars: Vec<(String, f64)> = shap
        .importance
        .iter()
        .map(|f| (f.feature.clone(), f.mean_abs_shap))
        .collect();
    let _ = write!(
        h,
        "<figure>{}</figure>",
        hbar_chart("Mean |SHAP value| per column", &bars, "mean |SHAP value|")
    );
    let Some(sample) = &shap.sample else {
        h.push_str("</section>");
        return;
    };
    let (m, k) = (shap.columns.len(), shap.outputs.len());
    // The first output: the positive class, the first class, or the prediction.
    let phi = |row: usize, c: usize| sample.values.get(row * k * m + c).copied().unwrap_or(0.0);
    let value = |row: usize, c: usize| sample.feature_values.get(row * m + c).copied().flatten();
    let range = |c: usize| extent((0..sample.rows).filter_map(|r| value(r, c)));
    let order: Vec<usize> = shap
        .importance
        .iter()
        .filter_map(|f| shap.columns.iter().position(|c| *c == f.feature))
        .collect();
    let output = shap.outputs.first().cloned().unwrap_or_default();
    let mut bees: Vec<(f64, f64, &str)> = Vec::new();
    for (rank, &c) in order.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few dozen columns")]
        let y = -(rank as f64);
        for r in 0..sample.rows {
            #[allow(clippy::cast_precision_loss, reason = "small")]
            let jitter = ((r * 7919) % 101) as f64 / 101.0 * 0.5 - 0.25;
            bees.push((phi(r, c), y + jitter, tone(value(r, c), range(c))));
        }
    }
    let names: Vec<&str> = order.iter().map(|c| shap.columns[*c].as_str()).collect();
    let _ = write!(
        h,
        "<figure>{}<figcaption>Each dot is a sample row; colour: the column's value (blue low, red high). Output: {}.</figcaption></figure>",
        scatter_rows(
            "SHAP values of every sample row",
            &bees,
            &names,
            "SHAP value"
        ),
        esc(&output)
    );
    h.push_str("<div class=\"grid\">");
    for &c in order.iter().take(2) {
        let pts: Vec<(f64, f64, &str)> = (0..sample.rows)
            .filter_map(|r| value(r, c).map(|v| (v, phi(r, c), "s0")))
            .collect();
        let _ = write!(
            h,
            "<figure>{}</figure>",
            scatter(
                &format!("Dependence on {}", shap.columns[c]),
                &pts,
                &shap.columns[c],
                "SHAP value"
            )
        );
    }
    h.push_str("</div>");
    for &row in rows.iter().filter(|r| **r < sample.rows) {
        let mut contributions: Vec<(String, f64)> = (0..m)
            .map(|c| (shap.columns[c].clone(), phi(row, c)))
            .collect();
        contributions.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let base = shap.base.first().copied().unwrap_or(0.0);
        let total: f64 = base + contributions.iter().map(|(_, v)| v).sum::<f64>();
        let _ = write!(
            h,
            "<figure>{}<figcaption>Sample row {row}: from the base value {base:.4} to the output {total:.4} ({}).</figcaption></figure>",
            waterfall(
                &format!("Why sample row {row} gets its prediction"),
                &contributions,
                base,
                "model output"
            ),
            esc(&output)
        );
    }
    h.push_str("</section>");
}

/// The range of values (never empty).
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
}

fn notes(h: &mut String, bundle: &ModelBundle, markdown: &dyn Fn(&str) -> String) {
    h.push_str("<section id=\"notes\"><h2>Notes and review</h2>");
    if let Some(r) = &bundle.card.review {
        let _ = write!(
            h,
            "<p><b class=\"state\">{}</b>{}{}</p>",
            esc(&r.state.replace('_', " ")),
            r.by.as_ref()
                .map(|b| format!(" — {}", esc(b)))
                .unwrap_or_default(),
            r.at.as_ref()
                .map(|a| format!(", {}", esc(a)))
                .unwrap_or_default()
        );
        if !r.reviewers.is_empty() {
            let _ = write!(
                h,
                "<p class=\"muted\">Reviewers: {}</p>",
                esc(&r.reviewers.join(", "))
            );
        }
    }
    if bundle.notes.is_empty() {
        h.push_str("<p class=\"muted\">No notes about this model.</p>");
    }
    for n in &bundle.notes {
        let _ = write!(
            h,
            "<article class=\"note\"><h3>{}</h3><p class=\"muted\">{} — {}</p><div class=\"md\">{}</div></article>",
            esc(&n.title),
            esc(&n.author),
            esc(&n.updated_at),
            markdown(&n.body)
        );
    }
    h.push_str("</section>");
}
