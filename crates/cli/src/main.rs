//! The `modeldesk` command-line tool: every ModelDesk operation, headless.

fn main() -> std::process::ExitCode {
    modeldesk_cli::run(std::env::args_os())
}
