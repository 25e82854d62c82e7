//! Command wiring, headless: the real handlers, state and ACL through Tauri's mock runtime.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use modeldesk_app::{RecentProjects, UserSettings};
use modeldesk_desktop::{AppState, configure};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app(config: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = configure(
        mock_builder(),
        AppState::new(RecentProjects::in_dir(config), UserSettings::in_dir(config)),
    )
    .build(tauri::generate_context!())
    .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", tauri::WebviewUrl::default())
        .build()
        .unwrap();
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: tauri::http::HeaderMap::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_reports_the_real_onnx_runtime() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(tmp.path());
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["name"], "ModelDesk");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["runtime"]["loaded"], true);
    assert_eq!(info["runtime"]["ortVersion"], "1.31.1");
    assert_eq!(info["runtime"]["activeProvider"], "CPU");
}

#[test]
fn diagnostics_report_versions_runtime_store_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(&tmp.path().join("cfg"));
    let none = invoke(&window, "diagnostics", json!({})).unwrap();
    assert_eq!(none["report"]["store"], Value::Null);
    assert_eq!(none["report"]["runtime"]["ortVersion"], "1.31.1");
    let details = none["report"]["details"].as_array().unwrap();
    assert_eq!(details[0]["label"], "Tauri");
    assert!(details[0]["value"].as_str().unwrap().starts_with("2."));
    assert_eq!(details[1]["label"], "WebView");

    let dir = tmp.path().join("p");
    invoke(&window, "create_project", json!({ "path": dir })).unwrap();
    let open = invoke(&window, "diagnostics", json!({})).unwrap();
    let store = &open["report"]["store"];
    assert_eq!(store["ok"], true);
    assert_eq!(store["path"], dir.to_str().unwrap());
    let text = open["text"].as_str().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        text.starts_with(&format!("ModelDesk {version} on ")),
        "{text}"
    );
    assert!(text.contains("ONNX Runtime  ok  1.31.1 from "), "{text}");
    assert!(
        text.contains(&format!("Tauri  {}", tauri::VERSION)),
        "{text}"
    );
    assert!(
        text.contains(&format!("Project store  ok  \"p\" at {}", dir.display())),
        "{text}"
    );
    assert!(text.contains("logs "), "{text}");
}

#[test]
fn the_sample_project_is_made_once_with_progress_then_reopened() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let sample = tmp.path().join("data").join("sample");
    let app = configure(
        mock_builder(),
        AppState::new(RecentProjects::in_dir(&cfg), UserSettings::in_dir(&cfg))
            .with_sample_dir(sample.clone()),
    )
    .build(tauri::generate_context!())
    .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", tauri::WebviewUrl::default())
        .build()
        .unwrap();
    let args = json!({ "language": "en", "onProgress": "__CHANNEL__:3" });
    let made = invoke(&window, "open_sample_project", args.clone()).unwrap();
    assert_eq!(made["name"], "Sample project");
    assert_eq!(made["path"], sample.to_str().unwrap());
    let models = invoke(&window, "list_models", json!({})).unwrap();
    assert_eq!(models.as_array().unwrap().len(), 2);
    // The Explain panel's first request is there, kept: no computing needed to show it.
    let stored = invoke(&window, "stored_explanation", json!({ "model": models[0]["name"], "dataset": "breast_cancer@1", "start": 0, "end": modeldesk_app::SAMPLE_EXPLAIN_ROWS, "options": { "method": "auto", "background": null, "interactions": false } })).unwrap();
    assert_eq!(stored["stored"], true);
    assert_eq!(stored["rows"], 500);
    let other = invoke(&window, "stored_explanation", json!({ "model": models[0]["name"], "dataset": "breast_cancer@1", "start": 0, "end": 10, "options": {} })).unwrap();
    assert_eq!(other, Value::Null);
    let notes = invoke(
        &window,
        "list_notes",
        json!({ "entityKind": null, "entity": null, "tag": null, "deleted": false }),
    )
    .unwrap();
    assert_eq!(notes[0]["title"], "About this sample project");

    invoke(&window, "close_project", json!({})).unwrap();
    let again = invoke(&window, "open_sample_project", args).unwrap();
    assert_eq!(again["id"], made["id"]);
    let recent = invoke(&window, "recent_projects", json!({})).unwrap();
    assert_eq!(recent.as_array().unwrap().len(), 1);
}

#[test]
fn log_files_roll_daily_and_the_oldest_go() {
    use modeldesk_desktop::logging::{KEPT_LOG_FILES, rolling_writer};
    let tmp = tempfile::tempdir().unwrap();
    for day in 1..=20 {
        std::fs::write(
            tmp.path().join(format!("modeldesk.2026-01-{day:02}.log")),
            "old\n",
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::fs::write(tmp.path().join("notes.txt"), "not a log").unwrap();
    let _writer = rolling_writer(tmp.path()).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.contains(&"notes.txt".to_owned()), "{names:?}");
    assert!(
        names.contains(&"modeldesk.2026-01-20.log".to_owned()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"modeldesk.2026-01-01.log".to_owned()),
        "{names:?}"
    );
    let logs = names.iter().filter(|n| n.starts_with("modeldesk.")).count();
    assert!(logs <= KEPT_LOG_FILES, "{logs} log files kept: {names:?}");
}

#[test]
fn create_current_close_and_recent_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(&tmp.path().join("cfg"));
    assert_eq!(
        invoke(&window, "current_project", json!({})).unwrap(),
        Value::Null
    );

    let dir = tmp.path().join("iris-study");
    let created = invoke(
        &window,
        "create_project",
        json!({ "path": dir, "name": "Iris study" }),
    )
    .unwrap();
    assert_eq!(created["name"], "Iris study");
    assert!(dir.join("project.sqlite").is_file());

    let current = invoke(&window, "current_project", json!({})).unwrap();
    assert_eq!(current["id"], created["id"]);
    invoke(&window, "close_project", json!({})).unwrap();
    assert_eq!(
        invoke(&window, "current_project", json!({})).unwrap(),
        Value::Null
    );

    let reopened = invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    assert_eq!(reopened["id"], created["id"]);
    let recent = invoke(&window, "recent_projects", json!({})).unwrap();
    assert_eq!(recent[0]["name"], "Iris study");
    assert_eq!(recent[0]["exists"], true);
}

#[test]
fn errors_cross_the_boundary_as_code_and_message() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(tmp.path());
    let err = invoke(
        &window,
        "open_project",
        json!({ "path": tmp.path().join("nothing-here") }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(
        err["message"].as_str().unwrap().contains("nothing-here"),
        "{err}"
    );

    let err = invoke(
        &window,
        "create_project",
        json!({ "path": "", "name": null }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(tmp.path());
    let err = invoke(
        &window,
        "plugin:fs|read_file",
        json!({ "path": "/etc/passwd" }),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("not found") || err.to_string().contains("not allowed"),
        "{err}"
    );
}

/// A project folder with the wine dataset, made through the facade; returns (tmp, folder).
fn wine_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("wine");
    let mut ws = modeldesk_app::Workspace::new(RecentProjects::in_dir(&tmp.path().join("cfg")));
    ws.create_project(&dir, Some("wine")).unwrap();
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/train/tests/data/wine_train.csv");
    ws.import_dataset(
        &csv,
        Some("wine"),
        &modeldesk_app::ImportOptions::default(),
        &modeldesk_app::NoProgress,
        &modeldesk_app::CancelToken::new(),
    )
    .unwrap();
    (tmp, dir)
}

#[test]
fn train_model_trains_stores_and_lists_a_model() {
    let (tmp, dir) = wine_project();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    assert_eq!(
        invoke(&window, "list_models", json!({})).unwrap(),
        json!([])
    );
    let request = json!({ "dataset": "wine", "target": "target", "family": "gbdt", "params": { "num_iterations": "15" } });
    let outcome = invoke(
        &window,
        "train_model",
        json!({ "request": request, "onProgress": "__CHANNEL__:7" }),
    )
    .unwrap();
    assert_eq!(outcome["model"], "wine-gbdt-1");
    assert_eq!(outcome["task"], "multiclass");
    assert_eq!(outcome["iterations"], 15);
    assert!(
        outcome["metrics"]["train"]["accuracy"].as_f64().unwrap() > 0.9,
        "{outcome}"
    );
    // The exported model's serving cost is measured through ONNX Runtime after training.
    let latency = &outcome["metrics"]["latency"];
    let (p50, p99) = (
        latency["p50Batch1Ms"].as_f64().unwrap(),
        latency["p99Batch1Ms"].as_f64().unwrap(),
    );
    assert!(p50 > 0.0 && p99 >= p50 && p50 < 1000.0, "{latency}");
    assert!(
        latency["rowsPerSecondBatch1024"].as_f64().unwrap() > 1000.0,
        "{latency}"
    );
    assert!(latency["modelBytes"].as_u64().unwrap() > 1000, "{latency}");
    let board = invoke(&window, "leaderboard", json!({})).unwrap();
    assert_eq!(board[0]["model"], "wine-gbdt-1");
    assert_eq!(
        board[0]["latency"], *latency,
        "the leaderboard shows the run's serving cost"
    );
    let models = invoke(&window, "list_models", json!({})).unwrap();
    assert_eq!(models[0]["name"], "wine-gbdt-1");
    assert_eq!(models[0]["summary"]["target"], "target");

    let view = invoke(
        &window,
        "explain_model",
        json!({ "model": "wine-gbdt-1", "dataset": "wine", "start": 0, "end": 25, "options": { "interactions": true }, "onProgress": "__CHANNEL__:9" }),
    )
    .unwrap();
    assert_eq!(view["rows"], 25);
    assert_eq!(view["interactions"].as_array().unwrap().len(), 13 * 13);
    assert_eq!(view["dependenceColor"].as_array().unwrap().len(), 3 * 13);
    assert_eq!(view["featureValues"].as_array().unwrap().len(), 25 * 13);
    assert_eq!(view["stored"], false);
    assert_eq!(view["outputs"].as_array().unwrap().len(), 3);
    assert_eq!(view["values"].as_array().unwrap().len(), 25 * 3 * 13);
    assert!(view["maxAdditivityError"].as_f64().unwrap() < 1e-9);
    assert_eq!(view["importance"].as_array().unwrap().len(), 13);

    let bad = json!({ "dataset": "wine", "target": "colour" });
    let err = invoke(
        &window,
        "train_model",
        json!({ "request": bad, "onProgress": "__CHANNEL__:8" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("colour"), "{err}");
}

#[test]
fn queued_trainings_run_in_the_background_and_list_as_runs() {
    let (tmp, dir) = wine_project();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    let request = |iterations: &str| {
        json!({ "request": { "dataset": "wine", "target": "target", "ignoreSplit": true,
            "params": { "num_iterations": iterations, "early_stopping_rounds": "0" } } })
    };
    let first = invoke(&window, "queue_training", request("15")).unwrap();
    let second = invoke(&window, "queue_training", request("100000000")).unwrap();
    // The long one is cancelled (waiting or training); the first finishes with a model.
    let cancelled = invoke(&window, "cancel_run", json!({ "run": second })).unwrap();
    assert_eq!(cancelled["id"], second);
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    loop {
        let runs = invoke(&window, "list_runs", json!({ "dataset": "wine" })).unwrap();
        let status = |id: &Value| {
            runs.as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == *id)
                .map(|r| r["status"].clone())
                .unwrap()
        };
        if status(&first) == "finished" && status(&second) == "cancelled" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{runs}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let models = invoke(&window, "list_models", json!({})).unwrap();
    assert_eq!(models.as_array().unwrap().len(), 1);
}

#[test]
fn an_imported_onnx_model_is_inspected_mapped_evaluated_and_ranked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    {
        let mut ws = modeldesk_app::Workspace::new(RecentProjects::in_dir(&tmp.path().join("cfg")));
        ws.create_project(&dir, None).unwrap();
        ws.import_dataset(
            &data.join("train/tests/data/diabetes_test.csv"),
            Some("diabetes"),
            &modeldesk_app::ImportOptions::default(),
            &modeldesk_app::NoProgress,
            &modeldesk_app::CancelToken::new(),
        )
        .unwrap();
    }
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    let model = invoke(
        &window,
        "import_model",
        json!({ "path": data.join("app/tests/data/byo/mlp.onnx"), "name": null }),
    )
    .unwrap();
    assert_eq!(model["origin"], "imported");
    let inspection = invoke(&window, "inspect_model", json!({ "model": "mlp" })).unwrap();
    assert_eq!(inspection["inspection"]["parameters"], 193);
    assert_eq!(inspection["outputs"]["task"], "regression");
    let mapping = invoke(
        &window,
        "suggest_mapping",
        json!({ "model": "mlp", "dataset": "diabetes" }),
    )
    .unwrap();
    assert_eq!(mapping["inputs"][0]["columns"][0], "s6");
    invoke(
        &window,
        "set_model_io",
        json!({ "model": "mlp", "mapping": mapping, "outputs": null, "target": "target" }),
    )
    .unwrap();
    let evaluation = invoke(
        &window,
        "evaluate_model",
        json!({ "model": "mlp", "dataset": "diabetes", "part": null, "target": null }),
    )
    .unwrap();
    assert!(evaluation["metrics"]["rmse"].as_f64().unwrap() > 0.0);
    let board = invoke(&window, "leaderboard", json!({})).unwrap();
    assert_eq!(board[0]["model"], "mlp");

    // Settings are saved in the config folder and reported with the provider actually used.
    let status = invoke(
        &window,
        "set_runtime_settings",
        json!({ "settings": { "provider": "cuda", "intraThreads": 1, "interThreads": 0, "optimization": "basic" } }),
    )
    .unwrap();
    assert_eq!(status["provider"]["requested"], "cuda");
    assert_eq!(status["provider"]["active"], "cpu");
    assert!(
        status["provider"]["fallbackReason"]
            .as_str()
            .unwrap()
            .contains("no CUDA provider")
    );
    let saved = invoke(&window, "runtime_settings", json!({})).unwrap();
    assert_eq!(saved["optimization"], "basic");
    assert_eq!(
        UserSettings::in_dir(&tmp.path().join("cfg"))
            .session()
            .intra_threads,
        1
    );
    let bad = invoke(
        &window,
        "import_model",
        json!({ "path": data.join("app/tests/data/byo/truncated.onnx"), "name": null }),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
}

#[test]
fn notes_reviews_and_search_cross_the_boundary() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(
        &window,
        "create_project",
        json!({ "path": tmp.path().join("p"), "name": null }),
    )
    .unwrap();
    assert_eq!(invoke(&window, "profile", json!({})).unwrap(), Value::Null);
    let me = invoke(
        &window,
        "set_profile",
        json!({ "profile": { "name": "Ada", "email": "ada@example.org", "colour": "#3366ff" } }),
    )
    .unwrap();
    assert_eq!(me["name"], "Ada");
    let note = invoke(
        &window,
        "add_note",
        json!({ "input": { "entityKind": "project", "title": "Goals", "body": "Ship <script>x</script> **May**", "tags": ["plan"] } }),
    )
    .unwrap();
    assert_eq!(note["author"], "Ada", "the profile's name is the author");
    assert!(!note["html"].as_str().unwrap().contains("<script"));
    let id = note["id"].as_str().unwrap();
    invoke(
        &window,
        "edit_note",
        json!({ "note": id, "input": { "title": "Goals", "body": "Ship in June" }, "expectedVersion": 1 }),
    )
    .unwrap();
    let diff = invoke(
        &window,
        "note_diff",
        json!({ "note": id, "from": 1, "to": 2 }),
    )
    .unwrap();
    assert_eq!(diff.as_array().unwrap().len(), 2);
    let hits = invoke(
        &window,
        "search_notes",
        json!({ "text": "june", "author": null, "tag": null, "entityKind": null }),
    )
    .unwrap();
    assert_eq!(hits[0]["id"], id);
    let comment = invoke(
        &window,
        "add_comment",
        json!({ "entityKind": "note", "entity": id, "replyTo": null, "body": "Why June?" }),
    )
    .unwrap();
    let resolved = invoke(
        &window,
        "resolve_comment",
        json!({ "comment": comment["id"], "resolved": true }),
    )
    .unwrap();
    assert_eq!(resolved["resolvedBy"], "Ada");
    let feed = invoke(
        &window,
        "activity_feed",
        json!({ "limit": 10, "kind": "note", "mentionsOnly": false }),
    )
    .unwrap();
    assert_eq!(feed.as_array().unwrap().len(), 2);
    let err = invoke(
        &window,
        "review_model",
        json!({ "model": "nope", "action": "request", "reviewers": [], "comment": "" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
    let html = invoke(
        &window,
        "render_markdown",
        json!({ "text": "[x](javascript:alert(1))" }),
    )
    .unwrap();
    assert!(!html.as_str().unwrap().contains("javascript"));
}

#[test]
fn a_model_bundle_is_previewed_exported_into_the_project_and_imported_elsewhere() {
    let (tmp, dir) = wine_project();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    let request =
        json!({ "dataset": "wine", "target": "target", "params": { "num_iterations": "10" } });
    invoke(
        &window,
        "train_model",
        json!({ "request": request, "onProgress": "__CHANNEL__:1" }),
    )
    .unwrap();
    let options = json!({ "license": "MIT", "sampleRows": 3 });
    let preview = invoke(
        &window,
        "preview_model_bundle",
        json!({ "model": "wine-gbdt-1", "options": options, "onProgress": "__CHANNEL__:2" }),
    )
    .unwrap();
    assert_eq!(preview["card"]["license"], "MIT");
    assert_eq!(preview["hasShap"], true);
    assert_eq!(preview["samplesCsv"].as_str().unwrap().lines().count(), 4);
    assert!(
        preview["cardMarkdown"]
            .as_str()
            .unwrap()
            .starts_with("---\nlibrary_name: modeldesk\nlicense: \"MIT\"")
    );
    let exported = invoke(
        &window,
        "export_model_bundle",
        json!({ "model": "wine-gbdt-1", "options": options, "onProgress": "__CHANNEL__:3" }),
    )
    .unwrap();
    let path = std::path::PathBuf::from(exported["path"].as_str().unwrap());
    assert_eq!(path, dir.join("exports/wine-gbdt-1.mdbundle"));
    assert_eq!(
        exported["manifest"], preview["manifest"],
        "the preview is what is written"
    );
    // Exported again: a new name, never a replaced file.
    let again = invoke(
        &window,
        "export_model_bundle",
        json!({ "model": "wine-gbdt-1", "options": options, "onProgress": "__CHANNEL__:4" }),
    )
    .unwrap();
    assert!(
        again["path"]
            .as_str()
            .unwrap()
            .ends_with("wine-gbdt-1-2.mdbundle")
    );

    // The report, as HTML and PDF, lands beside it.
    let report = invoke(
        &window,
        "export_report",
        json!({ "model": "wine-gbdt-1", "options": { "sections": ["summary", "metrics"], "theme": "dark" }, "html": true, "pdf": true, "onProgress": "__CHANNEL__:5" }),
    )
    .unwrap();
    let html_file = std::path::PathBuf::from(report["html"][0].as_str().unwrap());
    assert_eq!(html_file, dir.join("exports/wine-gbdt-1-report.html"));
    let html = std::fs::read_to_string(&html_file).unwrap();
    assert!(html.contains("class=\"dark\"") && html.contains("<section id=\"metrics\">"));
    assert!(!html.contains("<section id=\"notes\">"));
    let pdf = std::fs::read(report["pdf"][0].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(report["pdf"][1].as_u64().unwrap(), pdf.len() as u64);

    // Another project takes it in.
    let other = tmp.path().join("other");
    invoke(
        &window,
        "create_project",
        json!({ "path": other, "name": null }),
    )
    .unwrap();
    let model = invoke(&window, "import_model_bundle", json!({ "path": path })).unwrap();
    assert_eq!(model["bundle"]["card"]["name"], "wine-gbdt-1");
    assert_eq!(model["summary"]["task"], "multiclass");
    let bad = invoke(
        &window,
        "import_model_bundle",
        json!({ "path": dir.join("project.sqlite") }),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "corrupt");
}

#[test]
fn a_recipe_is_previewed_without_storing_then_applied_as_a_new_version() {
    let (tmp, dir) = wine_project();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(&window, "open_project", json!({ "path": dir })).unwrap();
    let steps = json!([
        { "op": "cast", "column": "target", "to": "categorical" },
        { "op": "scale", "column": "alcohol", "method": "standard" },
        { "op": "filter_rows", "column": "magnesium", "compare": "gt", "value": 100 },
        { "op": "drop_columns", "columns": ["ash"] }
    ]);
    let preview = invoke(
        &window,
        "preview_recipe",
        json!({ "dataset": "wine", "steps": steps, "rows": 5 }),
    )
    .unwrap();
    assert_eq!(preview["sampleRows"], 133);
    assert_eq!(preview["columnsBefore"], 14);
    let window_rows = preview["window"]["rows"].as_array().unwrap();
    assert_eq!(window_rows.len(), 5);
    let kept = preview["window"]["totalRows"].as_u64().unwrap();
    assert!(kept > 0 && kept < 133, "{kept}");
    let columns = preview["window"]["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 13);
    assert!(columns.iter().all(|c| c["name"] != "ash"));
    let target = columns.iter().find(|c| c["name"] == "target").unwrap();
    assert_eq!(target["type"], "categorical");
    assert!(
        preview["fitted"][1]["fitted"].is_array(),
        "{}",
        preview["fitted"]
    );
    // Nothing was stored by the preview.
    let versions = invoke(&window, "dataset_versions", json!({ "dataset": "wine" })).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 1);

    let bad = json!([
        { "op": "scale", "column": "alcohol", "method": "standard" },
        { "op": "tf_idf", "column": "hue" }
    ]);
    let err = invoke(
        &window,
        "preview_recipe",
        json!({ "dataset": "wine", "steps": bad, "rows": 5 }),
    )
    .unwrap_err();
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("step 2 (tf_idf)") && message.contains("\"hue\""),
        "{message}"
    );

    let prepared = invoke(
        &window,
        "prep_dataset",
        json!({ "dataset": "wine", "steps": steps }),
    )
    .unwrap();
    assert_eq!(prepared["dataset"]["version"], 2);
    assert_eq!(prepared["dataset"]["rows"], kept);
    assert_eq!(prepared["fittedOnTrainSplit"], false);
}

#[test]
fn pick_path_answers_with_what_the_open_dialog_chose() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let state = AppState::new(RecentProjects::in_dir(&cfg), UserSettings::in_dir(&cfg));
    // Stands in for the system dialog: a data file is chosen, a folder dialog is dismissed.
    state.set_picker(std::sync::Arc::new(|kind, title: String| {
        assert_eq!(title, "Import data");
        match kind {
            modeldesk_desktop::commands::dialogs::PickKind::DataFile => {
                Some(std::path::PathBuf::from("/data/iris.csv"))
            }
            _ => None,
        }
    }));
    let app = configure(mock_builder(), state)
        .build(tauri::generate_context!())
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", tauri::WebviewUrl::default())
        .build()
        .unwrap();
    let chosen = invoke(
        &window,
        "pick_path",
        json!({ "kind": "data_file", "title": "Import data" }),
    )
    .unwrap();
    assert_eq!(chosen, "/data/iris.csv");
    let dismissed = invoke(
        &window,
        "pick_path",
        json!({ "kind": "folder", "title": "Import data" }),
    )
    .unwrap();
    assert_eq!(dismissed, Value::Null);
    let bad = invoke(
        &window,
        "pick_path",
        json!({ "kind": "nope", "title": "x" }),
    )
    .unwrap_err();
    assert!(bad.to_string().contains("nope"), "{bad}");
}

#[test]
fn import_settings_override_the_sniffed_dialect_and_inferred_types() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app(&tmp.path().join("cfg"));
    invoke(
        &window,
        "create_project",
        json!({ "path": tmp.path().join("p") }),
    )
    .unwrap();
    let csv = tmp.path().join("prices.txt");
    std::fs::write(&csv, "price|code\n1,5|007\n2,25|010\n").unwrap();
    let settings = json!({
        "delimiter": "|",
        "decimalComma": true,
        "types": { "code": "text" },
        "strict": true
    });
    let summary = invoke(
        &window,
        "import_dataset",
        json!({ "path": csv, "name": null, "settings": settings, "onProgress": "__CHANNEL__:4" }),
    )
    .unwrap();
    let columns = summary["dataset"]["columns"].as_array().unwrap();
    assert_eq!(columns[0], json!({ "name": "price", "type": "float" }));
    assert_eq!(columns[1], json!({ "name": "code", "type": "text" }));
    let rows = invoke(
        &window,
        "dataset_rows",
        json!({ "dataset": "prices", "offset": 0, "limit": 5 }),
    )
    .unwrap();
    assert_eq!(rows["rows"], json!([[1.5, "007"], [2.25, "010"]]));

    for (bad, says) in [
        (json!({ "delimiter": "||" }), "delimiter"),
        (
            json!({ "types": { "code": "money" } }),
            "\"money\" (for column \"code\")",
        ),
    ] {
        let err = invoke(
            &window,
            "import_dataset",
            json!({ "path": csv, "name": null, "settings": bad, "onProgress": "__CHANNEL__:5" }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "invalid_input");
        assert!(err["message"].as_str().unwrap().contains(says), "{err}");
    }
}
