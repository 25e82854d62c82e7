//! The `modeldesk` binary as scripts use it: exit codes, JSON on stdout, clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::process::{Command, Output};

use modeldesk_e2e::workspace_binary;
use serde_json::Value;

fn modeldesk(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(workspace_binary("modeldesk"));
    cmd.env_remove("MODELDESK_PROJECT").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run modeldesk")
}

fn last_json(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_else(|| {
        panic!(
            "no stdout; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    serde_json::from_str(line).unwrap_or_else(|e| panic!("last line is not JSON ({e}): {line}"))
}

#[test]
fn init_then_doctor_reports_ort_and_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let cfg = tmp.path().join("cfg");
    let env = [("MODELDESK_CONFIG_DIR", cfg.to_str().unwrap())];
    let out = modeldesk(
        &["--project", dir.to_str().unwrap(), "init", "--json"],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = last_json(&out);
    assert_eq!(created["name"], "p");
    assert_eq!(created["schemaVersion"], 3);

    let out = modeldesk(
        &["--project", dir.to_str().unwrap(), "doctor", "--json"],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = last_json(&out);
    assert_eq!(report["runtime"]["ortVersion"], "1.31.1");
    assert_eq!(report["runtime"]["activeProvider"], "CPU");
    assert!(
        report["runtime"]["providers"]
            .as_array()
            .unwrap()
            .contains(&Value::from("CPUExecutionProvider"))
    );
    assert_eq!(report["store"]["ok"], true);
    assert_eq!(report["store"]["journalMode"], "wal");

    let out = modeldesk(&["--project", dir.to_str().unwrap(), "doctor"], &env);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ONNX Runtime  ok  1.31.1"), "{text}");
}

#[test]
fn doctor_with_a_missing_library_fails_clearly() {
    let out = modeldesk(&["doctor", "--json"], &[("ORT_DYLIB_PATH", "/nonexistent")]);
    assert_eq!(out.status.code(), Some(1));
    let v = last_json(&out);
    assert_eq!(v["error"]["code"], "runtime");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("/nonexistent") && msg.contains("scripts/fetch-ort.sh"),
        "{msg}"
    );

    let out = modeldesk(&["doctor"], &[("ORT_DYLIB_PATH", "/nonexistent")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: ORT_DYLIB_PATH is set to /nonexistent"),
        "{stderr}"
    );
}

#[test]
fn errors_are_json_objects_with_codes_and_nonzero_exits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let cfg = tmp.path().join("cfg");
    let env = [("MODELDESK_CONFIG_DIR", cfg.to_str().unwrap())];
    assert!(
        modeldesk(&["--project", dir.to_str().unwrap(), "init"], &env)
            .status
            .success()
    );
    let again = modeldesk(
        &["--project", dir.to_str().unwrap(), "init", "--json"],
        &env,
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(last_json(&again)["error"]["code"], "already_exists");

    let corrupt_dir = tmp.path().join("corrupt");
    std::fs::create_dir_all(&corrupt_dir).unwrap();
    std::fs::write(corrupt_dir.join("project.sqlite"), vec![1u8; 4096]).unwrap();
    let out = modeldesk(
        &[
            "--project",
            corrupt_dir.to_str().unwrap(),
            "doctor",
            "--json",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = last_json(&out);
    assert_eq!(v["error"]["code"], "store");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a readable SQLite database")
    );

    let usage = modeldesk(&["frobnicate", "--json"], &env);
    assert_eq!(usage.status.code(), Some(2));
    assert_eq!(last_json(&usage)["error"]["code"], "usage");

    let no_dir = modeldesk(&["init", "--json"], &env);
    assert_eq!(no_dir.status.code(), Some(1));
    assert_eq!(last_json(&no_dir)["error"]["code"], "invalid_input");
}
