//! The explained rows' raw values as numbers, for colouring beeswarm points and placing
//! dependence-plot points: numbers as they are, booleans 0/1, date-times in milliseconds since
//! 1970, and labels as indices into a sorted category list.

use std::collections::BTreeSet;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, TimeUnit};
use modeldesk_data::recipe::Table;

/// Distinct labels beyond which a text column is not coloured (its values stay missing).
pub const MAX_CATEGORIES: usize = 200;

/// Row-major values of `names` in `table` (`[row * names + c]`, `None` when missing, not
/// numeric-like, or the column is absent) and each column's category labels.
#[allow(
    clippy::cast_precision_loss,
    reason = "integers and timestamps are shown, not computed with; f64 is what plots use"
)]
pub fn feature_values(table: &Table, names: &[String]) -> (Vec<Option<f64>>, Vec<Vec<String>>) {
    let rows = table.rows();
    let c = names.len();
    let mut out = vec![None; rows * c];
    let mut categories = vec![Vec::new(); c];
    for (j, name) in names.iter().enumerate() {
        let Some(array) = table
            .columns
            .iter()
            .position(|col| &col.name == name)
            .map(|i| &table.arrays[i])
        else {
            continue;
        };
        let column: Vec<Option<f64>> = match array.data_type() {
            DataType::Float64 => collect(array, |a, i| a.as_primitive::<Float64Type>().value(i)),
            DataType::Int64 => collect(array, |a, i| a.as_primitive::<Int64Type>().value(i) as f64),
            DataType::Boolean => {
                collect(array, |a, i| f64::from(u8::from(a.as_boolean().value(i))))
            }
            DataType::Timestamp(TimeUnit::Microsecond, _) => collect(array, |a, i| {
                a.as_primitive::<TimestampMicrosecondType>().value(i) as f64 / 1000.0
            }),
            DataType::Utf8 => {
                let strings = array.as_string::<i32>();
                let labels: BTreeSet<&str> = strings.iter().flatten().collect();
                if labels.len() > MAX_CATEGORIES {
                    continue;
                }
                let labels: Vec<&str> = labels.into_iter().collect();
                let column = strings
                    .iter()
                    .map(|v| {
                        v.and_then(|v| labels.binary_search(&v).ok())
                            .map(|i| i as f64)
                    })
                    .collect();
                categories[j] = labels.into_iter().map(str::to_owned).collect();
                column
            }
            _ => continue,
        };
        for (r, v) in column.into_iter().enumerate() {
            out[r * c + j] = v;
        }
    }
    (out, categories)
}

/// The non-null values of `array` through `get`, nulls as `None`.
fn collect(array: &ArrayRef, get: impl Fn(&ArrayRef, usize) -> f64) -> Vec<Option<f64>> {
    (0..array.len())
        .map(|i| array.is_valid(i).then(|| get(array, i)))
        .collect()
}
