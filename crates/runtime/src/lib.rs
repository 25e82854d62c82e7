//! ONNX Runtime for ModelDesk: finds and loads the library, caches sessions, runs batches.
//!
//! This is the only crate that touches `ort`. ONNX Runtime is loaded at run time
//! (`load-dynamic`): [`locate`] searches `ORT_DYLIB_PATH`, the folders beside the executable
//! and the app bundle's resources, then the copy fetched by `scripts/fetch-ort.sh`, and
//! reports every place it looked when none has the library.

mod error;
mod ffi;
mod locate;
mod model;
mod options;
mod runtime;
mod tensor;

pub use error::{Result, RuntimeError};
pub use locate::{LibrarySource, LocatedLibrary, library_file_names, locate};
pub use model::{Model, TensorSpec};
pub use options::{Optimization, Provider, ProviderChoice, SessionOptions};
pub use runtime::{Runtime, RuntimeInfo, RuntimeOptions};
pub use tensor::{KeyedRows, Output, Tensor, TensorKind};

/// The ONNX Runtime version this build is made and tested for.
pub const EXPECTED_ORT_VERSION: &str = "1.31.1";
