//! The rows behind a run's confusion-matrix cells: exactly the rows the matrix counts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use modeldesk_app::{ErrorCode, Metrics, RunPart, SplitSpec, TrainRequest};

use crate::csv_workspace;

/// Three classes by `x`, with every seventh label flipped: no model gets them all right.
fn noisy_workspace() -> (tempfile::TempDir, modeldesk_app::Workspace) {
    let mut text = String::from("x,noise,target\n");
    for i in 0..600u32 {
        let class = (i % 3 + u32::from(i % 7 == 0)) % 3;
        let label = ["a", "b", "c"][class as usize];
        writeln!(text, "{},{},{label}", i % 3, (i * 37) % 11).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("noisy.csv");
    std::fs::write(&csv, text).unwrap();
    csv_workspace(&csv, "noisy")
}

#[test]
fn each_cell_lists_the_rows_it_counts() {
    let (_tmp, mut ws) = noisy_workspace();
    ws.split_dataset("noisy", &SplitSpec::default()).unwrap();
    let outcome = ws
        .train_model(
            &TrainRequest {
                dataset: "noisy".into(),
                target: "target".into(),
                params: BTreeMap::from([("num_iterations".to_owned(), "20".to_owned())]),
                ..Default::default()
            },
            &modeldesk_app::Silent,
            &modeldesk_app::CancelToken::new(),
        )
        .unwrap();
    let Some(Metrics::Multiclass(test)) = outcome.metrics.test else {
        panic!("a multiclass test part");
    };
    let (_, plan) = ws.dataset_split("noisy").unwrap().unwrap();
    let target = ws
        .dataset_rows("noisy", 0, 1)
        .unwrap()
        .columns
        .iter()
        .position(|c| c.name == "target")
        .unwrap();
    let mut seen = 0;
    let mut off_diagonal = 0;
    for (actual, row) in test.confusion.iter().enumerate() {
        for (predicted, count) in row.iter().enumerate() {
            let cell = ws
                .confusion_rows(&outcome.run_id, RunPart::Test, actual, predicted)
                .unwrap();
            assert_eq!(cell.rows.len() as u64, *count, "cell {actual},{predicted}");
            assert_eq!(cell.actual, outcome.classes[actual]);
            assert_eq!(cell.predicted, outcome.classes[predicted]);
            assert!(
                cell.rows
                    .iter()
                    .all(|n| plan.parts[usize::try_from(*n).unwrap()] == modeldesk_data::TEST)
            );
            // The rows read back are of the actual class.
            let page = ws.dataset_rows_at(&cell.dataset, &cell.rows).unwrap();
            assert_eq!(page.rows.len(), cell.rows.len());
            for r in &page.rows {
                assert_eq!(r[target].to_string().trim_matches('"'), cell.actual);
            }
            seen += cell.rows.len();
            if actual != predicted {
                off_diagonal += cell.rows.len();
            }
        }
    }
    assert_eq!(seen, outcome.rows[2]);
    assert!(off_diagonal > 0, "the flipped labels are misclassified");

    let bad = ws
        .confusion_rows(&outcome.run_id, RunPart::Test, 7, 0)
        .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    assert!(bad.to_string().contains("class 7 does not exist"), "{bad}");
}
