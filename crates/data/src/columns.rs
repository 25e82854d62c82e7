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

/// Running evidence about one column's values, from which a type is chosen.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // one flag per candidate type still possible
pub(crate) struct TypeEvidence {
    seen: usize,
    int: bool,
    float: bool,
    boolean: bool,
    datetime: bool,
    distinct: FxHashSet<Vec<u8>>,
    too_many_distinct: bool,
    total_len: usize,
}

impl Default for TypeEvidence {
    fn default() -> Self {
        Self {
            seen: 0,
            int: true,
            float: true,
            boolean: true,
            datetime: true,
            distinct: FxHashSet::default(),
            too_many_distinct: false,
            total_len: 0,
        }
    }
}

impl TypeEvidence {
    /// Adds one non-missing field.
    pub(crate) fn add(&mut self, raw: &[u8], cfg: &ParseConfig) {
        self.seen += 1;
        self.int = self.int && parse_int(raw).is_some();
        self.float = self.float && parse_float(raw, cfg.decimal_comma).is_some();
        self.boolean = self.boolean && parse_bool(raw).is_some();
        self.datetime = self.datetime && parse_datetime(raw).is_some();
        self.total_len += raw.len();
        if !self.too_many_distinct && !self.distinct.contains(raw) {
            if self.distinct.len() >= MAX_CATEGORIES {
                self.too_many_distinct = true;
                self.distinct.clear();
            } else {
                self.distinct.insert(raw.to_vec());
            }
        }
    }

    /// The narrowest type every value seen converts to.
    pub(crate) fn decide(&self) -> ColumnType {
        if self.seen == 0 {
            return ColumnType::Text;
        }
        if self.boolean {
            ColumnType::Boolean
        } else if self.int {
            ColumnType::Integer
        } else if self.float {
            ColumnType::Float
        } else if self.datetime {
            ColumnType::Datetime
        } else if !self.too_many_distinct
            && self.distinct.len() * 2 <= self.seen.max(2)
            && self.total_len <= 64 * self.seen
        {
            ColumnType::Categorical
        } else {
            ColumnType::Text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(values: &[&str]) -> ColumnType {
        let cfg = ParseConfig::new(false, &[]);
        let mut e = TypeEvidence::default();
        for v in values {
            e.add(v.as_bytes(), &cfg);
        }
        e.decide()
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
}
