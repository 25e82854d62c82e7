//! Session settings a user chooses: execution provider, threads, graph optimisation.

use ort::session::builder::{GraphOptimizationLevel, SessionBuilder};
use serde::{Deserialize, Serialize};

/// Which execution provider sessions should run on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// The best one the loaded build has (CUDA, DirectML, CoreML), else CPU.
    #[default]
    Auto,
    /// CPU only.
    Cpu,
    /// NVIDIA CUDA (the `onnxruntime-gpu` build).
    Cuda,
    /// DirectML (Windows).
    DirectMl,
    /// CoreML (macOS).
    CoreMl,
}

impl Provider {
    /// Every choice, in the order the settings list them.
    pub const ALL: [Self; 5] = [
        Self::Auto,
        Self::Cpu,
        Self::Cuda,
        Self::DirectMl,
        Self::CoreMl,
    ];

    /// ONNX Runtime's name for the provider (`None` for `Auto`).
    pub fn ort_name(self) -> Option<&'static str> {
        match self {
            Self::Auto => None,
            Self::Cpu => Some("CPUExecutionProvider"),
            Self::Cuda => Some("CUDAExecutionProvider"),
            Self::DirectMl => Some("DmlExecutionProvider"),
            Self::CoreMl => Some("CoreMLExecutionProvider"),
        }
    }

    /// Short name for people (`CPU`, `CUDA`, ...).
    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "Auto",
            Self::Cpu => "CPU",
            Self::Cuda => "CUDA",
            Self::DirectMl => "DirectML",
            Self::CoreMl => "CoreML",
        }
    }

    /// Parses `auto`, `cpu`, `cuda`, `directml`, `coreml` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(text.trim()))
    }

    /// Accelerators `Auto` tries, best first.
    pub(crate) const ACCELERATORS: [Self; 3] = [Self::Cuda, Self::DirectMl, Self::CoreMl];

    /// Adds this provider to a session builder, giving the builder back either way with
    /// ONNX Runtime's reason when it failed.
    #[allow(
        unreachable_patterns,
        reason = "which providers exist depends on the ort features enabled"
    )]
    pub(crate) fn register(self, builder: SessionBuilder) -> (SessionBuilder, Result<(), String>) {
        let dispatch = match self {
            Self::Auto | Self::Cpu => return (builder, Ok(())),
            Self::Cuda => ort::ep::CUDA::default().build(),
            Self::DirectMl => ort::ep::DirectML::default().build(),
            Self::CoreMl => ort::ep::CoreML::default().build(),
        };
        match builder.with_execution_providers([dispatch.error_on_failure()]) {
            Ok(b) => (b, Ok(())),
            Err(e) => {
                let message = e.message().to_owned();
                (e.recover(), Err(message))
            }
        }
    }
}

/// Graph optimisation level (ONNX Runtime's `GraphOptimizationLevel`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimization {
    /// No graph rewrites.
    Disable,
    /// Constant folding and redundant-node removal.
    Basic,
    /// Plus node fusions.
    Extended,
    /// Everything, including layout changes (ONNX Runtime's default).
    #[default]
    All,
}

impl Optimization {
    pub(crate) fn level(self) -> GraphOptimizationLevel {
        match self {
            Self::Disable => GraphOptimizationLevel::Disable,
            Self::Basic => GraphOptimizationLevel::Level1,
            Self::Extended => GraphOptimizationLevel::Level2,
            Self::All => GraphOptimizationLevel::Level3,
        }
    }

    /// Parses `disable`, `basic`, `extended`, `all` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Disable, Self::Basic, Self::Extended, Self::All]
            .into_iter()
            .find(|o| format!("{o:?}").eq_ignore_ascii_case(text.trim()))
    }
}

/// How sessions are built. Part of the session cache key: changing a setting builds new sessions.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionOptions {
    /// Execution provider.
    pub provider: Provider,
    /// Threads inside one operator; 0 = one per core.
    pub intra_threads: u16,
    /// Threads across independent operators; 0 = ONNX Runtime's default (sequential execution).
    pub inter_threads: u16,
    /// Graph optimisation level.
    pub optimization: Optimization,
}

/// Which provider a session actually runs on, and why when it is not the one asked for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderChoice {
    /// What the settings asked for.
    pub requested: Provider,
    /// What the session runs on.
    pub active: Provider,
    /// Why `active` differs from an explicit request, or what `Auto` skipped.
    pub fallback_reason: Option<String>,
}
