//! A loaded model: its input/output signature and batched runs.

use std::sync::Mutex;

use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::SessionBuilder;
use ort::value::{DynMapValueType, DynValue, TensorElementType, ValueType};
use serde::Serialize;

use crate::{
    KeyedRows, Output, Provider, ProviderChoice, Result, RuntimeError, SessionOptions, Tensor,
    TensorKind,
};

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
    provider: ProviderChoice,
    inputs: Vec<TensorSpec>,
    outputs: Vec<TensorSpec>,
    session: Mutex<Session>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("sha256", &self.sha256)
            .field("label", &self.label)
            .field("provider", &self.provider)
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
        options: SessionOptions,
        available: &[String],
    ) -> Result<Self> {
        let invalid = |message: String| RuntimeError::InvalidModel {
            what: label.to_owned(),
            message,
        };
        let (mut builder, mut provider) =
            with_provider(base_builder(env, options)?, options, available);
        let session = match builder.commit_from_memory(bytes) {
            Ok(session) => session,
            // An accelerator that registered but cannot run this graph: run it on the CPU.
            Err(e) if provider.active != Provider::Cpu => {
                provider.fallback_reason = Some(format!(
                    "{} could not load this model ({e}); running on CPU",
                    provider.active.label()
                ));
                provider.active = Provider::Cpu;
                let mut cpu = base_builder(env, options)?;
                cpu.commit_from_memory(bytes)
                    .map_err(|e| invalid(e.to_string()))?
            }
            Err(e) => return Err(invalid(e.to_string())),
        };
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
            provider,
            inputs,
            outputs,
            session: Mutex::new(session),
        })
    }

    /// The execution provider this session runs on, and why if it is not the one asked for.
    pub fn provider(&self) -> &ProviderChoice {
        &self.provider
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
    pub fn run(&self, inputs: Vec<(String, Tensor)>) -> Result<Vec<(String, Output)>> {
        let names: Vec<&str> = self.outputs.iter().map(|s| s.name.as_str()).collect();
        self.run_selected(inputs, &names)
    }

    /// Runs one batch computing and returning only the outputs named in `wanted` (in the model's
    /// declaration order): ONNX Runtime skips what only the others need, and nothing unused is
    /// copied out (e.g. a string label tensor when only probabilities are read).
    pub fn run_selected(
        &self,
        inputs: Vec<(String, Tensor)>,
        wanted: &[&str],
    ) -> Result<Vec<(String, Output)>> {
        if let Some(unknown) = wanted
            .iter()
            .find(|w| !self.outputs.iter().any(|s| s.name == **w))
        {
            return Err(RuntimeError::Run(format!(
                "the model has no output {unknown:?}"
            )));
        }
        let values = self.input_values(inputs)?;
        let selector = wanted
            .iter()
            .fold(ort::session::OutputSelector::no_default(), |sel, name| {
                sel.with(*name)
            });
        let options = ort::session::RunOptions::new()
            .map_err(|e| RuntimeError::Run(e.to_string()))?
            .with_outputs(selector);
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let outputs = session
            .run_with_options(values, &options)
            .map_err(|e| RuntimeError::Run(e.to_string()))?;
        self.outputs
            .iter()
            .filter(|spec| wanted.contains(&spec.name.as_str()))
            .map(|spec| {
                let value = outputs
                    .get(spec.name.as_str())
                    .ok_or_else(|| RuntimeError::Run(format!("output {:?} missing", spec.name)))?;
                Ok((spec.name.clone(), output_of(value, spec)?))
            })
            .collect()
    }

    /// Checks, casts and converts the given inputs into ONNX Runtime values, in input order.
    fn input_values(&self, inputs: Vec<(String, Tensor)>) -> Result<Vec<(String, DynValue)>> {
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
        Ok(values)
    }
}

/// A session builder with the thread and optimisation settings applied.
pub(crate) fn base_builder(env: &Environment, options: SessionOptions) -> Result<SessionBuilder> {
    let err = |e: ort::Error<SessionBuilder>| RuntimeError::Session(e.to_string());
    let intra = match options.intra_threads {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        n => usize::from(n),
    };
    let mut builder = Session::builder(env)
        .map_err(|e| RuntimeError::Session(e.to_string()))?
        .with_intra_threads(intra)
        .map_err(err)?
        .with_optimization_level(options.optimization.level())
        .map_err(err)?;
    if options.inter_threads > 0 {
        builder = builder
            .with_parallel_execution(true)
            .map_err(err)?
            .with_inter_threads(usize::from(options.inter_threads))
            .map_err(err)?;
    }
    Ok(builder)
}

/// Registers the requested provider (for `Auto`: the best available accelerator), falling back
/// to the CPU with the reason when the build lacks it or it fails to start.
pub(crate) fn with_provider(
    mut builder: SessionBuilder,
    options: SessionOptions,
    available: &[String],
) -> (SessionBuilder, ProviderChoice) {
    let requested = options.provider;
    let has = |p: Provider| {
        p.ort_name()
            .is_some_and(|name| available.iter().any(|a| a == name))
    };
    let candidates: Vec<Provider> = match requested {
        Provider::Cpu => Vec::new(),
        Provider::Auto => Provider::ACCELERATORS
            .into_iter()
            .filter(|&p| has(p))
            .collect(),
        p => vec![p],
    };
    let mut reasons = Vec::new();
    if requested != Provider::Auto && requested != Provider::Cpu && !has(requested) {
        reasons.push(format!(
            "this ONNX Runtime build has no {} provider (it has: {})",
            requested.label(),
            available.join(", ")
        ));
    }
    for provider in candidates.into_iter().filter(|&p| has(p)) {
        let (b, registered) = provider.register(builder);
        builder = b;
        match registered {
            Ok(()) => {
                return (
                    builder,
                    ProviderChoice {
                        requested,
                        active: provider,
                        fallback_reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
                    },
                );
            }
            Err(message) => {
                reasons.push(format!("{} failed to start: {message}", provider.label()));
            }
        }
    }
    if requested == Provider::Auto && reasons.is_empty() {
        reasons.push("no GPU provider in this ONNX Runtime build".to_owned());
    }
    let fallback_reason =
        (requested != Provider::Cpu).then(|| format!("{}; running on CPU", reasons.join("; ")));
    (
        builder,
        ProviderChoice {
            requested,
            active: Provider::Cpu,
            fallback_reason,
        },
    )
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

/// A tensor, or a `seq(map(int64|string, float))` (a converter's `ZipMap`) as keyed rows.
fn output_of(value: &DynValue, spec: &TensorSpec) -> Result<Output> {
    match value.dtype() {
        ValueType::Sequence(inner) if matches!(**inner, ValueType::Map { .. }) => {
            keyed_rows(value, spec).map(Output::Maps)
        }
        _ => from_value(value, spec).map(Output::Tensor),
    }
}

/// Reads a sequence of maps (one per row) into a matrix with one column per key, keys in
/// ascending order (numeric for integer keys).
fn keyed_rows(value: &DynValue, spec: &TensorSpec) -> Result<KeyedRows> {
    let run_err = |e: ort::Error| RuntimeError::Run(format!("reading output {:?}: {e}", spec.name));
    let maps = value
        .try_extract_sequence::<DynMapValueType>()
        .map_err(run_err)?;
    let mut rows: Vec<Vec<(String, f64)>> = Vec::with_capacity(maps.len());
    let mut numeric_keys = true;
    for map in &maps {
        let ValueType::Map { key, value: v } = map.dtype() else {
            return Err(RuntimeError::UnsupportedOutput {
                name: spec.name.clone(),
                ty: spec.onnx_type.clone(),
            });
        };
        let row: Vec<(String, f64)> = match (key, v) {
            (TensorElementType::Int64, TensorElementType::Float32) => map
                .try_extract_key_values::<i64, f32>()
                .map_err(run_err)?
                .into_iter()
                .map(|(k, v)| (k.to_string(), f64::from(v)))
                .collect(),
            (TensorElementType::Int64, TensorElementType::Float64) => map
                .try_extract_key_values::<i64, f64>()
                .map_err(run_err)?
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            (TensorElementType::String, TensorElementType::Float32) => {
                numeric_keys = false;
                map.try_extract_key_values::<String, f32>()
                    .map_err(run_err)?
                    .into_iter()
                    .map(|(k, v)| (k, f64::from(v)))
                    .collect()
            }
            (TensorElementType::String, TensorElementType::Float64) => {
                numeric_keys = false;
                map.try_extract_key_values::<String, f64>()
                    .map_err(run_err)?
            }
            _ => {
                return Err(RuntimeError::UnsupportedOutput {
                    name: spec.name.clone(),
                    ty: spec.onnx_type.clone(),
                });
            }
        };
        rows.push(row);
    }
    let mut keys: Vec<String> = rows
        .first()
        .map(|r| r.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    if numeric_keys {
        keys.sort_by_key(|k| k.parse::<i64>().unwrap_or(i64::MAX));
    } else {
        keys.sort();
    }
    let mut values = ndarray::Array2::<f64>::zeros((rows.len(), keys.len()));
    for (i, row) in rows.iter().enumerate() {
        if row.len() != keys.len() {
            return Err(RuntimeError::Run(format!(
                "output {:?}: row {i} has {} keys, row 0 has {}",
                spec.name,
                row.len(),
                keys.len()
            )));
        }
        for (k, v) in row {
            let Some(j) = keys.iter().position(|key| key == k) else {
                return Err(RuntimeError::Run(format!(
                    "output {:?}: row {i} has key {k:?}, which row 0 lacks",
                    spec.name
                )));
            };
            values[[i, j]] = *v;
        }
    }
    Ok(KeyedRows { keys, values })
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
