//! GBDT behaviour: determinism, threads, early stopping, cancel, missing values, categorical
//! splits, subsampling.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::{Float64Array, StringArray};
use modeldesk_data::ColumnType;
use modeldesk_train::gbdt::{GbdtParams, Node, Split};
use modeldesk_train::{
    CancelToken, Control, Iteration, ModelBody, ModelParams, TrainError, encode, prepare, score,
    train,
};

use super::{quiet, synthetic, table};

fn gbdt(p: GbdtParams) -> ModelParams {
    ModelParams::Gbdt(p)
}

fn trees(m: &modeldesk_train::TrainedModel) -> &modeldesk_train::gbdt::Gbdt {
    match &m.body {
        ModelBody::Gbdt(g) => g,
        _ => panic!("not a gbdt"),
    }
}

#[test]
fn same_seed_same_model_on_any_thread_count() {
    let data = prepare(&synthetic(4000, 3, "binary"), "target", None).unwrap();
    let p = gbdt(GbdtParams {
        num_iterations: 30,
        bagging_fraction: 0.7,
        bagging_freq: 1,
        feature_fraction: 0.8,
        seed: 11,
        ..GbdtParams::default()
    });
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let a = one.install(|| train(&data, None, &p, quiet()).unwrap());
    let b = train(&data, None, &p, quiet()).unwrap();
    assert_eq!(a.model, b.model, "1 thread and the default pool must agree");
    let mut other = p.clone();
    other.set_seed(12);
    let c = train(&data, None, &other, quiet()).unwrap();
    assert_ne!(a.model, c.model, "another seed draws other bags");
}

#[test]
fn early_stopping_keeps_the_best_iteration() {
    let train_data = prepare(&synthetic(1500, 4, "binary"), "target", None).unwrap();
    let valid_table = synthetic(800, 5, "binary");
    let vx = encode(&valid_table, &train_data.features).unwrap();
    let vy = modeldesk_train::encode_target(&valid_table, &train_data.target).unwrap();
    let p = gbdt(GbdtParams {
        num_iterations: 500,
        learning_rate: 0.3,
        num_leaves: 63,
        min_data_in_leaf: 2,
        early_stopping_rounds: 10,
        ..GbdtParams::default()
    });
    let t = train(&train_data, Some((&vx, &vy)), &p, quiet()).unwrap();
    let best = t.best_iteration.unwrap();
    assert!(t.history.len() < 500, "overfitting must stop early");
    assert_eq!(t.history.len(), best + 10, "stops 10 rounds after the best");
    assert_eq!(trees(&t.model).trees.len(), best);
    let best_loss = t.history[best - 1].valid_loss.unwrap();
    assert!(t.history.iter().all(|i| i.valid_loss.unwrap() >= best_loss));
}

#[test]
fn cancel_stops_between_iterations() {
    let data = prepare(&synthetic(2000, 6, "multiclass"), "target", None).unwrap();
    let cancel = CancelToken::new();
    let seen = AtomicUsize::new(0);
    let progress = |it: &Iteration| {
        seen.store(it.iteration, Ordering::SeqCst);
        if it.iteration == 3 {
            cancel.cancel();
        }
    };
    let ctl = Control {
        progress: &progress,
        cancel: &cancel,
    };
    let err = train(&data, None, &gbdt(GbdtParams::default()), ctl).unwrap_err();
    assert!(matches!(err, TrainError::Cancelled), "{err}");
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[test]
fn missing_values_learn_their_own_direction() {
    // y depends only on whether x is missing; a model that sent NaN anywhere fixed would fail.
    let n = 2000;
    let x: Vec<Option<f64>> = (0..n)
        .map(|i| {
            if i % 3 == 0 {
                None
            } else {
                Some(f64::from(i % 100))
            }
        })
        .collect();
    let y: Vec<Option<&str>> = (0..n)
        .map(|i| Some(if i % 3 == 0 { "missing" } else { "present" }))
        .collect();
    let t = table(vec![
        ("x", ColumnType::Float, Arc::new(Float64Array::from(x))),
        ("y", ColumnType::Categorical, Arc::new(StringArray::from(y))),
    ]);
    let data = prepare(&t, "y", None).unwrap();
    let trained = train(
        &data,
        None,
        &gbdt(GbdtParams {
            num_iterations: 20,
            ..GbdtParams::default()
        }),
        quiet(),
    )
    .unwrap();
    let (_, acc, _) = score(&trained.model, &data.x, &data.y).headline();
    assert!(acc > 0.999, "AUC {acc}");
}

#[test]
fn categorical_splits_group_categories() {
    // 12 categories; the target is 1 for an arbitrary half of them — one set split separates
    // it, a threshold on the codes cannot.
    let n = 3000;
    let names: Vec<String> = (0..12).map(|i| format!("c{i}")).collect();
    let positive = [0, 3, 4, 7, 9, 10];
    let cat: Vec<Option<&str>> = (0..n).map(|i| Some(names[(i * 7) % 12].as_str())).collect();
    let y: Vec<Option<&str>> = (0..n)
        .map(|i| {
            Some(if positive.contains(&((i * 7) % 12)) {
                "yes"
            } else {
                "no"
            })
        })
        .collect();
    let t = table(vec![
        (
            "cat",
            ColumnType::Categorical,
            Arc::new(StringArray::from(cat)),
        ),
        ("y", ColumnType::Categorical, Arc::new(StringArray::from(y))),
    ]);
    let data = prepare(&t, "y", None).unwrap();
    let p = GbdtParams {
        num_iterations: 5,
        ..GbdtParams::default()
    };
    let trained = train(&data, None, &gbdt(p), quiet()).unwrap();
    let first = &trees(&trained.model).trees[0];
    let Node::Split {
        split: Split::Categories { categories },
        ..
    } = &first.nodes[0]
    else {
        panic!("root should be a category-set split: {:?}", first.nodes[0]);
    };
    assert_eq!(categories.len(), 6);
    assert_eq!(first.leaves(), 2, "one split separates the classes");
    let (_, auc, _) = score(&trained.model, &data.x, &data.y).headline();
    assert!(auc > 0.999);
}

#[test]
fn covers_add_up() {
    let data = prepare(&synthetic(1000, 7, "regression"), "target", None).unwrap();
    let trained = train(
        &data,
        None,
        &gbdt(GbdtParams {
            num_iterations: 5,
            ..GbdtParams::default()
        }),
        quiet(),
    )
    .unwrap();
    for tree in &trees(&trained.model).trees {
        for node in &tree.nodes {
            if let Node::Split {
                left,
                right,
                count,
                cover,
                ..
            } = node
            {
                let child = |i: &u32| match &tree.nodes[*i as usize] {
                    Node::Split { count, cover, .. } | Node::Leaf { count, cover, .. } => {
                        (*count, *cover)
                    }
                };
                let (lc, lh) = child(left);
                let (rc, rh) = child(right);
                assert_eq!(lc + rc, *count);
                assert!((lh + rh - cover).abs() < 1e-6 * cover.max(1.0));
            }
        }
        let Node::Split { count, .. } = &tree.nodes[0] else {
            continue;
        };
        assert_eq!(*count, 1000, "the root covers every training row");
    }
}

#[test]
fn goss_and_depth_limits_train_good_models() {
    let data = prepare(&synthetic(5000, 8, "binary"), "target", None).unwrap();
    let test = synthetic(2000, 9, "binary");
    let tx = encode(&test, &data.features).unwrap();
    let ty = modeldesk_train::encode_target(&test, &data.target).unwrap();
    for p in [
        GbdtParams {
            goss: true,
            ..GbdtParams::default()
        },
        GbdtParams {
            max_depth: 3,
            ..GbdtParams::default()
        },
        GbdtParams {
            lambda_l1: 1.0,
            lambda_l2: 5.0,
            ..GbdtParams::default()
        },
    ] {
        let trained = train(&data, None, &gbdt(p.clone()), quiet()).unwrap();
        let (_, auc, _) = score(&trained.model, &tx, &ty).headline();
        assert!(auc > 0.93, "{p:?}: test AUC {auc}");
        if p.max_depth == 3 {
            assert!(trees(&trained.model).trees.iter().all(|t| t.leaves() <= 8));
        }
    }
}

#[test]
fn models_round_trip_through_json_with_infinite_thresholds() {
    // A feature whose only signal is being missing gets a "values left, missing right" split
    // at +∞, which plain JSON numbers cannot hold.
    let n = 400;
    let x: Vec<Option<f64>> = (0..n).map(|i| (i % 2 == 0).then_some(1.0)).collect();
    let y: Vec<Option<&str>> = (0..n)
        .map(|i| Some(if i % 2 == 0 { "a" } else { "b" }))
        .collect();
    let t = table(vec![
        ("x", ColumnType::Float, Arc::new(Float64Array::from(x))),
        ("y", ColumnType::Categorical, Arc::new(StringArray::from(y))),
    ]);
    let data = prepare(&t, "y", None).unwrap();
    let trained = train(
        &data,
        None,
        &gbdt(GbdtParams {
            num_iterations: 3,
            ..GbdtParams::default()
        }),
        quiet(),
    )
    .unwrap();
    let has_inf = trees(&trained.model).trees.iter().flat_map(|t| &t.nodes).any(|n| {
        matches!(n, Node::Split { split: Split::Threshold { threshold, .. }, .. } if threshold.is_infinite())
    });
    assert!(
        has_inf,
        "the model should split missing from present values"
    );
    let json = serde_json::to_string(&trained.model).unwrap();
    let back: modeldesk_train::TrainedModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back.predict(&data.x), trained.model.predict(&data.x));
}
