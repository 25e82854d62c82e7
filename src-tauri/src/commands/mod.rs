//! Tauri commands, one module per feature. Each is one call into `modeldesk-app`.

pub mod app;
pub mod bundles;
pub mod datasets;
pub mod dialogs;
pub mod imported;
pub mod models;
pub mod notes;
pub mod project;
