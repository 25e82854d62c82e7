//! Command wiring, headless: the real handlers, state and ACL through Tauri's mock runtime.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use modeldesk_app::RecentProjects;
use modeldesk_desktop::{AppState, configure};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app(config: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = configure(
        mock_builder(),
        AppState::new(RecentProjects::in_dir(config)),
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

#[test]
fn train_model_trains_stores_and_lists_a_model() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("wine");
    {
        // A project with the wine dataset, made through the facade.
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
    }
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
    let models = invoke(&window, "list_models", json!({})).unwrap();
    assert_eq!(models[0]["name"], "wine-gbdt-1");
    assert_eq!(models[0]["summary"]["target"], "target");

    let view = invoke(
        &window,
        "explain_model",
        json!({ "model": "wine-gbdt-1", "dataset": "wine", "start": 0, "end": 25, "onProgress": "__CHANNEL__:9" }),
    )
    .unwrap();
    assert_eq!(view["rows"], 25);
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
