//! Column types as people see them, and their Arrow representation.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, TimeUnit};
use serde::{Deserialize, Serialize};

/// The logical type of a column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Whole numbers (Arrow `Int64`).
    Integer,
    /// Real numbers (Arrow `Float64`).
    Float,
    /// true/false (Arrow `Boolean`).
    Boolean,
    /// A small set of repeated labels (Arrow `Utf8`, tagged categorical).
    Categorical,
    /// Free text (Arrow `Utf8`).
    Text,
    /// Date or date-time, UTC (Arrow `Timestamp(µs)`).
    Datetime,
}

impl ColumnType {
    /// The name used in messages and options.
    pub fn name(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Categorical => "categorical",
            Self::Text => "text",
            Self::Datetime => "datetime",
        }
    }

    /// Parses a type name as given in options (`int`, `float`, `bool`, `category`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "integer" | "int" | "int64" => Self::Integer,
            "float" | "double" | "float64" | "number" => Self::Float,
            "boolean" | "bool" => Self::Boolean,
            "categorical" | "category" | "cat" => Self::Categorical,
            "text" | "string" | "str" => Self::Text,
            "datetime" | "date" | "timestamp" => Self::Datetime,
            _ => return None,
        })
    }

    /// The Arrow type that stores it.
    pub fn arrow_type(self) -> DataType {
        match self {
            Self::Integer => DataType::Int64,
            Self::Float => DataType::Float64,
            Self::Boolean => DataType::Boolean,
            Self::Categorical | Self::Text => DataType::Utf8,
            Self::Datetime => DataType::Timestamp(TimeUnit::Microsecond, None),
        }
    }
}

/// A column's name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSchema {
    /// Column name (unique in the dataset).
    pub name: String,
    /// Logical type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
}

/// Field metadata key holding the logical type, so Parquet files keep it.
pub(crate) const TYPE_KEY: &str = "modeldesk.type";

/// The Arrow schema of a dataset (logical types kept in field metadata).
pub(crate) fn arrow_schema(columns: &[ColumnSchema]) -> Arc<Schema> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| {
            Field::new(&c.name, c.ty.arrow_type(), true).with_metadata(HashMap::from([(
                TYPE_KEY.to_owned(),
                c.ty.name().to_owned(),
            )]))
        })
        .collect();
    Arc::new(Schema::new(fields))
}
