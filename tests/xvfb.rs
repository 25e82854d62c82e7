//! A private X server for tests that open real windows.

use std::process::{Command, Stdio};

use crate::{KillOnDrop, first_stdout_line, require_program};

/// A running Xvfb on a display number of its own choosing.
#[derive(Debug)]
pub struct Xvfb {
    display: String,
    process: KillOnDrop,
}

impl Xvfb {
    /// Starts Xvfb and waits until it accepts clients. Xvfb picks a free display itself and
    /// reports it (`-displayfd`), so tests running in parallel never share or race for one.
    pub fn start() -> Self {
        let xvfb = require_program("Xvfb", "xvfb");
        let child = Command::new(xvfb)
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut process = KillOnDrop(child);
        let number = first_stdout_line(&mut process, "Xvfb");
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb did not report a display (got {number:?})"
        );
        // Belt and braces: also wait for the socket clients connect to.
        let socket = std::path::PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !socket.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Self {
            display: format!(":{number}"),
            process,
        }
    }

    /// The `DISPLAY` value, e.g. `:1`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    /// Stops the server with SIGTERM first, so it removes its lock file and socket (a SIGKILL
    /// leaves them behind for the next server that picks the same number).
    fn drop(&mut self) {
        let pid = self.process.0.id().to_string();
        if Command::new("kill").args(["-TERM", &pid]).status().is_ok() {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
            while std::time::Instant::now() < deadline {
                if let Ok(Some(_)) = self.process.0.try_wait() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}
