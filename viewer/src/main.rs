//! The ModelDesk bundle viewer's entry point.

fn main() -> std::process::ExitCode {
    match modeldesk_viewer::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ModelDesk Viewer could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
