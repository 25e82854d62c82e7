//! End-to-end tests across ModelDesk's crates: CLI runs and the real desktop app over WebDriver.
//!
//! This library holds the harness: finding the built binaries, a private X server (Xvfb), and
//! a minimal W3C WebDriver client for `WebKitWebDriver` (spoken to directly: measured more
//! reliable here than going through `tauri-driver`).
#![allow(clippy::missing_panics_doc, clippy::expect_used)] // a harness: panicking is how it reports

pub mod drop;
pub mod webdriver;
pub mod xvfb;

use std::path::PathBuf;

/// A binary built by `cargo build`/`cargo test` in this workspace's target folder.
pub fn workspace_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> -> target/<profile>/<name>
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("test executable lives in target/<profile>/deps");
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built; run `cargo build --workspace` first (the README's test command does)",
        path.display()
    );
    path
}

/// Finds `program` on PATH or fails with the package that provides it.
pub fn require_program(program: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{program} is not installed; run scripts/setup.sh (Debian package {package})")
        })
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// The first line a child writes to its piped stdout (e.g. a "ready" handshake), trimmed.
pub fn first_stdout_line(process: &mut KillOnDrop, what: &str) -> String {
    use std::io::BufRead as _;
    let stdout = process
        .0
        .stdout
        .take()
        .unwrap_or_else(|| panic!("{what}: stdout is not piped"));
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("{what}: reading stdout failed: {e}"));
    line.trim().to_owned()
}

/// A child process killed when dropped.
#[derive(Debug)]
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
