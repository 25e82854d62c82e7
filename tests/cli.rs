//! The `modeldesk` binary as scripts use it: exit codes, JSON on stdout, clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::fmt::Write as _;
use std::process::{Command, Output};

use modeldesk_e2e::workspace_binary;
use serde_json::Value;

#[path = "support/cli.rs"]
#[allow(dead_code, reason = "each test binary uses some of the helpers")]
mod support;
use support::{
    import_and_train_wine, in_project, last_json, modeldesk, new_project, ok_json, sklearn_csv,
};

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
    assert_eq!(created["schemaVersion"], 9);

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
fn sample_makes_the_sample_project_in_the_data_folder_then_opens_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let data = tmp.path().join("data");
    let env = [
        ("MODELDESK_CONFIG_DIR", cfg.to_str().unwrap()),
        ("MODELDESK_DATA_DIR", data.to_str().unwrap()),
    ];
    let out = modeldesk(&["sample", "--json"], &env);
    let made = ok_json(&out);
    let dir = data.join("sample");
    assert_eq!(made["path"], dir.to_str().unwrap());
    assert_eq!(made["name"], "Sample project");
    let models = ok_json(&in_project(
        dir.to_str().unwrap(),
        cfg.to_str().unwrap(),
        &["models"],
    ));
    let families: Vec<_> = models
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["summary"]["family"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(families, ["gbdt", "linear"]);

    // A second call opens it: same project, no more models; the text says where it is.
    let out = modeldesk(&["sample"], &env);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(2 models)"), "{text}");
    assert!(text.contains(dir.to_str().unwrap()), "{text}");
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

#[test]
fn import_datasets_and_rows_round_trip_through_the_cli() {
    let (tmp, project, cfg) = new_project();
    let env = [("MODELDESK_CONFIG_DIR", cfg.as_str())];
    let p = project.as_str();
    let csv = tmp.path().join("prices.csv");
    std::fs::write(&csv, "item;price;when\ntea;1,5;2024-03-01\ncake;2,25;\n").unwrap();

    let out = modeldesk(
        &["--project", p, "import", csv.to_str().unwrap(), "--json"],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = last_json(&out);
    assert_eq!(
        (
            v["name"].as_str(),
            v["rows"].as_u64(),
            v["columns"].as_u64()
        ),
        (Some("prices"), Some(2), Some(3))
    );
    assert_eq!(v["dialect"]["delimiter"], ";");
    assert_eq!(v["dialect"]["decimalComma"], true);
    assert_eq!(v["schema"][1]["type"], "float");
    assert!(v["blobSize"].as_u64().unwrap() > 0);

    let out = modeldesk(&["--project", p, "datasets", "--json"], &env);
    let list = last_json(&out);
    assert_eq!(list["datasets"][0]["name"], "prices");

    let out = modeldesk(
        &["--project", p, "rows", "prices", "--offset", "1", "--json"],
        &env,
    );
    let page = last_json(&out);
    assert_eq!(page["totalRows"], 2);
    assert_eq!(page["rows"][0], serde_json::json!(["cake", 2.25, null]));

    // A date-time column's summary reads as dates, not as microseconds.
    let out = modeldesk(&["--project", p, "profile", "prices"], &env);
    let text = String::from_utf8_lossy(&out.stdout);
    let when = text
        .lines()
        .find(|l| l.starts_with("when"))
        .unwrap_or_default();
    assert_eq!(when.matches("2024-03-01T00:00:00Z").count(), 3, "{text}");

    let out = modeldesk(
        &[
            "--project",
            p,
            "import",
            csv.to_str().unwrap(),
            "--type",
            "price=text",
            "--name",
            "prices_text",
        ],
        &env,
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("prices_text v1: 2 rows × 3 columns"));
}

#[test]
fn import_errors_name_the_file_and_line() {
    let (tmp, project, cfg) = new_project();
    let env = [("MODELDESK_CONFIG_DIR", cfg.as_str())];
    let p = project.as_str();
    let csv = tmp.path().join("ragged.csv");
    std::fs::write(&csv, "a,b\n1,2\n3,4,5\n").unwrap();

    let out = modeldesk(
        &[
            "--project",
            p,
            "import",
            csv.to_str().unwrap(),
            "--strict",
            "--json",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = last_json(&out);
    assert_eq!(v["error"]["code"], "invalid_input");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("ragged.csv, line 3: 3 fields"), "{msg}");

    let out = modeldesk(
        &["--project", p, "import", csv.to_str().unwrap(), "--json"],
        &env,
    );
    assert!(out.status.success());
    let v = last_json(&out);
    assert_eq!(v["skippedRows"], 1);
    assert_eq!(v["warnings"][0]["kind"], "ragged_rows_skipped");

    let out = modeldesk(&["--project", p, "rows", "missing-dataset", "--json"], &env);
    assert_eq!(last_json(&out)["error"]["code"], "not_found");
    let out = modeldesk(&["import", csv.to_str().unwrap(), "--json"], &env);
    assert_eq!(last_json(&out)["error"]["code"], "invalid_input");
}

#[test]
fn split_is_stored_and_reproducible_from_the_seed() {
    let (tmp, project, cfg) = new_project();
    let env = [("MODELDESK_CONFIG_DIR", cfg.as_str())];
    let p = project.as_str();
    let csv = tmp.path().join("churn.csv");
    let mut text = String::from("churned,tenure\n");
    for i in 0..400 {
        text.push_str(if i % 5 == 0 { "yes," } else { "no," });
        text.push_str(&i.to_string());
        text.push('\n');
    }
    std::fs::write(&csv, text).unwrap();
    assert!(
        modeldesk(&["--project", p, "import", csv.to_str().unwrap()], &env)
            .status
            .success()
    );
    let args = [
        "--project",
        p,
        "split",
        "churn",
        "--strategy",
        "stratified",
        "--column",
        "churned",
        "--test",
        "0.2",
        "--validation",
        "0.1",
        "--seed",
        "7",
        "--json",
    ];
    let out = modeldesk(&args, &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = last_json(&out);
    assert_eq!(
        (
            v["trainRows"].as_u64(),
            v["validationRows"].as_u64(),
            v["testRows"].as_u64()
        ),
        (Some(280), Some(40), Some(80))
    );
    assert_eq!(v["strategy"], "stratified");
    let out = modeldesk(
        &[
            "--project",
            p,
            "split",
            "churn",
            "--strategy",
            "group",
            "--json",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        last_json(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--column")
    );
}

#[test]
fn export_data_round_trips_and_warns_about_personal_data() {
    let (tmp, project, cfg) = new_project();
    let env = [("MODELDESK_CONFIG_DIR", cfg.as_str())];
    let p = project.as_str();
    let csv = tmp.path().join("customers.csv");
    std::fs::write(
        &csv,
        "email,spend,joined,vip\nann@example.org,12.5,2024-01-02,true\nbo@example.org,,2024-02-03T04:05:06Z,false\n\"c, d\"@x.org,7,,\n",
    )
    .unwrap();
    assert!(
        modeldesk(&["--project", p, "import", csv.to_str().unwrap()], &env)
            .status
            .success()
    );

    let out_csv = tmp.path().join("out.csv");
    let out = modeldesk(
        &[
            "--project",
            p,
            "export-data",
            "customers",
            "--out",
            out_csv.to_str().unwrap(),
            "--json",
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = last_json(&out);
    assert_eq!(v["rows"], 3);
    assert_eq!(v["personalDataColumns"], serde_json::json!(["email"]));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("privacy: columns that look like personal data were exported: email")
    );

    // Re-importing the export gives the same rows.
    assert!(
        modeldesk(
            &[
                "--project",
                p,
                "import",
                out_csv.to_str().unwrap(),
                "--name",
                "again"
            ],
            &env
        )
        .status
        .success()
    );
    let a = last_json(&modeldesk(
        &["--project", p, "rows", "customers", "--json"],
        &env,
    ));
    let b = last_json(&modeldesk(
        &["--project", p, "rows", "again", "--json"],
        &env,
    ));
    assert_eq!(a["rows"], b["rows"]);
    assert_eq!(a["columns"], b["columns"]);

    let again = modeldesk(
        &[
            "--project",
            p,
            "export-data",
            "customers",
            "--out",
            out_csv.to_str().unwrap(),
            "--json",
        ],
        &env,
    );
    assert_eq!(last_json(&again)["error"]["code"], "invalid_input");
    let pq = tmp.path().join("out.parquet");
    let out = modeldesk(
        &[
            "--project",
            p,
            "export-data",
            "customers",
            "--format",
            "parquet",
            "--out",
            pq.to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success());
    assert!(std::fs::read(&pq).unwrap().starts_with(b"PAR1"));
}

#[test]
fn prep_makes_a_child_version_with_the_fitted_recipe() {
    let (tmp, project, cfg) = new_project();
    let env = [("MODELDESK_CONFIG_DIR", cfg.as_str())];
    let p = project.as_str();
    let csv = tmp.path().join("h.csv");
    std::fs::write(
        &csv,
        "size,rooms,kind\n50,2,flat\n,3,house\n70,,flat\n100,4,house\n",
    )
    .unwrap();
    assert!(
        modeldesk(&["--project", p, "import", csv.to_str().unwrap()], &env)
            .status
            .success()
    );
    let recipe = tmp.path().join("r.json");
    std::fs::write(
        &recipe,
        r#"[{"op": "impute", "column": "size", "strategy": "mean"},
            {"op": "impute", "column": "rooms", "strategy": "median"},
            {"op": "ordinal", "column": "kind"}]"#,
    )
    .unwrap();
    let out = modeldesk(
        &[
            "--project",
            p,
            "prep",
            "h",
            "--recipe",
            recipe.to_str().unwrap(),
            "--json",
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = last_json(&out);
    assert_eq!(v["dataset"]["version"], 2);
    assert_eq!(v["fittedOnTrainSplit"], false);
    // mean(50, 70, 100) = 73.333..., median(2, 3, 4) = 3 (integer column stays integer)
    let size_fill = v["recipe"][0]["fitted"].as_f64().unwrap();
    assert!((size_fill - 220.0 / 3.0).abs() < 1e-9, "{size_fill}");
    assert_eq!(v["recipe"][1]["fitted"], 3.0);
    let rows = last_json(&modeldesk(&["--project", p, "rows", "h@2", "--json"], &env));
    assert_eq!(rows["rows"][1], serde_json::json!([size_fill, 3, 1]));
    assert_eq!(rows["rows"][2], serde_json::json!([70.0, 3, 0]));
    let versions = last_json(&modeldesk(
        &["--project", p, "datasets", "--versions", "h", "--json"],
        &env,
    ));
    let versions = versions["datasets"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["parentId"], versions[0]["id"]);
    assert_eq!(versions[1]["sourceFormat"], "recipe");
    let bad = tmp.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"op": "scale", "column": "kind", "method": "standard"}]"#,
    )
    .unwrap();
    let out = modeldesk(
        &[
            "--project",
            p,
            "prep",
            "h@1",
            "--recipe",
            bad.to_str().unwrap(),
            "--json",
        ],
        &env,
    );
    assert!(
        last_json(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs a numeric column")
    );
    prep_with_step_flags(p, &env, &v["recipe"]);
}

/// The recipe of `prep_makes_a_child_version_with_the_fitted_recipe` given as `--step` flags
/// fits the same steps (`fitted`); a bad flag names itself.
fn prep_with_step_flags(p: &str, env: &[(&str, &str)], fitted: &Value) {
    // The same recipe as --step flags gives the same fitted steps; a bad flag names itself.
    let out = modeldesk(
        &[
            "--project",
            p,
            "prep",
            "h@1",
            "--step",
            "impute:size:mean",
            "--step",
            "impute:rooms:median",
            "--step",
            r#"{"op": "ordinal", "column": "kind"}"#,
            "--json",
        ],
        env,
    );
    let flags = last_json(&out);
    assert_eq!(flags["dataset"]["version"], 3);
    assert_eq!(flags["recipe"], *fitted);
    let out = modeldesk(
        &[
            "--project",
            p,
            "prep",
            "h@1",
            "--step",
            "impute:size",
            "--json",
        ],
        env,
    );
    let message = last_json(&out)["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("--step") && message.contains("mean|median|mode"),
        "{message}"
    );
}

/// Checks a binary prediction file (probabilities sum to 1, the label is the likelier class)
/// and returns how many labels match the `target` column just before the added ones.
fn checked_binary_predictions(preds: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(preds).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[header.len() - 3..],
        ["predicted_label", "prob_0", "prob_1"]
    );
    let mut correct = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let n = cells.len();
        let (p0, p1): (f64, f64) = (cells[n - 2].parse().unwrap(), cells[n - 1].parse().unwrap());
        assert!((p0 + p1 - 1.0).abs() < 1e-6);
        assert_eq!(cells[n - 3], if p1 > p0 { "1" } else { "0" });
        correct += usize::from(cells[n - 3] == cells[n - 4]);
    }
    correct
}

#[test]
fn train_predict_and_export_a_model() {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let train_csv = sklearn_csv("breast_cancer_train.csv");
    assert!(
        run(&["import", &train_csv, "--name", "cancer"])
            .status
            .success()
    );
    let out = run(&[
        "split",
        "cancer",
        "--strategy",
        "stratified",
        "--column",
        "target",
    ]);
    assert!(out.status.success());

    let out = run(&[
        "train",
        "cancer",
        "--target",
        "target",
        "--param",
        "num_leaves=15",
        "--seed",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trained = last_json(&out);
    assert_eq!(trained["model"], "cancer-gbdt-1");
    assert_eq!(trained["task"], "binary");
    assert_eq!(trained["classes"], serde_json::json!(["0", "1"]));
    assert_eq!(trained["features"].as_array().unwrap().len(), 30);
    let rows: Vec<u64> = serde_json::from_value(trained["rows"].clone()).unwrap();
    assert_eq!(rows.iter().sum::<u64>(), 426);
    assert!(
        trained["metrics"]["test"]["auc"].as_f64().unwrap() > 0.95,
        "{trained}"
    );
    assert!(trained["bestIteration"].as_u64().unwrap() <= trained["iterations"].as_u64().unwrap());

    let listed = last_json(&run(&["models"]));
    assert_eq!(listed[0]["name"], "cancer-gbdt-1");
    assert_eq!(listed[0]["summary"]["target"], "target");

    // Predict the held-out file through ONNX Runtime.
    let preds = tmp.path().join("preds.csv");
    let out = run(&[
        "predict",
        "cancer-gbdt-1",
        &sklearn_csv("breast_cancer_test.csv"),
        "--out",
        preds.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(last_json(&out)["rows"], 143);
    let correct = checked_binary_predictions(&preds);
    assert!(correct * 10 > 143 * 9, "accuracy {correct}/143");
    // The output exists: a second run refuses to overwrite it.
    let again = run(&[
        "predict",
        "cancer-gbdt-1",
        &sklearn_csv("breast_cancer_test.csv"),
        "--out",
        preds.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        last_json(&again)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--force")
    );

    let onnx = tmp.path().join("cancer.onnx");
    let out = run(&[
        "export-model",
        "cancer-gbdt-1",
        "--onnx",
        onnx.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let exported = last_json(&out);
    assert_eq!(
        exported["bytes"].as_u64().unwrap(),
        std::fs::metadata(&onnx).unwrap().len()
    );
}

#[test]
fn linear_and_mlp_train_multiclass_and_regression() {
    let (_tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let wine = sklearn_csv("wine_train.csv");
    assert!(run(&["import", &wine, "--name", "wine"]).status.success());
    let out = run(&["train", "wine", "--target", "target", "--model", "linear"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wine_model = last_json(&out);
    assert_eq!(wine_model["task"], "multiclass");
    assert!(wine_model["metrics"]["train"]["accuracy"].as_f64().unwrap() > 0.95);
    let diabetes = sklearn_csv("diabetes_train.csv");
    assert!(
        run(&["import", &diabetes, "--name", "diabetes"])
            .status
            .success()
    );
    let out = run(&[
        "train",
        "diabetes",
        "--target",
        "target",
        "--model",
        "mlp",
        "--param",
        "hidden=[16]",
        "--param",
        "max_epochs=20",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(last_json(&out)["task"], "regression");
}

#[test]
fn training_errors_name_the_column_or_parameter() {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    assert!(
        run(&["import", &sklearn_csv("wine_train.csv"), "--name", "wine"])
            .status
            .success()
    );
    for (args, code, needle) in [
        (
            vec!["train", "wine", "--target", "cultivar"],
            "invalid_input",
            "\"cultivar\"",
        ),
        (
            vec!["train", "wine", "--target", "target", "--task", "binary"],
            "invalid_input",
            "3 classes",
        ),
        (
            vec![
                "train",
                "wine",
                "--target",
                "target",
                "--param",
                "num_leaves=1",
            ],
            "invalid_input",
            "num_leaves",
        ),
        (
            vec!["train", "wine", "--target", "target", "--param", "leaves"],
            "invalid_input",
            "NAME=VALUE",
        ),
        (
            vec!["train", "vintage", "--target", "target"],
            "not_found",
            "vintage",
        ),
        (
            vec!["predict", "nope", "x.csv", "--out", "y.csv"],
            "not_found",
            "nope",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = &last_json(&out)["error"];
        assert_eq!(err["code"], code, "{args:?}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(needle),
            "{args:?}: {err}"
        );
    }
    // A prediction file without a column the model needs names that column.
    assert!(
        run(&["train", "wine", "--target", "target"])
            .status
            .success()
    );
    let partial = tmp.path().join("partial.csv");
    std::fs::write(&partial, "alcohol,malic_acid\n13.2,1.8\n").unwrap();
    let out = run(&[
        "predict",
        "wine-gbdt-1",
        partial.to_str().unwrap(),
        "--out",
        tmp.path().join("o.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = last_json(&out)["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("ash"), "{message}");
    assert!(!tmp.path().join("o.csv").exists(), "no half-written output");
    // The successful run is listed as finished; requests rejected before training are not runs.
    let runs = last_json(&run(&["runs"]));
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    assert_eq!(runs[0]["status"], "finished");
    assert_eq!(runs[0]["dataset"], "wine@1");
    assert_eq!(runs[0]["family"], "gbdt");
    assert_eq!(runs[0]["params"]["num_leaves"], "31");
    assert_eq!(runs[0]["metric"], "accuracy");
    assert!(
        runs[0]["train"].is_number() && runs[0]["p50Ms"].is_number(),
        "{runs}"
    );
    assert_eq!(runs[0]["model"], "wine-gbdt-1");
}

#[test]
fn a_model_trained_on_prepared_data_predicts_raw_files() {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    // Raw data: a numeric column with gaps, a categorical one, an integer; the label follows them.
    let mut csv = String::from("size,city,rooms,label\n");
    for i in 0..400u32 {
        let size = if i % 9 == 0 {
            String::new()
        } else {
            format!("{}", 20 + (i * 37) % 180)
        };
        let city = ["oslo", "bergen", "tromsø", "bodø"][(i % 4) as usize];
        let rooms = 1 + i % 5;
        let score = (i * 37) % 180 + if city == "oslo" { 60 } else { 0 } + rooms * 5;
        let label = if score > 130 { "high" } else { "low" };
        writeln!(csv, "{size},{city},{rooms},{label}").unwrap();
    }
    let raw = tmp.path().join("homes.csv");
    std::fs::write(&raw, &csv).unwrap();
    assert!(
        run(&["import", raw.to_str().unwrap(), "--name", "homes"])
            .status
            .success()
    );
    let recipe = tmp.path().join("recipe.json");
    std::fs::write(
        &recipe,
        r#"[{"op": "impute", "column": "size", "strategy": "median"},
            {"op": "scale", "column": "size", "method": "standard"},
            {"op": "one_hot", "column": "city"},
            {"op": "rename", "from": "rooms", "to": "bedrooms"}]"#,
    )
    .unwrap();
    let out = run(&["prep", "homes", "--recipe", recipe.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["train", "homes", "--target", "label", "--model", "linear"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trained = last_json(&out);
    assert!(
        trained["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "city=oslo")
    );
    assert_eq!(last_json(&run(&["models"]))[0]["summary"]["inputs"], "raw");
    // The raw file (no label column, a city never seen) goes straight through the model.
    let mut new = String::from("size,city,rooms\n");
    new.push_str("150,oslo,3\n,bergen,2\n40,paris,1\n");
    let new_file = tmp.path().join("new.csv");
    std::fs::write(&new_file, new).unwrap();
    let preds = tmp.path().join("preds.csv");
    let out = run(&[
        "predict",
        "homes-linear-1",
        new_file.to_str().unwrap(),
        "--out",
        preds.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&preds).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "size,city,rooms,predicted_label,prob_high,prob_low"
    );
    assert!(rows[1].starts_with("150,oslo,3,high,"), "{text}");
    assert!(rows[3].starts_with("40,paris,1,low,"), "{text}");
}

#[test]
fn explain_writes_shap_values_that_add_up() {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    import_and_train_wine(&project, &cfg);
    let out_file = tmp.path().join("shap.csv");
    let out = run(&[
        "explain",
        "wine-gbdt-1",
        "wine",
        "--rows",
        "10..30",
        "--interactions",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = last_json(&out);
    assert_eq!(summary["rows"], 20);
    assert_eq!(summary["method"], "tree");
    assert_eq!(summary["outputSpace"], "logits");
    assert!(summary["maxAdditivityError"].as_f64().unwrap() < 1e-9);
    let importance = summary["importance"].as_array().unwrap();
    assert_eq!(importance.len(), 13);
    assert!(
        importance[0]["meanAbsShap"].as_f64().unwrap()
            >= importance[12]["meanAbsShap"].as_f64().unwrap()
    );
    // One row per explained row and class; the values plus the base give the prediction.
    let text = std::fs::read_to_string(&out_file).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        (header[0], header[1], header[header.len() - 1]),
        ("row", "class", "prediction")
    );
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').skip(2).map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 20 * 3);
    for r in &rows {
        let n = r.len();
        let sum: f64 = r[..n - 2].iter().sum::<f64>() + r[n - 2];
        assert!((sum - r[n - 1]).abs() < 1e-9);
    }
    let inter = tmp.path().join("shap.interactions.csv");
    assert_eq!(
        std::fs::read_to_string(inter).unwrap().lines().count(),
        1 + 20 * 3 * 13 * 13
    );
}

#[test]
fn importance_and_explain_errors() {
    let (_tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    import_and_train_wine(&project, &cfg);
    let out = run(&["importance", "wine-gbdt-1", "wine"]);
    assert!(out.status.success());
    assert_eq!(last_json(&out)["rows"], 133);
    assert!(
        run(&[
            "train",
            "wine",
            "--target",
            "target",
            "--model",
            "mlp",
            "--param",
            "max_epochs=2"
        ])
        .status
        .success()
    );
    // An MLP has no trees: `auto` explains it model-agnostically (13 columns: permutations).
    let out = run(&["explain", "wine-mlp-1", "wine", "--rows", "0..4"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = last_json(&out);
    assert_eq!(
        (s["method"].as_str(), s["outputSpace"].as_str()),
        (Some("permutation"), Some("probability"))
    );
    assert!(s["maxAdditivityError"].as_f64().unwrap() < 1e-9);
    let out = run(&["explain", "wine-mlp-1", "wine", "--method", "tree"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        last_json(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs a tree model")
    );
    let out = run(&["explain", "wine-gbdt-1", "wine", "--rows", "5-9"]);
    assert!(
        last_json(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("START..END")
    );
}

/// A bring-your-own-model fixture (`crates/app/tests/data/byo/make_byo.py`).
fn byo_model(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/app/tests/data/byo")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn an_imported_onnx_model_is_inspected_mapped_evaluated_predicted_and_benchmarked() {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    ok_json(&run(&[
        "import",
        &sklearn_csv("breast_cancer_test.csv"),
        "--name",
        "bc",
    ]));
    let imported = ok_json(&run(&[
        "import-model",
        &byo_model("lgbm.onnx"),
        "--name",
        "gbm",
    ]));
    assert_eq!(imported["origin"], "imported");
    assert_eq!(imported["summary"]["task"], "binary");

    let inspected = ok_json(&run(&["inspect", "gbm"]));
    assert_eq!(inspected["inspection"]["inputs"][0]["shape"][1], "30");
    assert_eq!(inspected["outputs"]["probabilities"], "probabilities");
    assert_eq!(inspected["provider"]["active"], "cpu");

    let mapped = ok_json(&run(&[
        "map-model",
        "gbm",
        "--dataset",
        "bc",
        "--target",
        "target",
    ]));
    let columns = mapped["imported"]["mapping"]["inputs"][0]["columns"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(columns.len(), 30);
    assert!(!columns.contains(&Value::from("target")));

    let evaluation = ok_json(&run(&["evaluate", "gbm", "bc", "--part", "all"]));
    let auc = evaluation["metrics"]["auc"].as_f64().unwrap();
    assert!((auc - 0.977_358_490_566_037_7).abs() < 1e-9, "AUC {auc}");

    let preds = tmp.path().join("preds.csv");
    ok_json(&run(&[
        "predict",
        "gbm",
        &sklearn_csv("breast_cancer_test.csv"),
        "--out",
        preds.to_str().unwrap(),
        "--provider",
        "cpu",
        "--threads",
        "1",
    ]));
    assert_eq!(
        checked_binary_predictions(&preds),
        131,
        "accuracy 0.9161 of 143"
    );
    // A stored dataset predicts the same.
    let from_dataset = tmp.path().join("preds-dataset.csv");
    ok_json(&run(&[
        "predict",
        "gbm",
        "bc",
        "--out",
        from_dataset.to_str().unwrap(),
    ]));
    assert_eq!(checked_binary_predictions(&from_dataset), 131);

    let bench = ok_json(&run(&[
        "bench-model",
        "gbm",
        "--batch",
        "1,64",
        "--seconds",
        "0.05",
    ]));
    let rows = bench["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        let (p50, p99) = (r["p50Ms"].as_f64().unwrap(), r["p99Ms"].as_f64().unwrap());
        assert!(p50 > 0.0 && p99 >= p50, "{r}");
        assert!(r["runs"].as_u64().unwrap() >= 20);
    }

    let board = ok_json(&run(&["leaderboard"]));
    assert_eq!(board[0]["model"], "gbm");
    assert_eq!(board[0]["metric"], "auc");
}

#[test]
fn a_broken_model_or_a_bad_provider_is_refused_and_nothing_is_stored() {
    let (_tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    ok_json(&run(&[
        "import-model",
        &byo_model("lgbm.onnx"),
        "--name",
        "gbm",
    ]));
    // Refusals name the file or the flag; nothing more is stored.
    let bad = run(&["import-model", &byo_model("unknown_op.onnx")]);
    assert!(!bad.status.success());
    let err = last_json(&bad);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("NoSuchOp"),
        "{err}"
    );
    let bad = run(&[
        "predict",
        "gbm",
        "x.csv",
        "--out",
        "y.csv",
        "--provider",
        "tpu",
    ]);
    assert!(
        last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--provider")
    );
    assert_eq!(ok_json(&run(&["models"])).as_array().unwrap().len(), 1);
}

/// A project with diabetes' test CSV as `d` and the imported `mlp.onnx` as `mlp`.
fn mlp_project() -> (tempfile::TempDir, String, String) {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| ok_json(&in_project(&project, &cfg, args));
    run(&["import", &sklearn_csv("diabetes_test.csv"), "--name", "d"]);
    run(&["import-model", &byo_model("mlp.onnx")]);
    (tmp, project, cfg)
}

#[test]
fn an_imported_model_is_explained_with_model_agnostic_shap() {
    let (tmp, project, cfg) = mlp_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let out = tmp.path().join("shap.csv");
    let s = ok_json(&run(&[
        "explain",
        "mlp",
        "d",
        "--rows",
        "0..3",
        "--method",
        "exact",
        "--background",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert_eq!(s["method"], "exact");
    assert_eq!(s["background"], 10);
    assert_eq!(s["outputSpace"], "value");
    assert!(s["maxAdditivityError"].as_f64().unwrap() < 1e-9, "{s}");
    assert_eq!(s["importance"].as_array().unwrap().len(), 10);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 4, "a header and one line per row");
    let auto = ok_json(&run(&[
        "explain",
        "mlp",
        "d",
        "--rows",
        "0..2",
        "--method",
        "permutation",
        "--permutations",
        "3",
    ]));
    assert_eq!(auto["method"], "permutation");
    let bad = run(&["explain", "mlp", "d", "--interactions"]);
    assert!(
        last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("boosted-tree")
    );
}

#[test]
fn kernel_shap_with_every_coalition_is_exact_and_a_kmeans_background_is_additive() {
    let (tmp, project, cfg) = mlp_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let out = tmp.path().join("shap.csv");
    ok_json(&run(&[
        "explain",
        "mlp",
        "d",
        "--rows",
        "0..3",
        "--method",
        "exact",
        "--background",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]));
    // Kernel SHAP with a budget of every coalition (2^10 - 2) is the exact Shapley value.
    let kernel_out = tmp.path().join("kernel.csv");
    let k = ok_json(&run(&[
        "explain",
        "mlp",
        "d",
        "--rows",
        "0..3",
        "--method",
        "kernel",
        "--samples",
        "1022",
        "--background",
        "10",
        "--out",
        kernel_out.to_str().unwrap(),
    ]));
    assert_eq!(k["method"], "kernel");
    assert!(k["maxAdditivityError"].as_f64().unwrap() < 1e-9, "{k}");
    let numbers = |path: &std::path::Path| -> Vec<f64> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .skip(1)
            .flat_map(|l| {
                l.split(',')
                    .map(|v| v.parse::<f64>().unwrap())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (exact, kernel) = (numbers(&out), numbers(&kernel_out));
    assert_eq!(exact.len(), kernel.len());
    for (a, b) in exact.iter().zip(&kernel) {
        assert!((a - b).abs() < 1e-6, "exact {a} vs kernel {b}");
    }
    // A k-means summary of the dataset as the background: K weighted observed rows.
    let summarised = ok_json(&run(&[
        "explain",
        "mlp",
        "d",
        "--rows",
        "0..3",
        "--method",
        "exact",
        "--background-kmeans",
        "5",
    ]));
    assert_eq!(summarised["background"], 5);
    assert!(summarised["maxAdditivityError"].as_f64().unwrap() < 1e-9);
    let bad = run(&["explain", "mlp", "d", "--background-kmeans", "0"]);
    assert!(
        last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at least one cluster")
    );
}

/// A project with Ada's identity, a model `m`, a comment by bo and Ada's note mentioning @bo;
/// returns (tmp, project, config, the comment, the note).
fn team_project() -> (tempfile::TempDir, String, String, Value, Value) {
    let (tmp, project, cfg) = new_project();
    let me = ok_json(&in_project(
        &project,
        &cfg,
        &[
            "identity",
            "--name",
            "Ada Lovelace",
            "--email",
            "ada@example.org",
        ],
    ));
    assert_eq!(me["name"], "Ada Lovelace");
    assert!(
        !in_project(&project, &cfg, &["identity", "--colour", "red"])
            .status
            .success()
    );
    ok_json(&in_project(
        &project,
        &cfg,
        &["import-model", &byo_model("mlp.onnx"), "--name", "m"],
    ));
    // bo has written in the project, so @bo is a mention.
    let c = ok_json(&as_author(
        &project,
        &cfg,
        "bo",
        &["comment", "add", "First look: fine.", "--model", "m"],
    ));
    let note = ok_json(&in_project(
        &project,
        &cfg,
        &[
            "notes",
            "add",
            "--title",
            "Drift",
            "--body",
            "AUC fell in March, cc @bo. See [[model:m]].\n\nRetrain monthly.",
            "--tag",
            "perf",
            "--model",
            "m",
        ],
    ));
    (tmp, project, cfg, c, note)
}

/// `modeldesk --project P --json ARGS` as another author.
fn as_author(project: &str, cfg: &str, author: &str, args: &[&str]) -> Output {
    let mut full = vec!["--project", project, "--json"];
    full.extend_from_slice(args);
    modeldesk(
        &full,
        &[("MODELDESK_CONFIG_DIR", cfg), ("MODELDESK_AUTHOR", author)],
    )
}

#[test]
fn notes_keep_versions_are_searchable_and_restorable_through_the_cli() {
    let (_tmp, project, cfg, _, note) = team_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    assert_eq!(note["author"], "Ada Lovelace");
    assert_eq!(note["mentions"], serde_json::json!(["bo"]));
    assert!(
        note["html"]
            .as_str()
            .unwrap()
            .contains("modeldesk://model/m")
    );
    let id = note["id"].as_str().unwrap().to_owned();
    let short = &id[..8];
    let hits = ok_json(&run(&["notes", "search", "march"]));
    assert_eq!(hits[0]["id"], id.as_str());
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[March]"));
    let edited = ok_json(&run(&[
        "notes",
        "edit",
        short,
        "--body",
        "AUC fell in March, cc @bo. See [[model:m]].\n\nRetrain weekly.",
        "--expect-version",
        "1",
    ]));
    assert_eq!(edited["version"], 2);
    let stale = run(&[
        "notes",
        "edit",
        short,
        "--body",
        "x",
        "--expect-version",
        "1",
    ]);
    assert!(
        last_json(&stale)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("edited meanwhile")
    );
    let diff = ok_json(&run(&["notes", "history", short, "--diff", "1..2"]));
    let ops: Vec<(String, String)> = diff
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["op"] != "equal")
        .map(|l| {
            (
                l["op"].as_str().unwrap().to_owned(),
                l["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("delete".to_owned(), "Retrain monthly.".to_owned()),
            ("insert".to_owned(), "Retrain weekly.".to_owned())
        ]
    );
    let listed = ok_json(&run(&["notes", "list", "--model", "m"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    ok_json(&run(&["notes", "delete", short]));
    assert!(
        ok_json(&run(&["notes", "search", "march"]))
            .as_array()
            .unwrap()
            .is_empty()
    );
    ok_json(&run(&["notes", "restore", short]));
    assert_eq!(
        ok_json(&run(&["notes", "search", "march"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn threads_reviews_and_mentions_through_the_cli() {
    let (_tmp, project, cfg, c, _) = team_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let as_bo = |args: &[&str]| as_author(&project, &cfg, "bo", args);
    let reply = ok_json(&run(&[
        "comment",
        "add",
        "Agreed.",
        "--reply-to",
        c["id"].as_str().unwrap(),
    ]));
    assert_eq!(reply["parentId"], c["id"]);
    ok_json(&as_bo(&[
        "comment",
        "resolve",
        reply["id"].as_str().unwrap(),
    ]));
    let thread = ok_json(&run(&["comment", "list", "--model", "m"]));
    assert_eq!(thread[0]["resolvedBy"], "bo");

    // Review: no approving one's own request; bo approves.
    let requested = ok_json(&run(&[
        "review",
        "request",
        "m",
        "--reviewer",
        "bo",
        "-m",
        "for the May release",
    ]));
    assert_eq!(requested["state"], "in_review");
    let own = run(&["review", "approve", "m"]);
    assert!(
        last_json(&own)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot decide")
    );
    let approved = ok_json(&as_bo(&["review", "approve", "m", "-m", "metrics hold"]));
    assert_eq!(approved["state"], "approved");
    assert!(
        approved["decision"]
            .as_str()
            .unwrap()
            .starts_with("approved by bo on ")
    );

    // bo sees Ada's mention in the activity feed.
    let mentions = ok_json(&as_bo(&["activity", "--mentions"]));
    assert!(
        mentions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "note.added" && a["author"] == "Ada Lovelace"),
        "{mentions}"
    );
    let reviews = ok_json(&run(&["activity", "--kind", "review"]));
    assert_eq!(reviews.as_array().unwrap().len(), 2);
}

#[test]
fn a_bundle_carries_notes_and_reviews_to_a_teammate_once() {
    let (tmp, project, cfg, _, note) = team_project();
    let file = tmp.path().join("team.mdproj");
    let m = ok_json(&in_project(
        &project,
        &cfg,
        &[
            "bundle",
            "export",
            "--out",
            file.to_str().unwrap(),
            "--no-data",
        ],
    ));
    assert_eq!(m["includesData"], false);
    assert!(
        !in_project(
            &project,
            &cfg,
            &["bundle", "export", "--out", file.to_str().unwrap()]
        )
        .status
        .success(),
        "no overwrite without --force"
    );
    let (_tmp2, other, cfg2) = new_project();
    let merged = ok_json(&in_project(
        &other,
        &cfg2,
        &["bundle", "import", file.to_str().unwrap()],
    ));
    assert_eq!(merged["added"]["notes"], 1);
    assert_eq!(merged["added"]["models"], 1);
    let shown = ok_json(&in_project(
        &other,
        &cfg2,
        &["notes", "show", &note["id"].as_str().unwrap()[..8]],
    ));
    assert_eq!(shown["title"], "Drift");
    let again = ok_json(&in_project(
        &other,
        &cfg2,
        &["bundle", "import", file.to_str().unwrap()],
    ));
    assert!(
        again["added"].as_object().unwrap().values().all(|v| v == 0),
        "{again}"
    );
}

/// Starts an endless training of `wine` in another process and waits until its run shows as
/// running; returns the process and the run's id.
#[allow(
    clippy::zombie_processes,
    reason = "the caller waits on the child it gets back; a panic ends the test"
)]
fn endless_training(project: &str, cfg: &str) -> (std::process::Child, String) {
    let run = |args: &[&str]| in_project(project, cfg, args);
    ok_json(&run(&[
        "import",
        &sklearn_csv("wine_train.csv"),
        "--name",
        "wine",
    ]));
    let mut child = Command::new(workspace_binary("modeldesk"))
        .args([
            "--project",
            project,
            "train",
            "wine",
            "--target",
            "target",
            "--valid",
            "none",
            "--param",
            "num_iterations=1000000",
            "--param",
            "early_stopping_rounds=0",
            // Tiny steps keep every leaf's hessian large: trees can always grow, so the
            // training never stops by itself (at 0.1 wine's leaves turn pure within a second).
            "--param",
            "learning_rate=0.000001",
        ])
        .env("MODELDESK_CONFIG_DIR", cfg)
        .env_remove("MODELDESK_PROJECT")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    loop {
        let runs = ok_json(&run(&["runs"]));
        if let Some(r) = runs
            .as_array()
            .and_then(|r| r.first())
            .filter(|r| r["status"] == "running")
        {
            return (child, r["id"].as_str().unwrap().to_owned());
        }
        if std::time::Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run never started: {runs}");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_running_training_is_cancelled_from_another_process() {
    let (_tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let (mut child, id) = endless_training(&project, &cfg);
    let asked = ok_json(&run(&["cancel", &id[id.len() - 8..]]));
    assert_eq!(asked["id"], id.as_str());
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "a cancelled training exits with an error"
    );
    let runs = ok_json(&run(&["runs"]));
    assert_eq!(runs[0]["status"], "cancelled", "{runs}");
    // Nothing left to cancel.
    let again = run(&["cancel", &id]);
    assert!(
        last_json(&again)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only a running run")
    );
}

#[test]
fn a_training_killed_mid_run_is_marked_interrupted_and_the_store_is_intact() {
    let (_tmp, project, cfg) = new_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let (mut child, _) = endless_training(&project, &cfg);
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    let runs = ok_json(&run(&["runs"]));
    assert_eq!(runs[0]["status"], "failed", "{runs}");
    assert!(
        runs[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("interrupted")
    );
    // The store is intact: it opens, its dataset reads, and training works again.
    assert_eq!(
        ok_json(&run(&["rows", "wine", "--limit", "2"]))["rows"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    ok_json(&run(&[
        "train",
        "wine",
        "--target",
        "target",
        "--param",
        "num_iterations=5",
    ]));
    let statuses: Vec<Value> = ok_json(&run(&["runs"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, [Value::from("finished"), Value::from("failed")]);
}

/// breast_cancer's training CSV imported as `bc` with a stratified 80/20 train/validation
/// split, and its test CSV as `bct`.
fn breast_cancer_project() -> (tempfile::TempDir, String, String) {
    let (tmp, project, cfg) = new_project();
    let run = |args: &[&str]| ok_json(&in_project(&project, &cfg, args));
    run(&[
        "import",
        &sklearn_csv("breast_cancer_train.csv"),
        "--name",
        "bc",
    ]);
    run(&[
        "import",
        &sklearn_csv("breast_cancer_test.csv"),
        "--name",
        "bct",
    ]);
    run(&[
        "split",
        "bc",
        "--strategy",
        "stratified",
        "--column",
        "target",
        "--validation",
        "0.2",
        "--test",
        "0",
    ]);
    (tmp, project, cfg)
}

#[test]
fn a_one_minute_search_matches_lightgbm_defaults_on_breast_cancer() {
    let (_tmp, project, cfg) = breast_cancer_project();
    let run = |args: &[&str]| ok_json(&in_project(&project, &cfg, args));
    let s = run(&["search", "bc", "--target", "target", "--minutes", "1"]);
    let trials = s["trials"].as_array().unwrap();
    assert!(trials.len() >= 3, "every family's defaults were tried: {s}");
    assert!(s["searchMs"].as_u64().unwrap() < 75_000, "the budget holds");
    let best = &s["best"];
    assert_eq!(best["metric"], "auc");
    // The kept model, scored on the held-out test CSV, against LightGBM's defaults there.
    let model = s["model"]["model"].as_str().unwrap().to_owned();
    let e = run(&["evaluate", &model, "bct", "--target", "target"]);
    let auc = e["metrics"]["auc"].as_f64().unwrap();
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../crates/train/tests/data/reference.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let lightgbm = reference["datasets"]["breast_cancer"]["lightgbm"]["auc"]
        .as_f64()
        .unwrap();
    assert!(
        auc >= lightgbm - 0.005,
        "search's model: test AUC {auc}, LightGBM defaults {lightgbm}"
    );
    // Every complete trial is a run with its cross-validated score.
    let runs = run(&["runs"]);
    let cv_runs = runs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["metric"] == "auc" && r["cvMean"].is_number() && r["searchTrial"].is_number())
        .count();
    let complete = trials.iter().filter(|t| t["pruned"] == false).count();
    assert_eq!(cv_runs, complete);
    // Best first: the kept model's run (test AUC) or a trial, all sorted by their score.
    let sorted = run(&["runs", "--dataset", "bc", "--sort", "metric"]);
    let scores: Vec<f64> = sorted
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            r["test"]
                .as_f64()
                .or(r["validation"].as_f64())
                .or(r["cvMean"].as_f64())
        })
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        run(&["runs", "--dataset", "bct"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // One run in full, and two side by side.
    let kept = s["model"]["runId"].as_str().unwrap();
    let detail = run(&["run", &kept[kept.len() - 8..]]);
    assert_eq!(detail["summary"]["model"], s["model"]["model"]);
    assert!(
        detail["codeVersion"]
            .as_str()
            .is_some_and(|v| !v.is_empty()),
        "{detail}"
    );
    assert!(!detail["curve"].as_array().unwrap().is_empty());
    assert!(
        detail["metrics"]["validation"]["roc"]
            .as_array()
            .unwrap()
            .len()
            > 2
    );
    let first_trial = trials[0]["runId"].as_str().unwrap();
    let both = run(&["compare", kept, first_trial]);
    assert_eq!(both.as_array().unwrap().len(), 2);
}

#[test]
fn a_search_is_reproducible_for_a_seed_and_refuses_bad_budgets() {
    let (_tmp, project, cfg) = breast_cancer_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let search = || {
        ok_json(&run(&[
            "search",
            "bc",
            "--target",
            "target",
            "--minutes",
            "30",
            "--max-trials",
            "6",
            "--seed",
            "3",
            "--folds",
            "3",
            "--family",
            "gbdt,linear",
        ]))
    };
    let (a, b) = (search(), search());
    let key = |s: &Value| -> Vec<(Value, Value, Value)> {
        s["trials"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["params"].clone(), t["folds"].clone(), t["pruned"].clone()))
            .collect()
    };
    assert_eq!(a["trials"].as_array().unwrap().len(), 6);
    assert_eq!(key(&a), key(&b), "same seed, same trials");
    for t in a["trials"].as_array().unwrap() {
        assert!(["gbdt", "linear"].contains(&t["family"].as_str().unwrap()));
    }
    // A plain training can cross-validate its parameters too.
    let cv = |name: &str| {
        ok_json(&run(&[
            "train",
            "bc",
            "--target",
            "target",
            "--folds",
            "3",
            "--param",
            "num_iterations=20",
            "--name",
            name,
        ]))["metrics"]["cv"]
            .clone()
    };
    let (one, two) = (cv("cv1"), cv("cv2"));
    assert_eq!(one["folds"].as_array().unwrap().len(), 3);
    assert_eq!(one["metric"], "auc");
    assert!(one["mean"].as_f64().unwrap() > 0.9, "{one}");
    assert_eq!(one, two, "seeded folds");
    assert!(
        !run(&["train", "bc", "--target", "target", "--folds", "1"])
            .status
            .success()
    );
    let bad = run(&["search", "bc", "--target", "target", "--minutes", "0"]);
    assert!(
        last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("minutes")
    );
    let bad = run(&["search", "bc", "--target", "target", "--family", "svm"]);
    assert!(
        last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"svm\"")
    );
}

#[test]
fn runs_are_starred_and_tagged() {
    let (_tmp, project, cfg) = breast_cancer_project();
    let run = |args: &[&str]| in_project(&project, &cfg, args);
    let t = ok_json(&run(&[
        "train",
        "bc",
        "--target",
        "target",
        "--param",
        "num_iterations=5",
    ]));
    let id = t["runId"].as_str().unwrap().to_owned();
    let labelled = ok_json(&run(&[
        "run",
        &id,
        "--star",
        "--tag",
        "baseline, small",
        "--tag",
        "baseline",
    ]));
    assert_eq!(labelled["summary"]["starred"], true);
    assert_eq!(
        labelled["summary"]["tags"],
        serde_json::json!(["baseline", "small"])
    );
    let listed = ok_json(&run(&["runs"]));
    assert_eq!(listed[0]["starred"], true);
    let cleared = ok_json(&run(&["run", &id, "--unstar", "--tag", ""]));
    assert_eq!(cleared["summary"]["starred"], false);
    assert_eq!(cleared["summary"]["tags"], serde_json::json!([]));
    let long = "x".repeat(41);
    assert!(!run(&["run", &id, "--tag", &long]).status.success());
}
