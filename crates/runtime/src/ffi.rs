//! Two ONNX Runtime C API calls that `ort` does not expose: the library's version string and
//! the list of execution providers compiled into it.
#![allow(unsafe_code)] // FFI into the ONNX Runtime C API; each block states why it is sound.

use std::ffi::{CStr, c_char, c_int};
use std::path::Path;

/// The version string (e.g. `1.31.1`) of the ONNX Runtime library at `lib_path`.
pub(crate) fn version_string(lib_path: &Path) -> Option<String> {
    // SAFETY: `ort::init_from` has already loaded this very file successfully, so opening it
    // again only bumps the loader's reference count and runs no new initialisers.
    let lib = unsafe { libloading::Library::new(lib_path) }.ok()?;
    // SAFETY: `OrtGetApiBase` has this signature in every ONNX Runtime release (C API ABI).
    let getter: libloading::Symbol<'_, unsafe extern "C" fn() -> *const ort::sys::OrtApiBase> =
        unsafe { lib.get(b"OrtGetApiBase") }.ok()?;
    // SAFETY: the function takes no arguments and returns a pointer to a static struct.
    let base = unsafe { getter() };
    if base.is_null() {
        return None;
    }
    // SAFETY: `base` is non-null and points to the library's static `OrtApiBase`; the returned
    // string is a static, NUL-terminated C string owned by the library.
    let version = unsafe { ((*base).GetVersionString)() };
    if version.is_null() {
        return None;
    }
    // SAFETY: checked non-null above; the string lives as long as the library is loaded.
    let text = unsafe { CStr::from_ptr(version) }.to_str().ok()?.to_owned();
    Some(text)
}

/// Names of the execution providers the loaded build supports, e.g. `CPUExecutionProvider`.
pub(crate) fn available_providers() -> Vec<String> {
    let api = ort::api();
    let mut providers: *mut *mut c_char = std::ptr::null_mut();
    let mut count: c_int = 0;
    // SAFETY: both out-pointers are valid for writes; ORT allocates the array it returns.
    let status = unsafe { (api.GetAvailableProviders)(&raw mut providers, &raw mut count) };
    if !status.0.is_null() {
        // SAFETY: a non-null status is owned by us and must be released exactly once.
        unsafe { (api.ReleaseStatus)(status.0) };
        return Vec::new();
    }
    if providers.is_null() {
        return Vec::new();
    }
    let len = usize::try_from(count).unwrap_or(0);
    let mut names = Vec::with_capacity(len);
    for i in 0..len {
        // SAFETY: ORT returned `count` valid, NUL-terminated strings in `providers`.
        let name = unsafe { CStr::from_ptr(*providers.add(i)) };
        names.push(name.to_string_lossy().into_owned());
    }
    // SAFETY: releases exactly the array ORT allocated above, with its length.
    let _ = unsafe { (api.ReleaseAvailableProviders)(providers, count) };
    names
}
