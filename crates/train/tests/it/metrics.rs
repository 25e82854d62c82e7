//! Metric values against scikit-learn's (tests/data/metrics.json, from make_reference.py).

use modeldesk_train::metrics::{binary, multiclass, regression};
use serde_json::Value;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(ours: f64, theirs: &Value, what: &str) {
    let theirs = theirs.as_f64().unwrap();
    assert!(
        (ours - theirs).abs() < 1e-9,
        "{what}: ours {ours}, scikit-learn {theirs}"
    );
}

fn oracle() -> Value {
    serde_json::from_str(&std::fs::read_to_string(super::data_file("metrics.json")).unwrap())
        .unwrap()
}

#[test]
fn binary_metrics_match_scikit_learn() {
    let o = &oracle()["binary"];
    let m = binary(&floats(&o["y"]), &floats(&o["p"]), 0.5);
    for (name, ours) in [
        ("auc", m.auc),
        ("log_loss", m.log_loss),
        ("accuracy", m.accuracy),
        ("precision", m.precision),
        ("recall", m.recall),
        ("f1", m.f1),
        ("pr_auc", m.pr_auc),
    ] {
        close(ours, &o[name], name);
    }
    // The curves start at the origin / full precision and end at (1, 1) / full recall.
    assert_eq!((m.roc[0].x, m.roc[0].y), (0.0, 0.0));
    let last = m.roc.last().unwrap();
    assert_eq!((last.x, last.y), (1.0, 1.0));
    assert_eq!(m.pr.last().unwrap().x, 1.0);
    assert!(m.roc.len() <= 200);
    let rows: u64 = m.calibration.iter().map(|b| b.count).sum();
    assert_eq!(rows, 500);
    // The confusion matrix holds the counts behind scikit-learn's accuracy, precision, recall.
    let [[tn, fp], [fneg, tp]] = [0, 1].map(|t| [0, 1].map(|p| m.confusion[t][p] as f64));
    assert_eq!(tn + fp + fneg + tp, 500.0);
    close(
        (tp + tn) / 500.0,
        &o["accuracy"],
        "accuracy from the confusion matrix",
    );
    close(
        tp / (tp + fp),
        &o["precision"],
        "precision from the confusion matrix",
    );
    close(
        tp / (tp + fneg),
        &o["recall"],
        "recall from the confusion matrix",
    );
}

#[test]
fn multiclass_metrics_match_scikit_learn() {
    let o = &oracle()["multiclass"];
    let k = o["k"].as_u64().unwrap() as usize;
    let m = multiclass(&floats(&o["y"]), &floats(&o["p"]), k);
    for (name, ours) in [
        ("accuracy", m.accuracy),
        ("macro_f1", m.macro_f1),
        ("weighted_f1", m.weighted_f1),
        ("log_loss", m.log_loss),
    ] {
        close(ours, &o[name], name);
    }
    let confusion: Vec<Vec<u64>> = serde_json::from_value(o["confusion"].clone()).unwrap();
    assert_eq!(m.confusion, confusion);
}

#[test]
fn regression_metrics_match_scikit_learn() {
    let o = &oracle()["regression"];
    let m = regression(&floats(&o["y"]), &floats(&o["p"]));
    for (name, ours) in [("rmse", m.rmse), ("mae", m.mae), ("r2", m.r2)] {
        close(ours, &o[name], name);
    }
    assert_eq!(m.residuals.len(), 200);
}
