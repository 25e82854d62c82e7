//! Column profiles: counts, distinct values, numeric summaries with exact quantiles,
//! histograms or frequency tables, and flags (constant, mostly missing, high cardinality,
//! likely identifier, likely personal data). Computed from the stored Parquet snapshot, one
//! column per task in parallel.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::TYPE_KEY;
use crate::{CancelToken, ColumnType, DataError, JobProgress, Progress, Result};

/// Quantile levels reported for numeric columns.
pub const QUANTILES: [f64; 9] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];
const HISTOGRAM_BINS: usize = 20;
const TOP_VALUES: usize = 20;

/// The profile of a whole dataset.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetProfile {
    /// Rows in the dataset.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rows: u64,
    /// One profile per column, in column order.
    pub columns: Vec<ColumnProfile>,
}

/// Summary of numeric (integer, float, datetime) values.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumericSummary {
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1).
    pub std: f64,
    /// Values at [`QUANTILES`] (linear interpolation between order statistics, like numpy's default).
    pub quantiles: Vec<f64>,
    /// Equal-width histogram: `edges` has one more entry than `counts`.
    pub histogram: Histogram,
}

/// An equal-width histogram.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, ascending.
    pub edges: Vec<f64>,
    /// Values per bin (the last bin includes its right edge).
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub counts: Vec<u64>,
}

/// A value and how often it occurs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    /// The value, as text.
    pub value: String,
    /// Occurrences.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub count: u64,
}

/// Warnings a person should see about a column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnFlag {
    /// At most one distinct value.
    Constant,
    /// More than half the values are missing.
    MostlyMissing,
    /// A categorical/text column with very many distinct values.
    HighCardinality,
    /// Every value is distinct: probably a key, not a feature.
    LikelyIdentifier,
    /// Looks like personal data (emails, phone numbers, names, national IDs): a privacy warning.
    LikelyPersonalData,
}

/// The profile of one column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnProfile {
    /// Column name.
    pub name: String,
    /// Logical type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// Non-missing values.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub count: u64,
    /// Missing values.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub nulls: u64,
    /// Distinct non-missing values.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub distinct: u64,
    /// For integer, float and datetime columns.
    pub numeric: Option<NumericSummary>,
    /// Most frequent values (all types but float), most frequent first.
    pub top_values: Vec<ValueCount>,
    /// Flags.
    pub flags: Vec<ColumnFlag>,
    /// Why `likely_personal_data` was raised, if it was.
    pub personal_data_reason: Option<String>,
}

/// Profiles every column of the Parquet snapshot at `path`.
pub fn profile_parquet(
    path: &Path,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<DatasetProfile> {
    let file = File::open(path).map_err(DataError::io(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let fields: Vec<(String, ColumnType)> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let ty = f
                .metadata()
                .get(TYPE_KEY)
                .and_then(|t| ColumnType::from_name(t))
                .unwrap_or(ColumnType::Text);
            (f.name().clone(), ty)
        })
        .collect();
    let total = fields.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let columns = fields
        .par_iter()
        .enumerate()
        .map(|(i, (name, ty))| {
            if cancel.is_cancelled() {
                return Err(DataError::Cancelled);
            }
            let arrays = read_column(path, i)?;
            let profile = profile_column(name, *ty, &arrays);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.report(JobProgress {
                stage: "profile",
                done: n,
                total: Some(total),
                rows,
            });
            Ok(profile)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DatasetProfile { rows, columns })
}

/// The index of the column named `name` in the Parquet file at `path`.
pub(crate) fn column_index(path: &Path, name: &str) -> Result<usize> {
    let file = File::open(path).map_err(DataError::io(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| DataError::InvalidOption {
            field: "column",
            reason: format!("no column named {name:?}; columns are {}", names.join(", ")),
        })
}

/// Every value of one column, as Arrow arrays.
pub(crate) fn read_column(path: &Path, index: usize) -> Result<Vec<ArrayRef>> {
    let file = File::open(path).map_err(DataError::io(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), [index]);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(64 * 1024)
        .build()?;
    reader
        .map(|b| b.map(|b| b.column(0).clone()).map_err(DataError::from))
        .collect()
}

/// Profiles one column from its arrays.
pub(crate) fn profile_column(name: &str, ty: ColumnType, arrays: &[ArrayRef]) -> ColumnProfile {
    let nulls: u64 = arrays.iter().map(|a| a.null_count() as u64).sum();
    let len: u64 = arrays.iter().map(|a| a.len() as u64).sum();
    let count = len - nulls;
    let (distinct, numeric, top_values, samples) = match ty {
        ColumnType::Float => {
            // One sort gives both the distinct count (runs of equal values: -0.0 and
            // 0.0 are one value, NaNs were dropped by `numbers`) and the exact quantiles —
            // cheaper than hashing every value and selecting order statistics.
            let mut values = numbers(arrays);
            crate::float_sort::sort_f64(&mut values);
            #[allow(clippy::float_cmp, reason = "distinct means not equal")]
            let distinct = values.first().map_or(0, |_| {
                1 + values.windows(2).filter(|w| w[0] != w[1]).count() as u64
            });
            (
                distinct,
                numeric_summary(values, true),
                Vec::new(),
                Vec::new(),
            )
        }
        ColumnType::Integer | ColumnType::Datetime => {
            let counts = int_counts(arrays);
            let values = numbers(arrays);
            let sorted = values.is_sorted_by(|a, b| a.total_cmp(b).is_le());
            let top = top(counts.iter().map(|(k, v)| (k.to_string(), *v)));
            (
                counts.len() as u64,
                numeric_summary(values, sorted),
                if ty == ColumnType::Integer {
                    top
                } else {
                    Vec::new()
                },
                Vec::new(),
            )
        }
        ColumnType::Boolean => {
            let counts = bool_counts(arrays);
            let distinct = counts.iter().filter(|(_, c)| *c > 0).count() as u64;
            (
                distinct,
                None,
                top(counts.into_iter().filter(|(_, c)| *c > 0)),
                Vec::new(),
            )
        }
        ColumnType::Categorical | ColumnType::Text => {
            let counts = string_counts(arrays);
            let samples: Vec<String> = counts.keys().take(500).cloned().collect();
            (counts.len() as u64, None, top(counts.into_iter()), samples)
        }
    };
    let mut flags = Vec::new();
    if distinct <= 1 {
        flags.push(ColumnFlag::Constant);
    }
    if nulls * 2 > len {
        flags.push(ColumnFlag::MostlyMissing);
    }
    let texty = matches!(ty, ColumnType::Categorical | ColumnType::Text);
    if texty && distinct > 50 && distinct * 2 > count {
        flags.push(ColumnFlag::HighCardinality);
    }
    if count > 1
        && distinct == count
        && matches!(
            ty,
            ColumnType::Integer | ColumnType::Text | ColumnType::Categorical
        )
    {
        flags.push(ColumnFlag::LikelyIdentifier);
    }
    let personal_data_reason = personal_data(name, &samples);
    if personal_data_reason.is_some() {
        flags.push(ColumnFlag::LikelyPersonalData);
    }
    ColumnProfile {
        name: name.to_owned(),
        ty,
        count,
        nulls,
        distinct,
        numeric,
        top_values,
        flags,
        personal_data_reason,
    }
}

#[allow(clippy::cast_precision_loss)] // integers and timestamps are summarised as f64
fn numbers(arrays: &[ArrayRef]) -> Vec<f64> {
    // Room for every value and one more: `keep_finite` writes each before deciding.
    let slots: usize = arrays.iter().map(Array::len).sum::<usize>() + 1;
    let mut out = Vec::with_capacity(slots);
    for a in arrays {
        let any = a.as_any();
        if let Some(a) = any.downcast_ref::<Float64Array>() {
            match a.nulls() {
                Some(nulls) => keep_finite(&mut out, a.values(), nulls.iter()),
                None => keep_finite(&mut out, a.values(), std::iter::repeat(true)),
            }
        } else if let Some(a) = any.downcast_ref::<Int64Array>() {
            out.extend(a.iter().flatten().map(|v| v as f64));
        } else if let Some(a) = any.downcast_ref::<TimestampMicrosecondArray>() {
            out.extend(a.iter().flatten().map(|v| v as f64));
        }
    }
    out
}

/// Appends the finite values of `values` whose `valid` flag is set. Every value is written
/// and the end moves on only past kept ones: no branch per value to mispredict on a column
/// with scattered nulls (a third of the time the bit-index iterator took).
fn keep_finite(out: &mut Vec<f64>, values: &[f64], valid: impl Iterator<Item = bool>) {
    let start = out.len();
    // One slot more than the values: the last write may land past the kept ones.
    out.resize(start + values.len() + 1, 0.0);
    let mut end = start;
    for (&v, valid) in values.iter().zip(valid) {
        out[end] = v;
        end += usize::from(valid && v.is_finite());
    }
    out.truncate(end);
}

fn int_counts(arrays: &[ArrayRef]) -> rustc_hash::FxHashMap<i64, u64> {
    let mut counts = rustc_hash::FxHashMap::default();
    for a in arrays {
        let any = a.as_any();
        let values: Box<dyn Iterator<Item = i64>> =
            if let Some(a) = any.downcast_ref::<Int64Array>() {
                Box::new(a.iter().flatten())
            } else if let Some(a) = any.downcast_ref::<TimestampMicrosecondArray>() {
                Box::new(a.iter().flatten())
            } else {
                Box::new(std::iter::empty())
            };
        for v in values {
            *counts.entry(v).or_insert(0) += 1;
        }
    }
    counts
}

fn bool_counts(arrays: &[ArrayRef]) -> Vec<(String, u64)> {
    let (mut t, mut f) = (0u64, 0u64);
    for a in arrays {
        if let Some(a) = a.as_any().downcast_ref::<BooleanArray>() {
            for v in a.iter().flatten() {
                if v { t += 1 } else { f += 1 }
            }
        }
    }
    vec![("true".to_owned(), t), ("false".to_owned(), f)]
}

fn string_counts(arrays: &[ArrayRef]) -> rustc_hash::FxHashMap<String, u64> {
    let mut counts: rustc_hash::FxHashMap<String, u64> = rustc_hash::FxHashMap::default();
    for a in arrays {
        if let Some(a) = a.as_any().downcast_ref::<StringArray>() {
            for v in a.iter().flatten() {
                if let Some(c) = counts.get_mut(v) {
                    *c += 1;
                } else {
                    counts.insert(v.to_owned(), 1);
                }
            }
        }
    }
    counts
}

/// The most frequent values, ties broken by value so the result is deterministic.
fn top(counts: impl Iterator<Item = (String, u64)>) -> Vec<ValueCount> {
    let mut all: Vec<ValueCount> = counts
        .map(|(value, count)| ValueCount { value, count })
        .collect();
    all.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    all.truncate(TOP_VALUES);
    all
}

#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
/// Min, max, mean, std, quantiles and histogram of `values`; `sorted` says they are already in
/// ascending `total_cmp` order (then the quantiles and bins are read off, not selected).
fn numeric_summary(mut values: Vec<f64>, sorted: bool) -> Option<NumericSummary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = if n > 1 {
        values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64
    } else {
        0.0
    };
    let (min, max) = if sorted {
        (values[0], values[n - 1])
    } else {
        values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    };
    let quantiles = exact_quantiles(&mut values, sorted);
    let width = (max - min) / HISTOGRAM_BINS as f64;
    let bin = |v: f64| {
        if width > 0.0 {
            (((v - min) / width) as usize).min(HISTOGRAM_BINS - 1)
        } else {
            0
        }
    };
    let mut counts = vec![0u64; HISTOGRAM_BINS];
    if sorted {
        // `bin` never decreases along sorted values: each bin's end is a binary search.
        let mut start = 0;
        for (b, count) in counts.iter_mut().enumerate() {
            let end = values.partition_point(|&v| bin(v) <= b);
            *count = (end - start) as u64;
            start = end;
        }
    } else {
        for &v in &values {
            counts[bin(v)] += 1;
        }
    }
    let edges = (0..=HISTOGRAM_BINS)
        .map(|i| min + width * i as f64)
        .collect();
    Some(NumericSummary {
        min,
        max,
        mean,
        std: var.sqrt(),
        quantiles,
        histogram: Histogram { edges, counts },
    })
}

/// Exact quantiles at [`QUANTILES`] (numpy's linear interpolation between order statistics),
/// by selecting only the order statistics needed, left to right, instead of sorting: each
/// selection works on the part right of the previous one (when `sorted`, they are read off
/// directly). Reorders `values`.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn exact_quantiles(values: &mut [f64], sorted: bool) -> Vec<f64> {
    let n = values.len();
    let positions: Vec<f64> = QUANTILES.iter().map(|q| q * (n - 1) as f64).collect();
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|p| [p.floor() as usize, p.ceil() as usize])
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let mut at = HashMap::with_capacity(ranks.len());
    if sorted {
        for &r in &ranks {
            at.insert(r, values[r]);
        }
    } else {
        let mut start = 0;
        for &r in &ranks {
            let (_, nth, _) = values[start..].select_nth_unstable_by(r - start, f64::total_cmp);
            at.insert(r, *nth);
            start = r;
        }
    }
    positions
        .iter()
        .map(|&p| {
            let (lo, hi) = (p.floor() as usize, p.ceil() as usize);
            at[&lo] + (at[&hi] - at[&lo]) * (p - lo as f64)
        })
        .collect()
}

/// Column-name fragments that usually mean personal data.
const NAME_HINTS: [&str; 14] = [
    "email",
    "e-mail",
    "phone",
    "mobile",
    "first_name",
    "firstname",
    "last_name",
    "lastname",
    "surname",
    "full_name",
    "ssn",
    "passport",
    "national_id",
    "iban",
];

/// Names and value shapes that usually mean personal data.
fn personal_data(name: &str, samples: &[String]) -> Option<String> {
    let lower = name.to_ascii_lowercase();

    if let Some(hint) = NAME_HINTS.iter().find(|h| lower.contains(**h)) {
        return Some(format!("the column name contains {hint:?}"));
    }
    if lower == "name" || lower.ends_with("_name") && !lower.contains("file") {
        return Some("the column name suggests people's names".to_owned());
    }
    if samples.is_empty() {
        return None;
    }
    let share = |pred: &dyn Fn(&str) -> bool| {
        samples.iter().filter(|s| pred(s)).count() * 10 >= samples.len() * 8
    };
    if share(&looks_like_email) {
        return Some("most values look like email addresses".to_owned());
    }
    if share(&looks_like_phone) {
        return Some("most values look like phone numbers".to_owned());
    }
    None
}

fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    s.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && !user.contains(' ')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains(' ')
    })
}

fn looks_like_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')' | b'.'))
        && (s.starts_with('+') || s.contains(['-', ' ', '(']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_detection() {
        assert!(personal_data("Email", &[]).is_some());
        assert!(personal_data("customer_name", &[]).is_some());
        assert!(personal_data("filename", &[]).is_none());
        let emails: Vec<String> = (0..10).map(|i| format!("user{i}@example.org")).collect();
        assert!(personal_data("contact", &emails).unwrap().contains("email"));
        let phones: Vec<String> = (0..10).map(|i| format!("+44 20 7946 09{i:02}")).collect();
        assert!(personal_data("contact", &phones).unwrap().contains("phone"));
        let plain: Vec<String> = (0..10).map(|i| format!("item {i}")).collect();
        assert!(personal_data("contact", &plain).is_none());
    }

    /// Nulls and non-finite values are left out, across arrays and null-bitmap bytes; what is
    /// kept is what the plain filter keeps, in order.
    #[test]
    fn numbers_keep_the_finite_values_that_are_present() {
        let make = |n: u32, seed: u32| -> Float64Array {
            (0..n)
                .map(|i| {
                    let k = (i * 7 + seed) % 11;
                    match k {
                        0 => None,
                        1 => Some(f64::NAN),
                        2 => Some(f64::INFINITY),
                        3 => Some(f64::NEG_INFINITY),
                        _ => Some(f64::from(i) - 50.5),
                    }
                })
                .collect()
        };
        let no_nulls = Float64Array::from(vec![1.0, f64::NAN, -2.0]);
        let arrays: Vec<ArrayRef> = vec![
            std::sync::Arc::new(make(100, 3)),
            std::sync::Arc::new(no_nulls),
            std::sync::Arc::new(make(37, 5)),
            std::sync::Arc::new(Float64Array::from(Vec::<f64>::new())),
        ];
        let expected: Vec<f64> = arrays
            .iter()
            .flat_map(|a| {
                let a = a.as_any().downcast_ref::<Float64Array>().cloned();
                a.into_iter().flat_map(|a| a.iter().collect::<Vec<_>>())
            })
            .flatten()
            .filter(|v| v.is_finite())
            .collect();
        // Every kind of left-out value is there: about 4 in 11 of the 137.
        assert!((70..110).contains(&expected.len()), "{}", expected.len());
        assert_eq!(numbers(&arrays), expected);
    }
}
