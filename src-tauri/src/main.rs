//! The ModelDesk desktop app's entry point; everything lives in the library so tests can drive it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc reuses freed memory instead of returning it to the kernel (kept for
/// `modeldesk_app::memory::PURGE_DELAY_MS`), in base-size pages: an import's per-batch buffers
/// then cost few page faults (`modeldesk_app::memory::tune_allocator`; measured: see
/// benches/import/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    modeldesk_app::memory::tune_allocator();
    modeldesk_desktop::run()
}
