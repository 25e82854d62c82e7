//! TreeSHAP against the Shapley formula evaluated by brute force (every coalition) with the
//! path-dependent value function, on small random models; additivity on random rows.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, StringArray};
use modeldesk_data::ColumnSchema;
use modeldesk_data::ColumnType;
use modeldesk_data::recipe::Table;
use modeldesk_explain::shap_values;
use modeldesk_train::gbdt::{GbdtParams, Node, Tree};
use modeldesk_train::linear::LinearParams;
use modeldesk_train::{CancelToken, ModelBody, ModelParams, prepare, train};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{no_progress, quiet};

/// E[f(x) | x_S] under the trees' cover distribution (the paper's Algorithm 1).
fn expectation(tree: &Tree, node: usize, row: &[f32], present: &[bool]) -> f64 {
    match &tree.nodes[node] {
        Node::Leaf { value, .. } => *value,
        Node::Split {
            feature,
            split,
            default_left,
            left,
            right,
            count,
            ..
        } => {
            let f = *feature as usize;
            if present[f] {
                let next = if Tree::decide(split, *default_left, row[f]) {
                    left
                } else {
                    right
                };
                expectation(tree, *next as usize, row, present)
            } else {
                let weight = |n: u32| match &tree.nodes[n as usize] {
                    Node::Leaf { count, .. } | Node::Split { count, .. } => f64::from(*count),
                };
                let total = f64::from(*count);
                (weight(*left) * expectation(tree, *left as usize, row, present)
                    + weight(*right) * expectation(tree, *right as usize, row, present))
                    / total
            }
        }
    }
}

fn factorial(n: usize) -> f64 {
    (1..=n).map(|i| i as f64).product()
}

/// Exact Shapley values of one output by enumerating every coalition.
fn brute_force(trees: &[&Tree], row: &[f32]) -> Vec<f64> {
    let m = row.len();
    let value = |mask: usize| -> f64 {
        let present: Vec<bool> = (0..m).map(|f| mask & (1 << f) != 0).collect();
        trees.iter().map(|t| expectation(t, 0, row, &present)).sum()
    };
    (0..m)
        .map(|i| {
            let mut phi = 0.0;
            for mask in 0..(1usize << m) {
                if mask & (1 << i) != 0 {
                    continue;
                }
                let s = mask.count_ones() as usize;
                let w = factorial(s) * factorial(m - s - 1) / factorial(m);
                phi += w * (value(mask | (1 << i)) - value(mask));
            }
            phi
        })
        .collect()
}

/// A random table: `features` numeric columns (some missing), one categorical, a target.
fn random_table(seed: u64, rows: usize, features: usize, classes: usize) -> Table {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut columns: Vec<(String, ColumnType, ArrayRef)> = Vec::new();
    let mut signal = vec![0.0; rows];
    for f in 0..features {
        let v: Vec<Option<f64>> = (0..rows)
            .map(|r| {
                let x: f64 = rng.random_range(-3.0..3.0);
                signal[r] += x * (f as f64 - 1.5) + if f == 0 { x * x } else { 0.0 };
                rng.random_bool(0.9).then_some((x * 4.0).round() / 4.0)
            })
            .collect();
        columns.push((
            format!("x{f}"),
            ColumnType::Float,
            Arc::new(Float64Array::from(v)),
        ));
    }
    let cat: Vec<Option<&str>> = (0..rows)
        .map(|r| {
            let c = ["a", "b", "c", "d", "e", "f"][r % 6];
            signal[r] += if r % 6 < 3 { 1.0 } else { -1.0 };
            Some(c)
        })
        .collect();
    columns.push((
        "cat".into(),
        ColumnType::Categorical,
        Arc::new(StringArray::from(cat)),
    ));
    let target: Vec<Option<String>> = signal
        .iter()
        .map(|s| {
            Some(format!(
                "k{}",
                ((s + 10.0).max(0.0) as usize * classes / 20).min(classes - 1)
            ))
        })
        .collect();
    columns.push((
        "y".into(),
        ColumnType::Categorical,
        Arc::new(StringArray::from(target)),
    ));
    Table {
        columns: columns
            .iter()
            .map(|(n, t, _)| ColumnSchema {
                name: n.clone(),
                ty: *t,
            })
            .collect(),
        arrays: columns.into_iter().map(|(_, _, a)| a).collect(),
    }
}

#[test]
fn tree_shap_equals_brute_force_shapley_on_small_models() {
    for (seed, classes) in [(1, 2), (2, 3)] {
        let table = random_table(seed, 600, 4, classes);
        let data = prepare(&table, "y", None).unwrap();
        let params = GbdtParams {
            num_iterations: 6,
            num_leaves: 8,
            min_data_in_leaf: 5,
            min_data_per_group: 5,
            early_stopping_rounds: 0,
            ..GbdtParams::default()
        };
        let trained = train(&data, None, &ModelParams::Gbdt(params), quiet()).unwrap();
        let ModelBody::Gbdt(g) = &trained.model.body else {
            unreachable!()
        };
        let ours = shap_values(&trained.model, &data.x, &no_progress, &CancelToken::new()).unwrap();
        let f = data.x.columns.len();
        let mut row = vec![0f32; f];
        for r in 0..25 {
            data.x.row(r, &mut row);
            for k in 0..g.outputs {
                let trees: Vec<&Tree> = g
                    .trees
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % g.outputs == k)
                    .map(|(_, t)| t)
                    .collect();
                let exact = brute_force(&trees, &row);
                let got = &ours.values[(r * g.outputs + k) * f..(r * g.outputs + k + 1) * f];
                for (a, b) in exact.iter().zip(got) {
                    assert!(
                        (a - b).abs() < 1e-9,
                        "row {r} output {k}: brute force {exact:?} vs TreeSHAP {got:?}"
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn tree_shap_is_additive_on_random_models(seed in 0u64..1000, classes in 2usize..4, leaves in 2usize..40) {
        let table = random_table(seed, 400, 5, classes);
        let data = prepare(&table, "y", None).unwrap();
        let params = GbdtParams { num_iterations: 8, num_leaves: leaves, min_data_in_leaf: 3, seed, early_stopping_rounds: 0, ..GbdtParams::default() };
        let trained = train(&data, None, &ModelParams::Gbdt(params), quiet()).unwrap();
        let ours = shap_values(&trained.model, &data.x, &no_progress, &CancelToken::new()).unwrap();
        prop_assert!(ours.max_additivity_error < 1e-9, "additivity error {}", ours.max_additivity_error);
    }
}

#[test]
fn linear_shap_is_exact_and_additive() {
    let table = random_table(5, 500, 3, 2);
    let data = prepare(&table, "y", None).unwrap();
    let trained = train(
        &data,
        None,
        &ModelParams::Linear(LinearParams::default()),
        quiet(),
    )
    .unwrap();
    let ModelBody::Linear(l) = &trained.model.body else {
        unreachable!()
    };
    let ours = shap_values(&trained.model, &data.x, &no_progress, &CancelToken::new()).unwrap();
    assert!(ours.max_additivity_error < 1e-9);
    // Feature 0 is one standardised column: φ = β (z − mean z).
    let z = l.encoder.transform(&data.x);
    let d = l.encoder.width();
    let mean: f64 = (0..data.x.rows).map(|r| z[r * d]).sum::<f64>() / data.x.rows as f64;
    let f = data.x.columns.len();
    for r in 0..10 {
        let expected = l.weights[0] * (z[r * d] - mean);
        assert!((ours.values[r * f] - expected).abs() < 1e-12);
    }
}
