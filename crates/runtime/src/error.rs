//! The runtime's typed error.

use std::path::PathBuf;

/// Everything that can go wrong finding ONNX Runtime, loading a model or running it.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// `ORT_DYLIB_PATH` is set but names no file.
    #[error(
        "ORT_DYLIB_PATH is set to {path}, but there is no file there; unset it to use the bundled library, or run scripts/fetch-ort.sh"
    )]
    EnvPathMissing {
        /// The value of `ORT_DYLIB_PATH`.
        path: PathBuf,
    },
    /// No ONNX Runtime library was found in any searched place.
    #[error("ONNX Runtime library not found; searched: {}. Fix: run scripts/fetch-ort.sh (or set ORT_DYLIB_PATH to libonnxruntime)", .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NotFound {
        /// Every path that was tried, in order.
        searched: Vec<PathBuf>,
    },
    /// The library file exists but could not be loaded (wrong platform, too old, damaged).
    #[error("could not load ONNX Runtime from {path}: {message}")]
    Load {
        /// The library file.
        path: PathBuf,
        /// What the loader said.
        message: String,
    },
    /// An earlier attempt to load ONNX Runtime in this process failed; the library can be loaded
    /// only once per process.
    #[error("ONNX Runtime is unavailable in this process: {0}")]
    Unavailable(String),
    /// ONNX Runtime refused a session setting (threads, optimisation level).
    #[error("could not configure an ONNX Runtime session: {0}")]
    Session(String),
    /// A model file could not be read.
    #[error("could not read model {path}: {source}")]
    Io {
        /// The model file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// ONNX Runtime refused the model (corrupt, truncated, unsupported op or opset).
    #[error("ONNX Runtime could not load the model {what}: {message}")]
    InvalidModel {
        /// Which model (file name or content hash).
        what: String,
        /// ONNX Runtime's message.
        message: String,
    },
    /// An input was missing, unknown or of the wrong type or shape.
    #[error("input {name:?}: {reason}")]
    Input {
        /// The model input.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// An output has a type this crate does not convert yet (e.g. a sequence of maps).
    #[error("output {name:?} has type {ty}, which ModelDesk cannot read yet")]
    UnsupportedOutput {
        /// The model output.
        name: String,
        /// Its ONNX type.
        ty: String,
    },
    /// Running the model failed inside ONNX Runtime.
    #[error("ONNX Runtime failed to run the model: {0}")]
    Run(String),
}

/// The runtime's result type.
pub type Result<T, E = RuntimeError> = std::result::Result<T, E>;
