//! The process-wide ONNX Runtime: loaded once, with a session cache keyed by model content.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ort::environment::Environment;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{
    LibrarySource, Model, ProviderChoice, Result, RuntimeError, SessionOptions, ffi, locate,
};

/// How to find and configure ONNX Runtime.
#[derive(Debug, Clone, Default)]
pub struct RuntimeOptions {
    /// Extra folders to search before the executable's own (e.g. a Tauri bundle's resources).
    pub resource_dirs: Vec<PathBuf>,
    /// How sessions are built (provider, threads, optimisation).
    pub session: SessionOptions,
}

/// What was loaded and from where; what `doctor` and the status bar show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimeInfo {
    /// The library's own version string, e.g. `1.31.1`.
    pub version: String,
    /// The library file that was loaded.
    pub library_path: PathBuf,
    /// Which search rule found it.
    pub source: LibrarySource,
    /// Execution providers compiled into the loaded build (ORT names).
    pub available_providers: Vec<String>,
    /// The provider sessions with default settings run on (ORT name).
    pub active_provider: String,
}

/// The loaded ONNX Runtime. One per process: the library can be loaded only once.
pub struct Runtime {
    env: Environment,
    info: RuntimeInfo,
    sessions: Mutex<HashMap<String, Arc<Model>>>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
static INIT: Mutex<()> = Mutex::new(());

impl Runtime {
    /// Returns the process's runtime, loading ONNX Runtime on first use. A failed load is not
    /// remembered, so fixing the cause (e.g. running `scripts/fetch-ort.sh`) and retrying works.
    pub fn global(options: &RuntimeOptions) -> Result<&'static Self> {
        if let Some(rt) = RUNTIME.get() {
            return Ok(rt);
        }
        let _guard = INIT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(rt) = RUNTIME.get() {
            return Ok(rt);
        }
        let runtime = Self::load(options)?;
        Ok(RUNTIME.get_or_init(|| runtime))
    }

    /// The runtime if it has been loaded already in this process.
    pub fn loaded() -> Option<&'static Self> {
        RUNTIME.get()
    }

    fn load(options: &RuntimeOptions) -> Result<Self> {
        let located = locate(&options.resource_dirs)?;
        let path = located.path;
        let load_err = |message: String| RuntimeError::Load {
            path: path.clone(),
            message,
        };
        let builder = ort::init_from(&path).map_err(|e| load_err(e.to_string()))?;
        let env = builder
            .with_name("modeldesk")
            .with_telemetry(false)
            .build()
            .map_err(|e| load_err(e.to_string()))?;
        let version = ffi::version_string(&path).unwrap_or_else(|| "unknown".to_owned());
        let available_providers = ffi::available_providers();
        tracing::info!(%version, path = %path.display(), source = located.source.describe(), ?available_providers, "loaded ONNX Runtime");
        let mut runtime = Self {
            env,
            info: RuntimeInfo {
                version,
                library_path: path,
                source: located.source,
                available_providers,
                active_provider: String::new(),
            },
            sessions: Mutex::new(HashMap::new()),
        };
        let choice = runtime.probe(SessionOptions::default())?;
        choice
            .active
            .ort_name()
            .unwrap_or("CPUExecutionProvider")
            .clone_into(&mut runtime.info.active_provider);
        Ok(runtime)
    }

    /// Which provider sessions built with `options` run on (and why, when it falls back),
    /// without loading a model.
    pub fn probe(&self, options: SessionOptions) -> Result<ProviderChoice> {
        let builder = crate::model::base_builder(&self.env, options)?;
        let (_, choice) =
            crate::model::with_provider(builder, options, &self.info.available_providers);
        Ok(choice)
    }

    /// What was loaded and from where.
    pub fn info(&self) -> &RuntimeInfo {
        &self.info
    }

    /// Loads a model from ONNX bytes with default session settings, reusing the cached
    /// session for identical bytes.
    pub fn model_from_bytes(&self, bytes: &[u8], label: &str) -> Result<Arc<Model>> {
        self.model_with(bytes, label, SessionOptions::default())
    }

    /// Loads a model from ONNX bytes with `options`, reusing the cached session for identical
    /// bytes and settings.
    pub fn model_with(
        &self,
        bytes: &[u8],
        label: &str,
        options: SessionOptions,
    ) -> Result<Arc<Model>> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let key = format!("{sha256}/{options:?}");
        if let Some(model) = self.cached(&key) {
            return Ok(model);
        }
        let model = Arc::new(Model::load(
            &self.env,
            bytes,
            sha256,
            label,
            options,
            &self.info.available_providers,
        )?);
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(Arc::clone(sessions.entry(key).or_insert(model)))
    }

    /// Loads a model file (read whole; ONNX files are parsed in memory by ONNX Runtime anyway).
    pub fn model_from_file(&self, path: &Path) -> Result<Arc<Model>> {
        let bytes = std::fs::read(path).map_err(|source| RuntimeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let label = path.display().to_string();
        self.model_from_bytes(&bytes, &label)
    }

    /// Number of cached sessions.
    pub fn cached_sessions(&self) -> usize {
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }

    fn cached(&self, key: &str) -> Option<Arc<Model>> {
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(key)
            .cloned()
    }
}
