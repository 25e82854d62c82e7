//! The ModelDesk bundle viewer: a small native egui app that opens a model bundle someone
//! exported (file dialog, command line, or a file dropped on the window) and shows its card,
//! metrics, SHAP plots and notes; a data file dropped on it gets the model's predictions
//! (through ONNX Runtime), a waterfall for a chosen row, and can be saved.

mod card;
mod job;
mod plots;
mod predict;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;
use modeldesk_app::{OpenedBundle, RuntimeOptions};

pub use job::PredictJob;

/// The viewer window's title, e.g. `ModelDesk Viewer 0.1.0`.
pub fn window_title() -> String {
    format!(
        "{} Viewer {}",
        modeldesk_app::APP_NAME,
        modeldesk_app::APP_VERSION
    )
}

/// The viewer's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The model card.
    #[default]
    Card,
    /// SHAP importance, beeswarm and sample-row waterfalls.
    Explain,
    /// Predictions on a dropped data file.
    Predict,
    /// Notes.
    Notes,
}

/// The viewer's state.
#[derive(Debug, Default)]
pub struct ViewerApp {
    opened: Option<Arc<OpenedBundle>>,
    error: Option<String>,
    tab: Tab,
    /// The SHAP sample row whose waterfall is shown.
    sample_row: usize,
    /// The output (class) the beeswarm and waterfall show.
    output: usize,
    predict: predict::PredictState,
}

/// Whether a dropped file is a bundle (else it is data to predict).
fn is_bundle(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdbundle"))
}

impl ViewerApp {
    /// A viewer with `bundle` open (or its error shown).
    pub fn with_bundle(bundle: Option<&Path>) -> Self {
        let mut app = Self::default();
        if let Some(path) = bundle {
            app.open(path);
        }
        app
    }

    /// Opens a bundle (checked whole; a bad one leaves the open one and shows why).
    pub fn open(&mut self, path: &Path) {
        match OpenedBundle::open(path, &RuntimeOptions::default()) {
            Ok(b) => {
                self.opened = Some(Arc::new(b));
                self.error = None;
                self.tab = Tab::Card;
                self.sample_row = 0;
                self.output = 0;
                self.predict = predict::PredictState::default();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The open bundle.
    pub fn opened(&self) -> Option<&OpenedBundle> {
        self.opened.as_deref()
    }

    /// The last error shown.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The current tab.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The predictions state (for tests and the predict tab).
    pub fn predictions(&self) -> Option<&modeldesk_app::BundlePredictions> {
        self.predict.predictions()
    }

    /// Handles files dropped on the window: a bundle opens; a data file is predicted by the
    /// open bundle's model (in the background).
    pub fn receive_drops<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for path in paths {
            if is_bundle(path) {
                self.open(path);
            } else {
                self.predict_file(path);
            }
        }
    }

    /// Starts predicting a data file with the open bundle's model.
    pub fn predict_file(&mut self, path: &Path) {
        match &self.opened {
            Some(b) => {
                self.predict.start(Arc::clone(b), path.to_path_buf());
                self.tab = Tab::Predict;
                self.error = None;
            }
            None => {
                self.error = Some(format!(
                    "{}: open a model bundle (.mdbundle) first, then drop data on it",
                    path.display()
                ));
            }
        }
    }

    /// Waits for a running prediction (tests; the window polls instead).
    pub fn wait_for_predictions(&mut self) {
        self.predict.wait();
    }

    /// Draws the whole viewer.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let dropped: Vec<PathBuf> = ui.ctx().input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        self.receive_drops(dropped.iter().map(PathBuf::as_path));
        if self.predict.poll() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            let Some(opened) = self.opened.clone() else {
                ui.vertical_centered(|ui| {
                    ui.add_space(48.0);
                    ui.heading(window_title());
                    ui.label(
                        "Open a model bundle (.mdbundle) with the button above, or drop one here.",
                    );
                });
                return;
            };
            egui::ScrollArea::vertical().show(ui, |ui| match self.tab {
                Tab::Card => card::card(ui, &opened.bundle),
                Tab::Explain => self.explain_tab(ui, &opened),
                Tab::Predict => self.predict.show(ui, &opened),
                Tab::Notes => card::notes(ui, &opened.bundle),
            });
        });
    }

    fn toolbar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui.button("Open bundle…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("Model bundle", &["mdbundle"])
                    .pick_file()
            {
                self.open(&path);
            }
            if let Some(b) = &self.opened {
                ui.separator();
                ui.strong(&b.manifest.model);
                ui.separator();
                for (tab, label) in [
                    (Tab::Card, "Card"),
                    (Tab::Explain, "Explain"),
                    (Tab::Predict, "Predict"),
                    (Tab::Notes, "Notes"),
                ] {
                    ui.selectable_value(&mut self.tab, tab, label);
                }
            }
        });
    }

    fn explain_tab(&mut self, ui: &mut egui::Ui, opened: &OpenedBundle) {
        let Some(shap) = &opened.bundle.shap else {
            ui.label("The bundle has no SHAP summary.");
            return;
        };
        ui.label(format!(
            "SHAP values ({}, {} method) on {} rows of {}.",
            shap.output_space, shap.method, shap.rows, shap.dataset
        ));
        ui.strong("Mean |SHAP value| per column");
        plots::importance_bars(ui, &shap.importance);
        let Some(sample) = &shap.sample else { return };
        let k = shap.outputs.len();
        if k > 1 {
            egui::ComboBox::from_label("output")
                .selected_text(shap.outputs.get(self.output).cloned().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for (j, name) in shap.outputs.iter().enumerate() {
                        ui.selectable_value(&mut self.output, j, name);
                    }
                });
        }
        let output = self.output.min(k.saturating_sub(1));
        ui.strong("Every sample row (colour: the column's value, blue low, red high)");
        plots::beeswarm(ui, &shap.importance, &shap.columns, (output, k), sample);
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.strong("Waterfall of sample row");
            ui.add(
                egui::DragValue::new(&mut self.sample_row).range(0..=sample.rows.saturating_sub(1)),
            )
            .labelled_by(label.id);
        });
        let m = shap.columns.len();
        let start = (self.sample_row * k + output) * m;
        if let Some(values) = sample.values.get(start..start + m) {
            let base = shap.base.get(output).copied().unwrap_or(0.0);
            plots::waterfall(ui, "sample-waterfall", &shap.columns, values, base);
        }
    }
}

impl eframe::App for ViewerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

/// Opens the viewer window with `files` (a bundle, then data files to predict) as if dropped
/// on it; returns when it closes.
pub fn run(files: Vec<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(window_title())
            .with_app_id("dev.modeldesk.viewer")
            .with_inner_size([960.0, 720.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        &window_title(),
        options,
        Box::new(move |_cc| {
            let mut app = ViewerApp::default();
            app.receive_drops(files.iter().map(PathBuf::as_path));
            Ok(Box::new(app))
        }),
    )
}
