//! ONNX Runtime status as faces show it: never an error, a status with the reason.

use modeldesk_runtime::{ProviderChoice, Runtime, RuntimeOptions};
use serde::Serialize;

/// Whether ONNX Runtime is loaded, which version, from where, and on which provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RuntimeStatus {
    /// The library is loaded and usable.
    pub loaded: bool,
    /// ONNX Runtime's own version string, e.g. `1.31.1`.
    pub ort_version: Option<String>,
    /// Execution providers in the loaded build (ORT names).
    pub providers: Vec<String>,
    /// The provider sessions run on, short form (e.g. `CPU`).
    pub active_provider: Option<String>,
    /// The provider asked for in the settings, the one used, and why they differ.
    pub provider: Option<ProviderChoice>,
    /// The library file.
    pub library_path: Option<String>,
    /// How it was found (e.g. `ORT_DYLIB_PATH`).
    pub source: Option<String>,
    /// Why it is not loaded.
    pub error: Option<String>,
}

/// Loads ONNX Runtime if needed and reports its status.
pub fn runtime_status(options: &RuntimeOptions) -> RuntimeStatus {
    match Runtime::global(options) {
        Ok(rt) => {
            let info = rt.info();
            let provider = rt.probe(options.session).ok();
            RuntimeStatus {
                loaded: true,
                ort_version: Some(info.version.clone()),
                providers: info.available_providers.clone(),
                active_provider: Some(provider.as_ref().map_or_else(
                    || short_provider(&info.active_provider),
                    |p| p.active.label().to_owned(),
                )),
                provider,
                library_path: Some(info.library_path.display().to_string()),
                source: Some(info.source.describe().to_owned()),
                error: None,
            }
        }
        Err(e) => RuntimeStatus {
            loaded: false,
            ort_version: None,
            providers: Vec::new(),
            active_provider: None,
            provider: None,
            library_path: None,
            source: None,
            error: Some(e.to_string()),
        },
    }
}

/// `CPUExecutionProvider` -> `CPU`.
fn short_provider(name: &str) -> String {
    name.strip_suffix("ExecutionProvider")
        .unwrap_or(name)
        .to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn provider_names_are_shortened() {
        assert_eq!(super::short_provider("CPUExecutionProvider"), "CPU");
        assert_eq!(super::short_provider("CUDAExecutionProvider"), "CUDA");
        assert_eq!(super::short_provider("Custom"), "Custom");
    }
}
