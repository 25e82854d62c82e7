//! Finding the ONNX Runtime shared library on disk.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{EXPECTED_ORT_VERSION, Result, RuntimeError};

/// Where the library was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LibrarySource {
    /// The `ORT_DYLIB_PATH` environment variable.
    EnvVar,
    /// Beside the running executable (or its `lib/` folder).
    BesideExecutable,
    /// An app bundle's resource folder handed in by the shell.
    BundleResources,
    /// The copy `scripts/fetch-ort.sh` put in the source tree's `.ort/lib`.
    SetupCache,
}

impl LibrarySource {
    /// A short human description, as `doctor` prints it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::EnvVar => "ORT_DYLIB_PATH",
            Self::BesideExecutable => "beside the executable",
            Self::BundleResources => "the app bundle's resources",
            Self::SetupCache => "the copy fetched by scripts/fetch-ort.sh",
        }
    }
}

/// A library file and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedLibrary {
    /// The library file.
    pub path: PathBuf,
    /// Which search rule found it.
    pub source: LibrarySource,
}

/// File names ONNX Runtime's shared library has on this platform, most specific first.
pub fn library_file_names() -> Vec<String> {
    if cfg!(target_os = "windows") {
        vec!["onnxruntime.dll".to_owned()]
    } else if cfg!(target_os = "macos") {
        vec![
            format!("libonnxruntime.{EXPECTED_ORT_VERSION}.dylib"),
            "libonnxruntime.dylib".to_owned(),
        ]
    } else {
        vec![
            format!("libonnxruntime.so.{EXPECTED_ORT_VERSION}"),
            "libonnxruntime.so.1".to_owned(),
            "libonnxruntime.so".to_owned(),
        ]
    }
}

/// The source tree's `.ort/lib`, where `scripts/fetch-ort.sh` puts the library.
fn setup_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.ort/lib")
}

/// Folders beside the running executable that installers use.
fn executable_dirs() -> Vec<PathBuf> {
    let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    else {
        return Vec::new();
    };
    let mut dirs = vec![exe_dir.join("lib"), exe_dir.clone()];
    // Cargo puts test binaries in target/<profile>/deps; look one level up too.
    if exe_dir.ends_with("deps")
        && let Some(parent) = exe_dir.parent()
    {
        dirs.push(parent.to_path_buf());
    }
    dirs
}

/// Searches for the ONNX Runtime library: `ORT_DYLIB_PATH` (which, when set, must exist),
/// then `resource_dirs` (an app bundle's resources), the executable's folder, and the setup
/// script's cache. Returns the first hit or an error listing every place searched.
pub fn locate(resource_dirs: &[PathBuf]) -> Result<LocatedLibrary> {
    let env = std::env::var_os("ORT_DYLIB_PATH");
    search(
        env.as_deref(),
        &[
            (resource_dirs.to_vec(), LibrarySource::BundleResources),
            (executable_dirs(), LibrarySource::BesideExecutable),
            (vec![setup_cache_dir()], LibrarySource::SetupCache),
        ],
    )
}

/// The search itself, with the environment and folders passed in.
fn search(env: Option<&OsStr>, groups: &[(Vec<PathBuf>, LibrarySource)]) -> Result<LocatedLibrary> {
    if let Some(value) = env.filter(|v| !v.is_empty()) {
        let path = PathBuf::from(value);
        return if path.is_file() {
            Ok(LocatedLibrary {
                path,
                source: LibrarySource::EnvVar,
            })
        } else {
            Err(RuntimeError::EnvPathMissing { path })
        };
    }
    let names = library_file_names();
    let mut searched = Vec::new();
    for (dirs, source) in groups {
        for dir in dirs {
            for name in &names {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    let path = candidate.canonicalize().unwrap_or(candidate);
                    return Ok(LocatedLibrary {
                        path,
                        source: *source,
                    });
                }
                searched.push(candidate);
            }
        }
    }
    Err(RuntimeError::NotFound { searched })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_naming_no_file_is_an_error_not_a_fallback() {
        let dir = std::env::temp_dir();
        let err = search(
            Some(OsStr::new("/nonexistent/libonnxruntime.so")),
            &[(vec![dir], LibrarySource::SetupCache)],
        )
        .unwrap_err();
        assert!(matches!(err, RuntimeError::EnvPathMissing { .. }));
        assert!(err.to_string().contains("/nonexistent/libonnxruntime.so"));
    }

    #[test]
    fn not_found_lists_every_place_searched_and_the_fix() {
        let a = PathBuf::from("/no/such/a");
        let b = PathBuf::from("/no/such/b");
        let err = search(
            None,
            &[
                (vec![a.clone()], LibrarySource::BundleResources),
                (vec![b.clone()], LibrarySource::SetupCache),
            ],
        )
        .unwrap_err();
        let RuntimeError::NotFound { searched } = &err else {
            panic!("expected NotFound, got {err}");
        };
        assert_eq!(searched.len(), 2 * library_file_names().len());
        assert!(searched[0].starts_with(&a));
        assert!(searched.last().unwrap().starts_with(&b));
        let msg = err.to_string();
        assert!(
            msg.contains("/no/such/a") && msg.contains("scripts/fetch-ort.sh"),
            "{msg}"
        );
    }

    #[test]
    fn first_group_with_the_file_wins() {
        let tmp = std::env::temp_dir().join(format!("md-locate-{}", std::process::id()));
        let later = tmp.join("later");
        std::fs::create_dir_all(&later).unwrap();
        let name = &library_file_names()[0];
        std::fs::write(later.join(name), b"not really a library").unwrap();
        let found = search(
            Some(OsStr::new("")),
            &[
                (vec![tmp.join("empty")], LibrarySource::BundleResources),
                (vec![later.clone()], LibrarySource::SetupCache),
            ],
        )
        .unwrap();
        assert_eq!(found.source, LibrarySource::SetupCache);
        assert!(found.path.ends_with(name));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
