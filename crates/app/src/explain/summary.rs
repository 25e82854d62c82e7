//! A k-means summary of the explained dataset as the background (`shap.kmeans`): `k` observed
//! rows, weighted by the share of the data each cluster holds.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array};
use modeldesk_data::ColumnType;
use modeldesk_data::recipe::Table;
use modeldesk_explain::background::kmeans;

use crate::{AppError, Result};

/// The `k`-row weighted summary of `names` in `table`.
#[allow(
    clippy::cast_possible_truncation,
    reason = "snapped values are observed integers"
)]
pub(super) fn kmeans_background(
    table: &Table,
    names: &[String],
    k: usize,
) -> Result<(Table, Vec<f64>)> {
    let invalid = |reason: String| AppError::Invalid {
        field: "background-kmeans",
        reason,
    };
    if k == 0 {
        return Err(invalid("a summary needs at least one cluster".into()));
    }
    let columns: Vec<_> = names
        .iter()
        .map(|n| {
            table
                .columns
                .iter()
                .find(|c| &c.name == n)
                .cloned()
                .ok_or_else(|| invalid(format!("the dataset has no column {n:?}")))
        })
        .collect::<Result<_>>()?;
    if let Some(c) = columns.iter().find(|c| {
        !matches!(
            c.ty,
            ColumnType::Float | ColumnType::Integer | ColumnType::Boolean
        )
    }) {
        return Err(invalid(format!(
            "k-means needs numeric columns and {:?} is {}; use --background N instead",
            c.name,
            c.ty.name()
        )));
    }
    let (values, _) = super::values::feature_values(table, names);
    let data: Vec<f64> = values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    let f = names.len();
    let summary = kmeans(&data, f, k, 0);
    let arrays = columns
        .iter()
        .enumerate()
        .map(|(j, c)| -> ArrayRef {
            let column = summary
                .rows
                .chunks(f)
                .map(|r| Some(r[j]).filter(|v| v.is_finite()));
            match c.ty {
                ColumnType::Integer => {
                    Arc::new(column.map(|v| v.map(|v| v as i64)).collect::<Int64Array>())
                }
                ColumnType::Boolean => Arc::new(
                    column
                        .map(|v| v.map(|v| v != 0.0))
                        .collect::<BooleanArray>(),
                ),
                _ => Arc::new(column.collect::<Float64Array>()),
            }
        })
        .collect();
    Ok((Table { columns, arrays }, summary.weights))
}
