//! Model bundles end to end: exported by one project, byte-identical when exported again,
//! brought into another project whole, and runnable by a colleague's plain Python
//! onnxruntime with the same predictions.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[path = "support/cli.rs"]
#[allow(dead_code, reason = "each test binary uses some of the helpers")]
mod support;
use support::{in_project, modeldesk, new_project, ok_json, sklearn_csv};

/// The Python with onnxruntime that `scripts/setup.sh --test` installs.
fn oracle_python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.oracle-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup.sh --test",
        python.display()
    );
    python
}

/// One entry of a bundle.
fn entry(bundle: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(bundle).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

/// Wine, split, a 20-tree model with a note and an approved review.
fn reviewed_wine_model(project: &str, cfg: &str) {
    let wine = sklearn_csv("wine_train.csv");
    ok_json(&in_project(
        project,
        cfg,
        &["import", &wine, "--name", "wine"],
    ));
    ok_json(&in_project(project, cfg, &["split", "wine"]));
    ok_json(&in_project(
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
    ));
    ok_json(&in_project(
        project,
        cfg,
        &[
            "notes",
            "add",
            "--model",
            "wine-gbdt-1",
            "--title",
            "Why trees",
            "--body",
            "Proline and colour carry it; **20 trees** are enough.",
        ],
    ));
    ok_json(&in_project(
        project,
        cfg,
        &["review", "request", "wine-gbdt-1", "--reviewer", "Bo"],
    ));
    let approved = modeldesk(
        &[
            "--project",
            project,
            "--json",
            "review",
            "approve",
            "wine-gbdt-1",
            "--message",
            "Fine for the pilot",
        ],
        &[("MODELDESK_CONFIG_DIR", cfg), ("MODELDESK_AUTHOR", "Bo")],
    );
    ok_json(&approved);
}

fn floats(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(floats).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

#[test]
fn a_model_bundle_round_trips_and_runs_in_python_onnxruntime() {
    let (tmp, project, cfg) = new_project();
    reviewed_wine_model(&project, &cfg);
    let a = tmp.path().join("a.mdbundle");
    let export = |out: &Path, extra: &[&str]| {
        let mut args = vec!["export", "wine-gbdt-1", "--bundle", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        in_project(&project, &cfg, &args)
    };
    let manifest = ok_json(&export(&a, &["--license", "MIT"]));
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "model.onnx",
            "model-card.md",
            "model-card.json",
            "metrics.json",
            "samples.csv",
            "shap-summary.json",
            "notes.json"
        ]
    );
    // Deterministic: exported again, the same bytes.
    let b = tmp.path().join("b.mdbundle");
    ok_json(&export(&b, &["--license", "MIT"]));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Never replaced without asking.
    let refused = export(&a, &[]);
    assert!(!refused.status.success());
    assert_eq!(
        support::last_json(&refused)["error"]["code"],
        "already_exists"
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    // The card carries the review decision, the license and the note.
    let card = String::from_utf8(entry(&a, "model-card.md")).unwrap();
    for text in [
        "license: \"MIT\"",
        "**approved** — Bo",
        "Fine for the pilot",
        "### Why trees",
        "| test | accuracy |",
        "Predictions add: `predicted_label`, `prob_0`, `prob_1`, `prob_2`.",
    ] {
        assert!(card.contains(text), "card lacks {text:?}:\n{card}");
    }

    python_gives_the_apps_predictions(tmp.path(), &project, &cfg, &a);
    the_report_is_self_contained(tmp.path(), &project, &cfg);
    another_project_brings_it_in_whole(tmp.path(), &a);
}

/// A colleague's Python onnxruntime gives the app's predictions on the bundle's sample rows.
fn python_gives_the_apps_predictions(tmp: &Path, project: &str, cfg: &str, a: &Path) {
    let samples = tmp.join("samples.csv");
    std::fs::write(&samples, entry(a, "samples.csv")).unwrap();
    let oracle_out = tmp.join("python.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("oracle/bundle_predict.py");
    let status = Command::new(oracle_python())
        .args([script.as_path(), a, &samples, &oracle_out])
        .status()
        .unwrap();
    assert!(status.success(), "the Python oracle failed");
    let python: Value =
        serde_json::from_str(&std::fs::read_to_string(&oracle_out).unwrap()).unwrap();
    let ours = tmp.join("ours.csv");
    ok_json(&in_project(
        project,
        cfg,
        &[
            "predict",
            "wine-gbdt-1",
            samples.to_str().unwrap(),
            "--out",
            ours.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&ours).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let probs: Vec<usize> = (0..3)
        .map(|k| {
            header
                .iter()
                .position(|h| *h == format!("prob_{k}"))
                .unwrap()
        })
        .collect();
    let app: Vec<f64> = lines
        .flat_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            probs
                .iter()
                .map(|i| cells[*i].parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let py = floats(&python["probabilities"]);
    assert_eq!(app.len(), 15, "5 sample rows × 3 classes");
    assert_eq!(py.len(), app.len());
    for (p, q) in py.iter().zip(&app) {
        assert!((p - q).abs() < 1e-6, "python {p} vs app {q}");
    }
}

/// Another project brings the bundle in: same model bytes, metrics and notes; a damaged copy
/// is refused and adds nothing.
fn another_project_brings_it_in_whole(tmp: &Path, a: &Path) {
    let (_tmp2, other, cfg2) = new_project();
    let imported = ok_json(&in_project(
        &other,
        &cfg2,
        &["import-model", a.to_str().unwrap()],
    ));
    let metrics: Value = serde_json::from_slice(&entry(a, "metrics.json")).unwrap();
    assert_eq!(imported["bundle"]["metrics"], metrics);
    assert_eq!(imported["bundle"]["card"]["review"]["state"], "approved");
    assert_eq!(imported["summary"]["task"], "multiclass");
    let again = ok_json(&in_project(
        &other,
        &cfg2,
        &["import-model", a.to_str().unwrap()],
    ));
    assert_eq!(
        again["id"], imported["id"],
        "importing twice changes nothing"
    );
    let name = imported["name"].as_str().unwrap();
    let notes = ok_json(&in_project(
        &other,
        &cfg2,
        &["notes", "list", "--model", name],
    ));
    let notes = notes
        .as_array()
        .or_else(|| notes["notes"].as_array())
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["title"], "Why trees");
    // It predicts in its new project as it did at home.
    let here = tmp.join("imported.csv");
    let samples = tmp.join("samples.csv");
    ok_json(&in_project(
        &other,
        &cfg2,
        &[
            "predict",
            name,
            samples.to_str().unwrap(),
            "--out",
            here.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(&here).unwrap(),
        std::fs::read_to_string(tmp.join("ours.csv")).unwrap()
    );
    let onnx = tmp.join("back.onnx");
    ok_json(&in_project(
        &other,
        &cfg2,
        &["export-model", name, "--onnx", onnx.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read(&onnx).unwrap(), entry(a, "model.onnx"));

    // A damaged bundle is refused and nothing is added.
    let bytes = std::fs::read(a).unwrap();
    let cut = tmp.join("cut.mdbundle");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let refused = in_project(&other, &cfg2, &["import-model", cut.to_str().unwrap()]);
    assert!(!refused.status.success());
    let error = &support::last_json(&refused)["error"];
    assert_eq!(error["code"], "corrupt");
    assert!(
        error["message"].as_str().unwrap().contains("cut.mdbundle"),
        "{error}"
    );
    let models = ok_json(&in_project(&other, &cfg2, &["models"]));
    let count = models
        .as_array()
        .or_else(|| models["models"].as_array())
        .unwrap()
        .len();
    assert_eq!(count, 1);
}

/// `modeldesk report` writes one HTML file with every section, inline charts and nothing that
/// reaches the network.
fn the_report_is_self_contained(tmp: &Path, project: &str, cfg: &str) {
    let html_path = tmp.join("report.html");
    let pdf_path = tmp.join("report.pdf");
    let out = ok_json(&in_project(
        project,
        cfg,
        &[
            "report",
            "wine-gbdt-1",
            "--html",
            html_path.to_str().unwrap(),
            "--pdf",
            pdf_path.to_str().unwrap(),
            "--rows",
            "0,2",
        ],
    ));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(out["html"][1].as_u64().unwrap(), html.len() as u64);
    the_pdf_has_a4_pages(tmp, &pdf_path);
    let lower = html.to_ascii_lowercase();
    for needle in [
        "http://",
        "https://",
        "src=\"//",
        "href=\"//",
        "<script",
        "<link",
        "@import",
        "url(",
    ] {
        assert!(!lower.contains(needle), "the report reaches out: {needle}");
    }
    for id in [
        "summary",
        "data",
        "training",
        "metrics",
        "explanations",
        "card",
        "notes",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no {id} section"
        );
    }
    for text in [
        "aria-label=\"Confusion matrix (test)\"",
        "aria-label=\"Why sample row 2 gets its prediction\"",
        "<p>Review: approved — Bo, ",
        "<h3>Why trees</h3>",
        "<strong>20 trees</strong>",
    ] {
        assert!(html.contains(text), "report lacks {text:?}");
    }
    let bad = in_project(
        project,
        cfg,
        &[
            "report",
            "wine-gbdt-1",
            "--html",
            html_path.to_str().unwrap(),
            "--sections",
            "summary,plots",
        ],
    );
    assert!(!bad.status.success());
    assert!(
        support::last_json(&bad)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"plots\"")
    );
}

/// poppler reads the PDF report: A4 pages, every one rendered to an image.
fn the_pdf_has_a4_pages(tmp: &Path, pdf: &Path) {
    let pdfinfo = modeldesk_e2e::require_program("pdfinfo", "poppler-utils");
    let info = Command::new(pdfinfo).arg(pdf).output().unwrap();
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(
        info.contains("Page size:       595.28 x 841.89 pts (A4)"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!((4..=12).contains(&pages), "{pages} pages");
    let pdftoppm = modeldesk_e2e::require_program("pdftoppm", "poppler-utils");
    let prefix = tmp.join("report-page");
    let status = Command::new(pdftoppm)
        .args(["-r", "30", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let rendered = std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("report-page"))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() > 1000))
        .count();
    assert_eq!(rendered, pages);
}
