//! Exported ONNX models served by the real ONNX Runtime give the trainer's own predictions:
//! every family × task, with missing values, categoricals and an unseen category.

use std::sync::Arc;

use arrow_array::{ArrayRef, StringArray};
use modeldesk_data::recipe::Table;
use modeldesk_data::recipe::{ImputeStrategy, ScaleMethod, Step};
use modeldesk_runtime::{Runtime, RuntimeOptions, Tensor, TensorKind};
use modeldesk_train::export::outputs;
use modeldesk_train::gbdt::GbdtParams;
use modeldesk_train::linear::LinearParams;
use modeldesk_train::mlp::MlpParams;
use modeldesk_train::{
    FeedValues, ModelParams, Preprocess, Task, TrainedModel, onnx_feeds, prepare, to_onnx, train,
};
use ndarray::Array2;

use super::{quiet, synthetic};

fn runtime() -> &'static Runtime {
    Runtime::global(&RuntimeOptions::default())
        .expect("ONNX Runtime should load; run scripts/fetch-ort.sh")
}

/// Runs the exported model on `table` through ORT; returns (outputs row-major, labels).
fn serve(model: &TrainedModel, table: &Table) -> (Vec<f64>, Option<Vec<String>>) {
    let bytes = to_onnx(model, &[("modeldesk.run".to_owned(), "test".to_owned())]).unwrap();
    let session = runtime().model_from_bytes(&bytes, "parity").unwrap();
    let rows = table.rows();
    let inputs: Vec<(String, bool)> = session
        .inputs()
        .iter()
        .map(|s| (s.name.clone(), s.kind == TensorKind::String))
        .collect();
    let feeds = onnx_feeds(table, &inputs)
        .unwrap()
        .into_iter()
        .map(|(name, v)| {
            let t = match v {
                FeedValues::Double(v) => {
                    Tensor::F64(Array2::from_shape_vec((rows, 1), v).unwrap().into_dyn())
                }
                FeedValues::Strings(v) => {
                    Tensor::String(Array2::from_shape_vec((rows, 1), v).unwrap().into_dyn())
                }
            };
            (name, t)
        })
        .collect();
    let out = session.run(feeds).unwrap();
    let get = |n: &str| {
        out.iter()
            .find(|(name, _)| name == n)
            .and_then(|(_, t)| t.as_tensor().cloned())
    };
    if model.target.task == Task::Regression {
        return (
            get(outputs::PREDICTION).unwrap().to_f64_vec().unwrap(),
            None,
        );
    }
    let probs = get(outputs::PROBABILITIES).unwrap();
    assert_eq!(probs.shape(), &[rows, model.target.classes.len()]);
    let Some(Tensor::String(labels)) = get(outputs::LABEL) else {
        panic!("no label output")
    };
    assert_eq!(labels.shape(), &[rows, 1]);
    (
        probs.to_f64_vec().unwrap(),
        Some(labels.iter().cloned().collect()),
    )
}

/// The index and values of the `colour` column.
fn colours(t: &Table) -> (usize, Vec<Option<String>>) {
    let i = t.columns.iter().position(|c| c.name == "colour").unwrap();
    let values = t.arrays[i]
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect();
    (i, values)
}

/// An unseen category in the first row of the serving table.
fn with_unseen_category(mut t: Table) -> Table {
    let (i, mut values) = colours(&t);
    values[0] = Some("never-seen".to_owned());
    let array: ArrayRef = Arc::new(StringArray::from(values));
    t.arrays[i] = array;
    t
}

fn check(task: &str, params: &ModelParams, tolerance: f64) {
    check_with_recipe(task, params, tolerance, &[]);
}

/// Trains on `synthetic` data prepared by `recipe` (fitted here), exports with the recipe in
/// front, and serves raw rows through ORT.
fn check_with_recipe(task: &str, params: &ModelParams, tolerance: f64, recipe: &[Step]) {
    check_on(task, params, tolerance, recipe, |t, _| t);
}

/// [`check_with_recipe`] on `synthetic` data that `decorate` adds columns to (given the seed).
fn check_on(
    task: &str,
    params: &ModelParams,
    tolerance: f64,
    recipe: &[Step],
    decorate: fn(Table, u64) -> Table,
) {
    let raw = decorate(synthetic(3000, 1, task), 1);
    let (fitted, prepared) = modeldesk_data::recipe::fit(recipe, raw.clone()).unwrap();
    let target = if prepared.columns.iter().any(|c| c.name == "outcome") {
        "outcome"
    } else {
        "target"
    };
    let data = prepare(&prepared, target, None).unwrap();
    let mut trained = train(&data, None, params, quiet()).unwrap();
    if !recipe.is_empty() {
        trained.model.preprocess = Some(Preprocess::new(raw.columns.clone(), fitted, target));
        let names: Vec<&str> = data.features.iter().map(|f| f.name.as_str()).collect();
        // Every column the recipe derives reaches the model, computed by the graph's nodes.
        for step in recipe {
            if let Step::TfIdf { column, .. } | Step::WordCount { column } = step {
                assert!(
                    names.iter().any(|n| n.starts_with(&format!("{column}:"))),
                    "{names:?}"
                );
                assert!(
                    names.contains(&format!("{column}.words").as_str()),
                    "{names:?}"
                );
            }
            if let Step::DateParts { column, parts } = step {
                for part in parts {
                    assert!(
                        names.contains(&format!("{column}.{}", part.name()).as_str()),
                        "{names:?}"
                    );
                }
            }
        }
    }
    let mut serving = with_unseen_category(decorate(synthetic(700, 2, task), 2));
    // Serving data has no target.
    let t = serving
        .columns
        .iter()
        .position(|c| c.name == "target")
        .unwrap();
    serving.columns.remove(t);
    serving.arrays.remove(t);
    let ours = trained.model.predict_table(&serving).unwrap();
    let (theirs, labels) = serve(&trained.model, &serving);
    assert_eq!(ours.len(), theirs.len());
    let worst = ours
        .iter()
        .zip(&theirs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        worst <= tolerance,
        "{} {task}: max |trainer − ORT| = {worst:e} (tolerance {tolerance:e})",
        params.family()
    );
    if let Some(labels) = labels {
        let k = trained.model.target.classes.len();
        for (r, label) in labels.iter().enumerate() {
            let row = &ours[r * k..(r + 1) * k];
            let best = modeldesk_train::metrics::argmax(row);
            let margin = row
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != best)
                .map(|(_, v)| row[best] - v)
                .fold(f64::INFINITY, f64::min);
            if margin > 1e-4 {
                assert_eq!(label, &trained.model.target.classes[best], "row {r}");
            }
        }
    }
}

fn gbdt() -> ModelParams {
    ModelParams::Gbdt(GbdtParams {
        num_iterations: 60,
        min_data_per_group: 20,
        ..GbdtParams::default()
    })
}

#[test]
fn gbdt_binary_parity() {
    check("binary", &gbdt(), 1e-5);
}

#[test]
fn gbdt_multiclass_parity() {
    check("multiclass", &gbdt(), 1e-5);
}

#[test]
fn gbdt_regression_parity() {
    check("regression", &gbdt(), 1e-4);
}

#[test]
fn linear_parity_every_task() {
    let p = ModelParams::Linear(LinearParams::default());
    check("binary", &p, 1e-5);
    check("multiclass", &p, 1e-5);
    check("regression", &p, 1e-4);
}

#[test]
fn mlp_parity_every_task() {
    let p = ModelParams::Mlp(MlpParams {
        hidden: vec![16, 8],
        max_epochs: 15,
        ..MlpParams::default()
    });
    check("binary", &p, 1e-5);
    check("multiclass", &p, 1e-5);
    check("regression", &p, 1e-4);
}

/// Two recipes covering every step type: renames, drops, numeric and label imputation,
/// standard and min-max scaling, clipping, one-hot and ordinal encoding.
fn recipes() -> [Vec<Step>; 2] {
    let impute = |column: &str, strategy| Step::Impute {
        column: column.into(),
        strategy,
        value: None,
        fitted: None,
    };
    [
        vec![
            impute("b", ImputeStrategy::Median),
            Step::Scale {
                column: "a".into(),
                method: ScaleMethod::Standard,
                fitted: None,
            },
            Step::ClipOutliers {
                column: "d".into(),
                method: modeldesk_data::recipe::ClipMethod::Iqr,
                k: 0.5,
                quantiles: (0.01, 0.99),
                fitted: None,
            },
            Step::Rename {
                from: "count".into(),
                to: "n".into(),
            },
            impute("colour", ImputeStrategy::Mode),
            Step::OneHot {
                column: "colour".into(),
                fitted: None,
                max_categories: 4,
            },
        ],
        vec![
            Step::Ordinal {
                column: "colour".into(),
                fitted: None,
            },
            Step::DropColumns {
                columns: vec!["c".into()],
            },
            impute("a", ImputeStrategy::Mean),
            Step::Scale {
                column: "b".into(),
                method: ScaleMethod::MinMax,
                fitted: None,
            },
            Step::Rename {
                from: "target".into(),
                to: "outcome".into(),
            },
        ],
    ]
}

#[test]
fn the_prep_recipe_is_exported_in_front_of_the_model() {
    let [first, second] = recipes();
    check_with_recipe("binary", &gbdt(), 1e-5, &first);
    check_with_recipe(
        "multiclass",
        &ModelParams::Linear(LinearParams::default()),
        1e-5,
        &first,
    );
    check_with_recipe("regression", &gbdt(), 1e-4, &second);
    check_with_recipe(
        "binary",
        &ModelParams::Mlp(MlpParams {
            hidden: vec![8],
            max_epochs: 5,
            ..MlpParams::default()
        }),
        1e-5,
        &second,
    );
}

#[test]
fn row_steps_shape_training_but_not_the_exported_model() {
    use modeldesk_data::recipe::FilterOp;
    let recipe = vec![
        Step::FilterRows {
            column: "c".into(),
            compare: FilterOp::Gt,
            value: Some(serde_json::json!(-0.9)),
        },
        Step::DropDuplicates { columns: vec![] },
        Step::Scale {
            column: "a".into(),
            method: ScaleMethod::Standard,
            fitted: None,
        },
    ];
    check_with_recipe("binary", &gbdt(), 1e-5, &recipe);
    let p = Preprocess::new(synthetic(10, 1, "binary").columns, recipe, "target");
    assert_eq!(
        p.steps.len(),
        1,
        "only the scale step replays on rows being predicted"
    );
}

/// Adds a date-time `when` (1950–2050, 5% missing), a text `note` (0–6 words of mixed case,
/// some naming the row's colour, 5% missing) and an integer `code` (0–9, 5% missing).
fn with_dates_and_text(mut t: Table, seed: u64) -> Table {
    use arrow_array::{Int64Array, TimestampMicrosecondArray};
    use modeldesk_data::{ColumnSchema, ColumnType};
    use rand::{Rng as _, SeedableRng as _};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed + 1000);
    let (_, colours) = colours(&t);
    let vocabulary = [
        "Great", "poor", "OK", "late", "Early", "red", "blue", "again", "never", "ÉTÉ",
    ];
    let (mut when, mut note, mut code) = (Vec::new(), Vec::new(), Vec::new());
    for c in &colours {
        when.push(
            (!rng.random_bool(0.05))
                .then(|| rng.random_range(-631_152_000_000_000i64..2_524_608_000_000_000)),
        );
        let text = (!rng.random_bool(0.05)).then(|| {
            let mut words: Vec<String> = (0..rng.random_range(0..6))
                .map(|_| vocabulary[rng.random_range(0..vocabulary.len())].to_owned())
                .collect();
            if let Some(c) = c.as_ref().filter(|_| rng.random_bool(0.5)) {
                words.push(c.to_uppercase());
            }
            words.join(if rng.random_bool(0.2) { "  " } else { " " })
        });
        note.push(text);
        code.push((!rng.random_bool(0.05)).then(|| rng.random_range(0..10i64)));
    }
    let add = |t: &mut Table, name: &str, ty, array: ArrayRef| {
        t.columns.push(ColumnSchema {
            name: name.to_owned(),
            ty,
        });
        t.arrays.push(array);
    };
    add(
        &mut t,
        "when",
        ColumnType::Datetime,
        Arc::new(TimestampMicrosecondArray::from(when)),
    );
    add(
        &mut t,
        "note",
        ColumnType::Text,
        Arc::new(StringArray::from(note)),
    );
    add(
        &mut t,
        "code",
        ColumnType::Integer,
        Arc::new(Int64Array::from(code)),
    );
    t
}

#[test]
fn date_text_and_cast_steps_are_exported_in_front_of_the_model() {
    let recipe: Vec<Step> = serde_json::from_str(
        r#"[{"op": "cast", "column": "code", "to": "categorical"},
            {"op": "cast", "column": "b", "to": "integer"},
            {"op": "date_parts", "column": "when", "parts": ["year", "month", "day", "weekday", "hour"]},
            {"op": "word_count", "column": "note"},
            {"op": "tf_idf", "column": "note", "max_features": 8}]"#,
    )
    .unwrap();
    check_on("binary", &gbdt(), 1e-5, &recipe, with_dates_and_text);
    let raw = with_dates_and_text(synthetic(200, 1, "binary"), 1);
    let (fitted, prepared) = modeldesk_data::recipe::fit(&recipe, raw.clone()).unwrap();
    let data = prepare(&prepared, "target", None).unwrap();
    let mut trained = train(&data, None, &gbdt(), quiet()).unwrap();
    trained.model.preprocess = Some(Preprocess::new(raw.columns, fitted, "target"));
    let bytes = to_onnx(&trained.model, &[]).unwrap();
    let ops: Vec<String> = modeldesk_onnx::inspect::inspect(&bytes)
        .unwrap()
        .ops
        .into_iter()
        .map(|o| o.op)
        .collect();
    for op in [
        "StringNormalizer",
        "StringSplit",
        "TfIdfVectorizer",
        "Floor",
        "IsInf",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} missing from {ops:?}");
    }
    check_on(
        "multiclass",
        &ModelParams::Linear(LinearParams::default()),
        1e-5,
        &recipe,
        with_dates_and_text,
    );
}
