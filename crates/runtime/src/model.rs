//! A loaded model: its input/output signature and batched runs.

use std::sync::Mutex;

use ort::environment::Environment;
use ort::session::Session;
use ort::value::{DynValue, TensorElementType, ValueType};
use serde::Serialize;

use crate::{Result, RuntimeError, Tensor, TensorKind};

/// The name, element type and shape of a model input or output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TensorSpec {
    /// Input/output name.
    pub name: String,
    /// Element type.
    pub kind: TensorKind,
    /// ONNX type as text, e.g. `tensor(float)` or `seq(map(int64,tensor(float)))`.
    pub onnx_type: String,
    /// Dimensions; `None` where the dimension is dynamic.
    pub shape: Vec<Option<i64>>,
}

/// A model with a live ONNX Runtime session.
pub struct Model {
    sha256: String,
    label: String,
    inputs: Vec<TensorSpec>,
    outputs: Vec<TensorSpec>,
    session: Mutex<Session>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("sha256", &self.sha256)
            .field("label", &self.label)
            .field("inputs", &self.inputs)
            .field("outputs", &self.outputs)
            .finish_non_exhaustive()
    }
}

impl Model {
    pub(crate) fn load(
        env: &Environment,
        bytes: &[u8],
        sha256: String,
        label: &str,
    ) -> Result<Self> {
        let invalid = |message: String| RuntimeError::InvalidModel {
            what: label.to_owned(),
            message,
        };
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut builder = Session::builder(env)
            .map_err(|e| invalid(e.to_string()))?
            .with_intra_threads(threads)
            .map_err(|e| invalid(e.to_string()))?;
        let session = builder
            .commit_from_memory(bytes)
            .map_err(|e| invalid(e.to_string()))?;
        let inputs = session
            .inputs()
            .iter()
            .map(|o| spec(o.name(), o.dtype()))
            .collect();
        let outputs = session
            .outputs()
            .iter()
            .map(|o| spec(o.name(), o.dtype()))
            .collect();
        Ok(Self {
            sha256,
            label: label.to_owned(),
            inputs,
            outputs,
            session: Mutex::new(session),
        })
    }

    /// SHA-256 of the model bytes (the session cache key).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The model's inputs, in declaration order.
    pub fn inputs(&self) -> &[TensorSpec] {
        &self.inputs
    }

    /// The model's outputs, in declaration order.
    pub fn outputs(&self) -> &[TensorSpec] {
        &self.outputs
    }

    /// Runs one batch. Every model input must be given by name; `f32`/`f64` inputs are cast to
    /// the model's float type. Returns every output, in declaration order.
    pub fn run(&self, inputs: Vec<(String, Tensor)>) -> Result<Vec<(String, Tensor)>> {
        let mut given: Vec<(String, Tensor)> = inputs;
        for (name, _) in &given {
            if !self.inputs.iter().any(|s| &s.name == name) {
                return Err(RuntimeError::Input {
                    name: name.clone(),
                    reason: format!(
                        "the model has no such input (inputs: {})",
                        self.inputs
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
        let mut values: Vec<(String, DynValue)> = Vec::with_capacity(self.inputs.len());
        for spec in &self.inputs {
            let Some(pos) = given.iter().position(|(n, _)| n == &spec.name) else {
                return Err(RuntimeError::Input {
                    name: spec.name.clone(),
                    reason: "required by the model but not given".into(),
                });
            };
            let (_, tensor) = given.swap_remove(pos);
            let tensor = cast_to(tensor, spec)?;
            check_shape(&tensor, spec)?;
            values.push((spec.name.clone(), to_value(tensor, &spec.name)?));
        }
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let outputs = session
            .run(values)
            .map_err(|e| RuntimeError::Run(e.to_string()))?;
        self.outputs
            .iter()
            .map(|spec| {
                let value = outputs
                    .get(spec.name.as_str())
                    .ok_or_else(|| RuntimeError::Run(format!("output {:?} missing", spec.name)))?;
                Ok((spec.name.clone(), from_value(value, spec)?))
            })
            .collect()
    }
}

fn spec(name: &str, ty: &ValueType) -> TensorSpec {
    let (kind, shape) = match ty {
        ValueType::Tensor { ty, shape, .. } => (
            kind_of(*ty),
            shape.iter().map(|&d| (d >= 0).then_some(d)).collect(),
        ),
        _ => (TensorKind::Other, Vec::new()),
    };
    TensorSpec {
        name: name.to_owned(),
        kind,
        onnx_type: onnx_type_name(ty),
        shape,
    }
}

/// ONNX's own spelling of a type, e.g. `tensor(float)` or `seq(map(int64,tensor(float)))`.
fn onnx_type_name(ty: &ValueType) -> String {
    match ty {
        ValueType::Tensor { ty, .. } => format!("tensor({})", element_name(*ty)),
        ValueType::Sequence(inner) => format!("seq({})", onnx_type_name(inner)),
        ValueType::Map { key, value } => {
            format!(
                "map({},tensor({}))",
                element_name(*key),
                element_name(*value)
            )
        }
        ValueType::Optional(inner) => format!("optional({})", onnx_type_name(inner)),
    }
}

fn element_name(ty: TensorElementType) -> String {
    match kind_of(ty) {
        TensorKind::Other => format!("{ty:?}").to_lowercase(),
        kind => kind.onnx_name().to_owned(),
    }
}

fn kind_of(ty: TensorElementType) -> TensorKind {
    match ty {
        TensorElementType::Float32 => TensorKind::F32,
        TensorElementType::Float64 => TensorKind::F64,
        TensorElementType::Int64 => TensorKind::I64,
        TensorElementType::Int32 => TensorKind::I32,
        TensorElementType::Bool => TensorKind::Bool,
        TensorElementType::String => TensorKind::String,
        _ => TensorKind::Other,
    }
}

#[allow(clippy::cast_possible_truncation)] // f64 -> f32 narrowing is the documented cast
fn cast_to(tensor: Tensor, spec: &TensorSpec) -> Result<Tensor> {
    Ok(match (tensor, spec.kind) {
        (Tensor::F64(a), TensorKind::F32) => Tensor::F32(a.mapv(|v| v as f32)),
        (Tensor::F32(a), TensorKind::F64) => Tensor::F64(a.mapv(f64::from)),
        (t, kind) if t.kind() == kind => t,
        (t, _) => {
            return Err(RuntimeError::Input {
                name: spec.name.clone(),
                reason: format!(
                    "expected {}, got {} values",
                    spec.onnx_type,
                    t.kind().onnx_name()
                ),
            });
        }
    })
}

fn check_shape(tensor: &Tensor, spec: &TensorSpec) -> Result<()> {
    let got = tensor.shape();
    let rank_ok =
        spec.shape.is_empty() && spec.kind != TensorKind::Other || got.len() == spec.shape.len();
    let dims_ok = spec
        .shape
        .iter()
        .zip(got)
        .all(|(want, &have)| want.is_none_or(|w| usize::try_from(w).is_ok_and(|w| w == have)));
    if rank_ok && dims_ok {
        Ok(())
    } else {
        let want: Vec<String> = spec
            .shape
            .iter()
            .map(|d| d.map_or_else(|| "?".to_owned(), |d| d.to_string()))
            .collect();
        Err(RuntimeError::Input {
            name: spec.name.clone(),
            reason: format!("expected shape [{}], got {got:?}", want.join(", ")),
        })
    }
}

fn to_value(tensor: Tensor, name: &str) -> Result<DynValue> {
    let err = |e: ort::Error| RuntimeError::Input {
        name: name.to_owned(),
        reason: e.to_string(),
    };
    Ok(match tensor {
        Tensor::F32(a) => ort::value::Tensor::from_array(a).map_err(err)?.into_dyn(),
        Tensor::F64(a) => ort::value::Tensor::from_array(a).map_err(err)?.into_dyn(),
        Tensor::I64(a) => ort::value::Tensor::from_array(a).map_err(err)?.into_dyn(),
        Tensor::I32(a) => ort::value::Tensor::from_array(a).map_err(err)?.into_dyn(),
        Tensor::Bool(a) => ort::value::Tensor::from_array(a).map_err(err)?.into_dyn(),
        Tensor::String(a) => ort::value::Tensor::from_string_array(&a)
            .map_err(err)?
            .into_dyn(),
    })
}

fn from_value(value: &DynValue, spec: &TensorSpec) -> Result<Tensor> {
    let run_err = |e: ort::Error| RuntimeError::Run(format!("reading output {:?}: {e}", spec.name));
    let unsupported = || RuntimeError::UnsupportedOutput {
        name: spec.name.clone(),
        ty: onnx_type_name(value.dtype()),
    };
    let ValueType::Tensor { ty, .. } = value.dtype() else {
        return Err(unsupported());
    };
    Ok(match ty {
        TensorElementType::Float32 => Tensor::F32(
            value
                .try_extract_array::<f32>()
                .map_err(run_err)?
                .to_owned(),
        ),
        TensorElementType::Float64 => Tensor::F64(
            value
                .try_extract_array::<f64>()
                .map_err(run_err)?
                .to_owned(),
        ),
        TensorElementType::Int64 => Tensor::I64(
            value
                .try_extract_array::<i64>()
                .map_err(run_err)?
                .to_owned(),
        ),
        TensorElementType::Int32 => Tensor::I32(
            value
                .try_extract_array::<i32>()
                .map_err(run_err)?
                .to_owned(),
        ),
        TensorElementType::Bool => Tensor::Bool(
            value
                .try_extract_array::<bool>()
                .map_err(run_err)?
                .to_owned(),
        ),
        TensorElementType::String => {
            Tensor::String(value.try_extract_string_array().map_err(run_err)?)
        }
        _ => return Err(unsupported()),
    })
}
