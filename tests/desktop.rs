//! The real desktop app under Xvfb, driven over WebDriver: the status bar shows the version of
//! the real ONNX Runtime library, and creating a project through the UI writes a real store.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report
#![allow(clippy::format_push_string, clippy::cast_precision_loss)] // building a test file

use std::time::Duration;

use modeldesk_e2e::drop::drag_file;
use modeldesk_e2e::webdriver::Session;
use modeldesk_e2e::workspace_binary;
use modeldesk_e2e::xvfb::Xvfb;

#[test]
fn status_bar_shows_the_real_ort_version_and_a_project_can_be_created() {
    let app = workspace_binary("modeldesk-desktop");
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let project = tmp.path().join("projects").join("churn");
    let x = Xvfb::start();
    let session = Session::launch(
        &app,
        x.display(),
        &[("MODELDESK_CONFIG_DIR", config.to_str().unwrap())],
    );

    let status = session.wait_for_text("[data-testid=ort-status]", Duration::from_mins(1), |t| {
        t.contains("1.31.1")
    });
    assert!(status.contains("CPU"), "status bar: {status:?}");
    // First start: the app asks who is working, and saves it in the config folder.
    session.wait_for_text(
        "[data-testid=profile-dialog]",
        Duration::from_secs(20),
        |t| !t.is_empty(),
    );
    session.fill("profile-name", "Ada Lovelace");
    session.press("profile-save");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(config.join("settings.json"))
        .is_ok_and(|t| t.contains("Ada Lovelace"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the profile was not saved"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    session.screenshot(&shots.join("start.png"));

    let input = session
        .find("[data-testid=create-path]")
        .expect("create-path input");
    session.type_text(&input, project.to_str().unwrap());
    let submit = session
        .find("[data-testid=create-submit]")
        .expect("create button");
    session.click(&submit);

    let name = session.wait_for_text("[data-testid=project-name]", Duration::from_secs(20), |t| {
        !t.is_empty()
    });
    assert_eq!(name, "churn");
    for panel in ["data", "train", "explain", "notes", "export"] {
        assert!(
            session
                .find(&format!("[data-testid=panel-{panel}]"))
                .is_some(),
            "panel {panel} missing from the sidebar"
        );
    }
    assert!(
        project.join("project.sqlite").is_file(),
        "the store was not written"
    );
    let recent = std::fs::read_to_string(config.join("recent-projects.json")).unwrap();
    assert!(recent.contains("churn"), "{recent}");
    session.screenshot(&shots.join("workspace.png"));
}

#[test]
fn the_welcome_screen_opens_the_sample_project_with_every_panel_showing_content() {
    let app = workspace_binary("modeldesk-desktop");
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with_profile(tmp.path(), "Ada");
    let data = tmp.path().join("data");
    let x = Xvfb::start();
    let session = Session::launch(
        &app,
        x.display(),
        &[
            ("MODELDESK_CONFIG_DIR", config.to_str().unwrap()),
            ("MODELDESK_DATA_DIR", data.to_str().unwrap()),
        ],
    );
    session.wait_for_text("[data-testid=ort-status]", Duration::from_mins(1), |t| {
        t.contains("1.31.1")
    });
    // A first run: no recent projects, so the welcome card offers the sample.
    session.wait_for_text("[data-testid=welcome]", Duration::from_secs(20), |t| {
        !t.is_empty()
    });
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    session.screenshot(&shots.join("welcome.png"));
    session.press("open-sample");
    session.wait_for_text("[data-testid=project-name]", Duration::from_mins(1), |t| {
        t == "Sample project"
    });
    assert!(data.join("sample").join("project.sqlite").is_file());

    // Data: the 569 rows, the table and a histogram.
    session.press("panel-data");
    session.wait_for_text("[data-testid=row-count]", Duration::from_secs(20), |t| {
        t.contains("569")
    });
    session.wait_for_text("[data-testid=data-table]", Duration::from_secs(10), |t| {
        t.contains("benign") || t.contains("malignant")
    });
    let bars = session.execute(
        "const h = document.querySelector('[data-testid=histogram]'); return h ? h.querySelectorAll('rect').length : 0;",
    );
    assert!(bars.as_u64().unwrap_or(0) >= 10, "histogram bars: {bars}");
    session.screenshot(&shots.join("sample-data.png"));
    // The import form's Options open to the overrides.
    let options = session.execute(
        "const d = document.querySelector('[data-testid=import-options]'); if (d) d.open = true; return d ? d.textContent : '';",
    );
    assert!(
        options.as_str().unwrap_or_default().contains("Delimiter"),
        "{options}"
    );
    session.screenshot(&shots.join("import-options.png"));
    // Prepare: a scale step previews on the sample, then Apply makes version 2.
    select(&session, "recipe-op", "scale");
    session.press("recipe-add");
    let summary = session.wait_for_text(
        "[data-testid=recipe-summary]",
        Duration::from_secs(20),
        |t| t.contains("569"),
    );
    assert!(summary.contains("31"), "{summary}");
    session.screenshot(&shots.join("sample-recipe.png"));
    session.press("recipe-apply");
    let made = session.wait_for_text("[data-testid=recipe-made]", Duration::from_secs(30), |t| {
        !t.is_empty()
    });
    assert!(made.contains('2') && made.contains('1'), "{made}");
    assert!(data.join("sample").join("project.sqlite").is_file());
    // Train: both runs on the leaderboard.
    session.press("panel-train");
    let board = session.wait_for_text("[data-testid=runs-table]", Duration::from_secs(20), |t| {
        t.contains("breast_cancer")
    });
    assert!(board.matches("breast_cancer").count() >= 2, "{board}");
    // Models: both models listed.
    session.press("panel-models");
    let models = session.wait_for_text("[data-testid=model-list]", Duration::from_secs(20), |t| {
        t.contains("breast_cancer-gbdt-1")
    });
    assert!(models.contains("breast_cancer-linear-1"), "{models}");
    // Explain: the kept explanation is shown without asking for it.
    session.press("panel-explain");
    session.wait_for_text(
        "[data-testid=explain-summary]",
        Duration::from_secs(30),
        |t| !t.is_empty(),
    );
    let bars = session.execute(
        "const c = document.querySelector('[data-testid=importance-chart]'); return c ? c.querySelectorAll('rect').length : 0;",
    );
    assert!(bars.as_u64().unwrap_or(0) >= 10, "importance bars: {bars}");
    session.screenshot(&shots.join("sample-explain.png"));
    // Notes: the pinned note with the figures.
    session.press("panel-notes");
    let notes = session.wait_for_text("[data-testid=note-list]", Duration::from_secs(20), |t| {
        t.contains("About this sample project")
    });
    assert!(!notes.is_empty());
    // Export: the newest model's bundle can be previewed.
    session.press("panel-export");
    session.wait_for_text("[data-testid=bundle-form]", Duration::from_secs(20), |t| {
        !t.is_empty()
    });
    // About: versions, ONNX Runtime and the sample's store.
    session.press("about-open");
    let about = session.wait_for_text("[data-testid=about-dialog]", Duration::from_secs(20), |t| {
        t.contains("1.31.1") && t.contains("Sample project")
    });
    assert!(about.contains("CPUExecutionProvider"), "{about}");
    session.screenshot(&shots.join("about.png"));
    session.press("about-close");
}

/// A config folder with a saved profile, so the first-start dialog stays away.
fn config_with_profile(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.json"),
        format!(r#"{{"profile": {{"name": "{name}", "email": "", "colour": ""}}}}"#),
    )
    .unwrap();
    config
}

#[test]
fn a_file_dropped_on_the_window_reaches_the_ui() {
    let app = workspace_binary("modeldesk-desktop");
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with_profile(tmp.path(), "Ada");
    let dropped = tmp.path().join("iris.csv");
    std::fs::write(&dropped, "sepal_length,species\n5.1,setosa\n").unwrap();
    let x = Xvfb::start();
    let session = Session::launch(
        &app,
        x.display(),
        &[("MODELDESK_CONFIG_DIR", config.to_str().unwrap())],
    );
    session.wait_for_text("[data-testid=ort-status]", Duration::from_mins(1), |t| {
        t.contains("1.31.1")
    });
    // No window manager under Xvfb: the app's window sits at (0, 0), 1200x800.
    drag_file(x.display(), &dropped, (1040, 40), (500, 500));
    let notice = session.wait_for_text("[data-testid=drop-notice]", Duration::from_secs(15), |t| {
        t.contains("iris.csv")
    });
    assert!(notice.contains("Received"), "{notice}");
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    session.screenshot(&shots.join("dropped.png"));
}

#[test]
fn a_dropped_csv_is_imported_shown_trained_on_and_explained() {
    let app = workspace_binary("modeldesk-desktop");
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with_profile(tmp.path(), "Ada");
    let project = tmp.path().join("projects").join("flowers");
    let csv = tmp.path().join("iris.csv");
    let mut text = String::from("sepal_length,sepal_width,species\n");
    for i in 0..150 {
        let species = ["setosa", "versicolor", "virginica"][i / 50];
        text.push_str(&format!(
            "{},{},{species}\n",
            4.3 + (i % 36) as f64 * 0.1,
            2.0 + (i % 24) as f64 * 0.1
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let x = Xvfb::start();
    let session = Session::launch(
        &app,
        x.display(),
        &[("MODELDESK_CONFIG_DIR", config.to_str().unwrap())],
    );
    session.wait_for_text("[data-testid=ort-status]", Duration::from_mins(1), |t| {
        t.contains("1.31.1")
    });
    let input = session
        .find("[data-testid=create-path]")
        .expect("create-path input");
    session.type_text(&input, project.to_str().unwrap());
    session.press("create-submit");
    session.wait_for_text("[data-testid=project-name]", Duration::from_secs(20), |t| {
        t == "flowers"
    });

    drag_file(x.display(), &csv, (1040, 40), (600, 400));
    let count = session.wait_for_text("[data-testid=row-count]", Duration::from_secs(30), |t| {
        t.contains("150")
    });
    assert!(count.contains("150 rows"), "{count}");
    let table = session.wait_for_text("[data-testid=data-table]", Duration::from_secs(10), |t| {
        t.contains("setosa")
    });
    assert!(
        table.contains("4.3"),
        "first row missing from the table: {table}"
    );
    let bars = session.execute(
        "const h = document.querySelector('[data-testid=histogram]'); return h ? h.querySelectorAll('rect').length : 0;",
    );
    assert!(bars.as_u64().unwrap_or(0) >= 10, "histogram bars: {bars}");
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    session.screenshot(&shots.join("data-panel.png"));

    train_in_the_app(&session, &shots);
    explain_in_the_app(&session, &shots);
    models_in_the_app(&session, &shots, &x);
    notes_and_review_in_the_app(&session, &shots);
    export_in_the_app(&session, &shots);
}

/// The Export panel previews the reviewed model's bundle and writes it into the project.
fn export_in_the_app(session: &Session, shots: &std::path::Path) {
    session.press("panel-export");
    // The newest model (the imported, reviewed `mlp`) is picked by default.
    session.press("bundle-preview");
    let card = session.wait_for_text("[data-testid=bundle-card]", Duration::from_mins(1), |t| {
        t.contains("library_name: modeldesk")
    });
    assert!(
        card.contains("# mlp") && card.contains("**approved** — Bo"),
        "{card}"
    );
    let entries =
        session.execute("return document.querySelectorAll('[data-testid=bundle-entry]').length;");
    assert!(entries.as_u64().unwrap_or(0) >= 6, "entries: {entries}");
    session.screenshot(&shots.join("export-panel.png"));
    session.press("bundle-export");
    let written = session.wait_for_text(
        "[data-testid=bundle-exported]",
        Duration::from_mins(1),
        |t| t.contains(".mdbundle"),
    );
    let path = written
        .split_whitespace()
        .find(|w| w.contains(".mdbundle"))
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || "/._-".contains(c))))
        .unwrap_or_default()
        .to_owned();
    assert!(std::path::Path::new(&path).is_file(), "{written}");
    // The report, as HTML and PDF, with the default sections.
    session.press("report-write");
    let report = session.wait_for_text(
        "[data-testid=report-written]",
        Duration::from_mins(1),
        |t| t.contains(".pdf"),
    );
    assert!(report.contains("mlp-report.html"), "{report}");
    session.screenshot(&shots.join("export-report.png"));
}

/// Sets a React-controlled select's value by script (WebDriver's select handling is uneven),
/// once an option with that value or text is there (options may load after the form).
fn select(session: &Session, testid: &str, value: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while session
        .execute(&format!(
            "const s = document.querySelector('[data-testid={testid}]');
             return !!s && Array.from(s.options).some(o => o.value === '{value}' || o.text === '{value}' || o.text.endsWith(' {value}'));"
        ))
        .as_bool()
        != Some(true)
    {
        assert!(std::time::Instant::now() < deadline, "no option {value} in {testid}");
        std::thread::sleep(Duration::from_millis(100));
    }
    session.execute(&format!(
        "const s = document.querySelector('[data-testid={testid}]');
         const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
         const option = Array.from(s.options).find(o => o.value === '{value}' || o.text === '{value}' || o.text.endsWith(' {value}'));
         set.call(s, option ? option.value : '{value}');
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));
         return s.value;"
    ));
}

/// Writes a note with a mention on the model and finds it by search; then the review.
fn notes_and_review_in_the_app(session: &Session, shots: &std::path::Path) {
    session.press("panel-notes");
    session.press("notes-new");
    session.fill("note-editor-title", "Drift");
    session.fill(
        "note-editor-body",
        "AUC fell after March, cc @Ada. See [[model:mlp]].",
    );
    select(session, "note-editor-entity", "mlp");
    session.press("note-editor-save");
    let rendered = session.wait_for_text("[data-testid=note-body]", Duration::from_secs(10), |t| {
        t.contains("March")
    });
    assert!(rendered.contains("model:mlp"), "{rendered}");
    let mentions =
        session.wait_for_text("[data-testid=note-mentions]", Duration::from_secs(5), |t| {
            !t.is_empty()
        });
    assert!(mentions.contains("Ada"), "{mentions}");
    let meta = session
        .text(&session.find("[data-testid=note-meta]").expect("note meta"))
        .unwrap_or_default();
    assert!(meta.contains("mlp"), "attached to the model: {meta}");
    session.fill("notes-search", "march");
    let hit = session.wait_for_text(
        "[data-testid=search-results]",
        Duration::from_secs(10),
        |t| t.contains("Drift"),
    );
    assert!(hit.contains("March"), "{hit}");
    // The run's note is found too.
    session.fill("notes-search", "flattens");
    let run_hit = session.wait_for_text(
        "[data-testid=search-results]",
        Duration::from_secs(10),
        |t| t.contains("Run check"),
    );
    assert!(run_hit.contains("flattens"), "{run_hit}");
    session.screenshot(&shots.join("notes-panel.png"));
    review_in_the_app(session, shots);
}

/// Ada asks for a review of the model; Bo (after switching the profile) approves it.
fn review_in_the_app(session: &Session, shots: &std::path::Path) {
    session.press("panel-models");
    session.wait_for_text("[data-testid=review-bar]", Duration::from_secs(10), |t| {
        !t.is_empty()
    });
    session.fill("review-reviewers-input", "Bo");
    session.press("review-request");
    session.wait_for_text("[data-testid=review-state]", Duration::from_secs(10), |t| {
        t.to_lowercase().contains("in review")
    });
    session.press("panel-notes");
    session.press("notes-profile");
    session.fill("profile-name", "Bo");
    session.press("profile-save");
    session.press("panel-models");
    session.wait_for_text("[data-testid=review-bar]", Duration::from_secs(10), |t| {
        !t.is_empty()
    });
    session.press("review-approve");
    let decision = session.wait_for_text(
        "[data-testid=review-decision]",
        Duration::from_secs(10),
        |t| t.contains("approved by Bo"),
    );
    assert!(decision.starts_with("approved by Bo"), "{decision}");
    session.screenshot(&shots.join("review.png"));
    // The model's notes drawer lists the note attached to it in the Notes panel.
    session.press("model-notes");
    let drawer =
        session.wait_for_text("[data-testid=entity-notes]", Duration::from_secs(10), |t| {
            t.contains("Drift")
        });
    assert!(drawer.contains("mlp"), "{drawer}");
    session.screenshot(&shots.join("notes-drawer.png"));
}

/// Drops an ONNX model on the window: it is imported and inspected in the Models panel.
fn models_in_the_app(session: &Session, shots: &std::path::Path, x: &Xvfb) {
    let onnx = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/app/tests/data/byo/mlp.onnx")
        .canonicalize()
        .unwrap();
    drag_file(x.display(), &onnx, (1040, 40), (600, 400));
    let name = session.wait_for_text(
        "[data-testid=model-detail-name]",
        Duration::from_secs(30),
        |t| t == "mlp",
    );
    assert_eq!(name, "mlp");
    let inspect = session.wait_for_text(
        "[data-testid=model-inspect]",
        Duration::from_secs(20),
        |t| t.contains("Gemm"),
    );
    assert!(inspect.contains("torch-like"), "producer shown: {inspect}");
    let ops = session.execute("return document.querySelectorAll('[data-testid=op-bar]').length;");
    assert_eq!(ops.as_u64(), Some(3), "Gemm, Relu and Flatten");
    session.screenshot(&shots.join("models-panel.png"));
}

/// Trains a model from the Train panel (target `species`) and checks the result card, the
/// learning curve and the model list.
fn train_in_the_app(session: &Session, shots: &std::path::Path) {
    // Train a model on it from the Train panel and see the live curve and the result.
    session.press("panel-train");
    session.wait_for_text("[data-testid=train-form]", Duration::from_secs(10), |t| {
        !t.is_empty()
    });
    session.execute(
        "const s = document.querySelector('[data-testid=train-target]');
         const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
         set.call(s, 'species');
         s.dispatchEvent(new Event('change', { bubbles: true }));
         return s.value;",
    );
    session.press("train-submit");
    let result = session.wait_for_text("[data-testid=train-result]", Duration::from_mins(1), |t| {
        t.contains("iris-gbdt-1")
    });
    assert!(result.to_lowercase().contains("multiclass"), "{result}");
    let points = session.execute(
        "const c = document.querySelector('[data-testid=curve-train]'); return c ? (c.getAttribute('points') || c.getAttribute('d') || '').length : 0;",
    );
    assert!(
        points.as_u64().unwrap_or(0) > 20,
        "learning curve: {points}"
    );
    let models = session.wait_for_text("[data-testid=model-table]", Duration::from_secs(10), |t| {
        t.contains("iris-gbdt-1")
    });
    assert!(models.contains("species"), "{models}");
    // The finished run is in the leaderboard with its metric.
    let board = session.wait_for_text("[data-testid=runs-table]", Duration::from_secs(10), |t| {
        t.contains("iris")
    });
    assert!(
        board.to_lowercase().contains("gbdt") || board.contains("Gradient"),
        "{board}"
    );
    let metric = session.execute(
        "const m = document.querySelector('[data-testid^=runs-metric-]'); return m ? m.textContent : '';",
    );
    let value: f64 = metric
        .as_str()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('%')
        .parse()
        .unwrap_or(f64::NAN);
    assert!(
        (0.0..=1.0).contains(&value) && result.contains(metric.as_str().unwrap_or("?").trim()),
        "the run's metric in the leaderboard ({metric}) is the one the result shows: {result}"
    );
    session.screenshot(&shots.join("train-panel.png"));
    // A note with a mention on the run, from its notes drawer.
    session.press("run-notes");
    session.fill("entity-note-title", "Run check");
    session.fill("entity-note-body", "The curve flattens early, cc @Ada.");
    session.press("entity-note-add");
    session.wait_for_text("[data-testid=entity-notes]", Duration::from_secs(10), |t| {
        t.contains("Run check")
    });
    session.press("entity-notes-close");
}

/// Explains the trained model from the Explain panel: one importance bar and one waterfall
/// step per column.
fn explain_in_the_app(session: &Session, shots: &std::path::Path) {
    // Explain it: the importance chart and a row's waterfall.
    session.press("panel-explain");
    session.wait_for_text("[data-testid=explain-form]", Duration::from_secs(10), |t| {
        !t.is_empty()
    });
    // A boosted-tree model trained here offers interaction values.
    session.press("explain-interactions-toggle");
    session.press("explain-submit");
    session.wait_for_text(
        "[data-testid=explain-summary]",
        Duration::from_mins(1),
        |t| !t.is_empty(),
    );
    let bars = session.execute(
        "const c = document.querySelector('[data-testid=importance-chart]'); return c ? c.querySelectorAll('rect').length : 0;",
    );
    assert_eq!(
        bars.as_u64(),
        Some(2),
        "one bar per column (sepal_length, sepal_width)"
    );
    let steps =
        session.execute("return document.querySelectorAll('[data-testid=waterfall-step]').length;");
    assert_eq!(steps.as_u64(), Some(2), "a waterfall step per column");
    // The beeswarm (canvas), the force plot and the interaction heat-map are drawn.
    let drawn = session.execute(
        "return ['explain-beeswarm-canvas', 'force-plot', 'interactions-heatmap'].map(id => !!document.querySelector(`[data-testid=${id}]`));",
    );
    assert_eq!(
        drawn,
        serde_json::json!([true, true, true]),
        "beeswarm, force plot, heat-map"
    );
    session.screenshot(&shots.join("explain-panel.png"));
    // A plot exported as SVG lands in the project's exports folder.
    session.press("explain-export-svg-importance");
    let status = session.wait_for_text(
        "[data-testid=explain-export-status]",
        Duration::from_secs(10),
        |t| t.contains(".svg"),
    );
    let path = status
        .split_whitespace()
        .find(|w| {
            std::path::Path::new(w)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        })
        .expect("the status names the file");
    let svg = std::fs::read_to_string(path).expect("the exported SVG exists");
    assert!(
        svg.contains("<svg") && svg.contains("sepal_length"),
        "{svg}"
    );
    // The same request again reads the kept result back.
    session.press("explain-submit");
    session.wait_for_text(
        "[data-testid=explain-stored]",
        Duration::from_secs(30),
        |t| !t.is_empty(),
    );
}
