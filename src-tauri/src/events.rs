//! Events the shell sends to the UI.

use serde::{Deserialize, Serialize};

/// Files (or folders) dropped onto the window, as absolute paths.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct DroppedFiles {
    /// The dropped paths.
    pub paths: Vec<String>,
}

/// A change in the run queue: a run started, an iteration finished, a run ended.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct RunQueueEvent {
    /// What happened.
    pub event: modeldesk_app::QueueEvent,
}
