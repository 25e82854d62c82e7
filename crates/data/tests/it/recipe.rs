//! Prep recipes: fitted parameters checked by hand, and replay on new rows.

use modeldesk_data::ColumnType;
use modeldesk_data::recipe::{Fill, ImputeStrategy, ScaleMethod, Step, apply, fit, read_table};

fn table(text: &str) -> modeldesk_data::recipe::Table {
    let (_dir, parquet) = crate::snapshot_of(text);
    read_table(&parquet).unwrap()
}

fn column(t: &modeldesk_data::recipe::Table, name: &str) -> Vec<serde_json::Value> {
    let batch = t.to_batch().unwrap();
    let i = t.columns.iter().position(|c| c.name == name).unwrap();
    let a = batch.column(i);
    (0..a.len())
        .map(|r| {
            if a.is_null(r) {
                serde_json::Value::Null
            } else if let Some(f) = a.as_any().downcast_ref::<arrow_array::Float64Array>() {
                serde_json::json!(f.value(r))
            } else if let Some(n) = a.as_any().downcast_ref::<arrow_array::Int64Array>() {
                serde_json::json!(n.value(r))
            } else {
                serde_json::json!(
                    a.as_any()
                        .downcast_ref::<arrow_array::StringArray>()
                        .unwrap()
                        .value(r)
                )
            }
        })
        .collect()
}

use arrow_array::Array as _;

const TRAIN: &str = "age,income,city,id\n20,1000,paris,1\n30,,lyon,2\n40,3000,paris,3\n,5000,nice,4\n50,100000,paris,5\n";

#[test]
fn steps_fit_the_numbers_a_person_would_compute() {
    let steps = vec![
        Step::DropColumns {
            columns: vec!["id".into()],
        },
        Step::Impute {
            column: "age".into(),
            strategy: ImputeStrategy::Mean,
            fitted: None,
        },
        Step::Impute {
            column: "income".into(),
            strategy: ImputeStrategy::Median,
            fitted: None,
        },
        Step::ClipOutliers {
            column: "income".into(),
            k: 1.5,
            fitted: None,
        },
        Step::Scale {
            column: "age".into(),
            method: ScaleMethod::Standard,
            fitted: None,
        },
        Step::OneHot {
            column: "city".into(),
            fitted: None,
            max_categories: 2,
        },
    ];
    let (fitted, out) = fit(&steps, table(TRAIN)).unwrap();
    // mean(20, 30, 40, 50) = 35
    assert_eq!(
        fitted[1],
        Step::Impute {
            column: "age".into(),
            strategy: ImputeStrategy::Mean,
            fitted: Some(Fill::Number(35.0))
        }
    );
    // median(1000, 3000, 5000, 100000) = 4000
    assert!(
        matches!(&fitted[2], Step::Impute { fitted: Some(Fill::Number(m)), .. } if *m == 4000.0)
    );
    // After imputing: 1000, 4000, 3000, 5000, 100000 -> q1 3000, q3 5000, IQR 2000 -> fences 0 and 8000
    assert!(
        matches!(&fitted[3], Step::ClipOutliers { fitted: Some((lo, hi)), .. } if *lo == 0.0 && *hi == 8000.0)
    );
    assert_eq!(
        column(&out, "income"),
        serde_json::json!([1000.0, 4000.0, 3000.0, 5000.0, 8000.0])
            .as_array()
            .unwrap()
            .clone()
    );
    // ages 20,30,40,35,50: mean 35, population std sqrt(100) = 10
    assert!(
        matches!(&fitted[4], Step::Scale { fitted: Some((m, s)), .. } if *m == 35.0 && (*s - 10.0).abs() < 1e-12)
    );
    assert_eq!(
        column(&out, "age"),
        serde_json::json!([-1.5, -0.5, 0.5, 0.0, 1.5])
            .as_array()
            .unwrap()
            .clone()
    );
    let names: Vec<_> = out
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty))
        .collect();
    assert_eq!(
        names,
        [
            ("age", ColumnType::Float),
            ("income", ColumnType::Float),
            ("city=paris", ColumnType::Float),
            ("city=lyon", ColumnType::Float)
        ]
    );
    assert_eq!(
        column(&out, "city=paris"),
        serde_json::json!([1.0, 0.0, 1.0, 0.0, 1.0])
            .as_array()
            .unwrap()
            .clone()
    );

    // The fitted recipe survives JSON and replays on new rows without refitting.
    let json = serde_json::to_string(&fitted).unwrap();
    let replay: Vec<Step> = serde_json::from_str(&json).unwrap();
    let new_rows = table("age,income,city,id\n,20000,nice,9\n45,,rome,10\n");
    let out = apply(&replay, new_rows).unwrap();
    assert_eq!(
        column(&out, "age"),
        serde_json::json!([0.0, 1.0]).as_array().unwrap().clone()
    );
    assert_eq!(
        column(&out, "income"),
        serde_json::json!([8000.0, 4000.0])
            .as_array()
            .unwrap()
            .clone()
    );
    assert_eq!(
        column(&out, "city=paris"),
        serde_json::json!([0.0, 0.0]).as_array().unwrap().clone()
    );
}

#[test]
fn ordinal_rename_and_errors() {
    let steps = vec![
        Step::Ordinal {
            column: "city".into(),
            fitted: None,
        },
        Step::Rename {
            from: "city".into(),
            to: "city_code".into(),
        },
    ];
    let (fitted, out) = fit(&steps, table(TRAIN)).unwrap();
    assert!(
        matches!(&fitted[0], Step::Ordinal { fitted: Some(c), .. } if c == &["lyon", "nice", "paris"])
    );
    assert_eq!(
        column(&out, "city_code"),
        serde_json::json!([2, 0, 2, 1, 2])
            .as_array()
            .unwrap()
            .clone()
    );
    let unseen = apply(&fitted, table("age,income,city,id\n1,2,rome,3\n")).unwrap();
    assert_eq!(column(&unseen, "city_code"), vec![serde_json::json!(-1)]);

    let err = apply(&steps, table(TRAIN)).unwrap_err();
    assert!(err.to_string().contains("not fitted"), "{err}");
    let err = fit(
        &[Step::Scale {
            column: "city".into(),
            method: ScaleMethod::MinMax,
            fitted: None,
        }],
        table(TRAIN),
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs a numeric column"), "{err}");
    let err = fit(
        &[Step::DropColumns {
            columns: vec!["nope".into()],
        }],
        table(TRAIN),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no column named \"nope\""),
        "{err}"
    );
}

#[test]
fn row_steps_filter_and_drop_duplicates() {
    use modeldesk_data::recipe::FilterOp;
    let filter = |column: &str, compare, value: Option<serde_json::Value>| Step::FilterRows {
        column: column.into(),
        compare,
        value,
    };
    let (_, out) = fit(
        &[filter("age", FilterOp::Ge, Some(serde_json::json!(30)))],
        table(TRAIN),
    )
    .unwrap();
    assert_eq!(
        column(&out, "id"),
        vec![
            serde_json::json!(2),
            serde_json::json!(3),
            serde_json::json!(5)
        ]
    );
    let (_, out) = fit(
        &[filter(
            "city",
            FilterOp::Ne,
            Some(serde_json::json!("paris")),
        )],
        table(TRAIN),
    )
    .unwrap();
    assert_eq!(
        column(&out, "id"),
        vec![serde_json::json!(2), serde_json::json!(4)]
    );
    let (_, out) = fit(&[filter("income", FilterOp::IsMissing, None)], table(TRAIN)).unwrap();
    assert_eq!(column(&out, "id"), vec![serde_json::json!(2)]);
    let err = fit(
        &[filter("age", FilterOp::Gt, Some(serde_json::json!("old")))],
        table(TRAIN),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not a number"), "{err}");
    let err = fit(
        &[filter("city", FilterOp::Lt, Some(serde_json::json!("m")))],
        table(TRAIN),
    )
    .unwrap_err();
    assert!(err.to_string().contains("only eq and ne"), "{err}");

    let dupes = "a,b\n1,x\n1,x\n2,x\n1,y\n,x\n,x\n";
    let (_, out) = fit(&[Step::DropDuplicates { columns: vec![] }], table(dupes)).unwrap();
    assert_eq!(
        out.rows(),
        4,
        "exact duplicates go, missing values compare equal"
    );
    let (_, out) = fit(
        &[Step::DropDuplicates {
            columns: vec!["b".into()],
        }],
        table(dupes),
    )
    .unwrap();
    assert_eq!(
        column(&out, "a"),
        vec![serde_json::json!(1), serde_json::json!(1)]
    );
    // Stored and read back as JSON with their names.
    let json =
        serde_json::to_string(&[filter("age", FilterOp::Lt, Some(serde_json::json!(45)))]).unwrap();
    assert!(
        json.contains(r#""op":"filter_rows""#) && json.contains(r#""compare":"lt""#),
        "{json}"
    );
}
