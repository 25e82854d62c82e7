//! Owned tensors passed to and returned from a model.

use ndarray::{Array2, ArrayD};
use serde::Serialize;

/// An owned n-dimensional tensor of one of the element types ModelDesk reads and writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Tensor {
    /// 32-bit floats.
    F32(ArrayD<f32>),
    /// 64-bit floats.
    F64(ArrayD<f64>),
    /// 64-bit integers (e.g. class labels).
    I64(ArrayD<i64>),
    /// 32-bit integers.
    I32(ArrayD<i32>),
    /// Booleans.
    Bool(ArrayD<bool>),
    /// Strings (categorical inputs; class labels of a classifier trained on text labels).
    String(ArrayD<String>),
}

/// The element type of a [`Tensor`] or a model input/output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TensorKind {
    /// `tensor(float)`.
    F32,
    /// `tensor(double)`.
    F64,
    /// `tensor(int64)`.
    I64,
    /// `tensor(int32)`.
    I32,
    /// `tensor(bool)`.
    Bool,
    /// `tensor(string)`.
    String,
    /// Any other element type, or a non-tensor value (sequence, map).
    Other,
}

impl TensorKind {
    /// ONNX's name for the element type (`float`, `double`, `int64`, ...).
    pub fn onnx_name(self) -> &'static str {
        match self {
            Self::F32 => "float",
            Self::F64 => "double",
            Self::I64 => "int64",
            Self::I32 => "int32",
            Self::Bool => "bool",
            Self::String => "string",
            Self::Other => "other",
        }
    }
}

impl Tensor {
    /// The element type.
    pub fn kind(&self) -> TensorKind {
        match self {
            Self::F32(_) => TensorKind::F32,
            Self::F64(_) => TensorKind::F64,
            Self::I64(_) => TensorKind::I64,
            Self::I32(_) => TensorKind::I32,
            Self::Bool(_) => TensorKind::Bool,
            Self::String(_) => TensorKind::String,
        }
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        match self {
            Self::F32(a) => a.shape(),
            Self::F64(a) => a.shape(),
            Self::I64(a) => a.shape(),
            Self::I32(a) => a.shape(),
            Self::Bool(a) => a.shape(),
            Self::String(a) => a.shape(),
        }
    }

    /// The values as `f64`, for numeric tensors (row-major). `None` for bool and string.
    pub fn to_f64_vec(&self) -> Option<Vec<f64>> {
        match self {
            Self::F32(a) => Some(a.iter().map(|&v| f64::from(v)).collect()),
            Self::F64(a) => Some(a.iter().copied().collect()),
            #[allow(clippy::cast_precision_loss)] // labels and counts are far below 2^53
            Self::I64(a) => Some(a.iter().map(|&v| v as f64).collect()),
            Self::I32(a) => Some(a.iter().map(|&v| f64::from(v)).collect()),
            Self::Bool(_) | Self::String(_) => None,
        }
    }
}

/// A `seq(map(key, float))` output, one map per row (what converters' `ZipMap` produces):
/// a column per key, in ascending key order.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedRows {
    /// The map keys as text (integer keys printed in decimal).
    pub keys: Vec<String>,
    /// `rows × keys` values.
    pub values: Array2<f64>,
}

/// One model output.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A tensor.
    Tensor(Tensor),
    /// A sequence of maps.
    Maps(KeyedRows),
}

impl Output {
    /// The tensor, if this output is one.
    pub fn into_tensor(self) -> Option<Tensor> {
        match self {
            Self::Tensor(t) => Some(t),
            Self::Maps(_) => None,
        }
    }

    /// The tensor, if this output is one.
    pub fn as_tensor(&self) -> Option<&Tensor> {
        match self {
            Self::Tensor(t) => Some(t),
            Self::Maps(_) => None,
        }
    }
}
