//! Generates Tauri's context and the ACL permissions for the app's own commands, so the
//! window's capability can list exactly the commands it may call.

fn main() {
    // The built UI is embedded by `generate_context!`; rebuild when it changes.
    println!("cargo::rerun-if-changed=../ui/dist");
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "recent_projects",
        "create_project",
        "open_project",
        "current_project",
        "close_project",
        "import_dataset",
        "cancel_job",
        "list_datasets",
        "dataset_rows",
        "dataset_profile",
        "split_dataset",
        "dataset_split",
        "dataset_versions",
        "train_model",
        "list_models",
        "explain_model",
        "save_export",
        "list_runs",
        "run_detail",
        "search_models",
        "queue_training",
        "cancel_run",
        "set_queue_concurrency",
        "label_run",
        "import_model",
        "inspect_model",
        "suggest_mapping",
        "set_model_io",
        "evaluate_model",
        "leaderboard",
        "predict_file",
        "bench_model",
        "runtime_settings",
        "set_runtime_settings",
        "profile",
        "set_profile",
        "people",
        "list_notes",
        "add_note",
        "edit_note",
        "set_note_deleted",
        "note_history",
        "note_diff",
        "render_markdown",
        "list_comments",
        "add_comment",
        "resolve_comment",
        "model_review",
        "review_model",
        "search_notes",
        "activity_feed",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}
