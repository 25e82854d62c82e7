//! A real OS file drop on the app window under Xvfb: a GTK drag source offers a file over XDND,
//! xdotool drags it onto the webview, and the UI shows "Received NAME" from the Rust event.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::{KillOnDrop, first_stdout_line, require_program};

/// Drags `file` from a helper window at (`from_x`, `from_y`) to (`to_x`, `to_y`) on `display`.
pub fn drag_file(
    display: &str,
    file: &Path,
    (from_x, from_y): (i32, i32),
    (to_x, to_y): (i32, i32),
) {
    let python = require_program("python3", "python3-gi");
    let xdotool = require_program("xdotool", "xdotool");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("support/drag_source.py");
    // Debian's own python3 has the GTK bindings (python3-gi), not a pyenv/venv one.
    let python = if Path::new("/usr/bin/python3").is_file() {
        "/usr/bin/python3".into()
    } else {
        python
    };
    let child = Command::new(python)
        .arg(&script)
        .arg(file)
        .args([from_x.to_string(), from_y.to_string()])
        .env("DISPLAY", display)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the drag source");
    let mut source = KillOnDrop(child);
    assert_eq!(
        first_stdout_line(&mut source, "drag source"),
        "ready",
        "drag source did not start (python3-gi installed?)"
    );
    std::thread::sleep(Duration::from_millis(300));

    let (sx, sy) = (from_x + 80, from_y + 40);
    let mut args: Vec<String> = vec![
        "mousemove".into(),
        sx.to_string(),
        sy.to_string(),
        "sleep".into(),
        "0.2".into(),
        "mousedown".into(),
        "1".into(),
    ];
    // Move in steps so GTK sees the drag threshold crossed and the target sees XDND positions.
    for step in 1..=12 {
        let x = sx + (to_x - sx) * step / 12;
        let y = sy + (to_y - sy) * step / 12;
        args.extend([
            "mousemove".into(),
            x.to_string(),
            y.to_string(),
            "sleep".into(),
            "0.1".into(),
        ]);
    }
    args.extend(["sleep".into(), "0.5".into(), "mouseup".into(), "1".into()]);
    let status = Command::new(xdotool)
        .args(&args)
        .env("DISPLAY", display)
        .status()
        .expect("run xdotool");
    assert!(status.success(), "xdotool failed");
    let _ = source.0.wait_timeout_or_kill(Duration::from_secs(5));
}

trait WaitTimeout {
    fn wait_timeout_or_kill(&mut self, timeout: Duration) -> std::io::Result<()>;
}

impl WaitTimeout for std::process::Child {
    fn wait_timeout_or_kill(&mut self, timeout: Duration) -> std::io::Result<()> {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if self.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill()
    }
}
