//! The ModelDesk bundle viewer: a small native egui app that opens exported model bundles.
//!
//! Today it opens a window with the app's name and version and accepts dropped files; reading
//! `.mdbundle` files (model card, metrics, SHAP plots, predictions) arrives with model export.

use eframe::egui;

/// The viewer window's title, e.g. `ModelDesk Viewer 0.1.0`.
pub fn window_title() -> String {
    format!(
        "{} Viewer {}",
        modeldesk_app::APP_NAME,
        modeldesk_app::APP_VERSION
    )
}

/// The viewer's state.
#[derive(Debug, Default)]
pub struct ViewerApp {
    dropped: Vec<String>,
}

impl ViewerApp {
    /// Files dropped on the window so far (file names).
    pub fn dropped(&self) -> &[String] {
        &self.dropped
    }

    /// Records files dropped on the window (their file names).
    pub fn receive_drops<'a>(&mut self, paths: impl IntoIterator<Item = &'a std::path::Path>) {
        for path in paths {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            self.dropped.push(name);
        }
    }
}

impl eframe::App for ViewerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let dropped = ui.ctx().input(|i| i.raw.dropped_files.clone());
        self.receive_drops(dropped.iter().map(|f| f.path()));
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(48.0);
                ui.heading(window_title());
                ui.add_space(12.0);
                ui.label("Drop a .mdbundle file here to open a model someone exported for you.");
                ui.label("Opening bundles arrives with model export; for now the viewer shows what it received.");
                for name in &self.dropped {
                    ui.label(format!("Received {name}"));
                }
            });
        });
    }
}

/// Opens the viewer window; returns when it closes.
pub fn run() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(window_title())
            .with_app_id("dev.modeldesk.viewer")
            .with_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        &window_title(),
        options,
        Box::new(|_cc| Ok(Box::new(ViewerApp::default()))),
    )
}
