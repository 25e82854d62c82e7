//! Latency of a model through ONNX Runtime: p50/p99 per batch size and throughput, on inputs
//! shaped from the model's own signature (symbolic batch dimensions take the batch size).

use std::time::{Duration, Instant};

use modeldesk_runtime::{Model, ProviderChoice, Runtime, RuntimeOptions, Tensor, TensorKind};
use ndarray::{ArrayD, IxDyn};
use serde::Serialize;

use crate::{AppError, Result, Workspace};

/// Runs timed per batch size at least (after warm-up).
const MIN_RUNS: usize = 20;
/// And at most.
const MAX_RUNS: usize = 10_000;
/// Warm-up runs, not timed.
const WARMUP_RUNS: usize = 3;

/// Timings of one batch size.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatencyRow {
    /// Rows per call.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub batch: usize,
    /// Timed calls.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub runs: usize,
    /// Median call time, milliseconds.
    pub p50_ms: f64,
    /// 99th-percentile call time, milliseconds.
    pub p99_ms: f64,
    /// Rows per second at the mean call time.
    pub rows_per_second: f64,
}

/// A latency benchmark of one model.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatencyReport {
    /// The model (name or file).
    pub model: String,
    /// The provider it ran on.
    pub provider: ProviderChoice,
    /// One row per batch size.
    pub rows: Vec<LatencyRow>,
}

/// A tensor for `spec` with `batch` rows of deterministic pseudo-random values.
fn synthetic(spec: &modeldesk_runtime::TensorSpec, batch: usize, seed: &mut u64) -> Result<Tensor> {
    let dims: Vec<usize> = if spec.shape.is_empty() {
        vec![batch]
    } else {
        spec.shape
            .iter()
            .enumerate()
            .map(|(i, d)| match d {
                Some(d) => usize::try_from(*d).unwrap_or(1),
                None if i == 0 => batch,
                None => 1,
            })
            .collect()
    };
    let n: usize = dims.iter().product();
    let mut next = || {
        // SplitMix64: cheap, deterministic, good enough for input values.
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        #[allow(clippy::cast_precision_loss, reason = "53 random bits")]
        let unit = ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64;
        unit
    };
    let shape = IxDyn(&dims);
    let bad = |e: ndarray::ShapeError| AppError::Invalid {
        field: "input",
        reason: format!("{}: {e}", spec.name),
    };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "synthetic values in [0, 4): narrowing is intended"
    )]
    Ok(match spec.kind {
        TensorKind::F32 => Tensor::F32(
            ArrayD::from_shape_vec(shape, (0..n).map(|_| next() as f32).collect()).map_err(bad)?,
        ),
        TensorKind::F64 => Tensor::F64(
            ArrayD::from_shape_vec(shape, (0..n).map(|_| next()).collect()).map_err(bad)?,
        ),
        TensorKind::I64 => Tensor::I64(
            ArrayD::from_shape_vec(shape, (0..n).map(|_| (next() * 2.0) as i64).collect())
                .map_err(bad)?,
        ),
        TensorKind::I32 => Tensor::I32(
            ArrayD::from_shape_vec(shape, (0..n).map(|_| (next() * 2.0) as i32).collect())
                .map_err(bad)?,
        ),
        TensorKind::Bool => Tensor::Bool(
            ArrayD::from_shape_vec(shape, (0..n).map(|_| next() < 0.5).collect()).map_err(bad)?,
        ),
        TensorKind::String => Tensor::String(
            ArrayD::from_shape_vec(
                shape,
                (0..n)
                    .map(|_| format!("v{}", (next() * 4.0) as u8))
                    .collect(),
            )
            .map_err(bad)?,
        ),
        TensorKind::Other => {
            return Err(AppError::Invalid {
                field: "input",
                reason: format!(
                    "{} has type {}, which the latency benchmark cannot make up",
                    spec.name, spec.onnx_type
                ),
            });
        }
    })
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Times `session` at each batch size for at least `budget` (and 20 calls) each.
pub fn bench_session(
    session: &Model,
    batches: &[usize],
    budget: Duration,
) -> Result<Vec<LatencyRow>> {
    let mut seed = 42u64;
    batches
        .iter()
        .map(|&batch| {
            let feeds: Vec<(String, Tensor)> = session
                .inputs()
                .iter()
                .map(|spec| Ok((spec.name.clone(), synthetic(spec, batch, &mut seed)?)))
                .collect::<Result<_>>()?;
            for _ in 0..WARMUP_RUNS {
                session.run(feeds.clone())?;
            }
            let mut times = Vec::new();
            let started = Instant::now();
            while times.len() < MAX_RUNS && (times.len() < MIN_RUNS || started.elapsed() < budget) {
                let input = feeds.clone();
                let t = Instant::now();
                session.run(input)?;
                times.push(t.elapsed());
            }
            times.sort();
            let total: Duration = times.iter().sum();
            #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
            let mean = total.as_secs_f64() / times.len() as f64;
            #[allow(clippy::cast_precision_loss, reason = "counts fit f64")]
            Ok(LatencyRow {
                batch,
                runs: times.len(),
                p50_ms: percentile(&times, 0.5),
                p99_ms: percentile(&times, 0.99),
                rows_per_second: if mean > 0.0 { batch as f64 / mean } else { 0.0 },
            })
        })
        .collect()
}

impl Workspace {
    /// Measures a stored model's (or an ONNX file's) latency through ONNX Runtime.
    pub fn bench_model(
        &self,
        reference: &str,
        batches: &[usize],
        budget: Duration,
        runtime: &RuntimeOptions,
    ) -> Result<LatencyReport> {
        if batches.is_empty() || batches.contains(&0) {
            return Err(AppError::Invalid {
                field: "batch sizes",
                reason: "give one or more sizes of at least 1, e.g. 1,32,1024".into(),
            });
        }
        let path = std::path::Path::new(reference);
        let stored = self
            .current()
            .is_some()
            .then(|| self.store().and_then(|s| Ok(s.resolve_model(reference)?)))
            .and_then(Result::ok);
        let session = match stored {
            Some(record) => {
                let bytes = self.store()?.blobs().read(&record.blob_sha256)?;
                Runtime::global(runtime)?.model_with(&bytes, &record.name, runtime.session)?
            }
            None if path.is_file() => {
                let bytes = std::fs::read(path).map_err(|source| AppError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                Runtime::global(runtime)?.model_with(&bytes, reference, runtime.session)?
            }
            None => {
                return Err(AppError::Store(modeldesk_store::StoreError::NotFound {
                    what: "model",
                    key: reference.to_owned(),
                }));
            }
        };
        Ok(LatencyReport {
            model: reference.to_owned(),
            provider: session.provider().clone(),
            rows: bench_session(&session, batches, budget)?,
        })
    }
}
