//! The ModelDesk desktop app's entry point; everything lives in the library so tests can drive it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc reuses freed memory instead of returning it to the kernel (kept for
/// `modeldesk_app::memory::PURGE_DELAY_MS`): an import's per-batch buffers then cost no page
/// faults (measured: see benches/import/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    modeldesk_app::memory::keep_freed_memory();
    modeldesk_desktop::run()
}
