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
            value: None,
            fitted: None,
        },
        Step::Impute {
            column: "income".into(),
            strategy: ImputeStrategy::Median,
            value: None,
            fitted: None,
        },
        Step::ClipOutliers {
            column: "income".into(),
            method: modeldesk_data::recipe::ClipMethod::Iqr,
            k: 1.5,
            quantiles: (0.01, 0.99),
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
            value: None,
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

const DERIVED: &str = "code,score,when,review\n\
7,2.9,2024-02-29 13:45:00,Good good film\n\
12,-1.5,1969-12-31 23:00:00,bad film\n\
7,,,\n\
,4,2000-01-01,Good\n";

#[test]
fn cast_date_parts_word_count_and_tf_idf_compute_what_a_person_would() {
    let steps: Vec<Step> = serde_json::from_str(
        r#"[{"op": "cast", "column": "code", "to": "categorical"},
            {"op": "cast", "column": "score", "to": "integer"},
            {"op": "date_parts", "column": "when", "parts": ["year", "month", "day", "weekday", "hour"]},
            {"op": "word_count", "column": "review"},
            {"op": "tf_idf", "column": "review", "max_features": 2}]"#,
    )
    .unwrap();
    let (fitted, out) = fit(&steps, table(DERIVED)).unwrap();
    let names: Vec<&str> = out.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "code",
            "score",
            "when.year",
            "when.month",
            "when.day",
            "when.weekday",
            "when.hour",
            "review:film",
            "review:good",
            "review.words"
        ]
    );
    let ty = |n: &str| out.columns.iter().find(|c| c.name == n).unwrap().ty;
    assert_eq!(ty("code"), ColumnType::Categorical);
    assert_eq!(ty("score"), ColumnType::Integer);
    assert_eq!(ty("when.year"), ColumnType::Integer);
    assert_eq!(
        column(&out, "code"),
        [
            serde_json::json!("7"),
            serde_json::json!("12"),
            serde_json::json!("7"),
            serde_json::json!(null)
        ]
    );
    assert_eq!(
        column(&out, "score"),
        [
            serde_json::json!(2),
            serde_json::json!(-1),
            serde_json::json!(null),
            serde_json::json!(4)
        ]
    );
    // 2024-02-29 was a Thursday, 1969-12-31 a Wednesday, 2000-01-01 a Saturday (Monday = 0).
    assert_eq!(
        column(&out, "when.year"),
        [
            serde_json::json!(2024),
            serde_json::json!(1969),
            serde_json::json!(null),
            serde_json::json!(2000)
        ]
    );
    assert_eq!(
        column(&out, "when.month"),
        [
            serde_json::json!(2),
            serde_json::json!(12),
            serde_json::json!(null),
            serde_json::json!(1)
        ]
    );
    assert_eq!(
        column(&out, "when.day"),
        [
            serde_json::json!(29),
            serde_json::json!(31),
            serde_json::json!(null),
            serde_json::json!(1)
        ]
    );
    assert_eq!(
        column(&out, "when.weekday"),
        [
            serde_json::json!(3),
            serde_json::json!(2),
            serde_json::json!(null),
            serde_json::json!(5)
        ]
    );
    assert_eq!(
        column(&out, "when.hour"),
        [
            serde_json::json!(13),
            serde_json::json!(23),
            serde_json::json!(null),
            serde_json::json!(0)
        ]
    );
    assert_eq!(
        column(&out, "review.words"),
        [
            serde_json::json!(3),
            serde_json::json!(2),
            serde_json::json!(0),
            serde_json::json!(1)
        ]
    );
    // "good" 3 times and "film" twice make the vocabulary; both are in 2 of 4 rows, so both
    // weigh ln(5/3) + 1, and each row is scaled to unit length.
    let Step::TfIdf {
        fitted: Some(fit_tf),
        ..
    } = &fitted[4]
    else {
        panic!("tf_idf is fitted: {:?}", fitted[4]);
    };
    assert_eq!(fit_tf.vocabulary, ["film", "good"]);
    let idf = (5.0f64 / 3.0).ln() + 1.0;
    assert!(fit_tf.idf.iter().all(|v| (v - idf).abs() < 1e-15));
    let s5 = 5.0f64.sqrt();
    let close = |got: Vec<serde_json::Value>, want: [f64; 4]| {
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g.as_f64().unwrap() - w).abs() < 1e-12,
                "{got:?} vs {want:?}"
            );
        }
    };
    close(column(&out, "review:film"), [1.0 / s5, 1.0, 0.0, 0.0]);
    close(column(&out, "review:good"), [2.0 / s5, 0.0, 0.0, 1.0]);

    // Replayed on new rows: the fitted vocabulary, unknown words ignored.
    let new = table("code,score,when,review\n3,0.5,2024-12-31 00:30:00,FILM noir film\n");
    let again = apply(&fitted, new).unwrap();
    assert_eq!(column(&again, "when.weekday"), [serde_json::json!(1)]);
    close(
        column(&again, "review:film")
            .into_iter()
            .chain(column(&again, "review:good"))
            .collect(),
        [1.0, 0.0, 1.0, 0.0],
    );
    assert_eq!(column(&again, "review.words"), [serde_json::json!(3)]);
}

#[test]
fn derived_steps_refuse_columns_of_the_wrong_type_by_name() {
    let t = table(DERIVED);
    let refused = |step: &str| {
        let steps: Vec<Step> = serde_json::from_str(&format!("[{step}]")).unwrap();
        fit(&steps, t.clone()).unwrap_err().to_string()
    };
    let e = refused(r#"{"op": "cast", "column": "review", "to": "float"}"#);
    assert!(
        e.contains("\"review\"") && e.contains("text") && e.contains("float"),
        "{e}"
    );
    let e = refused(r#"{"op": "cast", "column": "score", "to": "categorical"}"#);
    assert!(e.contains("\"score\""), "{e}");
    let e = refused(r#"{"op": "date_parts", "column": "score", "parts": ["year"]}"#);
    assert!(e.contains("datetime") && e.contains("\"score\""), "{e}");
    let e = refused(r#"{"op": "date_parts", "column": "when", "parts": []}"#);
    assert!(e.contains("at least one part"), "{e}");
    let e = refused(r#"{"op": "tf_idf", "column": "score"}"#);
    assert!(e.contains("text column"), "{e}");
    let e = refused(r#"{"op": "word_count", "column": "nope"}"#);
    assert!(e.contains("no column named \"nope\""), "{e}");
}

proptest::proptest! {
    /// Date parts equal chrono's for any time from year 1 to 9999.
    #[test]
    fn date_parts_match_chrono(micros in -62_135_596_800_000_000i64..253_402_300_799_000_000i64) {
        use chrono::{Datelike as _, Timelike as _};
        use modeldesk_data::recipe::{DatePart, date_part};
        let t = chrono::DateTime::from_timestamp_micros(micros).unwrap().naive_utc();
        proptest::prop_assert_eq!(date_part(micros, DatePart::Year), i64::from(t.year()));
        proptest::prop_assert_eq!(date_part(micros, DatePart::Month), i64::from(t.month()));
        proptest::prop_assert_eq!(date_part(micros, DatePart::Day), i64::from(t.day()));
        proptest::prop_assert_eq!(
            date_part(micros, DatePart::Weekday),
            i64::from(t.weekday().num_days_from_monday())
        );
        proptest::prop_assert_eq!(date_part(micros, DatePart::Hour), i64::from(t.hour()));
    }
}

#[test]
fn constant_fills_and_quantile_clipping() {
    let steps: Vec<Step> = serde_json::from_str(
        r#"[{"op": "impute", "column": "income", "strategy": "constant", "value": -1},
            {"op": "impute", "column": "city", "strategy": "constant", "value": "unknown"},
            {"op": "clip_outliers", "column": "income", "method": "quantile", "quantiles": [0.25, 0.75]}]"#,
    )
    .unwrap();
    let t = table("income,city\n10,a\n,b\n30,\n40,c\n50,d\n");
    let (fitted, out) = fit(&steps, t).unwrap();
    assert!(matches!(&fitted[0], Step::Impute { fitted: Some(Fill::Number(v)), .. } if *v == -1.0));
    // After the fill the incomes are -1, 10, 30, 40, 50: quartiles 10 and 40.
    assert!(
        matches!(&fitted[2], Step::ClipOutliers { fitted: Some((lo, hi)), .. } if *lo == 10.0 && *hi == 40.0),
        "{:?}",
        fitted[2]
    );
    assert_eq!(
        column(&out, "income"),
        [10.0, 10.0, 30.0, 40.0, 40.0].map(|v| serde_json::json!(v))
    );
    assert_eq!(column(&out, "city")[2], serde_json::json!("unknown"));

    let refused = |step: &str| {
        let steps: Vec<Step> = serde_json::from_str(&format!("[{step}]")).unwrap();
        fit(&steps, table("income,city\n10,a\n"))
            .unwrap_err()
            .to_string()
    };
    let e = refused(r#"{"op": "impute", "column": "income", "strategy": "constant"}"#);
    assert!(e.contains("needs a value"), "{e}");
    let e =
        refused(r#"{"op": "impute", "column": "income", "strategy": "constant", "value": "x"}"#);
    assert!(e.contains("not a finite number"), "{e}");
    let e = refused(
        r#"{"op": "clip_outliers", "column": "income", "method": "quantile", "quantiles": [0.9, 0.1]}"#,
    );
    assert!(e.contains("0 <= low < high <= 1"), "{e}");
}
