//! A private X server for tests that open real windows.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{KillOnDrop, require_program};

/// A running Xvfb on its own display number.
#[derive(Debug)]
pub struct Xvfb {
    display: String,
    _process: KillOnDrop,
}

impl Xvfb {
    /// Starts Xvfb on the first free display from :90 and waits until it accepts clients.
    pub fn start() -> Self {
        let xvfb = require_program("Xvfb", "xvfb");
        for n in 90..190 {
            let socket = format!("/tmp/.X11-unix/X{n}");
            let lock = format!("/tmp/.X{n}-lock");
            if Path::new(&socket).exists() || Path::new(&lock).exists() {
                continue;
            }
            let display = format!(":{n}");
            let child = Command::new(&xvfb)
                .args([
                    display.as_str(),
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb");
            let mut process = KillOnDrop(child);
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if Path::new(&socket).exists() {
                    return Self {
                        display,
                        _process: process,
                    };
                }
                if let Ok(Some(_)) = process.0.try_wait() {
                    break; // lost a race for this display; try the next
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("could not start Xvfb on any display :90..:189");
    }

    /// The `DISPLAY` value, e.g. `:90`.
    pub fn display(&self) -> &str {
        &self.display
    }
}
