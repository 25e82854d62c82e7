//! SHAP values as tables to write: one row per explained row (and class), or interaction
//! values in long format.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};
use modeldesk_data::recipe::Table;
use modeldesk_data::{ColumnSchema, ColumnType};
use modeldesk_explain::ShapValues;

use super::RawShap;

fn column(name: &str, ty: ColumnType, array: ArrayRef) -> (ColumnSchema, ArrayRef) {
    (
        ColumnSchema {
            name: name.to_owned(),
            ty,
        },
        array,
    )
}

fn into_table(columns: Vec<(ColumnSchema, ArrayRef)>) -> Table {
    let (columns, arrays) = columns.into_iter().unzip();
    Table { columns, arrays }
}

/// One row per explained row (and class): `row`, `class` (multiclass), one column per raw column,
/// `base_value`, `prediction` (raw output space).
pub(super) fn shap_table(classes: &[String], shap: &ShapValues, raw: &RawShap) -> Table {
    let k = shap.outputs;
    let c = raw.names.len();
    let n = shap.rows * k;
    let mut cols = vec![column(
        "row",
        ColumnType::Integer,
        Arc::new(Int64Array::from_iter_values(
            (0..n).map(|i| i64::try_from(i / k).unwrap_or(i64::MAX)),
        )),
    )];
    if k > 1 {
        let classes: Vec<String> = (0..n)
            .map(|i| classes.get(i % k).cloned().unwrap_or_default())
            .collect();
        cols.push(column(
            "class",
            ColumnType::Categorical,
            Arc::new(StringArray::from(classes)),
        ));
    }
    for (j, name) in raw.names.iter().enumerate() {
        let v: Vec<f64> = (0..n).map(|i| raw.values[i * c + j]).collect();
        cols.push(column(
            name,
            ColumnType::Float,
            Arc::new(Float64Array::from(v)),
        ));
    }
    let base: Vec<f64> = (0..n).map(|i| shap.base[i % k]).collect();
    let prediction: Vec<f64> = (0..n)
        .map(|i| shap.base[i % k] + raw.values[i * c..(i + 1) * c].iter().sum::<f64>())
        .collect();
    cols.push(column(
        "base_value",
        ColumnType::Float,
        Arc::new(Float64Array::from(base)),
    ));
    cols.push(column(
        "prediction",
        ColumnType::Float,
        Arc::new(Float64Array::from(prediction)),
    ));
    into_table(cols)
}

/// Long format: `row`, `class` (multiclass), `feature`, `other`, `value` (model features).
pub(super) fn interaction_table(classes: &[String], shap: &ShapValues, values: &[f64]) -> Table {
    let k = shap.outputs;
    let f = shap.features.len();
    let n = values.len();
    let index = |i: usize| (i / (f * f * k), (i / (f * f)) % k, (i / f) % f, i % f);
    let mut cols = vec![column(
        "row",
        ColumnType::Integer,
        Arc::new(Int64Array::from_iter_values(
            (0..n).map(|i| i64::try_from(index(i).0).unwrap_or(i64::MAX)),
        )),
    )];
    if k > 1 {
        let classes: Vec<String> = (0..n)
            .map(|i| classes.get(index(i).1).cloned().unwrap_or_default())
            .collect();
        cols.push(column(
            "class",
            ColumnType::Categorical,
            Arc::new(StringArray::from(classes)),
        ));
    }
    let names = |pick: fn((usize, usize, usize, usize)) -> usize| -> ArrayRef {
        Arc::new(StringArray::from(
            (0..n)
                .map(|i| shap.features[pick(index(i))].clone())
                .collect::<Vec<_>>(),
        ))
    };
    cols.push(column("feature", ColumnType::Categorical, names(|t| t.2)));
    cols.push(column("other", ColumnType::Categorical, names(|t| t.3)));
    cols.push(column(
        "value",
        ColumnType::Float,
        Arc::new(Float64Array::from(values.to_vec())),
    ));
    into_table(cols)
}
