//! The card and notes tabs: what the model is, its review, inputs, metrics and notes.

use eframe::egui;
use modeldesk_app::{BundleMetrics, Metrics, ModelBundle, metric_values};

/// Metrics per part as a grid (one column per part).
pub fn metrics_grid(ui: &mut egui::Ui, metrics: &BundleMetrics) {
    let parts: Vec<(&str, &Metrics)> = [
        ("train", metrics.train.as_ref()),
        ("validation", metrics.validation.as_ref()),
        ("test", metrics.test.as_ref()),
    ]
    .into_iter()
    .filter_map(|(n, m)| m.map(|m| (n, m)))
    .collect();
    let Some((_, first)) = parts.first() else {
        ui.label("The bundle has no metrics.");
        return;
    };
    egui::Grid::new("metrics").striped(true).show(ui, |ui| {
        ui.strong("metric");
        for (part, _) in &parts {
            ui.strong(*part);
        }
        ui.end_row();
        for (i, (name, _)) in metric_values(first).iter().enumerate() {
            ui.label(*name);
            for (_, m) in &parts {
                let value = metric_values(m).get(i).map(|(_, v)| *v);
                ui.label(value.map_or_else(|| "—".to_owned(), |v| format!("{v:.4}")));
            }
            ui.end_row();
        }
    });
}

/// The model card: summary, review, metrics, inputs, provenance.
pub fn card(ui: &mut egui::Ui, bundle: &ModelBundle) {
    let c = &bundle.card;
    ui.heading(&c.name);
    let classes = if c.classes.is_empty() {
        String::new()
    } else {
        format!(" (classes: {})", c.classes.join(", "))
    };
    ui.label(format!(
        "A {} {} model predicting “{}”{classes}.",
        c.family, c.task, c.target
    ));
    ui.label(format!(
        "Made {} by {}. License: {}.",
        c.created_at,
        c.authors.join(", "),
        c.license
    ));
    if let Some(d) = &c.dataset {
        ui.label(format!(
            "Trained on {}@{} ({} rows{}).",
            d.name,
            d.version,
            d.rows,
            d.split
                .as_ref()
                .map(|s| format!("; split: {s}"))
                .unwrap_or_default()
        ));
    }
    ui.separator();
    ui.strong("Review");
    match &c.review {
        Some(r) => {
            ui.label(format!(
                "{}{}{}",
                r.state.replace('_', " "),
                r.by.as_ref().map(|b| format!(" — {b}")).unwrap_or_default(),
                r.at.as_ref().map(|a| format!(", {a}")).unwrap_or_default()
            ));
            if let Some(d) = &r.decision {
                ui.label(d);
            }
        }
        None => {
            ui.label("Not reviewed.");
        }
    }
    ui.separator();
    ui.strong("Metrics");
    metrics_grid(ui, &bundle.metrics);
    if !bundle.metrics.curve.is_empty() {
        ui.strong("Training curve");
        crate::plots::curve(ui, &bundle.metrics.curve);
    }
    ui.separator();
    ui.strong("Inputs");
    egui::Grid::new("inputs").striped(true).show(ui, |ui| {
        ui.strong("column");
        ui.strong("type");
        ui.strong("training range or values");
        ui.end_row();
        for i in &c.inputs {
            let name = match &i.personal_data {
                Some(why) => format!("{} ⚠ personal data ({why})", i.name),
                None => i.name.clone(),
            };
            ui.label(name);
            ui.label(&i.kind);
            ui.label(match (i.min, i.max) {
                (Some(lo), Some(hi)) => format!("{lo} … {hi}"),
                _ => i.values.join(", "),
            });
            ui.end_row();
        }
    });
    ui.separator();
    ui.small(format!(
        "Model {} · run {} · exported with ModelDesk {}",
        c.model_id,
        c.run_id.as_deref().unwrap_or("—"),
        c.app_version
    ));
}

/// The notes, newest edit last as written.
pub fn notes(ui: &mut egui::Ui, bundle: &ModelBundle) {
    if bundle.notes.is_empty() {
        ui.label("No notes about this model.");
    }
    for n in &bundle.notes {
        ui.group(|ui| {
            ui.strong(&n.title);
            ui.small(format!("{} — {}", n.author, n.updated_at));
            ui.label(&n.body);
        });
    }
}
