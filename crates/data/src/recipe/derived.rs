//! Steps that derive new columns: type casts, date parts, word counts and TF-IDF weights.
//! Each is defined so that standard ONNX operators compute exactly the same values (the
//! training crate exports them): words are split on spaces and lower-cased in ASCII only,
//! as `StringSplit` and `StringNormalizer` with the `C` locale do; dates are UTC civil dates
//! from whole days since 1970, as integer arithmetic on microseconds gives them.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use serde::{Deserialize, Serialize};

use super::{Table, labels, numbers};
use crate::{ColumnSchema, ColumnType, DataError, Result};

/// The type `cast` converts a column to.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CastTo {
    /// Real numbers (from integer, float or boolean columns).
    Float,
    /// Whole numbers, truncated toward zero (from integer, float or boolean columns).
    Integer,
    /// Labels (from integer, categorical or text columns).
    Categorical,
    /// Free text (from integer, categorical or text columns).
    Text,
}

impl CastTo {
    /// The column type it gives.
    pub fn column_type(self) -> ColumnType {
        match self {
            Self::Float => ColumnType::Float,
            Self::Integer => ColumnType::Integer,
            Self::Categorical => ColumnType::Categorical,
            Self::Text => ColumnType::Text,
        }
    }
}

/// A part of a date-time that `date_parts` extracts (UTC).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePart {
    /// The year.
    Year,
    /// 1..=12.
    Month,
    /// Day of the month, 1..=31.
    Day,
    /// Day of the week, Monday 0 .. Sunday 6.
    Weekday,
    /// Hour of the day, 0..=23.
    Hour,
}

impl DatePart {
    /// Every part, in column order.
    pub const ALL: [Self; 5] = [
        Self::Year,
        Self::Month,
        Self::Day,
        Self::Weekday,
        Self::Hour,
    ];

    /// The suffix of its column (`<column>.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Weekday => "weekday",
            Self::Hour => "hour",
        }
    }
}

/// Microseconds in a day and in an hour.
pub const MICROS_PER_DAY: i64 = 86_400_000_000;
/// Microseconds in an hour.
pub const MICROS_PER_HOUR: i64 = 3_600_000_000;

/// The civil date (year, month, day) of a count of days since 1970-01-01, by Howard Hinnant's
/// `civil_from_days` (exact for every day an `i64` of microseconds can hold).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The value of `part` for a time in microseconds since 1970 (UTC).
pub fn date_part(micros: i64, part: DatePart) -> i64 {
    let days = micros.div_euclid(MICROS_PER_DAY);
    match part {
        DatePart::Year => civil_from_days(days).0,
        DatePart::Month => civil_from_days(days).1,
        DatePart::Day => civil_from_days(days).2,
        DatePart::Weekday => (days + 3).rem_euclid(7),
        DatePart::Hour => micros.rem_euclid(MICROS_PER_DAY) / MICROS_PER_HOUR,
    }
}

/// The words of a text as `tf_idf` and `word_count` see them: split on spaces (runs of
/// spaces count once), ASCII letters lower-cased when `lower`.
pub fn words(text: &str, lower: bool) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    text.split(' ').filter(|w| !w.is_empty()).map(move |w| {
        if lower && w.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(w.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        }
    })
}

/// A fitted TF-IDF vocabulary.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfIdfFit {
    /// The words, alphabetically (one column each).
    pub vocabulary: Vec<String>,
    /// Smooth inverse document frequency of each word: ln((1 + n) / (1 + df)) + 1.
    pub idf: Vec<f64>,
}

/// Fits a vocabulary: the `max_features` words most frequent over all rows (ties
/// alphabetically), with their smooth idf — scikit-learn's `TfidfVectorizer` with
/// `tokenizer=str.split`-like words and `max_features`.
#[allow(clippy::cast_precision_loss, reason = "row counts are far below 2^52")]
pub fn fit_tf_idf(texts: &[Option<String>], max_features: usize) -> TfIdfFit {
    let mut total: HashMap<String, (usize, usize)> = HashMap::new();
    for text in texts.iter().flatten() {
        let mut seen = std::collections::HashSet::new();
        for w in words(text, true) {
            let entry = total.entry(w.clone().into_owned()).or_default();
            entry.0 += 1;
            if seen.insert(w) {
                entry.1 += 1;
            }
        }
    }
    let mut ranked: Vec<(String, (usize, usize))> = total.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(max_features);
    ranked.sort_by(|a, b| a.0.cmp(&b.0));
    let n = texts.len() as f64;
    TfIdfFit {
        vocabulary: ranked.iter().map(|(w, _)| w.clone()).collect(),
        idf: ranked
            .iter()
            .map(|(_, (_, df))| ((1.0 + n) / (1.0 + *df as f64)).ln() + 1.0)
            .collect(),
    }
}

/// The L2-normalised TF-IDF weights of each row, one `Vec` per vocabulary word.
#[allow(clippy::cast_precision_loss, reason = "word counts are small")]
pub fn tf_idf(texts: &[Option<String>], fit: &TfIdfFit) -> Vec<Vec<f64>> {
    let index: HashMap<&str, usize> = fit
        .vocabulary
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    let mut columns = vec![vec![0.0; texts.len()]; fit.vocabulary.len()];
    let mut counts = vec![0usize; fit.vocabulary.len()];
    for (row, text) in texts.iter().enumerate() {
        counts.fill(0);
        for w in words(text.as_deref().unwrap_or(""), true) {
            if let Some(i) = index.get(w.as_ref()) {
                counts[*i] += 1;
            }
        }
        let weights: Vec<f64> = counts
            .iter()
            .zip(&fit.idf)
            .map(|(c, idf)| *c as f64 * idf)
            .collect();
        let norm = weights.iter().map(|w| w * w).sum::<f64>().sqrt();
        for (column, w) in columns.iter_mut().zip(weights) {
            column[row] = if norm > 0.0 { w / norm } else { 0.0 };
        }
    }
    columns
}

/// Converts `column` to `to`, or says why it cannot be.
pub(super) fn apply_cast(t: &mut Table, column: &str, to: CastTo) -> Result<()> {
    let i = t.index(column)?;
    let from = t.columns[i].ty;
    let numeric = matches!(
        from,
        ColumnType::Integer | ColumnType::Float | ColumnType::Boolean
    );
    let label = matches!(from, ColumnType::Categorical | ColumnType::Text);
    let array: ArrayRef = match to {
        CastTo::Float if numeric => Arc::new(Float64Array::from(numbers(&t.arrays[i]))),
        #[allow(
            clippy::cast_possible_truncation,
            reason = "truncation toward zero is the cast"
        )]
        CastTo::Integer if numeric => Arc::new(Int64Array::from(
            numbers(&t.arrays[i])
                .into_iter()
                .map(|v| v.filter(|x| x.is_finite()).map(|x| x as i64))
                .collect::<Vec<_>>(),
        )),
        CastTo::Categorical | CastTo::Text if label => Arc::clone(&t.arrays[i]),
        CastTo::Categorical | CastTo::Text if from == ColumnType::Integer => {
            Arc::new(StringArray::from(labels(&t.arrays[i])))
        }
        _ => {
            return Err(DataError::InvalidOption {
                field: "recipe",
                reason: format!(
                    "cast cannot turn {column:?} ({}) into {}: numbers become float or integer, \
                     whole numbers and labels categorical or text (to read text as numbers, \
                     import the column with that type)",
                    from.name(),
                    to.column_type().name()
                ),
            });
        }
    };
    t.columns[i].ty = to.column_type();
    t.arrays[i] = array;
    Ok(())
}

/// Replaces the date-time `column` by one integer column per part.
pub(super) fn apply_date_parts(t: &mut Table, column: &str, parts: &[DatePart]) -> Result<()> {
    let i = t.index(column)?;
    let Some(times) = t.arrays[i]
        .as_any()
        .downcast_ref::<TimestampMicrosecondArray>()
    else {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!(
                "date_parts needs a datetime column; {column:?} is {}",
                t.columns[i].ty.name()
            ),
        });
    };
    if parts.is_empty() {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!("date_parts on {column:?}: name at least one part"),
        });
    }
    let derived: Vec<ArrayRef> = parts
        .iter()
        .map(|part| {
            Arc::new(
                times
                    .iter()
                    .map(|v| v.map(|micros| date_part(micros, *part)))
                    .collect::<Int64Array>(),
            ) as ArrayRef
        })
        .collect();
    replace(
        t,
        i,
        parts.iter().map(|p| format!("{column}.{}", p.name())),
        ColumnType::Integer,
        derived,
    )
}

/// Adds `<column>.words` after the text `column`.
pub(super) fn apply_word_count(t: &mut Table, column: &str) -> Result<()> {
    let i = label_column(t, column, "word_count")?;
    let name = format!("{column}.words");
    if t.columns.iter().any(|c| c.name == name) {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!("a column named {name:?} already exists"),
        });
    }
    let counts: Int64Array = labels(&t.arrays[i])
        .iter()
        .map(|v| {
            Some(v.as_deref().map_or(0, |s| {
                i64::try_from(words(s, false).count()).unwrap_or(i64::MAX)
            }))
        })
        .collect();
    t.columns.insert(
        i + 1,
        ColumnSchema {
            name,
            ty: ColumnType::Integer,
        },
    );
    t.arrays.insert(i + 1, Arc::new(counts));
    Ok(())
}

/// Replaces the text `column` by one weight column per vocabulary word (`<column>:<word>`).
pub(super) fn apply_tf_idf(t: &mut Table, column: &str, fit: &TfIdfFit) -> Result<()> {
    let i = label_column(t, column, "tf_idf")?;
    let columns = tf_idf(&labels(&t.arrays[i]), fit);
    let arrays = columns
        .into_iter()
        .map(|c| Arc::new(Float64Array::from(c)) as ArrayRef)
        .collect();
    replace(
        t,
        i,
        fit.vocabulary.iter().map(|w| format!("{column}:{w}")),
        ColumnType::Float,
        arrays,
    )
}

/// Replaces the column of image paths `column` by its `size × size` grey-level columns.
pub(super) fn apply_image_pixels(t: &mut Table, column: &str, size: u32) -> Result<()> {
    let i = label_column(t, column, "image_pixels")?;
    let arrays = crate::images::pixel_columns(&labels(&t.arrays[i]), size)?;
    replace(
        t,
        i,
        crate::images::pixel_column_names(column, size).into_iter(),
        ColumnType::Float,
        arrays,
    )
}

/// The texts of a label column, for fitting.
pub(super) fn texts(t: &Table, column: &str, op: &str) -> Result<Vec<Option<String>>> {
    let i = label_column(t, column, op)?;
    Ok(labels(&t.arrays[i]))
}

fn label_column(t: &Table, column: &str, op: &str) -> Result<usize> {
    let i = t.index(column)?;
    if !matches!(t.columns[i].ty, ColumnType::Text | ColumnType::Categorical) {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!(
                "{op} needs a text column; {column:?} is {}",
                t.columns[i].ty.name()
            ),
        });
    }
    Ok(i)
}

/// Replaces column `i` by `arrays`, named `names`, all of type `ty`; refuses names taken.
fn replace(
    t: &mut Table,
    i: usize,
    names: impl Iterator<Item = String>,
    ty: ColumnType,
    arrays: Vec<ArrayRef>,
) -> Result<()> {
    let names: Vec<String> = names.collect();
    if let Some(taken) = names.iter().find(|n| {
        t.columns
            .iter()
            .enumerate()
            .any(|(k, c)| k != i && c.name == **n)
    }) {
        return Err(DataError::InvalidOption {
            field: "recipe",
            reason: format!("a column named {taken:?} already exists"),
        });
    }
    t.columns.remove(i);
    t.arrays.remove(i);
    for (k, (name, array)) in names.into_iter().zip(arrays).enumerate() {
        t.columns.insert(i + k, ColumnSchema { name, ty });
        t.arrays.insert(i + k, array);
    }
    Ok(())
}
