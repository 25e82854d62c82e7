//! The predict tab: a dropped data file's rows with the model's predictions, a waterfall for a
//! chosen row, and saving the predictions.

use std::sync::Arc;

use eframe::egui;
use modeldesk_app::{BundlePredictions, CancelToken, OpenedBundle, RowExplanation};

use crate::job::PredictJob;
use crate::plots;

/// Rows shown in the table (the saved file has them all).
const SHOWN_ROWS: usize = 200;

/// What the predict tab holds.
#[derive(Debug, Default)]
pub struct PredictState {
    job: Option<PredictJob>,
    predictions: Option<BundlePredictions>,
    row: usize,
    explained: Option<(usize, Result<RowExplanation, String>)>,
    message: Option<String>,
}

impl PredictState {
    /// Starts predicting `file` (a running prediction is cancelled).
    pub fn start(&mut self, bundle: Arc<OpenedBundle>, file: std::path::PathBuf) {
        if let Some(job) = &self.job {
            job.cancel();
        }
        self.job = Some(PredictJob::start(bundle, file));
        self.explained = None;
        self.message = None;
    }

    /// Takes a finished job's outcome; whether one is still running.
    pub fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        match job.try_result() {
            Some(outcome) => {
                self.finish(outcome);
                false
            }
            None => true,
        }
    }

    fn finish(&mut self, outcome: Result<BundlePredictions, String>) {
        self.job = None;
        match outcome {
            Ok(p) => {
                self.message = Some(format!(
                    "{} rows of {} predicted",
                    p.rows(),
                    p.source.display()
                ));
                self.predictions = Some(p);
                self.row = 0;
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Blocks until a running prediction ends.
    pub fn wait(&mut self) {
        if let Some(job) = &self.job {
            let outcome = job.wait();
            self.finish(outcome);
        }
    }

    /// The predictions, once made.
    pub fn predictions(&self) -> Option<&BundlePredictions> {
        self.predictions.as_ref()
    }

    /// Draws the tab.
    pub fn show(&mut self, ui: &mut egui::Ui, bundle: &OpenedBundle) {
        if let Some(job) = &self.job {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Predicting {}…", job.file.display()));
                if let Some(f) = job.fraction() {
                    ui.add(egui::ProgressBar::new(f).desired_width(200.0));
                }
                if ui.button("Cancel").clicked() {
                    job.cancel();
                }
            });
        }
        if let Some(m) = &self.message {
            ui.label(m);
        }
        let Some(p) = &self.predictions else {
            ui.label("Drop a data file (CSV, Parquet, Excel, JSON) on the window to predict it with this model.");
            return;
        };
        ui.horizontal(|ui| {
            if ui.button("Save predictions…").clicked()
                && let Some(out) = rfd::FileDialog::new()
                    .set_file_name("predictions.csv")
                    .save_file()
            {
                self.message = Some(match OpenedBundle::save_predictions(p, &out, true) {
                    Ok(rows) => format!("Saved {rows} rows to {}", out.display()),
                    Err(e) => e.to_string(),
                });
            }
            let label = ui.label("Row to explain:");
            ui.add(egui::DragValue::new(&mut self.row).range(0..=p.rows().saturating_sub(1)))
                .labelled_by(label.id);
            if ui.button("Explain row").clicked() {
                let e = bundle
                    .explain_row(p, self.row, &CancelToken::new())
                    .map_err(|e| e.to_string());
                self.explained = Some((self.row, e));
            }
        });
        match &self.explained {
            Some((row, Ok(e))) => {
                ui.label(format!(
                    "Row {row}: {} SHAP values against the bundle's sample rows",
                    e.method
                ));
                let m = e.columns.len();
                for (k, output) in e.outputs.iter().enumerate() {
                    ui.label(format!("output: {output}"));
                    plots::waterfall(
                        ui,
                        &format!("row-waterfall-{k}"),
                        &e.columns,
                        &e.values[k * m..(k + 1) * m],
                        e.base[k],
                    );
                }
            }
            Some((_, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
        if let Some(p) = &self.predictions {
            table(ui, p);
        }
    }
}

/// The first rows with the prediction columns first.
fn table(ui: &mut egui::Ui, p: &BundlePredictions) {
    let columns = p.columns();
    let added: Vec<usize> = p
        .added
        .iter()
        .filter_map(|a| columns.iter().position(|c| c == a))
        .collect();
    let rest = (0..columns.len()).filter(|i| !added.contains(i));
    let order: Vec<usize> = added.iter().copied().chain(rest).collect();
    let first_added = added.iter().copied().min().unwrap_or(usize::MAX);
    egui::ScrollArea::horizontal()
        .id_salt("predictions")
        .show(ui, |ui| {
            egui::Grid::new("predictions-grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("row");
                    for i in &order {
                        ui.strong(columns[*i]);
                    }
                    ui.end_row();
                    for r in 0..p.rows().min(SHOWN_ROWS) {
                        ui.label(r.to_string());
                        for i in &order {
                            let text = p.cell(r, *i);
                            // Predictions to 4 decimals here; the saved file keeps them all.
                            let shown = match text.parse::<f64>() {
                                Ok(v) if *i >= first_added && v.fract() != 0.0 => {
                                    format!("{v:.4}")
                                }
                                _ => text,
                            };
                            ui.label(shown);
                        }
                        ui.end_row();
                    }
                });
        });
    if p.rows() > SHOWN_ROWS {
        ui.small(format!(
            "First {SHOWN_ROWS} of {} rows shown; saving writes them all.",
            p.rows()
        ));
    }
}
