//! The ModelDesk desktop app's entry point; everything lives in the library so tests can drive it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    modeldesk_desktop::run()
}
