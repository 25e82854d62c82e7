//! A private X server for tests that open real windows.

use std::process::{Command, Stdio};

use crate::{KillOnDrop, first_stdout_line, require_program};

/// A running Xvfb on a display number of its own choosing.
#[derive(Debug)]
pub struct Xvfb {
    display: String,
    _process: KillOnDrop,
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
        Self {
            display: format!(":{number}"),
            _process: process,
        }
    }

    /// The `DISPLAY` value, e.g. `:1`.
    pub fn display(&self) -> &str {
        &self.display
    }
}
