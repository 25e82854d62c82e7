//! Typed column builders: one field at a time in, Arrow arrays out. Type inference lives here
//! too, using the same parsers, so a type is only inferred if every sampled value converts.

use rustc_hash::FxHashSet;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::types::{Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{ArrayRef, ArrowPrimitiveType, PrimitiveArray};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};

use crate::ColumnType;
use crate::parse::{ParseConfig, parse_bool, parse_datetime, parse_float, parse_int};

/// Builds one Arrow array of a column's type.
pub(crate) enum ColumnBuilder {
    Int(Primitive<Int64Type>),
    Float(Primitive<Float64Type>),
    Bool(BooleanBuilder),
    Str(StringBuilder),
    Time(Primitive<TimestampMicrosecondType>),
}

/// A primitive column's values and validity, appended one at a time.
///
/// Written here rather than using Arrow's `PrimitiveBuilder` because that one grows its
/// validity bitmap a byte at a time through a generic resize: on the import benchmark a
/// float field cost 50 instructions to append, most of them there. Here a value is a
/// `Vec::push` and a bit set in the last byte of a plain `Vec<u8>`.
pub(crate) struct Primitive<T: ArrowPrimitiveType> {
    values: Vec<T::Native>,
    /// Arrow's validity bitmap (bit `i % 8` of byte `i / 8` is value `i`), one byte per 8.
    valid: Vec<u8>,
    nulls: usize,
}

impl<T: ArrowPrimitiveType> Primitive<T> {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            values: Vec::with_capacity(capacity),
            valid: Vec::with_capacity(capacity.div_ceil(8)),
            nulls: 0,
        }
    }

    #[inline]
    fn push_valid(&mut self, valid: bool) {
        let bit = self.values.len() % 8;
        if bit == 0 {
            self.valid.push(0);
        }
        if valid {
            if let Some(byte) = self.valid.last_mut() {
                *byte |= 1 << bit;
            }
        } else {
            self.nulls += 1;
        }
    }

    #[inline]
    fn append_value(&mut self, value: T::Native) {
        self.push_valid(true);
        self.values.push(value);
    }

    #[inline]
    fn append_null(&mut self) {
        self.push_valid(false);
        self.values.push(T::Native::default());
    }

    /// The values so far as an array; the builder starts again, empty (it grows as needed).
    fn finish(&mut self) -> PrimitiveArray<T> {
        let values = std::mem::take(&mut self.values);
        let valid = std::mem::take(&mut self.valid);
        let nulls = std::mem::take(&mut self.nulls);
        let len = values.len();
        let nulls = (nulls > 0)
            .then(|| NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(valid), 0, len)));
        PrimitiveArray::new(ScalarBuffer::from(values), nulls)
    }
}

/// One field of a record: its bytes and, for a column read as floats, the number those bytes
/// are (found while splitting; `None` when they are not plainly one).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell<'d> {
    /// The field's bytes, exactly as `csv` gives them.
    pub raw: &'d [u8],
    /// `fast_float2::parse(raw)`, when the column is read as floats and that succeeds.
    pub float: Option<f64>,
}

/// A field that does not convert to its column's type.
pub(crate) struct Mismatch;

impl ColumnBuilder {
    pub(crate) fn new(ty: ColumnType, capacity: usize) -> Self {
        match ty {
            ColumnType::Integer => Self::Int(Primitive::with_capacity(capacity)),
            ColumnType::Float => Self::Float(Primitive::with_capacity(capacity)),
            ColumnType::Boolean => Self::Bool(BooleanBuilder::with_capacity(capacity)),
            ColumnType::Categorical | ColumnType::Text => {
                Self::Str(StringBuilder::with_capacity(capacity, capacity * 8))
            }
            ColumnType::Datetime => Self::Time(Primitive::with_capacity(capacity)),
        }
    }

    /// Appends a non-missing raw field.
    pub(crate) fn push(&mut self, raw: &[u8], cfg: &ParseConfig) -> Result<(), Mismatch> {
        match self {
            Self::Int(b) => b.append_value(parse_int(raw).ok_or(Mismatch)?),
            Self::Float(b) => b.append_value(parse_float(raw, cfg.decimal_comma).ok_or(Mismatch)?),
            Self::Bool(b) => b.append_value(parse_bool(raw).ok_or(Mismatch)?),
            Self::Time(b) => b.append_value(parse_datetime(raw).ok_or(Mismatch)?),
            Self::Str(b) => match std::str::from_utf8(raw) {
                Ok(s) => b.append_value(s),
                Err(_) => b.append_value(String::from_utf8_lossy(raw)),
            },
        }
        Ok(())
    }

    /// Appends a non-missing field, using the number already read from it when there is one.
    #[inline]
    pub(crate) fn push_cell(&mut self, cell: Cell<'_>, cfg: &ParseConfig) -> Result<(), Mismatch> {
        match (self, cell.float) {
            (Self::Float(b), Some(value)) => {
                b.append_value(value);
                Ok(())
            }
            (builder, _) => builder.push(cell.raw, cfg),
        }
    }

    /// Appends a missing value.
    #[inline]
    pub(crate) fn push_null(&mut self) {
        match self {
            Self::Int(b) => b.append_null(),
            Self::Float(b) => b.append_null(),
            Self::Bool(b) => b.append_null(),
            Self::Str(b) => b.append_null(),
            Self::Time(b) => b.append_null(),
        }
    }

    /// Takes the values built so far as an array, leaving the builder empty.
    pub(crate) fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Int(b) => Arc::new(b.finish()),
            Self::Float(b) => Arc::new(b.finish()),
            Self::Bool(b) => Arc::new(b.finish()),
            Self::Str(b) => Arc::new(b.finish()),
            Self::Time(b) => Arc::new(b.finish()),
        }
    }
}

/// Most distinct labels a categorical column may have.
const MAX_CATEGORIES: usize = 1000;

/// The narrowest type every one of `values` (a column's non-missing fields) converts to.
pub(crate) fn infer_type<'v, I>(values: I, cfg: &ParseConfig) -> ColumnType
where
    I: Iterator<Item = &'v [u8]> + Clone,
{
    let mut evidence = TypeEvidence::default();
    for raw in values.clone() {
        evidence.add(raw, cfg);
    }
    evidence.decide(values)
}

/// The typed readings a table's columns allow, gathered row by row: the sample's memory is
/// read once, not once per column (on the import benchmark's 10,000-row sample, column by
/// column was memory-bound at about 140 ns a field).
#[derive(Debug)]
pub(crate) struct RowsEvidence {
    columns: Vec<TypeEvidence>,
}

impl RowsEvidence {
    /// No rows seen yet, for `width` columns.
    pub(crate) fn new(width: usize) -> Self {
        Self {
            columns: std::iter::repeat_with(TypeEvidence::default)
                .take(width)
                .collect(),
        }
    }

    /// Adds one row's fields; missing values say nothing about a type.
    pub(crate) fn add_row<'v>(
        &mut self,
        fields: impl Iterator<Item = &'v [u8]>,
        cfg: &ParseConfig,
    ) {
        for (evidence, raw) in self.columns.iter_mut().zip(fields) {
            if !cfg.is_missing(raw) {
                evidence.add(raw, cfg);
            }
        }
    }

    /// The evidence of both parts of the rows.
    pub(crate) fn merge(mut self, other: Self) -> Self {
        for (mine, theirs) in self.columns.iter_mut().zip(other.columns) {
            mine.merge(&theirs);
        }
        self
    }

    /// Column `i`'s type; `values` are its non-missing fields again, read only when no typed
    /// reading fits (to tell labels from free text).
    pub(crate) fn column_type<'v>(
        &self,
        i: usize,
        values: impl Iterator<Item = &'v [u8]>,
    ) -> ColumnType {
        self.columns
            .get(i)
            .map_or(ColumnType::Text, |evidence| evidence.decide(values))
    }
}

/// Which typed readings every value seen so far allows.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // one flag per candidate type still possible
struct TypeEvidence {
    seen: usize,
    int: bool,
    float: bool,
    boolean: bool,
    datetime: bool,
}

impl Default for TypeEvidence {
    fn default() -> Self {
        Self {
            seen: 0,
            int: true,
            float: true,
            boolean: true,
            datetime: true,
        }
    }
}

impl TypeEvidence {
    /// Adds one non-missing field (a reading already ruled out is not tried again).
    fn add(&mut self, raw: &[u8], cfg: &ParseConfig) {
        self.seen += 1;
        self.int = self.int && parse_int(raw).is_some();
        self.float = self.float && parse_float(raw, cfg.decimal_comma).is_some();
        self.boolean = self.boolean && parse_bool(raw).is_some();
        self.datetime = self.datetime && parse_datetime(raw).is_some();
    }

    /// Adds the evidence of other values of the same column.
    fn merge(&mut self, other: &Self) {
        self.seen += other.seen;
        self.int &= other.int;
        self.float &= other.float;
        self.boolean &= other.boolean;
        self.datetime &= other.datetime;
    }

    /// The narrowest type of the values seen. Numbers, booleans and dates are tried as the
    /// values come; only when none fits are `values` (the same ones) read again to tell labels
    /// (few distinct, short) from free text. Most columns are typed, and counting their
    /// distinct values had been most of the work.
    fn decide<'v>(&self, values: impl Iterator<Item = &'v [u8]>) -> ColumnType {
        if self.seen == 0 {
            ColumnType::Text
        } else if let Some(ty) = self.typed() {
            ty
        } else if are_labels(values, self.seen) {
            ColumnType::Categorical
        } else {
            ColumnType::Text
        }
    }

    /// The narrowest typed reading of every value, if one is left.
    fn typed(&self) -> Option<ColumnType> {
        if self.boolean {
            Some(ColumnType::Boolean)
        } else if self.int {
            Some(ColumnType::Integer)
        } else if self.float {
            Some(ColumnType::Float)
        } else if self.datetime {
            Some(ColumnType::Datetime)
        } else {
            None
        }
    }
}

/// Whether `seen` values are labels: at most [`MAX_CATEGORIES`] distinct ones, each repeated
/// twice on average, and short (64 bytes on average).
fn are_labels<'v>(values: impl Iterator<Item = &'v [u8]>, seen: usize) -> bool {
    let mut distinct = FxHashSet::default();
    let mut total_len = 0;
    for raw in values {
        total_len += raw.len();
        if distinct.insert(raw) && distinct.len() > MAX_CATEGORIES {
            return false;
        }
    }
    distinct.len() * 2 <= seen.max(2) && total_len <= 64 * seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(values: &[&str]) -> ColumnType {
        let cfg = ParseConfig::new(false, &[]);
        infer_type(values.iter().map(|v| v.as_bytes()), &cfg)
    }

    #[test]
    fn primitive_columns_keep_values_and_nulls_across_batches() {
        use arrow_array::{Array, Float64Array};
        let mut column = Primitive::<Float64Type>::with_capacity(4);
        for round in 0..2 {
            let want: Vec<Option<f64>> = (0..70)
                .map(|i| (i % 3 != round).then_some(f64::from(i) * 0.5))
                .collect();
            for v in &want {
                match v {
                    Some(v) => column.append_value(*v),
                    None => column.append_null(),
                }
            }
            assert_eq!(column.finish(), Float64Array::from(want));
        }
        column.append_value(1.0);
        let no_nulls = column.finish();
        assert!(no_nulls.nulls().is_none());
        assert_eq!(no_nulls, Float64Array::from(vec![1.0]));
    }

    #[test]
    fn narrowest_type_wins() {
        assert_eq!(decide(&["1", "2", "-3"]), ColumnType::Integer);
        assert_eq!(decide(&["1", "2.5"]), ColumnType::Float);
        assert_eq!(decide(&["true", "No"]), ColumnType::Boolean);
        assert_eq!(
            decide(&["2024-01-01", "2024-01-02T10:00"]),
            ColumnType::Datetime
        );
        assert_eq!(decide(&["a", "b", "a", "b"]), ColumnType::Categorical);
        assert_eq!(decide(&["alice", "bob", "carol"]), ColumnType::Text);
        assert_eq!(decide(&["1", "x"]), ColumnType::Text);
        assert_eq!(decide(&[]), ColumnType::Text);
    }

    proptest::proptest! {
        /// Row by row in two parts, merged, gives each column the type its values alone give.
        #[test]
        fn rows_evidence_is_each_columns_own(
            table in proptest::collection::vec(
                proptest::collection::vec(
                    "(-?[0-9]{1,3}(\\.[0-9]{1,2})?|true|no|2024-0[1-9]-1[0-9]|[ab]|[a-z]{1,9}|NA|)",
                    3,
                ),
                0..40,
            ),
            split in 0usize..40,
        ) {
            let cfg = ParseConfig::new(false, &["NA".to_owned(), String::new()]);
            let split = split.min(table.len());
            let mut parts = [RowsEvidence::new(3), RowsEvidence::new(3)];
            for (r, row) in table.iter().enumerate() {
                parts[usize::from(r >= split)].add_row(row.iter().map(String::as_bytes), &cfg);
            }
            let [first, second] = parts;
            let evidence = first.merge(second);
            for i in 0..3 {
                let values = table
                    .iter()
                    .map(|row| row[i].as_bytes())
                    .filter(|raw| !cfg.is_missing(raw));
                proptest::prop_assert_eq!(
                    evidence.column_type(i, values.clone()),
                    infer_type(values, &cfg)
                );
            }
        }
    }

    #[test]
    fn labels_are_counted_over_every_value() {
        // Numbers until the last value: the labels pass still sees all of them.
        let mut values = ["1", "2"].repeat(3000);
        values.push("x");
        assert_eq!(decide(&values), ColumnType::Categorical);
        // 1,000 distinct labels, each twice: labels; one more distinct: free text.
        let labels: Vec<String> = (0..1000).map(|i| format!("l{i}")).collect();
        let mut twice: Vec<&str> = labels.iter().map(String::as_str).collect();
        twice.extend(labels.iter().map(String::as_str));
        assert_eq!(decide(&twice), ColumnType::Categorical);
        twice.push("one more");
        twice.push("one more");
        assert_eq!(decide(&twice), ColumnType::Text);
        // Few distinct but long: text.
        let long = "a long free-text answer ".repeat(4);
        assert_eq!(decide(&[long.as_str(); 10]), ColumnType::Text);
    }
}
