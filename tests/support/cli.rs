//! Helpers the CLI test binaries share: running `modeldesk` in a private project.

use std::process::{Command, Output};

use modeldesk_e2e::workspace_binary;
use serde_json::Value;

/// Runs the `modeldesk` binary with `args` and extra environment.
pub fn modeldesk(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(workspace_binary("modeldesk"));
    cmd.env_remove("MODELDESK_PROJECT").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run modeldesk")
}

/// A fresh project in a temp folder: (the folder, the project path, a private config dir).
pub fn new_project() -> (tempfile::TempDir, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p").to_str().unwrap().to_owned();
    let cfg = tmp.path().join("cfg").to_str().unwrap().to_owned();
    let out = modeldesk(
        &["--project", &project, "init"],
        &[("MODELDESK_CONFIG_DIR", &cfg)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, project, cfg)
}

/// The JSON object on the last line of stdout.
pub fn last_json(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_else(|| {
        panic!(
            "no stdout; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    serde_json::from_str(line).unwrap_or_else(|e| panic!("last line is not JSON ({e}): {line}"))
}

/// Runs `modeldesk --project PROJECT --json ARGS` with a private config dir.
pub fn in_project(project: &str, cfg: &str, args: &[&str]) -> Output {
    let mut full = vec!["--project", project, "--json"];
    full.extend_from_slice(args);
    modeldesk(&full, &[("MODELDESK_CONFIG_DIR", cfg)])
}

/// A file of scikit-learn's datasets, as committed for the trainer's tests.
pub fn sklearn_csv(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/train/tests/data")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

/// Imports scikit-learn's wine data as `wine` and trains `wine-gbdt-1` (20 trees) on it.
pub fn import_and_train_wine(project: &str, cfg: &str) {
    let wine = sklearn_csv("wine_train.csv");
    assert!(
        in_project(project, cfg, &["import", &wine, "--name", "wine"])
            .status
            .success()
    );
    let out = in_project(
        project,
        cfg,
        &[
            "train",
            "wine",
            "--target",
            "target",
            "--param",
            "num_iterations=20",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The last line's JSON of a command that must have succeeded.
pub fn ok_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    last_json(out)
}
