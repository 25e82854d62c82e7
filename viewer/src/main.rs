//! The ModelDesk bundle viewer's entry point: `modeldesk-viewer [BUNDLE.mdbundle [DATA…]]`
//! opens the bundle and predicts the data files with its model.

fn main() -> std::process::ExitCode {
    let files: Vec<std::path::PathBuf> = std::env::args_os()
        .skip(1)
        .map(std::path::PathBuf::from)
        .collect();
    match modeldesk_viewer::run(files) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ModelDesk Viewer could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
