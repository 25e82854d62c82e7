use std::sync::Mutex;

use modeldesk_data::{CancelToken, ColumnType, DataError, ImportOptions, JobProgress, import_file};
use proptest::prelude::*;
use serde_json::json;

use crate::{import, source};

/// Writes rows with the `csv` crate (an independent writer), so quoting is done right.
fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn values_survive_the_round_trip(
        rows in prop::collection::vec((any::<i64>(), -1e12f64..1e12, "[a-zA-Z0-9 ,;\"\n]{1,12}"), 1..60)
    ) {
        let text_rows: Vec<Vec<String>> = rows
            .iter()
            .map(|(i, f, s)| vec![i.to_string(), format!("{f:?}"), format!("t:{s}")])
            .collect();
        let src = source("p.csv", write_csv(&["i", "f", "s"], &text_rows));
        let mut opts = ImportOptions::default();
        opts.types.insert("s".into(), ColumnType::Text);
        let (report, page) = import(&src.path, &opts).unwrap();
        prop_assert_eq!(report.rows as usize, rows.len());
        for ((i, f, s), got) in rows.iter().zip(&page.rows) {
            prop_assert_eq!(&got[0], &json!(i));
            prop_assert_eq!(got[1].as_f64().unwrap(), *f);
            prop_assert_eq!(&got[2], &json!(format!("t:{s}")));
        }
    }
}

#[test]
fn a_large_file_streams_in_batches_with_progress_to_the_last_byte() {
    let n = 200_000u64;
    let mut text = String::from("k,x,label\n");
    for k in 0..n {
        text.push_str(&format!(
            "{k},{},{}\n",
            k as f64 * 0.5,
            ["a", "b", "c"][(k % 3) as usize]
        ));
    }
    let src = source("big.csv", &text);
    let reports = Mutex::new(Vec::<JobProgress>::new());
    let progress = |p: JobProgress| reports.lock().unwrap().push(p);
    let opts = ImportOptions {
        batch_rows: 50_000,
        ..ImportOptions::default()
    };
    let (report, bytes) =
        import_file(&src.path, &opts, Vec::new(), &progress, &CancelToken::new()).unwrap();
    assert_eq!(report.rows, n);
    let reports = reports.into_inner().unwrap();
    // One report per batch of about 50k rows (a CSV is cut into blocks sized from the length of
    // its first rows), plus the final one.
    assert!(
        (4..=7).contains(&reports.len()),
        "{} reports",
        reports.len()
    );
    assert!(reports.windows(2).all(|w| w[0].rows <= w[1].rows));
    let last = reports.last().unwrap();
    assert_eq!(
        (last.done, last.total, last.rows),
        (text.len() as u64, Some(text.len() as u64), n)
    );
    assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));

    let out = src.dir.path().join("big.parquet");
    std::fs::write(&out, bytes).unwrap();
    let page = modeldesk_data::read_rows(&out, 123_456, 2).unwrap();
    assert_eq!(
        page.rows[0],
        vec![json!(123_456), json!(61_728.0), json!("a")]
    );
    assert_eq!(page.rows[1][0], json!(123_457));

    // Scattered rows, across pages and row groups, come back in order.
    let picked = [0, 1, 2, 70_001, 123_456, 199_999];
    let page = modeldesk_data::read_rows_at(&out, &picked).unwrap();
    let firsts: Vec<_> = page.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(firsts, picked.map(|n| json!(n)));
    assert_eq!(page.offset, 0);
    let err = modeldesk_data::read_rows_at(&out, &[5, 3]).unwrap_err();
    assert!(err.to_string().contains("5 is followed by 3"), "{err}");
    let err = modeldesk_data::read_rows_at(&out, &[200_000]).unwrap_err();
    assert!(
        err.to_string().contains("row 200000 does not exist"),
        "{err}"
    );
    assert!(
        modeldesk_data::read_rows_at(&out, &[])
            .unwrap()
            .rows
            .is_empty()
    );
}

#[test]
fn cancelling_stops_the_import() {
    let mut text = String::from("a\n");
    for k in 0..100_000 {
        text.push_str(&format!("{k}\n"));
    }
    let src = source("c.csv", &text);
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let progress = move |_p: JobProgress| c2.cancel();
    let opts = ImportOptions {
        batch_rows: 1000,
        ..ImportOptions::default()
    };
    let err = import_file(&src.path, &opts, Vec::new(), &progress, &cancel).unwrap_err();
    assert!(matches!(err, DataError::Cancelled));
}
